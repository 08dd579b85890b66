"""The ``brokerdesk-server`` command: users, devices, audit, and serving with no set-up or TLS."""

from __future__ import annotations

import json
import os
import ssl
from pathlib import Path

import httpx
import pytest
import trustme

from brokerdesk.server.cli import main
from brokerdesk.server.runner import ServerProcess, free_port


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_users_add_prints_a_one_time_code_and_json_has_user_and_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path)]
    code, out, _ = run(
        capsys, "users", "add", "Anna Nowak", "--role", "broker", "--country", "pl", *data
    )
    assert code == 0 and "Enrolment code:" in out
    code, out, _ = run(
        capsys,
        "users",
        "add",
        "Mette",
        "--role",
        "coordinator",
        "--country",
        "DK",
        "SE",
        "--json",
        *data,
    )
    made = json.loads(out)
    assert made["user"] == "Mette" and made["countries"] == ["DK", "SE"]
    assert len(made["code"]) == 14 and made["expires"].endswith("Z")
    code, out, _ = run(capsys, "users", "code", "Mette", "--json", *data)
    assert json.loads(out)["code"] != made["code"]
    code, out, _ = run(capsys, "users", "list", "--json", *data)
    assert [(u["name"], u["role"]) for u in json.loads(out)] == [
        ("Anna Nowak", "broker"),
        ("Mette", "coordinator"),
    ]


def test_users_commands_explain_a_refusal_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert run(capsys, "users", "add", "a", "--role", "broker", *data)[0] == 0
    code, _, err = run(capsys, "users", "add", "a", "--role", "broker", *data)
    assert code == 2 and err.strip() == "brokerdesk-server: error: there is already a user 'a'"
    code, _, err = run(capsys, "users", "code", "nobody", *data)
    assert code == 2 and "no user 'nobody'" in err
    code, _, err = run(capsys, "devices", "revoke", "abc", *data)
    assert code == 1 and "no device" in err


def test_serve_refuses_plain_http_off_this_machine(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "serve", "--host", "0.0.0.0")
    assert code == 2 and "refusing plain HTTP" in err
    code, _, err = run(capsys, "serve", "--tls-cert", "x.pem")
    assert code == 2 and "both --tls-cert and --tls-key" in err


def test_serve_runs_with_no_set_up_and_devices_are_listed_and_revoked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "default-data"
    env = {**os.environ, "BROKERDESK_SERVER_DATA": str(data)}
    with ServerProcess([], env=env) as server:
        assert httpx.get(f"{server.url}/health").json()["database"] == "sqlite"
        os.environ["BROKERDESK_SERVER_DATA"] = str(data)
        try:
            code, out, _ = run(capsys, "users", "add", "anna", "--role", "broker", "--json")
            enrol = httpx.post(
                f"{server.url}/v1/enrol",
                json={"code": json.loads(out)["code"], "device_id": "laptop-0001"},
            )
            token = enrol.json()["token"]
            code, out, _ = run(capsys, "devices", "list", "--json")
            assert [(d["id"], d["user"], d["revoked"]) for d in json.loads(out)] == [
                ("laptop-0001", "anna", None)
            ]
            code, out, _ = run(capsys, "devices", "revoke", "laptop-0", "--json")
            assert code == 0 and json.loads(out)["revoked"]
            code, out, _ = run(capsys, "audit", "--json")
            assert code == 0
        finally:
            del os.environ["BROKERDESK_SERVER_DATA"]
        me = httpx.get(f"{server.url}/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401
    assert (data / "brokerdesk-server.sqlite3").is_file()
    actions = [e["action"] for e in json.loads(out)]
    assert actions[:3] == ["revoke", "enrol", "code_issue"]


def test_serve_behind_tls_answers_https_verified_with_the_ca(tmp_path: Path) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / "server.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "server.key"))
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    tls = ["--tls-cert", str(tmp_path / "server.pem"), "--tls-key", str(tmp_path / "server.key")]
    with ServerProcess(
        ["--data-dir", str(tmp_path / "data"), "--host", "127.0.0.1"],
        port=free_port(),
        extra=tls,
        ca_file=tmp_path / "ca.pem",
    ) as server:
        assert server.url.startswith("https://")
        verified = ssl.create_default_context(cafile=str(tmp_path / "ca.pem"))
        health = httpx.get(f"{server.url}/health", verify=verified)
        assert health.json()["status"] == "ok"
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.url}/health")  # the public trust store does not know this CA
