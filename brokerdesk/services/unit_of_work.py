"""The unit of work: one transaction on the case file, with its repositories."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from types import TracebackType

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from brokerdesk.store.casefile import CaseFile, StorageError, storage_error
from brokerdesk.store.repository import CaseRepository, SettingsRepository


class _Open(threading.local):
    stack: contextlib.ExitStack | None = None
    conn: Connection | None = None
    cases: CaseRepository | None = None
    settings: SettingsRepository | None = None


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — nothing persists without the explicit commit.

    One object can be entered many times, one transaction each time (not nested). Its state is
    per thread, so the app's background queue, the sync thread and the GUI thread can share one
    object, each in a transaction of its own.
    """

    def __init__(self, case_file: CaseFile) -> None:
        self.case_file = case_file
        self._open = _Open()

    @property
    def cases(self) -> CaseRepository:
        assert self._open.cases is not None, "outside a unit of work"
        return self._open.cases

    @property
    def settings(self) -> SettingsRepository:
        assert self._open.settings is not None, "outside a unit of work"
        return self._open.settings

    def __enter__(self) -> UnitOfWork:
        assert self._open.conn is None, "a unit of work is not entered twice in one thread"
        stack = contextlib.ExitStack()
        try:
            # The connection begins a transaction on first use ("commit as you go").
            conn = stack.enter_context(self.case_file.connect(write=True))
        except (OperationalError, sqlite3.Error) as exc:
            stack.close()
            raise storage_error(getattr(exc, "orig", exc), self.case_file.path) from None
        self._open.stack, self._open.conn = stack, conn
        self._open.cases = CaseRepository(conn)
        self._open.settings = SettingsRepository(conn)
        return self

    def commit(self) -> None:
        conn = self._open.conn
        assert conn is not None, "commit outside a unit of work"
        try:
            conn.commit()
        except OperationalError as exc:
            raise storage_error(exc.orig or exc, self.case_file.path) from None

    def rollback(self) -> None:
        assert self._open.conn is not None
        self._open.conn.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state = self._open
        assert state.stack is not None and state.conn is not None
        try:
            state.conn.rollback()
        finally:
            state.stack.close()
            state.stack = state.conn = state.cases = state.settings = None
        if isinstance(exc, OperationalError):
            raise storage_error(exc.orig or exc, self.case_file.path) from exc


__all__ = ["StorageError", "UnitOfWork"]
