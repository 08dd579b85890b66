"""A TCP proxy between client and server that misbehaves on purpose, request by request.

It understands just enough HTTP/1.1 to cut at request boundaries. For each request it draws one
fault (seeded, so a failing run can be replayed):

- ``drop_before``: the connection is closed before the request reaches the server;
- ``cut_upload``: half the request reaches the server, then both connections close;
- ``drop_after``: the server gets the whole request and answers, the client never hears it;
- ``repeat``: the server gets the request twice (the client hears the second answer);
- ``delay``: the request waits a little before it goes on;
- ``none``: passed through.

``on_request(n, head)`` may answer ``"kill"``: the request is sent to the server and the proxy
calls ``kill()`` at once, so the server dies while it works on the request.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable

FAULTS = ("drop_before", "cut_upload", "drop_after", "repeat", "delay", "none")


def _read_until(sock: socket.socket, buffer: bytearray, marker: bytes) -> bool:
    while marker not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return False
        buffer += chunk
    return True


def _read_message(sock: socket.socket, buffer: bytearray) -> tuple[bytes, bytes] | None:
    """One HTTP message (head, body) from a socket; ``buffer`` keeps what was read past it."""
    if not _read_until(sock, buffer, b"\r\n\r\n"):
        return None
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end])
    del buffer[:end]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    body = bytes(buffer[:length])
    del buffer[:length]
    return head, body


class FaultyProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 1,
        rates: dict[str, float] | None = None,
        max_delay: float = 0.03,
        on_request: Callable[[int, bytes], str | None] | None = None,
        kill: Callable[[], None] | None = None,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rng = random.Random(seed)
        self.rates = rates or {}
        self.max_delay = max_delay
        self.on_request = on_request
        self.kill = kill
        self.counts: Counter[str] = Counter()
        self.requests = 0
        self.enabled = True
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopping = False
        self._threads: list[threading.Thread] = []

    def start(self) -> FaultyProxy:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping = True
        self._listener.close()

    def __enter__(self) -> FaultyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stopping:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()

    def _draw(self, head: bytes) -> str:
        with self._lock:
            self.requests += 1
            number = self.requests
            action = self.on_request(number, head) if self.on_request else None
            if action:
                fault = action
            elif not self.enabled:
                fault = "none"
            else:
                roll, fault = self.rng.random(), "none"
                for name in FAULTS[:-1]:
                    rate = self.rates.get(name, 0.0)
                    if roll < rate:
                        fault = name
                        break
                    roll -= rate
            self.counts[fault] += 1
            return fault

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        with client:
            while True:
                try:
                    message = _read_message(client, buffer)
                except OSError:
                    return
                if message is None:
                    return
                head, body = message
                fault = self._draw(head)
                if fault == "drop_before":
                    return
                if fault == "cut_upload":
                    self._forward(head, body[: len(body) // 2], partial=True)
                    return
                if fault == "delay":
                    time.sleep(self.rng.random() * self.max_delay)
                if fault == "kill":
                    self._forward(head, body, partial=True, then=self.kill)
                    return
                answer = self._forward(head, body)
                if fault == "repeat" and answer is not None:
                    answer = self._forward(head, body) or answer
                if answer is None or fault == "drop_after":
                    return
                try:
                    client.sendall(answer)
                except OSError:
                    return

    def _forward(
        self,
        head: bytes,
        body: bytes,
        partial: bool = False,
        then: Callable[[], None] | None = None,
    ) -> bytes | None:
        """Sends a request on a fresh upstream connection; the whole answer, or None."""
        try:
            with socket.create_connection(self.upstream, timeout=60) as upstream:
                upstream.sendall(head + body)
                if then is not None:
                    then()
                if partial:
                    return None
                buffer = bytearray()
                message = _read_message(upstream, buffer)
        except OSError:
            return None
        if message is None:
            return None
        return message[0] + message[1]
