"""CPU time of the processes a benchmark run involves, read from Linux /proc."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any


class CpuMeter:
    """CPU seconds used so far by the server process, by its children (the chDB host the
    analytics relay delivers to), by PostgreSQL (the postmaster and its backends) and by
    this client process; ended children count through their parent's (Linux /proc)."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.server = int(info["pid"])
        found = next(Path(info["data_dir"]).rglob("postmaster.pid"))
        self.postmaster = int(found.read_text().split()[0])

    def now(self) -> dict[str, float]:
        stats = {}
        for path in Path("/proc").glob("[0-9]*/stat"):
            try:
                stats[int(path.parent.name)] = path.read_text().rpartition(")")[2].split()
            except OSError:  # ended meanwhile
                continue

        def own(pid: int) -> int:
            return int(stats[pid][11]) + int(stats[pid][12])  # utime, stime

        def children(pid: int) -> int:
            ended = int(stats[pid][13]) + int(stats[pid][14])
            return ended + sum(own(child) for child, f in stats.items() if int(f[1]) == pid)

        tick = os.sysconf("SC_CLK_TCK")
        return {
            "server": own(self.server) / tick,
            "host": children(self.server) / tick,
            "db": (own(self.postmaster) + children(self.postmaster)) / tick,
            "client": time.process_time(),
        }

    def since(self, start: dict[str, float]) -> dict[str, float]:
        return {k: v - start[k] for k, v in self.now().items()}
