"""Time every statement by operation; log the slow ones by their shape, never their values."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from functools import lru_cache
from types import TracebackType
from typing import Any

from sqlalchemy import event

SHAPE_LIMIT = 300
_VERBS = frozenset({"select", "insert", "update", "delete"})
# Literals, quoted names and comments are skipped; parentheses tell a CTE body from the main verb.
_TOKENS = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|[()]|[A-Za-z_]+""", re.S)
_LITERAL = re.compile(r"'(?:[^']|'')*'")
_SPACE = re.compile(r"\s+")
_STARTED = "_strata_query_started"

log = logging.getLogger("strata.db")


@lru_cache(maxsize=2048)
def operation_of(sql: str) -> str:
    """select / insert / update / delete / other; for WITH, the verb after the CTEs."""
    depth, first = 0, True
    for match in _TOKENS.finditer(sql):
        token = match.group()
        if token == "(" or token == ")":
            depth += 1 if token == "(" else -1
            continue
        if token[0] in "'\"-/":
            continue
        word = token.lower()
        if first and word != "with":
            return word if word in _VERBS else "other"
        first = False
        if depth == 0 and word in _VERBS:
            return word
    return "other"


@lru_cache(maxsize=512)
def shape_of(sql: str) -> str:
    """The statement on one line, string literals masked, cut to SHAPE_LIMIT characters."""
    shape = _SPACE.sub(" ", _LITERAL.sub("'?'", sql)).strip()
    return shape if len(shape) <= SHAPE_LIMIT else shape[: SHAPE_LIMIT - 1] + "…"


class QueryObserver:
    """Reports each statement to `on_query(operation, seconds)`; slow ones also to `on_slow`
    and as one warning. Parameters never reach it: it only sees the SQL text."""

    def __init__(
        self,
        slow_ms: float,
        on_query: Callable[[str, float], None] | None = None,
        logger: logging.Logger | None = None,
        on_slow: Callable[[str], None] | None = None,
    ) -> None:
        self._slow_seconds = slow_ms / 1000
        self._on_query = on_query
        self._on_slow = on_slow
        self._log = logger or log

    def record(self, sql: str, seconds: float, operation: str | None = None) -> None:
        """Never raises: a metrics failure must not fail the statement it measured."""
        try:
            operation = operation or operation_of(sql)
            if self._on_query is not None:
                self._on_query(operation, seconds)
            if seconds < self._slow_seconds:
                return
            if self._on_slow is not None:
                self._on_slow(operation)
            ms = seconds * 1000
            self._log.warning(
                "slow query: %s %.0f ms: %s",
                operation,
                ms,
                shape_of(sql),
                extra={"operation": operation, "duration_ms": round(ms, 1)},
            )
        except Exception:
            log.debug("could not record a statement", exc_info=True)


def instrument_engine(engine: Any, observer: QueryObserver) -> Callable[[], None]:
    """Time each statement of an (Async)Engine, failed ones too; answers a detach function."""
    target = getattr(engine, "sync_engine", engine)

    def before(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if context is not None:
            setattr(context, _STARTED, time.perf_counter())

    def after(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        _finish(context, sql)

    def failed(exc: Any) -> None:
        if exc.statement is not None:
            _finish(exc.execution_context, exc.statement)

    def _finish(context: Any, sql: str) -> None:
        started = getattr(context, _STARTED, None)
        if started is not None:
            setattr(context, _STARTED, None)
            observer.record(sql, time.perf_counter() - started)

    listeners = (
        ("before_cursor_execute", before),
        ("after_cursor_execute", after),
        ("handle_error", failed),
    )
    for name, fn in listeners:
        event.listen(target, name, fn)

    def detach() -> None:
        for name, fn in listeners:
            event.remove(target, name, fn)

    return detach


class _Observed:
    __slots__ = ("_observer", "_operation", "_sql", "_started")

    def __init__(self, observer: QueryObserver | None, operation: str | None, sql: str) -> None:
        self._observer = observer
        self._operation = operation
        self._sql = sql
        self._started = 0.0

    async def __aenter__(self) -> None:
        self._started = time.perf_counter()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._observer is not None:
            self._observer.record(self._sql, time.perf_counter() - self._started, self._operation)


def observed(observer: QueryObserver | None, operation: str | None, sql: str) -> _Observed:
    """`async with observed(observer, "select", sql): await conn.fetch(sql, *args)` times a
    statement run on the driver itself; no observer, no cost; operation None: read from sql."""
    return _Observed(observer, operation, sql)
