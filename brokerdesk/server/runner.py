"""Running a server on a loopback port from Python: for tests, benchmarks and demonstrations.

``ThreadedServer`` runs uvicorn in a thread of this process; ``ServerProcess`` runs
``brokerdesk-server serve`` as a child process that can be killed and started again;
``scratch_postgres`` makes a fresh PostgreSQL database and drops it afterwards.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import uvicorn

POSTGRES_ADMIN_URL = os.environ.get(
    "BROKERDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout: float = 20.0, verify: Any = True) -> None:
    """Polls ``/health`` until the server answers (a start-up wait, bounded)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2.0, verify=verify).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.05)
    raise TimeoutError(f"the server at {url} did not come up: {last}")


class ThreadedServer:
    """uvicorn serving an app in a background thread, on a free loopback port."""

    def __init__(
        self,
        app: Any,
        *,
        host: str = "127.0.0.1",
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
    ) -> None:
        self.host = host
        self.port = free_port(host)
        scheme = "https" if ssl_certfile else "http"
        self.url = f"{scheme}://{host}:{self.port}"
        config = uvicorn.Config(
            app,
            host=host,
            port=self.port,
            log_level="warning",
            lifespan="off",
            ssl_certfile=ssl_certfile,
            ssl_keyfile=ssl_keyfile,
            timeout_keep_alive=30,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def start(self) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ServerProcess:
    """``brokerdesk-server serve`` as a child process on a fixed loopback port."""

    def __init__(
        self,
        database: Sequence[str],
        port: int | None = None,
        log: Path | None = None,
        extra: Sequence[str] = (),
        ca_file: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.database = list(database)  # ["--data-dir", DIR] or ["--database-url", URL]
        self.port = port or free_port()
        self.extra = list(extra)  # e.g. ["--tls-cert", CERT, "--tls-key", KEY]
        scheme = "https" if "--tls-cert" in self.extra else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.verify: Any = ssl.create_default_context(cafile=str(ca_file)) if ca_file else True
        self.log = log
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        args = [
            sys.executable,
            "-m",
            "brokerdesk.server",
            "serve",
            *self.database,
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            *self.extra,
        ]
        if self.log:
            with self.log.open("ab") as out:  # the child keeps its own handle
                self.process = subprocess.Popen(
                    args, stdout=out, stderr=subprocess.STDOUT, env=self.env
                )
        else:
            self.process = subprocess.Popen(
                args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=self.env
            )
        try:
            wait_healthy(self.url, verify=self.verify)
        except BaseException:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        """Stops the server at once, as a crash would (connections cut mid-request)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
            self.process = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def postgres_available(admin_url: str = POSTGRES_ADMIN_URL) -> bool:
    import psycopg

    try:
        with psycopg.connect(admin_url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextlib.contextmanager
def scratch_postgres(
    prefix: str = "brokerdesk", admin_url: str = POSTGRES_ADMIN_URL
) -> Iterator[str]:
    """A fresh, empty PostgreSQL database; yields its SQLAlchemy URL and drops it afterwards."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(admin_url)
    user = info.get("user", "postgres")
    password = f":{info['password']}" if info.get("password") else ""
    host = info.get("host", "127.0.0.1")
    port = info.get("port", 5432)
    try:
        yield f"postgresql+psycopg://{user}{password}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
