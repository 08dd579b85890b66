"""Users, one-time enrolment codes, device tokens and revocation, over real HTTP."""

from __future__ import annotations

from sqlalchemy import select, update

from brokerdesk.server import accounts
from brokerdesk.server.tables import devices, enrolment_codes
from tests.server.helpers import Server


def enrol(server: Server, code: str, device_id: str = "device-0001"):  # type: ignore[no-untyped-def]
    return server.client().post(
        "/v1/enrol", json={"code": code, "device_id": device_id, "device_name": "laptop"}
    )


def test_an_enrolment_code_gives_a_token_that_identifies_the_user(server: Server) -> None:
    code = server.code_for("anna", "broker", ("PL",))
    answer = enrol(server, code)
    assert answer.status_code == 201
    body = answer.json()
    assert body["user"] == {"name": "anna", "role": "broker", "countries": ["PL"]}
    me = server.client(body["token"]).get("/v1/me").json()
    assert me["user"]["name"] == "anna" and me["device"]["id"] == "device-0001"


def test_an_enrolment_code_works_once(server: Server) -> None:
    code = server.code_for("anna")
    assert enrol(server, code, "device-0001").status_code == 201
    again = enrol(server, code, "device-0002")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "enrolment_code_invalid"


def test_a_code_is_accepted_in_any_case_and_with_or_without_dashes(server: Server) -> None:
    code = server.code_for("anna")
    assert enrol(server, " " + code.replace("-", "").lower() + " ").status_code == 201


def test_an_expired_code_is_refused(server: Server) -> None:
    code = server.code_for("anna")
    with server.db.write() as conn:
        conn.execute(update(enrolment_codes).values(expires="2020-01-01T00:00:00.000Z"))
    answer = enrol(server, code)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "enrolment_code_invalid"


def test_an_unknown_code_is_refused(server: Server) -> None:
    answer = enrol(server, "AAAA-BBBB-CCCC")
    assert answer.json()["error"]["code"] == "enrolment_code_invalid"


def test_an_enrolment_retried_by_the_same_device_gets_a_new_token_and_the_old_one_stops(
    server: Server,
) -> None:
    code = server.code_for("anna")
    first = enrol(server, code, "device-0001").json()["token"]
    second = enrol(server, code, "device-0001").json()["token"]
    assert first != second
    assert server.client(first).get("/v1/me").status_code == 401
    assert server.client(second).get("/v1/me").status_code == 200


def test_a_further_code_enrols_a_second_device_of_the_same_user(server: Server) -> None:
    laptop = server.enrol("anna")
    desktop = server.enrol("anna")
    assert laptop.device_id != desktop.device_id
    with server.db.read() as conn:
        listed = accounts.list_devices(conn, "anna")
    assert {d.id for d in listed} == {laptop.device_id, desktop.device_id}


def test_tokens_and_codes_are_stored_only_as_hashes(server: Server) -> None:
    code = server.code_for("anna")
    token = enrol(server, code).json()["token"]
    with server.db.read() as conn:
        stored = [
            *conn.execute(select(devices.c.token_hash)),
            *conn.execute(select(enrolment_codes)),
        ]
    text = repr(stored)
    assert token not in text and code not in text and code.replace("-", "") not in text
    assert accounts.digest(token) in text


def test_a_revoked_device_gets_401_with_its_own_code(server: Server) -> None:
    laptop = server.enrol("anna")
    other = server.enrol("anna")
    with server.db.write() as conn:
        accounts.revoke_device(conn, laptop.device_id)
    answer = laptop.get("/v1/changes")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "device_revoked"
    assert answer.headers["www-authenticate"] == "Bearer"
    assert other.get("/v1/changes").status_code == 200


def test_a_device_can_disconnect_itself(server: Server) -> None:
    laptop = server.enrol("anna")
    assert laptop.http.delete("/v1/device").json()["revoked"]
    assert laptop.get("/v1/me").json()["error"]["code"] == "device_revoked"


def test_a_request_without_a_token_or_with_a_wrong_one_gets_401(server: Server) -> None:
    assert server.client().get("/v1/changes").json()["error"]["code"] == "unauthorized"
    assert server.client("bdk_wrong").get("/v1/changes").json()["error"]["code"] == "unauthorized"


def test_an_admin_adds_users_and_gives_codes_over_the_api(server: Server) -> None:
    admin = server.enrol("operator", "admin", ())
    made = admin.post(
        "/v1/users", json={"name": "Mette", "role": "coordinator", "countries": ["dk"]}
    )
    assert made.status_code == 201
    assert made.json()["user"] == "Mette"
    mette = enrol(server, made.json()["code"], "device-mette")
    assert mette.json()["user"] == {"name": "Mette", "role": "coordinator", "countries": ["DK"]}
    again = admin.post("/v1/users", json={"name": "Mette", "role": "broker", "countries": []})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    more = admin.post("/v1/users/Mette/codes")
    assert more.status_code == 201 and more.json()["code"] != made.json()["code"]
    assert admin.post("/v1/users/nobody/codes").json()["error"]["code"] == "not_found"
    names = [u["name"] for u in admin.get("/v1/users").json()]
    assert names == ["Mette", "operator"]


def test_a_coordinator_without_countries_and_a_bad_country_code_are_refused(server: Server) -> None:
    admin = server.enrol("operator", "admin", ())
    empty = admin.post("/v1/users", json={"name": "c1", "role": "coordinator", "countries": []})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "invalid_request"
    bad = admin.post("/v1/users", json={"name": "b1", "role": "broker", "countries": ["Poland"]})
    assert bad.status_code == 400 and "country" in bad.json()["error"]["message"]


def test_an_admin_revokes_a_device_by_the_start_of_its_id(server: Server) -> None:
    admin = server.enrol("operator", "admin", ())
    laptop = server.enrol("anna", device_id="5f0c2a9e-aaaa-bbbb-cccc-000000000001")
    answer = admin.post("/v1/devices/5f0c2a9e/revoke")
    assert answer.status_code == 200 and answer.json()["id"] == laptop.device_id
    assert laptop.get("/v1/me").status_code == 401
    assert admin.post("/v1/devices/zzzzzzzz/revoke").json()["error"]["code"] == "not_found"
    actions = [e["action"] for e in admin.get("/v1/audit").json()]
    assert "revoke" in actions and "enrol" in actions
