"""The chDB host of each data path this process uses, shared by every client on that path
(one process may open a path): started on first use, stopped when the last client closes,
and started again after it died, once RESTART_SECONDS have passed since the death was
noticed, so that a host that crashes at once is not restarted in a tight loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from adapters.clickhouse.chdb_child import HostProcess
from domain.kernel.errors import Unavailable

RESTART_SECONDS = 1.0
Clock = Callable[[], float]


class HostedPath:
    def __init__(self, path: str, clock: Clock) -> None:
        self.path = path
        self.users = 0
        self._clock = clock
        self._host: HostProcess | None = None
        self._restart_at = float("-inf")
        self._lock = threading.Lock()

    def live(self) -> HostProcess | None:
        """The running host, without waiting; None when one must be started (or waited for)."""
        host = self._host
        return host if host is not None and host.alive else None

    def host(self) -> HostProcess:
        """The running host, started when there is none (blocking while it opens chDB);
        Unavailable when it died and the restart delay has not yet passed."""
        with self._lock:
            host = self._host
            if host is not None:
                if host.alive:
                    return host
                self._host = None
                self._restart_at = self._clock() + RESTART_SECONDS
            if self._clock() < self._restart_at:
                raise Unavailable(f"the chDB host process for {self.path} is restarting")
            try:
                self._host = HostProcess.started(self.path)
            except Exception:  # it died on the way, or found the path taken
                self._restart_at = self._clock() + RESTART_SECONDS
                raise
            return self._host

    def stop(self) -> None:
        with self._lock:
            host, self._host = self._host, None
        if host is not None:
            host.stop()


_paths: dict[str, HostedPath] = {}
_registry = threading.Lock()


def attach(given: str | Path, clock: Clock = time.monotonic) -> HostedPath:
    """The path's hosting (no process is started yet); the first client's clock is kept."""
    path = str(Path(given).expanduser().resolve())
    with _registry:
        hosted = _paths.setdefault(path, HostedPath(path, clock))
        hosted.users += 1
        return hosted


def detach(hosted: HostedPath) -> None:
    with _registry:
        hosted.users -= 1
        if hosted.users > 0:
            return
        del _paths[hosted.path]
    hosted.stop()
