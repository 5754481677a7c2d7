"""Resident memory of a server process and of its chDB host, from /proc (Linux): VmRSS with
its anonymous part (heap, arenas) and its file-backed part (mapped libraries such as
chDB's), sampled under load and summarised."""

from __future__ import annotations

import statistics
from pathlib import Path

FIELDS = {"VmRSS:": "rss", "RssAnon:": "anon", "RssFile:": "file"}
HOST_MODULE = b"adapters.clickhouse.chdb_host"


def memory_mb(pid: int | None) -> dict[str, float]:
    """VmRSS, RssAnon and RssFile in MB; zeros for no process or one that is gone."""
    figures = dict.fromkeys(FIELDS.values(), 0.0)
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines() if pid else []
    except FileNotFoundError:
        lines = []
    for line in lines:
        name, _, rest = line.partition("\t")
        if name in FIELDS:
            figures[FIELDS[name]] = int(rest.split()[0]) / 1024
    return figures


def chdb_host_of(pid: int) -> int | None:
    """The chDB host process the server `pid` started, if it runs one."""
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            try:
                if HOST_MODULE in Path(f"/proc/{child}/cmdline").read_bytes():
                    return int(child)
            except FileNotFoundError:
                continue
    return None


def summary(name: str, samples: list[dict[str, float]]) -> str:
    """The first sample (before the load), then the median and max of the others."""
    before, under = samples[0], samples[1:] or samples

    def median(field: str) -> float:
        return statistics.median(s[field] for s in under)

    return (
        f"{name} RSS: before {before['rss']:,.0f} MB, under load median {median('rss'):,.0f} MB "
        f"(anon {median('anon'):,.0f}, file {median('file'):,.0f}), "
        f"max {max(s['rss'] for s in under):,.0f} MB"
    )
