"""The relay's mapping of outbox rows to events and calls, and its batches over the memory
adapters: delivered then removed, or left in the outbox while the store is down."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.analytics.store import InMemoryAnalyticsStore
from adapters.system.basics import Uuid7Generator
from domain.analytics.deps import AnalyticsDeps
from domain.analytics.model import NO_USER
from domain.analytics.relaying import RelayOutbox, call_of, event_of
from domain.audit.entry import AuditEntry, Outcome
from domain.kernel.errors import Unavailable
from entrypoints.runtime.analytics_relay import backoff_seconds
from ports.analytics import OutboxItem
from tests.unit.domain.conftest import PAGE_TOKENS, START

JOB = "0197a000-0000-7000-8000-000000000001"
WS = "0197a000-0000-7000-8000-000000000002"
OWNER = "0197a000-0000-7000-8000-000000000003"


def _job_item(to_status: str, started_at: str | None = None) -> OutboxItem:
    data = {
        "job_id": JOB,
        "seq": 3,
        "kind": "embed",
        "owner_id": OWNER,
        "started_at": started_at,
        "from_status": "running",
        "to_status": to_status,
        "progress": 0.5,
        "detail": {},
    }
    return OutboxItem(7, "job_events", "0197a000-0000-7000-8000-0000000000e1", WS, START, data)


def test_a_job_event_is_the_event_of_its_job_and_owner() -> None:
    event = event_of(_job_item("running", (START - timedelta(seconds=4)).isoformat()))
    assert (event.event_type, event.event_category) == ("job.running", "jobs")
    assert (event.workload_id, event.user_id, event.workspace_id) == (JOB, OWNER, WS)
    assert event.dimensions == {"kind": "embed", "from_status": "running", "to_status": "running"}
    assert [(m.name, m.value) for m in event.metrics] == [("progress", 0.5)]


def test_a_terminal_event_carries_how_long_its_run_took() -> None:
    event = event_of(_job_item("completed", (START - timedelta(seconds=1.5)).isoformat()))
    assert [(m.name, m.value, m.unit) for m in event.metrics] == [
        ("progress", 0.5, ""),
        ("duration_ms", 1500.0, "ms"),
    ]


def test_a_job_that_never_started_has_no_duration() -> None:
    event = event_of(_job_item("cancelled"))
    assert [m.name for m in event.metrics] == ["progress"]


def test_an_audited_call_without_a_user_is_counted_for_no_user() -> None:
    data = {"user_id": None, "action": "/strata.v1.X/Y", "outcome": "error", "duration_ms": 9}
    call = call_of(OutboxItem(1, "audit", "0197a000-0000-7000-8000-0000000000c1", WS, START, data))
    assert (call.user_id, call.action, call.outcome, call.duration_ms) == (
        NO_USER,
        "/strata.v1.X/Y",
        "error",
        9,
    )


def test_the_pause_doubles_per_failure_up_to_its_cap() -> None:
    pauses = [backoff_seconds(1.0, failures, cap=8.0) for failures in range(6)]
    assert pauses == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


@pytest.fixture
def store(clock) -> InMemoryAnalyticsStore:
    return InMemoryAnalyticsStore(now=clock.now)


@pytest.fixture
def relay(uow, clock, store) -> RelayOutbox:
    deps = AnalyticsDeps(uow, store, clock, Uuid7Generator(), PAGE_TOKENS)
    return RelayOutbox(deps)


async def _audit_a_call(uow, world, alice) -> None:
    ws = await world.workspace(alice, "relayed")
    entry = AuditEntry(
        id=Uuid7Generator().new_id(),
        occurred_at=START + timedelta(seconds=1),
        action="/strata.v1.JobService/GetJob",
        outcome=Outcome.SUCCESS,
        status_code="OK",
        duration_ms=4,
        user_id=alice.user.id,
        workspace_id=ws.id,
    )
    async with uow() as u:
        await u.audit.append([entry])
        await u.commit()


async def test_a_batch_is_delivered_then_removed(uow, world, alice, relay) -> None:
    await _audit_a_call(uow, world, alice)
    first = await relay.execute(10)
    assert first.delivered.get("audit") == 1 and first.new >= 1 and not first.full
    assert (await relay.execute(10)).total == 0


async def test_a_store_that_is_down_leaves_the_batch_for_later(
    uow, world, alice, relay, store
) -> None:
    await _audit_a_call(uow, world, alice)
    store.reachable = False
    with pytest.raises(Unavailable):
        await relay.execute(10)
    store.reachable = True
    assert (await relay.execute(10)).delivered.get("audit") == 1
