"""The access matrix: every endpoint, for every role, on a case the asker owns or not.

A broker reads and writes only their own cases; a coordinator reads the cases of the countries
in scope and writes only feedback and review; an admin manages accounts and sees no case; a
revoked device and a stranger get 401.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import select

from brokerdesk.server import accounts
from brokerdesk.server.tables import cases
from tests.server.helpers import Server, case_doc

# The owner comes last, so that everyone else tries a change before the owner's own lands.
WHO = ("stranger", "revoked", "other_broker", "coordinator_in", "coordinator_out", "admin", "owner")
CASE = "case-of-anna"

# What each asker gets: an HTTP status, or for pushes the status of the change in the answer,
# or for the feed whether the owner's case is in it.
MATRIX: dict[str, dict[str, Any]] = {
    "health": dict.fromkeys(WHO, 200),
    "me": {**dict.fromkeys(WHO, 200), "stranger": 401, "revoked": 401},
    "feed shows the case": {
        "stranger": 401,
        "revoked": 401,
        "owner": "seen",
        "other_broker": "unseen",
        "coordinator_in": "seen",
        "coordinator_out": "unseen",
        "admin": 403,
    },
    "read the case": {
        "stranger": 401,
        "revoked": 401,
        "owner": 200,
        "other_broker": 403,
        "coordinator_in": 200,
        "coordinator_out": 403,
        "admin": 403,
    },
    "read a case that is not there": {
        **dict.fromkeys(WHO, 404),
        "stranger": 401,
        "revoked": 401,
        "admin": 403,
    },
    "add a case": {
        "stranger": 401,
        "revoked": 401,
        "owner": "accepted",
        "other_broker": "accepted",
        "coordinator_in": "forbidden",
        "coordinator_out": "forbidden",
        "admin": 403,
    },
    "change answers": {
        "stranger": 401,
        "revoked": 401,
        "owner": "accepted",
        "other_broker": "forbidden",
        "coordinator_in": "forbidden",
        "coordinator_out": "forbidden",
        "admin": 403,
    },
    "change feedback and review": {
        "stranger": 401,
        "revoked": 401,
        "owner": "accepted",
        "other_broker": "forbidden",
        "coordinator_in": "accepted",
        "coordinator_out": "forbidden",
        "admin": 403,
    },
    "delete the case": {
        "stranger": 401,
        "revoked": 401,
        "owner": "accepted",
        "other_broker": "forbidden",
        "coordinator_in": "forbidden",
        "coordinator_out": "forbidden",
        "admin": 403,
    },
    **{
        action: {**dict.fromkeys(WHO, 403), "stranger": 401, "revoked": 401, "admin": ok}
        for action, ok in [
            ("list users", 200),
            ("add a user", 201),
            ("give a code", 201),
            ("list devices", 200),
            ("revoke a device", 200),
            ("read the audit log", 200),
        ]
    },
    "disconnect itself": {**dict.fromkeys(WHO, 200), "stranger": 401, "revoked": 401},
}


def current(server: Server) -> tuple[int, dict[str, Any]]:
    with server.db.read() as conn:
        row = conn.execute(select(cases.c.revision, cases.c.doc).where(cases.c.id == CASE)).one()
    return row.revision, json.loads(row.doc)


def pushed(http: httpx.Client, doc: dict[str, Any], base: int, deleted: bool = False) -> Any:
    answer = http.post(
        "/v1/push",
        json={
            "batch_id": str(uuid.uuid4()),
            "changes": [{"id": doc["id"], "base_revision": base, "deleted": deleted, "doc": doc}],
        },
    )
    if answer.status_code != 200:
        return answer.status_code
    (result,) = answer.json()["results"]
    if result["status"] != "conflict":
        assert result["current"] is None  # nothing is revealed with a refusal
    return result["status"]


def actions(server: Server) -> dict[str, Callable[[str, httpx.Client], Any]]:
    def changed(edit: Callable[[dict[str, Any]], None], deleted: bool = False) -> Callable:
        def act(_who: str, http: httpx.Client) -> Any:
            revision, doc = current(server)
            doc = copy.deepcopy(doc)
            edit(doc)
            return pushed(http, doc, revision, deleted)

        return act

    def answers(doc: dict[str, Any]) -> None:
        value = doc["answers"].get("headcount", {}).get("value", 0) + 1
        doc["answers"]["headcount"] = {"value": value, "at": "2026-11-02T10:00:00.000Z"}

    def feedback(doc: dict[str, Any]) -> None:
        doc["feedback"][str(uuid.uuid4())] = {"text": "Add the export plan.", "by": "coordinator"}
        doc["review"] = {"state": "returned"}
        doc["updated"] = "2026-11-03T10:00:00.000Z"

    def feed(_who: str, http: httpx.Client) -> Any:
        answer = http.get("/v1/changes")
        if answer.status_code != 200:
            return answer.status_code
        return "seen" if CASE in [e["id"] for e in answer.json()["changes"]] else "unseen"

    def revoke(_who: str, http: httpx.Client) -> int:
        spare = server.enrol("spare")
        return http.post(f"/v1/devices/{spare.device_id}/revoke").status_code

    return {
        "health": lambda _w, http: http.get("/health").status_code,
        "me": lambda _w, http: http.get("/v1/me").status_code,
        "feed shows the case": feed,
        "read the case": lambda _w, http: http.get(f"/v1/cases/{CASE}").status_code,
        "read a case that is not there": lambda _w, http: http.get("/v1/cases/none").status_code,
        "add a case": lambda who, http: pushed(http, case_doc(f"new-by-{who}"), 0),
        "change answers": changed(answers),
        "change feedback and review": changed(feedback),
        "delete the case": changed(lambda doc: None, deleted=True),
        "list users": lambda _w, http: http.get("/v1/users").status_code,
        "add a user": lambda who, http: (
            http.post(
                "/v1/users", json={"name": f"new-{who}", "role": "broker", "countries": ["EE"]}
            ).status_code
        ),
        "give a code": lambda _w, http: http.post("/v1/users/anna/codes").status_code,
        "list devices": lambda _w, http: http.get("/v1/devices").status_code,
        "revoke a device": revoke,
        "read the audit log": lambda _w, http: http.get("/v1/audit").status_code,
        "disconnect itself": lambda _w, http: http.delete("/v1/device").status_code,
    }


def test_every_endpoint_answers_every_role_and_owner_as_the_access_rules_say(
    server: Server,
) -> None:
    owner = server.enrol("anna", "broker", ("PL",))
    askers = {
        "stranger": server.client(),
        "owner": owner.http,
        "other_broker": server.enrol("piotr", "broker", ("PL",)).http,
        "coordinator_in": server.enrol("coord-pl", "coordinator", ("PL", "LT")).http,
        "coordinator_out": server.enrol("coord-de", "coordinator", ("DE",)).http,
        "admin": server.enrol("operator", "admin", ()).http,
    }
    revoked = server.enrol("anna")
    with server.db.write() as conn:
        accounts.revoke_device(conn, revoked.device_id)
    askers["revoked"] = revoked.http
    assert pushed(owner.http, case_doc(CASE, country="PL"), 0) == "accepted"

    found: dict[str, dict[str, Any]] = {}
    for action, act in actions(server).items():
        found[action] = {who: act(who, askers[who]) for who in WHO}
    wrong = [
        f"{action} / {who}: expected {MATRIX[action][who]}, got {found[action][who]}"
        for action in MATRIX
        for who in WHO
        if found[action][who] != MATRIX[action][who]
    ]
    assert wrong == []
    assert set(found) == set(MATRIX)


# The route each action exercises; enrolment is for anyone with a code (see test_accounts).
ROUTES = {
    "health": ("GET", "/health"),
    "me": ("GET", "/v1/me"),
    "feed shows the case": ("GET", "/v1/changes"),
    "read the case": ("GET", "/v1/cases/{case_id}"),
    "read a case that is not there": ("GET", "/v1/cases/{case_id}"),
    "add a case": ("POST", "/v1/push"),
    "change answers": ("POST", "/v1/push"),
    "change feedback and review": ("POST", "/v1/push"),
    "delete the case": ("POST", "/v1/push"),
    "list users": ("GET", "/v1/users"),
    "add a user": ("POST", "/v1/users"),
    "give a code": ("POST", "/v1/users/{name}/codes"),
    "list devices": ("GET", "/v1/devices"),
    "revoke a device": ("POST", "/v1/devices/{device_id}/revoke"),
    "read the audit log": ("GET", "/v1/audit"),
    "disconnect itself": ("DELETE", "/v1/device"),
}


def test_the_matrix_covers_every_route_of_the_api(server: Server) -> None:
    paths = server.client().get("/openapi.json").json()["paths"]
    operations = {(method.upper(), path) for path, item in paths.items() for method in item}
    assert set(ROUTES) == set(MATRIX)
    assert {*ROUTES.values(), ("POST", "/v1/enrol")} == operations
