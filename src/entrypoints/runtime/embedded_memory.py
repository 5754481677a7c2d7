"""The embedded PostgreSQL's memory, sized to the machine it runs on.

initdb leaves `shared_buffers` at 128 MB, whatever the machine: a workspace of 100,000
chunks (their embeddings, the HNSW and GIN indexes: ~450 MB) then lives mostly in the
operating system's page cache, and every search reads index pages through it (bench/
RESULTS.md, "The embedded PostgreSQL's memory"). At start Strata sets, by ALTER SYSTEM:

- `shared_buffers`: STRATA_PG_SHARED_BUFFERS, or with `auto` (the default) a quarter of
  the machine's memory, between 128 MB and 2 GB (PostgreSQL's own advice is 25 %; the cap
  keeps a laptop's embedded server modest);
- `effective_cache_size`: half of the machine's memory (what the planner may assume the
  caches hold; it allocates nothing).

`shared_buffers` takes effect at a server start: when it differs from what the running
server has, and no other process is connected to it, the server is stopped and started
again (once per data directory, or after the setting changes). A server other processes
use keeps its size until its next start.
"""

from __future__ import annotations

import os

from entrypoints.settings.database import size_bytes

MB = 2**20
FLOOR = 128 * MB
CAP = 2 * 2**30


def machine_memory() -> int:
    """Physical memory in bytes (0 when the platform does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0


def wanted_sizes(shared_buffers: str, memory: int) -> dict[str, int]:
    """The sizes to set, in bytes, by setting name (whole MB)."""
    if shared_buffers == "auto":
        buffers = min(max(memory // 4, FLOOR), CAP) if memory else FLOOR
    else:
        given = size_bytes(shared_buffers)
        if given is None:
            raise ValueError(f"not a size: {shared_buffers!r}")
        buffers = given
    wanted = {"shared_buffers": buffers // MB * MB}
    if memory:
        wanted["effective_cache_size"] = max(memory // 2, buffers) // MB * MB
    return wanted
