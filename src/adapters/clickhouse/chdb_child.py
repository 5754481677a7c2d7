"""One running chDB host process, seen from the server: requests go out through a writer
thread and answers come back through a reader thread, each matched by its id to the
future its caller awaits. When the host exits, every call in flight, and every call
made after, fails Unavailable."""

from __future__ import annotations

import contextlib
import itertools
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future, InvalidStateError
from typing import Any

from adapters.clickhouse.chdb_errors import rebuilt
from adapters.clickhouse.chdb_frames import GREETING, encoded, read_frame
from domain.kernel.errors import Unavailable

STOP_SECONDS = 10.0  # how long a host asked to stop may take before it is killed
# How long a new host may take to open its path: loading chDB, waiting for a predecessor
# (chdb_host.PREDECESSOR_SECONDS), opening the Sessions.
START_SECONDS = 120.0


class HostProcess:
    def __init__(self, path: str) -> None:
        self.path = path
        self._popen = subprocess.Popen(  # noqa: S603 (this interpreter, our module, a path)
            [sys.executable, "-m", "adapters.clickhouse.chdb_host", path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._ids = itertools.count(GREETING + 1)
        self._greeting: Future[bytes] = Future()
        self._pending: dict[int, Future[bytes]] = {GREETING: self._greeting}
        self._lock = threading.Lock()
        self._exited = False
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        threading.Thread(target=self._read, name=f"chdb-host-{self.pid}-in", daemon=True).start()
        threading.Thread(target=self._write, name=f"chdb-host-{self.pid}-out", daemon=True).start()

    @classmethod
    def started(cls, path: str) -> HostProcess:
        """A host that has opened chDB at `path` (blocking until it says so)."""
        host = cls(path)
        try:
            host._greeting.result(START_SECONDS)
        except TimeoutError:
            host.stop(0)
            raise Unavailable(f"the chDB host for {path} did not open it in time") from None
        except BaseException:
            host.stop()
            raise
        return host

    @property
    def pid(self) -> int:
        return self._popen.pid

    @property
    def alive(self) -> bool:
        return not self._exited

    def call(self, op: str, args: tuple[Any, ...]) -> Future[bytes]:
        answer: Future[bytes] = Future()
        with self._lock:
            if self._exited:
                raise Unavailable(self._exit_text())
            rid = next(self._ids)
            self._pending[rid] = answer
        self._outbox.put(encoded((rid, op, args)))
        return answer

    def stop(self, seconds: float = STOP_SECONDS) -> None:
        """Ask the host to stop, after its calls in flight; kill it if it takes too long."""
        self._outbox.put(encoded((0, "close", ())))
        self._outbox.put(None)
        try:
            self._popen.wait(seconds)
        except subprocess.TimeoutExpired:
            self._popen.kill()
            self._popen.wait()

    def _write(self) -> None:
        stdin = self._popen.stdin
        assert stdin is not None
        try:
            while (frame := self._outbox.get()) is not None:
                stdin.write(frame)
                stdin.flush()
        except OSError:
            pass  # the host is gone; the reader fails what waits for it
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _read(self) -> None:
        stdout = self._popen.stdout
        assert stdout is not None
        try:
            while (message := read_frame(stdout)) is not None:
                rid, ok, value = message
                with self._lock:
                    answer = self._pending.pop(rid, None)
                if answer is not None:
                    _settle(answer, value if ok else None, None if ok else rebuilt(*value))
        except Exception:
            self._popen.kill()  # an answer that cannot be read: nothing it sends can be trusted
            raise
        finally:
            self._popen.wait()
            with self._lock:
                self._exited = True
                waiting, self._pending = self._pending, {}
            for answer in waiting.values():
                _settle(answer, None, Unavailable(self._exit_text()))

    def _exit_text(self) -> str:
        code = self._popen.returncode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"code {code}"
        return f"the chDB host process for {self.path} exited ({how})"


def _settle(answer: Future[bytes], value: bytes | None, error: Exception | None) -> None:
    try:
        if error is None:
            answer.set_result(value or b"")
        else:
            answer.set_exception(error)
    except InvalidStateError:
        pass  # its caller was cancelled
