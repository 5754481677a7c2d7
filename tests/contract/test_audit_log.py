"""The audit log: one contract, run against the memory and PostgreSQL adapters."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from adapters.postgres.audit.log import SqlaAuditLog
from adapters.postgres.infra.engine import create_engine
from adapters.system.basics import Uuid7Generator
from domain.audit.chain import GENESIS, ChainVerifier, digest
from domain.audit.entry import AuditEntry, Outcome
from domain.kernel.errors import AlreadyExists, InvalidArgument, Unavailable
from ports.audit import PURGE_ACTION, AuditFilter

T0 = datetime(2025, 1, 2, 3, 0, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
_ids = Uuid7Generator()
_n = itertools.count(1)


def entry(**kw: Any) -> AuditEntry:
    n = next(_n)
    fields: dict[str, Any] = {
        "id": _ids.new_id(),
        "occurred_at": T0,
        "action": "/strata.v1.IdentityService/GetUser",
        "outcome": Outcome.SUCCESS,
        "status_code": "OK",
        "duration_ms": 5,
        "user_id": None,
        "username": f"user{n}",
        "roles": ["superuser"],
        "peer_ip": "10.0.0.1",
        "user_agent": "grpc-python/1.85",
        "request_id": f"req-{n}",
        "request": {"id": f"x{n}"},
    }
    return AuditEntry(**(fields | kw))


async def everything(log: Any) -> list[AuditEntry]:
    found, after = [], 0
    while batch := await log.scan(after, 7):
        found += batch
        after = batch[-1].sequence
    return found


async def verify(log: Any) -> ChainVerifier:
    verifier = ChainVerifier(await log.purge_anchors())
    for e in await everything(log):
        verifier.feed(e)
    return verifier


def sequences(entries: list[AuditEntry]) -> list[int | None]:
    return [e.sequence for e in entries]


class TestAppend:
    async def test_append_assigns_contiguous_sequences_and_a_verifiable_chain(self, audit_log):
        first, second = [entry(), entry(), entry()], [entry(), entry()]
        await audit_log.append(first)
        await audit_log.append(second)
        assert sequences(first + second) == [1, 2, 3, 4, 5]
        assert first[0].prev_hash == GENESIS
        stored = await everything(audit_log)
        assert stored == first + second
        assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
        verifier = await verify(audit_log)
        assert verifier.problem is None and verifier.checked == 5
        assert await audit_log.head() == (5, second[-1].hash)

    async def test_an_entry_reads_back_field_for_field_and_hashes_the_same(self, audit_log):
        ws, user = _ids.new_id(), _ids.new_id()
        e = entry(
            id=_ids.new_id().upper(),
            occurred_at=datetime(
                2025, 6, 1, 14, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2))
            ),
            user_id=user.upper(),
            workspace_id=ws,
            roles=["superuser", f"owner@{ws}"],
            resource=ws,
            outcome=Outcome.PERMISSION_DENIED,
            status_code="PERMISSION_DENIED",
            peer_ip="::ffff:1.2.3.4",
            request={"name": "Zoë ✓", "n": 1.5, "big": 2**60, "nested": {"b": [1, None, True]}},
            error_message="not allowed",
            duration_ms=123,
        )
        await audit_log.append([e])
        got = await audit_log.get(e.id.lower())
        assert got == e
        assert got.id == e.id.lower() and got.user_id == user
        assert got.occurred_at == datetime(2025, 6, 1, 12, 30, 0, 123456, tzinfo=UTC)
        assert got.occurred_at.utcoffset() == timedelta(0)
        assert got.peer_ip == "::ffff:102:304"
        assert got.hash == digest(got, GENESIS)

    async def test_absent_and_optional_values_read_back(self, audit_log):
        e = entry(username=None, roles=[], peer_ip=None, user_agent=None, request_id=None)
        e.request = {}
        await audit_log.append([e])
        assert await audit_log.get(e.id) == e
        assert (await verify(audit_log)).problem is None

    async def test_entry_ids_must_be_uuids_other_ids_and_addresses_are_dropped(self, audit_log):
        with pytest.raises(InvalidArgument):
            await audit_log.append([entry(id="not-a-uuid")])
        odd = entry(user_id="u1", workspace_id="w\x00", peer_ip="unix:/tmp/socket")
        await audit_log.append([odd])
        got = await audit_log.get(odd.id)
        assert (got.user_id, got.workspace_id, got.peer_ip) == (None, None, None)
        assert got.sequence == 1  # the refused append left no gap
        assert (await verify(audit_log)).problem is None

    async def test_a_failure_entry_whose_id_is_stored_is_skipped(self, audit_log):
        e = entry()
        await audit_log.append([e])
        again = entry(id=e.id, outcome=Outcome.ERROR, status_code="UNAVAILABLE")
        later = entry()
        await audit_log.append([again, later])
        assert (await audit_log.get(e.id)).outcome == Outcome.SUCCESS
        assert later.sequence == 2
        with pytest.raises(AlreadyExists):
            await audit_log.append([entry(id=later.id), entry(id=later.id)])
        assert (await verify(audit_log)).checked == 2

    async def test_whatever_a_request_held_its_entry_is_stored(self, audit_log):
        nul, huge = "a\x00b", "x" * 100_000
        deep: dict = {}
        cursor = deep
        for _ in range(60):
            cursor["d"] = {}
            cursor = cursor["d"]
        e = entry(
            username=nul * 200,
            resource=huge,
            user_agent=nul,
            request_id="r\x00" * 100,
            error_message=f"bad {nul} {huge}",
            roles=[nul],
            request={
                "k\x00": nul,
                "nan": float("nan"),
                "inf": [float("inf"), float("-inf")],
                "deep": deep,
                "huge": huge,
            },
        )
        await audit_log.append([e])
        got = await audit_log.get(e.id)
        assert got == e and got.hash == digest(got, GENESIS)
        assert got.username.startswith("a\\u0000b") and len(got.username) <= 255
        assert len(got.resource) <= 500 and got.resource.endswith("[100000 chars]")
        assert len(got.request_id) <= 128
        assert got.request["k\\u0000"] == "a\\u0000b"
        assert got.request["nan"] == "NaN" and got.request["inf"] == ["Infinity", "-Infinity"]
        assert "[nested too deep]" in str(got.request["deep"])
        assert (await verify(audit_log)).problem is None

    async def test_concurrent_appends_keep_the_chain_valid(self, audit_log):
        batches = [[entry() for _ in range(1 + i % 3)] for i in range(20)]
        await asyncio.gather(*(audit_log.append(b) for b in batches))
        stored = await everything(audit_log)
        total = sum(len(b) for b in batches)
        assert sequences(stored) == list(range(1, total + 1))
        for batch in batches:  # a batch is stored contiguously, in order
            seqs = sequences(batch)
            assert seqs == list(range(seqs[0], seqs[0] + len(batch)))
        assert (await verify(audit_log)).checked == total
        assert (await verify(audit_log)).problem is None

    async def test_a_bad_append_fails_alone_among_concurrent_ones(self, audit_log):
        first = entry()
        await audit_log.append([first])
        batches = [[entry()] for _ in range(4)] + [[entry(id=first.id), entry(id=first.id)]]
        batches += [[entry(), entry()] for _ in range(4)]
        results = await asyncio.gather(
            *(audit_log.append(b) for b in batches), return_exceptions=True
        )
        fine = ["NoneType"] * 4
        assert [type(r).__name__ for r in results] == [*fine, "AlreadyExists", *fine]
        verifier = await verify(audit_log)
        assert verifier.problem is None and verifier.checked == 1 + 4 + 8


class TestReads:
    async def test_get_answers_none_for_absent_or_malformed_ids(self, audit_log):
        await audit_log.append([entry()])
        assert await audit_log.get(_ids.new_id()) is None
        assert await audit_log.get("nope") is None
        assert await audit_log.get("") is None

    async def test_find_applies_each_filter(self, audit_log):
        ws, alice = _ids.new_id(), _ids.new_id()
        es = [
            entry(user_id=alice, username="alice", workspace_id=ws, occurred_at=T0),
            entry(
                user_id=alice,
                username="alice",
                action="/a/Slow",
                outcome=Outcome.ERROR,
                status_code="INTERNAL",
                duration_ms=900,
                occurred_at=T0 + MINUTE,
            ),
            entry(username="bob", workspace_id=ws, request_id="r-1", occurred_at=T0 + 2 * MINUTE),
            entry(
                outcome=Outcome.UNAUTHENTICATED,
                status_code="UNAUTHENTICATED",
                occurred_at=T0 + 3 * MINUTE,
            ),
        ]
        await audit_log.append(es)

        async def ids(**kw: Any) -> list[int | None]:
            return sequences(await audit_log.find(AuditFilter(**kw), None, 100))

        assert await ids() == [4, 3, 2, 1]
        assert await ids(user_id=alice) == [2, 1]
        assert await ids(user_id=alice.upper()) == [2, 1]
        assert await ids(user_id="malformed") == []
        assert await ids(username="bob") == [3]
        assert await ids(workspace_id=ws) == [3, 1]
        assert await ids(workspace_id=ws, user_id=alice) == [1]
        assert await ids(action="/a/Slow") == [2]
        assert await ids(outcomes=(Outcome.ERROR, Outcome.UNAUTHENTICATED)) == [4, 2]
        assert await ids(start=T0 + MINUTE) == [4, 3, 2]
        assert await ids(end=T0 + MINUTE) == [1]
        assert await ids(start=T0 + MINUTE, end=T0 + 3 * MINUTE) == [3, 2]
        assert await ids(request_id="r-1") == [3]
        assert await ids(min_duration_ms=900) == [2]
        assert await ids(min_duration_ms=901) == []

    async def test_find_pages_by_keyset_newest_first(self, audit_log):
        ws = _ids.new_id()
        await audit_log.append([entry(workspace_id=ws if i % 2 else None) for i in range(11)])
        pages, after = [], None
        while page := await audit_log.find(AuditFilter(workspace_id=ws), after, 2):
            pages.append(sequences(page))
            after = (page[-1].sequence,)
        assert pages == [[10, 8], [6, 4], [2]]
        with pytest.raises(InvalidArgument):
            await audit_log.find(AuditFilter(), ("not a number",), 2)

    async def test_summarize_groups_by_action_slowest_first(self, audit_log):
        await audit_log.append(
            [
                entry(action="/a/Fast", duration_ms=1),
                entry(action="/a/Fast", duration_ms=4),
                entry(action="/a/Slow", duration_ms=1000, outcome=Outcome.ERROR),
                entry(action="/a/Slow", duration_ms=500),
                entry(action="/a/Slow", duration_ms=0, outcome=Outcome.PERMISSION_DENIED),
                entry(action="/a/Other", duration_ms=4, username="zed"),
            ]
        )
        got = await audit_log.summarize(AuditFilter())
        assert [(s.action, s.count, s.error_count, s.max_duration_ms) for s in got] == [
            ("/a/Slow", 3, 2, 1000),
            ("/a/Other", 1, 0, 4),
            ("/a/Fast", 2, 0, 4),
        ]
        assert [s.avg_duration_ms for s in got] == pytest.approx([500.0, 4.0, 2.5])
        slow = await audit_log.summarize(AuditFilter(min_duration_ms=100))
        assert [(s.action, s.count, s.error_count) for s in slow] == [("/a/Slow", 2, 1)]
        assert await audit_log.summarize(AuditFilter(username="nobody")) == []

    async def test_activity_counts_events_and_errors_per_utc_hour(self, audit_log):
        plus5 = timezone(timedelta(hours=5))
        await audit_log.append(
            [
                entry(occurred_at=T0 + 70 * MINUTE, outcome=Outcome.ERROR),
                entry(occurred_at=T0 + 5 * MINUTE),
                entry(occurred_at=(T0 + 59 * MINUTE).astimezone(plus5), outcome=Outcome.ERROR),
                entry(occurred_at=T0 + 61 * MINUTE, outcome=Outcome.PERMISSION_DENIED),
                entry(occurred_at=T0 + 300 * MINUTE, username="late"),
            ]
        )
        got = await audit_log.activity(AuditFilter())
        assert [(b.hour, b.events, b.errors) for b in got] == [
            (T0, 2, 1),
            (T0 + 60 * MINUTE, 2, 1),
            (T0 + 300 * MINUTE, 1, 0),
        ]
        assert all(b.hour.utcoffset() == timedelta(0) for b in got)
        narrowed = await audit_log.activity(AuditFilter(start=T0 + 60 * MINUTE, username="late"))
        assert [(b.hour, b.events) for b in narrowed] == [(T0 + 300 * MINUTE, 1)]

    async def test_scan_walks_in_ascending_sequence(self, audit_log):
        await audit_log.append([entry() for _ in range(5)])
        assert sequences(await audit_log.scan(0, 2)) == [1, 2]
        assert sequences(await audit_log.scan(2, 10)) == [3, 4, 5]
        assert await audit_log.scan(5, 10) == []


def purge_entry() -> AuditEntry:
    return entry(action=PURGE_ACTION, username="operator", resource="2025-01-02", request={})


class TestPurge:
    async def test_purge_removes_a_prefix_and_keeps_the_chain_verifiable(self, audit_log):
        times = [-30, -20, -10, 5, -5, 10]  # minutes from T0; not strictly in time order
        await audit_log.append([entry(occurred_at=T0 + m * MINUTE) for m in times])
        third = (await audit_log.scan(2, 1))[0]
        record = purge_entry()
        assert await audit_log.purge(T0, record) == 3  # 4 (at T0+5) is the first kept
        remaining = await everything(audit_log)
        assert sequences(remaining) == [4, 5, 6, 7]  # 5 is older than T0, but not in the prefix
        assert remaining[-1] == record
        assert record.action == PURGE_ACTION and record.sequence == 7
        assert record.request == {
            "before": T0.isoformat(),
            "deleted": 3,
            "anchor_sequence": 3,
            "anchor_hash": third.hash,
        }
        assert await audit_log.purge_anchors() == {3: third.hash}
        verifier = await verify(audit_log)
        assert verifier.problem is None and verifier.checked == 4
        assert ChainVerifier().feed(remaining[0]) is False  # without the anchor: a gap
        assert await audit_log.get(third.id) is None

    async def test_later_appends_and_purges_chain_on(self, audit_log):
        await audit_log.append([entry(occurred_at=T0 + m * MINUTE) for m in (-2, -1, 1, 2)])
        assert await audit_log.purge(T0, purge_entry()) == 2
        await audit_log.append([entry(occurred_at=T0 + 3 * MINUTE)])
        assert await audit_log.purge(T0 + 2 * MINUTE, purge_entry()) == 1  # 3 goes
        assert sequences(await everything(audit_log)) == [4, 5, 6, 7]
        assert sorted(await audit_log.purge_anchors()) == [2, 3]
        assert (await verify(audit_log)).problem is None

    async def test_purging_everything_or_nothing(self, audit_log):
        await audit_log.append([entry(occurred_at=T0 - MINUTE) for _ in range(3)])
        nothing = purge_entry()
        assert await audit_log.purge(T0 - timedelta(days=1), nothing) == 0
        assert nothing.request["anchor_sequence"] is None and nothing.sequence == 4
        everything_ = purge_entry()
        assert await audit_log.purge(T0 + timedelta(days=1), everything_) == 4
        assert sequences(await everything(audit_log)) == [5]
        assert everything_.request["anchor_sequence"] == 4
        assert everything_.prev_hash == nothing.hash
        assert (await verify(audit_log)).problem is None

    async def test_purge_on_an_empty_log_records_itself(self, audit_log):
        record = purge_entry()
        assert await audit_log.purge(T0, record) == 0
        assert sequences(await everything(audit_log)) == [1]
        assert record.prev_hash == GENESIS
        assert (await verify(audit_log)).problem is None


async def test_an_unreachable_database_is_unavailable():
    engine = create_engine("postgresql://nobody@127.0.0.1:1/strata", connect_timeout=1)
    log = SqlaAuditLog(engine)
    try:
        with pytest.raises(Unavailable):
            await log.append([entry()])
        with pytest.raises(Unavailable):
            await log.find(AuditFilter(), None, 10)
        with pytest.raises(Unavailable):
            await log.purge(T0, purge_entry())
    finally:
        await engine.dispose()
