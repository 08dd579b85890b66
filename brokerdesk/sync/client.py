"""The HTTP client of the sync protocol (httpx), with retries and certificate checking.

Every request it makes may be repeated safely (reads, pushes under an idempotency key, enrolment
under the device's own id), so network failures and a restarting server (502/503/504) are
retried with exponential back-off and jitter. A caller on another thread can stop it between
attempts through ``should_stop``; each attempt is bounded by ``timeout``.

Plain ``http://`` is accepted only for a server on this machine (loopback); anything else must be
``https://``, verified against the system's trust store or a given CA file.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import random
import ssl
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from brokerdesk import __version__
from brokerdesk.sync.protocol import (
    DEFAULT_PAGE,
    Change,
    EnrolRequest,
    EnrolResponse,
    FeedPage,
    Health,
    Me,
    PushRequest,
    PushResponse,
    ServerCase,
)

M = TypeVar("M", bound=BaseModel)
RETRY_STATUSES = frozenset({502, 503, 504})


class ClientError(Exception):
    """A request failed; ``code`` is the server's stable error code or one of the client's."""

    def __init__(self, message: str, code: str = "", status: int = 0) -> None:
        self.message = message
        self.code = code
        self.status = status
        super().__init__(message)


class InvalidServerAddress(ClientError):
    """The server address is not a usable http(s) address, or is plain HTTP off this machine."""


class Unreachable(ClientError):
    """No answer after all retries: offline, server down, or too slow."""


class CertificateFailed(ClientError):
    """The server's TLS certificate could not be verified."""


class Refused(ClientError):
    """The server answered with an error."""


class Unauthorized(Refused):
    """The token is unknown (``unauthorized``) or the device was revoked (``device_revoked``)."""


class IncompatibleServer(ClientError):
    """The server's answer does not follow this protocol."""


class Stopped(ClientError):
    """The caller asked to stop."""


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The normalised server address.

    Raises:
        InvalidServerAddress: not http(s), no host, or plain HTTP to another machine.
    """
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidServerAddress(f"{url!r} is not a server address", "invalid_address")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InvalidServerAddress(
            f"{url!r} uses plain HTTP; the server must be reached with https://", "insecure"
        )
    return url


@functools.lru_cache(maxsize=8)
def _cached_context(ca_file: str | None) -> ssl.SSLContext:
    # Loading a trust store takes tens of milliseconds: more than a sync with nothing to do.
    return ssl_context(ca_file)


def ssl_context(ca_file: Path | str | None = None) -> ssl.SSLContext:
    """Certificate checking against the given CA file, or the operating system's trust store."""
    if ca_file:
        return ssl.create_default_context(cafile=str(ca_file))
    try:
        import truststore
    except ImportError:  # then OpenSSL's default locations, the system store on Linux
        return ssl.create_default_context()
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _certificate_problem(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        if isinstance(seen, ssl.SSLError) and "CERTIFICATE" in str(seen).upper():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SyncClient:
    """One server connection (kept alive between requests). Not shared between threads."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        ca_file: Path | str | None = None,
        timeout: float = 30.0,
        retries: int = 5,
        backoff: float = 0.25,
        max_backoff: float = 4.0,
        should_stop: Callable[[], bool] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.server = check_server_url(server)
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.should_stop = should_stop or (lambda: False)
        headers = {"User-Agent": f"BrokerDesk/{__version__}", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.server.startswith("https:"):
            verify = _cached_context(str(ca_file) if ca_file else None)
        else:
            # Plain HTTP to this machine uses no certificates: skip loading a trust store.
            verify = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.http = httpx.Client(
            base_url=self.server,
            headers=headers,
            verify=verify,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )
        self.attempts = 0  # requests sent, retries included (for reports and tests)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the protocol ----------------------------------------------------------------------

    def health(self) -> Health:
        return self._call(Health, "GET", "/health")

    def enrol(self, code: str, device_id: str, device_name: str = "") -> EnrolResponse:
        body = EnrolRequest(code=code, device_id=device_id, device_name=device_name)
        return self._call(EnrolResponse, "POST", "/v1/enrol", json=body.model_dump())

    def me(self) -> Me:
        return self._call(Me, "GET", "/v1/me")

    def push(self, changes: list[Change], batch_id: str | None = None) -> PushResponse:
        """Pushes one batch; retries reuse its idempotency key, so it is applied once."""
        body = PushRequest(batch_id=batch_id or str(uuid.uuid4()), changes=changes)
        return self._call(PushResponse, "POST", "/v1/push", json=body.model_dump(mode="json"))

    def push_stored(
        self, changes: list[tuple[str, int, bool, str]], batch_id: str | None = None
    ) -> PushResponse:
        """Pushes one batch of documents given as stored JSON text: (id, base revision,
        deleted, document text). The texts go out as they are, not parsed and written again;
        the server checks them."""
        items = ",".join(
            f'{{"id":{json.dumps(case_id)},"base_revision":{int(base)},'
            f'"deleted":{"true" if deleted else "false"},"doc":{text}}}'
            for case_id, base, deleted, text in changes
        )
        body = f'{{"batch_id":{json.dumps(batch_id or str(uuid.uuid4()))},"changes":[{items}]}}'
        return self._call(
            PushResponse,
            "POST",
            "/v1/push",
            content=body.encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )

    def changes(self, since: int, limit: int = DEFAULT_PAGE) -> FeedPage:
        return self._call(FeedPage, "GET", "/v1/changes", params={"since": since, "limit": limit})

    def case(self, case_id: str) -> ServerCase:
        return self._call(ServerCase, "GET", f"/v1/cases/{case_id}")

    def disconnect(self) -> None:
        """Revokes this device's token on the server."""
        self._request("DELETE", "/v1/device")

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        response = self._request(method, path, **kwargs)
        try:
            return model.model_validate(response.json())
        except (ValueError, ValidationError) as exc:
            raise IncompatibleServer(
                f"the server's answer to {method} {path} does not follow the protocol: {exc}",
                "incompatible",
                response.status_code,
            ) from None

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        last: str = ""
        for attempt in range(self.retries + 1):
            if self.should_stop():
                raise Stopped("stopped", "stopped")
            if attempt:
                self._wait(attempt)
            self.attempts += 1
            try:
                response = self.http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                if _certificate_problem(exc):
                    raise CertificateFailed(
                        f"the certificate of {self.server} could not be verified: {exc}",
                        "certificate",
                    ) from None
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRY_STATUSES:
                last = f"HTTP {response.status_code}"
                continue
            code, message = _error_of(response)
            if response.status_code == 409 and code == "conflict":
                last = message  # the same batch is still being applied elsewhere
                continue
            if response.status_code == 401:
                raise Unauthorized(message, code or "unauthorized", 401)
            if response.status_code >= 400:
                raise Refused(message, code or "http_error", response.status_code)
            return response
        raise Unreachable(f"no answer from {self.server} ({last})", "unreachable")

    def _wait(self, attempt: int) -> None:
        delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        deadline = time.monotonic() + delay * random.uniform(0.5, 1.0)
        # Short naps, so that a stop request is heard within a tenth of a second.
        while (left := deadline - time.monotonic()) > 0:
            if self.should_stop():
                raise Stopped("stopped", "stopped")
            time.sleep(min(0.1, left))


def _error_of(response: httpx.Response) -> tuple[str, str]:
    if response.status_code < 400:
        return "", ""
    try:
        error = response.json()["error"]
        return str(error.get("code") or ""), str(error.get("message") or "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", f"HTTP {response.status_code}: {response.text[:200]}"
