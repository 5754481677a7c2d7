"""One transaction per call: a call's writes commit together with its audit entry.

Inside a call (a `CallScope` is current), a unit of work that is asked to commit
writes is not committed: it is held, open, until the call has its answer; then
`CallScope.commit_with` appends the call's audit entry in that same transaction
and commits both. Units of work opened later in the call share the held one, so
they see its writes. A call that fails, or is cancelled, leaves the held unit of
work to `CallScope.close`, which rolls it back. Outside a call (command line,
tests) units of work behave as they always do.
"""

from __future__ import annotations

import asyncio
import contextlib
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from domain.audit.entry import AuditEntry
from ports.audit import AuditUnitOfWork
from ports.uow import UnitOfWorkFactory


class CallScope:
    """The current call's held unit of work, if it wrote anything."""

    def __init__(self) -> None:
        self.held: AuditUnitOfWork | None = None
        self.entry_id: str | None = None  # the call's one audit entry, whatever its outcome
        self.recorded = False

    @property
    def wrote(self) -> bool:
        return self.held is not None

    async def commit_with(self, entry: AuditEntry | None) -> None:
        """Append `entry` (if any) in the held transaction and commit; raises what the store
        raises (the write is then rolled back, or its outcome unknown if the commit was cut)."""
        held, self.held = self.held, None
        if held is None:
            raise RuntimeError("nothing to commit")
        try:
            if entry is not None:
                await held.audit.append([entry])
            await held.commit()
        finally:
            with contextlib.suppress(Exception):
                await held.__aexit__(None, None, None)

    async def close(self) -> None:
        """Roll back and release what is still held; never raises."""
        held, self.held = self.held, None
        if held is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(held.__aexit__(None, None, None))


_current: ContextVar[CallScope | None] = ContextVar("call_scope", default=None)


def begin() -> CallScope:
    scope = CallScope()
    _current.set(scope)
    return scope


def current() -> CallScope | None:
    return _current.get()


def end() -> None:
    _current.set(None)


class _ScopedUnitOfWork:
    """A unit of work inside a call: commits of writes are deferred to the call's end."""

    def __init__(
        self, factory: UnitOfWorkFactory[AuditUnitOfWork], read_only: bool, scope: CallScope
    ) -> None:
        self._factory = factory
        self._read_only = read_only
        self._scope = scope
        self._inner: AuditUnitOfWork | None = None
        self._shared = False
        self._handed_over = False

    def __getattr__(self, name: str) -> Any:
        inner = self.__dict__.get("_inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)

    async def __aenter__(self) -> _ScopedUnitOfWork:
        if self._scope.held is not None:
            self._inner, self._shared = self._scope.held, True
        else:
            self._inner = self._factory(self._read_only)
            await self._inner.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        inner, self._inner = self._inner, None
        if inner is not None and not (self._shared or self._handed_over):
            await inner.__aexit__(exc_type, exc, tb)

    async def commit(self) -> None:
        inner = self._inner
        if inner is None:
            raise RuntimeError("the unit of work is not open; use `async with uow:`")
        if self._shared or self._handed_over:
            return
        if self._read_only:
            await inner.commit()  # bookkeeping (a key's last use), never audited
            return
        self._scope.held, self._handed_over = inner, True

    async def rollback(self) -> None:
        if self._inner is not None and not (self._shared or self._handed_over):
            await self._inner.rollback()


class ScopedUnitOfWorkFactory:
    """Wraps a factory so units of work opened inside a call defer their commit to it."""

    def __init__(self, inner: UnitOfWorkFactory[AuditUnitOfWork]) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["inner"], name)

    def __call__(self, read_only: bool = False) -> Any:
        scope = _current.get()
        if scope is None:
            return self.inner(read_only)
        return _ScopedUnitOfWork(self.inner, read_only, scope)
