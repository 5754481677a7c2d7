"""The checkpoint store: one contract, run against the memory and PostgreSQL adapters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from adapters.memory.audit.checkpoints import InMemoryAuditCheckpoints
from adapters.postgres.audit.checkpoints import SqlaAuditCheckpoints
from domain.audit.checkpoint import AuditCheckpoint

AT = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Any:
    if request.param == "memory":
        return InMemoryAuditCheckpoints()
    return SqlaAuditCheckpoints(request.getfixturevalue("clean_db"))


async def test_an_empty_store_has_no_latest_checkpoint(store: Any) -> None:
    assert await store.latest() is None and await store.all() == []


async def test_checkpoints_come_back_as_stored_in_sequence_order(store: Any) -> None:
    signed = AuditCheckpoint(9, "b" * 64, AT + timedelta(minutes=1), "c" * 64)
    unsigned = AuditCheckpoint(4, "a" * 64, AT)
    assert await store.add(signed) and await store.add(unsigned)
    assert await store.all() == [unsigned, signed]
    assert await store.latest() == signed


async def test_a_second_checkpoint_of_a_sequence_is_not_stored(store: Any) -> None:
    first = AuditCheckpoint(4, "a" * 64, AT, "c" * 64)
    assert await store.add(first)
    assert not await store.add(AuditCheckpoint(4, "f" * 64, AT + timedelta(seconds=1)))
    assert await store.all() == [first]


async def test_the_time_keeps_its_microseconds_and_instant(store: Any) -> None:
    elsewhere = AT.astimezone(timezone(timedelta(hours=5)))
    await store.add(AuditCheckpoint(1, "a" * 64, elsewhere))
    (stored,) = await store.all()
    assert stored.taken_at == AT
    assert stored.message() == AuditCheckpoint(1, "a" * 64, AT).message()
