"""Content items: one contract, run against the memory and PostgreSQL adapters."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.postgres.content import counts
from domain.content.values import ContentSort, Visibility
from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from ports.content import ContentFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.content_kit import ContentKit


@pytest.fixture
async def kit(make: Any, seed: Any) -> ContentKit:
    k = ContentKit(make)
    await seed(*k.entities())
    return k


async def _add(uow_factory: UnitOfWorkFactory, *items: Any) -> None:
    async with uow_factory() as uow:
        for item in items:
            await uow.content_items.add(item)
        await uow.commit()


async def test_an_item_reads_back_whole_only_in_its_workspace(uow_factory, kit) -> None:
    item = kit.item(metadata={"a": [1, "x"], "b": {"c": None}}, quality_score=0.25)
    await _add(uow_factory, item)
    async with uow_factory(read_only=True) as uow:
        got = await uow.content_items.get(kit.ws.id, item.id)
        assert got is not None
        assert (got.title, got.metadata, got.tags, got.quality_score, got.origin) == (
            item.title,
            item.metadata,
            item.tags,
            0.25,
            item.origin,
        )
        assert await uow.content_items.get(kit.other_ws.id, item.id) is None
        assert await uow.content_items.get(kit.ws.id, "not-a-uuid") is None


async def test_an_item_needs_a_known_workspace_and_a_fresh_id(uow_factory, kit) -> None:
    with pytest.raises(NotFound):
        await _add(uow_factory, kit.item(workspace_id=kit.make.id()))
    item = kit.item()
    await _add(uow_factory, item)
    with pytest.raises(AlreadyExists):
        await _add(uow_factory, item)


async def test_update_writes_only_the_expected_version(uow_factory, kit) -> None:
    item = kit.item()
    await _add(uow_factory, item)
    async with uow_factory() as uow:
        item.title, item.version, item.visibility = "Renamed", 2, Visibility.PUBLIC
        await uow.content_items.update(item, 1)
        with pytest.raises(Aborted):
            await uow.content_items.update(item, 1)
        await uow.commit()
    async with uow_factory() as uow:
        got = await uow.content_items.get(kit.ws.id, item.id)
        assert got is not None and (got.title, got.version, got.visibility) == (
            "Renamed",
            2,
            Visibility.PUBLIC,
        )


async def test_delete_removes_only_in_its_workspace(uow_factory, kit) -> None:
    item = kit.item()
    await _add(uow_factory, item)
    async with uow_factory() as uow:
        assert not await uow.content_items.delete(kit.other_ws.id, item.id)
        assert await uow.content_items.delete(kit.ws.id, item.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.content_items.get(kit.ws.id, item.id) is None


async def test_a_kept_count_follows_every_write_to_the_workspace(uow_factory, kit) -> None:
    first, second = kit.item(), kit.item()
    await _add(uow_factory, first)
    everything = ContentFilter(kit.ws.id)
    for expected, write in ((2, "add"), (2, "update"), (1, "delete")):
        async with uow_factory() as uow:
            await uow.content_items.count(everything)
            await uow.commit()
        async with uow_factory() as uow:
            if write == "add":
                await uow.content_items.add(second)
            elif write == "update":
                second.version = 2
                await uow.content_items.update(second, 1)
            else:
                await uow.content_items.delete(kit.ws.id, first.id)
            await uow.commit()
        async with uow_factory() as uow:
            total = await uow.content_items.count(everything)
            assert (total.count, total.estimate) == (expected, False)
            found = await uow.content_items.find(everything, ContentSort.NEWEST, None, 10)
            assert len(found) == expected


@pytest.mark.postgres
@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_past_the_cap_a_count_is_a_flagged_estimate_kept_until_a_write(
    uow_factory, kit, monkeypatch
) -> None:
    monkeypatch.setattr(counts, "COUNT_CAP", 5)
    await _add(uow_factory, *(kit.item() for _ in range(12)))
    everything = ContentFilter(kit.ws.id)
    async with uow_factory() as uow:
        first = await uow.content_items.count(everything)
        await uow.commit()
    assert first.estimate and first.count > 5
    monkeypatch.setattr(counts, "COUNT_CAP", 100)
    async with uow_factory() as uow:
        assert await uow.content_items.count(everything) == first, "kept, not measured again"
        await uow.content_items.add(kit.item())
        await uow.commit()
    async with uow_factory() as uow:
        total = await uow.content_items.count(everything)
    assert (total.count, total.estimate) == (13, False)
