"""The unit of work: one transaction on the case file, with its repositories."""

from __future__ import annotations

import contextlib
import sqlite3
from types import TracebackType

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from brokerdesk.store.casefile import CaseFile, StorageError, storage_error
from brokerdesk.store.repository import CaseRepository, SettingsRepository


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — nothing persists without the explicit commit.

    One object can be entered many times, one transaction each time (not nested).
    """

    cases: CaseRepository
    settings: SettingsRepository

    def __init__(self, case_file: CaseFile) -> None:
        self.case_file = case_file
        self._stack: contextlib.ExitStack | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> UnitOfWork:
        stack = contextlib.ExitStack()
        try:
            # The connection begins a transaction on first use ("commit as you go").
            conn = stack.enter_context(self.case_file.connect(write=True))
        except (OperationalError, sqlite3.Error) as exc:
            stack.close()
            raise storage_error(getattr(exc, "orig", exc), self.case_file.path) from None
        self._stack, self._conn = stack, conn
        self.cases = CaseRepository(conn)
        self.settings = SettingsRepository(conn)
        return self

    def commit(self) -> None:
        assert self._conn is not None, "commit outside a unit of work"
        try:
            self._conn.commit()
        except OperationalError as exc:
            raise storage_error(exc.orig, self.case_file.path) from None

    def rollback(self) -> None:
        assert self._conn is not None
        self._conn.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._stack is not None and self._conn is not None
        try:
            self._conn.rollback()
        finally:
            self._stack.close()
            self._stack = self._conn = None
        if isinstance(exc, OperationalError):
            raise storage_error(exc.orig, self.case_file.path) from exc


__all__ = ["StorageError", "UnitOfWork"]
