"""The HTTP client: addresses, retries with back-off, stopping, certificates, error codes."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from brokerdesk.server.app import create_app
from brokerdesk.server.db import open_database
from brokerdesk.server.runner import ThreadedServer, free_port
from brokerdesk.sync import client as wire
from brokerdesk.sync.client import SyncClient, check_server_url


@pytest.mark.parametrize(
    "url",
    [
        "https://sync.example.org",
        "https://sync.example.org:8443/",
        "http://127.0.0.1:8470",
        "http://localhost:1",
        "http://[::1]:8470",
    ],
)
def test_https_anywhere_and_plain_http_on_this_machine_are_accepted(url: str) -> None:
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://sync.example.org", "http://10.0.0.5:8470", "ftp://x", "sync.example.org", ""]
)
def test_plain_http_to_another_machine_and_non_addresses_are_refused(url: str) -> None:
    with pytest.raises(wire.InvalidServerAddress):
        check_server_url(url)


def test_a_server_that_never_answers_is_tried_again_then_reported_unreachable() -> None:
    with (
        SyncClient(f"http://127.0.0.1:{free_port()}", retries=3, backoff=0.01) as api,
        pytest.raises(wire.Unreachable),
    ):
        api.health()
    assert api.attempts == 4


@pytest.fixture
def flaky() -> Iterator[tuple[str, list[str]]]:
    """A server that answers 503 twice, then 200; it records the requests it saw."""
    seen: list[str] = []

    async def health(request: Request) -> JSONResponse:
        seen.append(request.headers.get("authorization", ""))
        if len(seen) <= 2:
            return JSONResponse({"error": {"code": "unavailable", "message": "restarting"}}, 503)
        return JSONResponse({"status": "ok", "version": "x", "protocol": 1, "database": "sqlite"})

    async def me(request: Request) -> JSONResponse:
        return JSONResponse({"error": {"code": "device_revoked", "message": "gone"}}, 401)

    app = Starlette(routes=[Route("/health", health), Route("/v1/me", me)])
    with ThreadedServer(app) as running:
        yield running.url, seen


def test_a_restarting_server_is_tried_again_until_it_answers(flaky: tuple[str, list[str]]) -> None:
    url, seen = flaky
    with SyncClient(url, token="bdk_x", retries=3, backoff=0.01) as api:
        assert api.health().status == "ok"
    assert seen == ["Bearer bdk_x"] * 3


def test_a_401_is_not_retried_and_carries_the_servers_code(flaky: tuple[str, list[str]]) -> None:
    url, _ = flaky
    with (
        SyncClient(url, retries=3, backoff=0.01) as api,
        pytest.raises(wire.Unauthorized) as refused,
    ):
        api.me()
    assert refused.value.code == "device_revoked" and api.attempts == 1


def test_a_stop_request_is_heard_during_the_back_off() -> None:
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with (
        SyncClient(
            f"http://127.0.0.1:{free_port()}", retries=10, backoff=5.0, should_stop=stop.is_set
        ) as api,
        pytest.raises(wire.Stopped),
    ):
        api.health()
    assert time.monotonic() - started < 2.0


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / "server.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "server.key"))
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    db = open_database(data_dir=tmp_path / "data")
    with ThreadedServer(
        create_app(db),
        ssl_certfile=str(tmp_path / "server.pem"),
        ssl_keyfile=str(tmp_path / "server.key"),
    ) as running:
        yield running.url, tmp_path / "ca.pem"
    db.dispose()


def test_https_is_verified_against_a_configured_ca_file(tls_server: tuple[str, Path]) -> None:
    url, ca_file = tls_server
    with SyncClient(url, ca_file=ca_file) as api:
        assert api.health().status == "ok"


def test_a_certificate_the_system_does_not_trust_is_refused_at_once(
    tls_server: tuple[str, Path],
) -> None:
    url, _ = tls_server
    with SyncClient(url, retries=3, backoff=0.01) as api, pytest.raises(wire.CertificateFailed):
        api.health()
    assert api.attempts == 1


def test_the_system_trust_store_is_used_when_no_ca_file_is_given() -> None:
    context = wire.ssl_context(None)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert type(context).__module__.startswith("truststore")
