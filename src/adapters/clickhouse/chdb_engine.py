"""The chDB Sessions of this process: one data path per process, a small pool of Sessions
on it shared by every client, closed when the last client closes."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chdb import session as chdb_session

from adapters.clickhouse.chdb_errors import ChdbPathError
from adapters.clickhouse.chdb_sql import create_database_sql
from adapters.clickhouse.client import quoted_identifier

__all__ = ["ChdbPathError", "Engine", "attach", "attach_with_database", "detach"]

SESSIONS_PER_PATH = 2  # chDB serialises calls on a Session; separate Sessions run in parallel


@dataclass
class Engine:
    """The Sessions open on one path, shared by every client of this process."""

    path: str
    idle: queue.SimpleQueue[Any] = field(default_factory=queue.SimpleQueue)
    current: dict[int, str] = field(default_factory=dict)  # session id -> current database
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(SESSIONS_PER_PATH, "chdb")
    )
    sessions: list[Any] = field(default_factory=list)
    users: int = 0

    def open(self) -> None:
        for _ in range(SESSIONS_PER_PATH):
            try:
                sess = chdb_session.Session(self.path)  # type: ignore[no-untyped-call]
            except RuntimeError as exc:
                self.close()
                raise ChdbPathError(
                    f"cannot open chDB at {self.path}: is another process (a running "
                    f"`strata serve`?) using it? ({str(exc).strip()})"
                ) from exc
            self.sessions.append(sess)
            self.idle.put(sess)

    def run(self, database: str, sql: str, params: dict[str, str] | None, fmt: str) -> Any:
        sess = self.idle.get()
        try:
            if self.current.get(id(sess)) != database:
                sess.query(f"USE {quoted_identifier(database)}")
                self.current[id(sess)] = database
            return sess.query(sql, fmt, params=params)
        finally:
            self.idle.put(sess)

    def answer(self, database: str, sql: str, params: dict[str, str] | None, fmt: str) -> bytes:
        result = self.run(database, sql, params, fmt)
        return result.bytes() if result is not None else b""

    def insert(self, database: str, sql: str, tbl: Any) -> None:
        """`sql` reads `tbl` through Python(tbl): chDB finds it by name in this frame."""
        self.run(database, sql, None, "CSV")

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        for sess in self.sessions:
            sess.close()


_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def attach(given: str | Path) -> Engine:
    path = str(Path(given).expanduser().resolve())
    with _lock:
        if path not in _engines and _engines:
            raise ChdbPathError(
                f"chDB is already open at {next(iter(_engines))} in this process and allows one "
                f"data path per process: cannot open {path}"
            )
        engine = _engines.get(path)
        if engine is None:
            Path(path).mkdir(parents=True, exist_ok=True)
            engine = Engine(path)
            engine.open()
            _engines[path] = engine
        engine.users += 1
        return engine


def detach(engine: Engine) -> None:
    with _lock:
        engine.users -= 1
        if engine.users > 0:
            return
        del _engines[engine.path]
    engine.close()


def attach_with_database(path: str | Path, database: str) -> Engine:
    """Attach to the path and create `database` there when missing."""
    engine = attach(path)
    try:
        engine.run("default", create_database_sql(database), None, "CSV")
    except BaseException:
        detach(engine)
        raise
    return engine
