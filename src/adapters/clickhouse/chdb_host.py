"""The chDB host: a process of its own that opens chDB at one data path and answers the
server's requests over its stdin and stdout (adapters.clickhouse.chdb_frames).

    python -m adapters.clickhouse.chdb_host PATH

Requests run as they arrive on the path's Sessions, so several are in flight at once.
It exits when asked to, or when its stdin closes (the server is gone); interrupts and
terminations sent to the server's process group are left to the server, which stops its
host when it has drained its own calls."""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from adapters.clickhouse.chdb_errors import ChdbPathError, described
from adapters.clickhouse.chdb_frames import GREETING, encoded, read_frame

# A host replacing one that is still finishing its last calls (its server was killed and
# restarted) waits this long for the path's lock before chDB reports the path as taken.
PREDECESSOR_SECONDS = 30.0


class Answers:
    """The frames going back, one at a time whichever Session thread finished."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: tuple[Any, ...]) -> None:
        frame = encoded(message)
        with self._lock:
            try:
                self._stream.write(frame)
                self._stream.flush()
            except (BrokenPipeError, ValueError):
                pass  # the server is gone: nobody is waiting for this answer


def answer(engine: Any, answers: Answers, rid: int, op: str, args: tuple[Any, ...]) -> None:
    try:
        if op == "insert":
            database, sql, stream = args
            engine.insert(database, sql, pa.ipc.open_stream(stream).read_all())
            answers.send((rid, True, b""))
        else:
            answers.send((rid, True, engine.answer(*args)))
    except Exception as exc:
        answers.send((rid, False, described(exc)))


def wait_for_predecessor(path: str, seconds: float = PREDECESSOR_SECONDS) -> None:
    """Until no other process holds chDB's lock on `path` (its `status` file), or `seconds`."""
    status = Path(path) / "status"
    if not status.exists():
        return
    deadline = time.monotonic() + seconds
    with status.open("rb") as held:
        while True:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.1)
                continue
            fcntl.flock(held, fcntl.LOCK_UN)
            return


def serve(path: str, requests: IO[bytes], answers: Answers) -> int:
    from adapters.clickhouse.chdb_engine import attach, detach

    wait_for_predecessor(path)
    try:
        engine = attach(path)
    except ChdbPathError as exc:
        answers.send((GREETING, False, described(exc)))
        return 1
    answers.send((GREETING, True, b""))
    try:
        while (request := read_frame(requests)) is not None:
            rid, op, args = request
            if op == "close":
                break
            engine.executor.submit(answer, engine, answers, rid, op, args)
    finally:
        detach(engine)  # the requests in flight finish first
    return 0


def main(argv: list[str]) -> int:
    frames = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever chDB prints goes to stderr; stdout carries frames alone
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    return serve(argv[1], sys.stdin.buffer, Answers(frames))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
