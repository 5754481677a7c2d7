"""Digests and digest items: one contract, run against memory and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from domain.content.digest_model import Digest, DigestItem, DigestStatus
from domain.kernel.errors import Aborted, AlreadyExists
from ports.content.digests import DigestFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.digests_kit import DigestKit, digest_kit


@pytest.fixture
async def kit(make: Any, seed: Any, uow_factory: UnitOfWorkFactory) -> DigestKit:
    return await digest_kit(make, seed, uow_factory)


DAY = date(2026, 11, 30)


def _digest(kit: DigestKit, day: date = DAY, user: Any = None) -> Digest:
    now = kit.make.t0
    return Digest(kit.make.id(), kit.ws.id, (user or kit.users[0]).id, day, now, now)


def _item(kit: DigestKit, digest: Digest, n: int, rank: int) -> DigestItem:
    content = kit.items[n].id
    return DigestItem(kit.make.id(), kit.ws.id, digest.id, content, rank, 0.5, "r", kit.make.t0)


async def _create(uow_factory: UnitOfWorkFactory, digest: Digest) -> str:
    async with uow_factory() as uow:
        stored = await uow.digests.add(digest)
        await uow.commit()
    return str(stored)


async def test_concurrent_creates_of_one_users_day_keep_one_digest(uow_factory, kit) -> None:
    tries = [_digest(kit) for _ in range(8)]
    stored = await asyncio.gather(*(_create(uow_factory, d) for d in tries))
    assert len(set(stored)) == 1 and stored[0] in {d.id for d in tries}
    async with uow_factory(read_only=True) as uow:
        listed = await uow.digests.find(DigestFilter(kit.ws.id, kit.users[0].id), None, 10)
    assert [d.id for d in listed] == [stored[0]]


async def test_a_create_waiting_on_an_uncommitted_one_returns_it(uow_factory, kit) -> None:
    first, second = _digest(kit), _digest(kit)
    async with uow_factory() as uow:
        assert await uow.digests.add(first) == first.id
        waiting = asyncio.create_task(_create(uow_factory, second))
        await uow.commit()
    assert await asyncio.wait_for(waiting, timeout=30) == first.id


async def test_a_digest_reads_back_only_in_its_workspace(uow_factory, kit) -> None:
    digest = _digest(kit)
    await _create(uow_factory, digest)
    async with uow_factory(read_only=True) as uow:
        got = await uow.digests.get(kit.ws.id, digest.id)
        assert got is not None
        assert (got.user_id, got.digest_date, got.status) == (
            digest.user_id,
            DAY,
            DigestStatus.PENDING,
        )
        assert await uow.digests.get(kit.other_ws.id, digest.id) is None
        assert await uow.digests.get(kit.ws.id, "not-a-uuid") is None


async def test_a_delivery_is_written_only_over_the_expected_version(uow_factory, kit) -> None:
    digest = _digest(kit)
    await _create(uow_factory, digest)
    sent = replace(digest, status=DigestStatus.SENT, delivered_at=kit.make.t0, version=2)
    async with uow_factory() as uow:
        await uow.digests.update(sent, 1)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(Aborted):
            await uow.digests.update(replace(sent, failure_reason="x", version=3), 1)
    async with uow_factory(read_only=True) as uow:
        got = await uow.digests.get(kit.ws.id, digest.id)
    assert got is not None and (got.status, got.version) == (DigestStatus.SENT, 2)


async def test_a_users_digests_page_newest_day_first_by_status(uow_factory, kit) -> None:
    days = [date(2026, 11, n) for n in range(1, 6)]
    made = [_digest(kit, day) for day in days]
    made[1] = replace(made[1], status=DigestStatus.FAILED, delivered_at=kit.make.t0)
    for digest in [*made, _digest(kit, days[0], kit.users[1])]:
        await _create(uow_factory, digest)
    async with uow_factory(read_only=True) as uow:
        filt = DigestFilter(kit.ws.id, kit.users[0].id)
        first = await uow.digests.find(filt, None, 2)
        rest = await uow.digests.find(filt, (first[-1].digest_date, first[-1].id), 10)
        failed = await uow.digests.find(replace(filt, status=DigestStatus.FAILED), None, 10)
    assert [d.digest_date for d in first + rest] == days[::-1]
    assert [d.id for d in failed] == [made[1].id]


async def test_items_come_in_rank_order_and_a_taken_rank_stores_none_of_a_batch(
    uow_factory, kit
) -> None:
    digest = _digest(kit)
    await _create(uow_factory, digest)
    async with uow_factory() as uow:
        await uow.digest_items.add([_item(kit, digest, 0, 3), _item(kit, digest, 1, 1)])
        await uow.commit()
    for clash in ([_item(kit, digest, 2, 2), _item(kit, digest, 3, 3)], [_item(kit, digest, 0, 4)]):
        with pytest.raises(AlreadyExists):
            async with uow_factory() as uow:
                await uow.digest_items.add(clash)
                await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.digest_items.of_digest(kit.ws.id, digest.id)
        assert await uow.digest_items.of_digest(kit.other_ws.id, digest.id) == []
        assert await uow.digest_items.get(kit.ws.id, stored[0].id) == stored[0]
    assert [(i.rank, i.content_item_id) for i in stored] == [
        (1, kit.items[1].id),
        (3, kit.items[0].id),
    ]


async def test_a_deleted_content_item_leaves_the_digests_that_held_it(uow_factory, kit) -> None:
    digest = _digest(kit)
    await _create(uow_factory, digest)
    async with uow_factory() as uow:
        await uow.digest_items.add([_item(kit, digest, 0, 1), _item(kit, digest, 1, 2)])
        await uow.content_items.delete(kit.ws.id, kit.items[0].id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        held = await uow.digest_items.of_digest(kit.ws.id, digest.id)
        got = await uow.digests.get(kit.ws.id, digest.id)
    assert [i.content_item_id for i in held] == [kit.items[1].id]
    assert got is not None and got.item_count == 1
