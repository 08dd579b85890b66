"""Helpers for talking to a real server in tests: users, enrolled devices, case documents."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from brokerdesk.server import accounts
from brokerdesk.server.db import Database


@dataclass
class Device:
    """An enrolled device: its token, and an HTTP client that sends it."""

    name: str
    role: str
    device_id: str
    token: str
    http: httpx.Client

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(path, **kwargs)


@dataclass
class Server:
    url: str
    db: Database
    clients: list[httpx.Client] = field(default_factory=list)

    def code_for(
        self, name: str, role: str = "broker", countries: tuple[str, ...] = ("PL",)
    ) -> str:
        """A fresh enrolment code for a user, added first when there is none of that name."""
        with self.db.write() as conn:
            user = accounts.find_user(conn, name) or accounts.add_user(
                conn, name, role, list(countries)
            )
            code, _expires = accounts.issue_code(conn, user)
        return code

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        http = httpx.Client(base_url=self.url, headers=headers, timeout=30)
        self.clients.append(http)
        return http

    def enrol(
        self,
        name: str,
        role: str = "broker",
        countries: tuple[str, ...] = ("PL",),
        device_id: str | None = None,
    ) -> Device:
        code = self.code_for(name, role, countries)
        device_id = device_id or f"dev-{name.replace(' ', '-').lower()}-{len(self.clients)}"
        answer = self.client().post(
            "/v1/enrol", json={"code": code, "device_id": device_id, "device_name": name}
        )
        assert answer.status_code == 201, answer.text
        token = answer.json()["token"]
        return Device(name, role, device_id, token, self.client(token))


def case_doc(case_id: str, country: str | None = "PL", **extra: Any) -> dict[str, Any]:
    """A minimal valid case document."""
    doc: dict[str, Any] = {
        "id": case_id,
        "schema": 1,
        "instrument": "tibs-readiness-1",
        "created": "2026-11-01T09:00:00.000Z",
        "updated": "2026-11-01T09:00:00.000Z",
        "status": "interviewing",
        "report_language": "pl",
        "broker": {},
        "review": {"state": "none"},
        "answers": {},
        "contacts": {},
        "areas": {},
        "notes": {},
        "actions": {},
        "feedback": {},
        "conflicts": {},
    }
    if country:
        doc["answers"]["country"] = {"value": country, "at": "2026-11-01T09:00:00.000Z"}
    doc.update(extra)
    return doc


def push(device: Device, *changes: dict[str, Any], batch_id: str | None = None) -> httpx.Response:
    """Pushes changes given as {"id", "base_revision", "doc", "deleted"?}."""
    body = {"batch_id": batch_id or str(uuid.uuid4()), "changes": list(changes)}
    return device.post("/v1/push", json=body)


def change(doc: dict[str, Any], base: int = 0, deleted: bool = False) -> dict[str, Any]:
    return {"id": doc["id"], "base_revision": base, "deleted": deleted, "doc": doc}
