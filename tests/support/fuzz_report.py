"""The audit trail read back after a run, and what the run found, grouped for a reader."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import grpc
from google.protobuf import timestamp_pb2

from strata.v1 import audit_pb2, audit_pb2_grpc
from tests.support.fuzz_run import Result
from tests.support.fuzz_services import shown

NEVER = (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)
EXAMPLES = 2


async def audit_counts(
    channel: grpc.aio.Channel, md: tuple[tuple[str, str], ...], since: float, prefix: str
) -> Counter[str]:
    """How many entries each of the run's request ids has, read in pages of 1,000."""
    stub = audit_pb2_grpc.AuditServiceStub(channel)
    start = timestamp_pb2.Timestamp(seconds=int(since) - 2)
    counts: Counter[str] = Counter()
    token = ""
    while True:
        page = await stub.ListAuditEntries(
            audit_pb2.ListAuditEntriesRequest(page_size=1000, page_token=token, start_time=start),
            metadata=md,
            timeout=60,
        )
        counts.update(e.request_id for e in page.entries if e.request_id.startswith(prefix))
        token = page.next_page_token
        if not token:
            return counts


def findings(results: list[Result], counts: Counter[str]) -> list[str]:
    """One paragraph per (method, status) answered INTERNAL/UNKNOWN and per (method, status,
    entries found) whose audit entry is missing or doubled: the input classes seen, examples."""
    groups: dict[tuple[str, ...], list[Result]] = defaultdict(list)
    for r in results:
        if r.code in NEVER:
            groups[("status", r.rpc.path, r.code.name)].append(r)
        if counts[r.request_id] != 1:
            key = ("audit", r.rpc.path, r.code.name, f"{counts[r.request_id]} entries")
            groups[key].append(r)
    return [_paragraph(key, hits) for key, hits in sorted(groups.items())]


def _paragraph(key: tuple[str, ...], hits: list[Result]) -> str:
    classes = Counter(t for r in hits for t in set(_odd(r.tags)))
    lines = [f"{' '.join(key)}: {len(hits)} calls; inputs: {_top(classes)}"]
    for r in hits[:EXAMPLES]:
        lines.append(f"    {r.request_id} as {r.caller}: {r.details[:200]!r}")
        lines.append(f"      request: {shown(r.rpc, r.head, 300)}")
    return "\n".join(lines)


def _odd(tags: Iterable[str]) -> Iterable[str]:
    return (t for t in tags if not t.endswith((":real", ":unknown-id", ":request-id-reused")))


def _top(classes: Counter[str], n: int = 8) -> str:
    return ", ".join(f"{tag} x{count}" for tag, count in classes.most_common(n)) or "(none odd)"


def coverage(results: list[Result]) -> Counter[str]:
    return Counter(r.rpc.path for r in results)
