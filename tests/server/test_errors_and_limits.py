"""Errors are JSON with stable codes; request and batch sizes are limited; health and OpenAPI."""

from __future__ import annotations

import uuid

from brokerdesk import __version__
from brokerdesk.sync.protocol import MAX_BATCH, MAX_REQUEST_BYTES
from tests.server.helpers import Server, case_doc, change


def test_health_says_ok_with_the_version_and_the_database(server: Server) -> None:
    body = server.client().get("/health").json()
    assert body == {
        "status": "ok",
        "version": __version__,
        "protocol": 1,
        "database": server.db.label,
    }


def test_the_openapi_document_lists_every_route(server: Server) -> None:
    paths = server.client().get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/health",
        "/v1/enrol",
        "/v1/me",
        "/v1/device",
        "/v1/push",
        "/v1/changes",
        "/v1/cases/{case_id}",
        "/v1/users",
        "/v1/users/{name}/codes",
        "/v1/devices",
        "/v1/devices/{device_id}/revoke",
        "/v1/audit",
    }


def test_an_unknown_address_and_a_wrong_method_answer_json_with_a_code(server: Server) -> None:
    http = server.client()
    missing = http.get("/v2/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = http.put("/v1/push")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"


def test_a_malformed_body_answers_invalid_request_naming_the_place(server: Server) -> None:
    laptop = server.enrol("anna")
    broken = laptop.post(
        "/v1/push", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "invalid_request"
    wrong = laptop.post("/v1/push", json={"batch_id": "x", "changes": "none"})
    places = {d["place"] for d in wrong.json()["error"]["detail"]}
    assert {"body.batch_id", "body.changes"} <= places


def test_a_batch_over_the_limit_is_refused_whole(server: Server) -> None:
    laptop = server.enrol("anna")
    small = case_doc("x")
    body = {
        "batch_id": str(uuid.uuid4()),
        "changes": [change({**small, "id": f"c{n}"}) for n in range(MAX_BATCH + 1)],
    }
    answer = laptop.post("/v1/push", json=body)
    assert answer.status_code == 422
    assert laptop.get("/v1/changes").json()["changes"] == []


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(server: Server) -> None:
    laptop = server.enrol("anna")
    answer = laptop.post(
        "/v1/push",
        content=b"x" * (MAX_REQUEST_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "payload_too_large"


def test_a_streamed_body_over_the_size_limit_is_refused_too(server: Server) -> None:
    laptop = server.enrol("anna")

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(MAX_REQUEST_BYTES // (1 << 20) + 2):
            yield b" " * (1 << 20)

    answer = laptop.post("/v1/push", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "payload_too_large"


def test_a_document_over_the_size_limit_is_refused_with_a_reason(server: Server) -> None:
    laptop = server.enrol("anna")
    big = case_doc("big")
    big["notes"] = {f"n{i}": {"text": "ł" * 1000} for i in range(1200)}
    (result,) = laptop.post(
        "/v1/push", json={"batch_id": str(uuid.uuid4()), "changes": [change(big)]}
    ).json()["results"]
    assert result["status"] == "invalid"
    assert "larger than" in result["problems"][0]
