"""Encrypted against unencrypted case files, in the same run: autosave, and opening a
10,000-case file and listing its first page. Target: ratio ≤ 1.5.

Opening an encrypted file derives its key from the passphrase (PBKDF2-HMAC-SHA512, 256,000
iterations: about a tenth of a second, on purpose). BrokerDesk does that once per session: the
``Passphrase`` keeps the derived key, and every pooled connection, backup and probe of the file
gives SQLCipher the raw key. The figures show the derivation apart, the first opening of a
session with it, and a reopening with the key at hand (after a restore, or a second window).
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, median, percentile, samples
from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, create_case_file, open_case_file
from brokerdesk.services.cases import answer_item, create_case, list_cases
from brokerdesk.services.demo import generate
from brokerdesk.services.encryption import encrypt_copy
from brokerdesk.store.cipher import Passphrase
from brokerdesk.store.reading import CaseQuery

CASES = 10_000
SECRET = "Bench passphrase 2026"


def _autosave(desk: Desk, library: Library, repeat: int) -> list[float]:
    case_id = create_case(desk.uow, library, company="Nordlicht GmbH", country="DE").case.id
    items = [i.id for d in library.current.dimensions for i in d.items]
    steps = itertools.count()

    def answer() -> None:
        n = next(steps)
        answer_item(desk.uow, library, case_id, items[n % len(items)], n % 5)

    return samples(answer, repeat)


def autosave(folder: Path, library: Library, repeat: int = 300) -> list[Figure]:
    plain = create_case_file(folder / "plain-autosave.brokerdesk")
    secret = create_case_file(folder / "secret-autosave.brokerdesk", secret=SECRET)
    try:
        # Interleaved rounds, so that a slow moment of the machine hits both alike.
        base: list[float] = []
        ours: list[float] = []
        for _ in range(3):
            base += _autosave(plain, library, repeat // 3)
            ours += _autosave(secret, library, repeat // 3)
    finally:
        plain.close()
        secret.close()
    return [
        Figure(
            "autosave of one answer, encrypted, median",
            median(ours),
            "ms",
            median(base),
            "ratio ≤ 1.5",
        ),
        Figure(
            "autosave of one answer, encrypted, p95",
            percentile(ours, 95),
            "ms",
            percentile(base, 95),
        ),
    ]


def big_files(folder: Path, library: Library) -> tuple[Path, Path]:
    plain = create_case_file(folder / "big.brokerdesk")
    generate(plain.uow, library, CASES, seed=7)
    target = folder / "big-encrypted.brokerdesk"
    encrypt_copy(plain, target, SECRET).close()
    plain.close()
    return plain.path, target


def opening(plain: Path, secret: Path) -> list[Figure]:
    key = Passphrase(SECRET)

    def open_and_list(path: Path, passphrase: str | Passphrase | None, verify: bool) -> None:
        desk = open_case_file(path, backup=False, verify=verify, secret=passphrase)
        assert len(list_cases(desk.uow, CaseQuery(limit=50))) == 50
        desk.close()

    def derive() -> None:
        Passphrase(SECRET).key(b"0123456789abcdef")

    # Interleaved rounds, so that a busy moment of the (shared) machine hits both alike.
    plain_open: list[float] = []
    secret_open: list[float] = []
    for _ in range(6):
        plain_open += samples(lambda: open_and_list(plain, None, False), 10, warmup=1)
        secret_open += samples(lambda: open_and_list(secret, key, False), 10, warmup=1)
    base, warm = median(plain_open), median(secret_open)
    cold = median(samples(lambda: open_and_list(secret, SECRET, False), 15))
    base_verify = median(samples(lambda: open_and_list(plain, None, True), 10))
    warm_verify = median(samples(lambda: open_and_list(secret, key, True), 10))
    return [
        Figure(
            f"open a {CASES}-case file and list the first page, key at hand",
            warm,
            "ms",
            base,
            "ratio ≤ 1.5",
        ),
        Figure(
            "  the same with the full page check", warm_verify, "ms", base_verify, "ratio ≤ 1.5"
        ),
        Figure("  first opening of a session (key derivation included)", cold, "ms", base),
        Figure(
            "key derivation from the passphrase (PBKDF2, 256,000 rounds)",
            median(samples(derive, 10, warmup=1)),
            "ms",
        ),
    ]


def run() -> list[Figure]:
    library = Library()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = autosave(folder, library)
        start = time.perf_counter()
        plain, secret = big_files(folder, library)
        figures.append(
            Figure(
                f"make the {CASES}-case files (demo, then encrypted copy)",
                time.perf_counter() - start,
                "s",
            )
        )
        sizes = plain.stat().st_size / 2**20, secret.stat().st_size / 2**20
        figures.append(Figure("size of the encrypted file", sizes[1], "MiB", sizes[0]))
        figures += opening(plain, secret)
    for figure in figures:
        print(figure.line())
    return figures
