"""Model versions and preference weights: one contract, run against memory and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from domain.content.preference_model import ModelVersion, PreferenceWeight
from domain.kernel.errors import NotFound
from ports.uow import UnitOfWorkFactory
from tests.contract.content_kit import ContentKit

W = PreferenceWeight


@pytest.fixture
async def kit(make: Any, seed: Any) -> ContentKit:
    k = ContentKit(make)
    await seed(*k.entities())
    return k


async def _record(
    uow_factory: UnitOfWorkFactory, kit: ContentKit, name: str, n: int
) -> ModelVersion:
    version = ModelVersion(kit.ws.id, name, {"n": n}, kit.make.t0 + timedelta(minutes=n))
    async with uow_factory() as uow:
        stored = await uow.model_versions.add(version)
        await uow.commit()
    return stored


async def _replace(uow_factory, kit, version: str, weights, user: Any = None, fail: bool = False):
    async with uow_factory() as uow:
        user_id = (user or kit.users[0]).id
        await uow.preference_weights.replace(kit.ws.id, user_id, version, weights, kit.make.t0)
        if fail:
            raise RuntimeError("the unit of work ends without a commit")
        await uow.commit()


async def _weights(uow_factory, kit, version: str, user: Any = None) -> tuple[W, ...]:
    async with uow_factory(read_only=True) as uow:
        got = await uow.preference_weights.get(kit.ws.id, (user or kit.users[0]).id, version)
    return got.weights


async def test_a_version_is_kept_once_with_its_first_metrics(uow_factory, kit) -> None:
    first = await _record(uow_factory, kit, "v1", 1)
    again = await _record(uow_factory, kit, "v1", 2)
    assert again == first and again.metrics == {"n": 1}
    async with uow_factory(read_only=True) as uow:
        assert await uow.model_versions.get(kit.ws.id, "v1") == first
        assert await uow.model_versions.get(kit.other_ws.id, "v1") is None


async def test_versions_page_newest_first(uow_factory, kit) -> None:
    for n in range(5):
        await _record(uow_factory, kit, f"v{n}", n)
    async with uow_factory(read_only=True) as uow:
        first = await uow.model_versions.find(kit.ws.id, None, 2)
        rest = await uow.model_versions.find(
            kit.ws.id, (first[-1].created_at, first[-1].version), 9
        )
    assert [m.version for m in first + rest] == ["v4", "v3", "v2", "v1", "v0"]


async def test_weights_of_a_version_are_replaced_together_and_others_kept(uow_factory, kit) -> None:
    for n, name in enumerate(("v1", "v2")):
        await _record(uow_factory, kit, name, n)
    await _replace(uow_factory, kit, "v1", (W("b", 2.0), W("a", 1.0)))
    await _replace(uow_factory, kit, "v2", (W("x", -1.5),))
    await _replace(uow_factory, kit, "v1", (W("a", 1.0), W("c", 3.0)), user=kit.users[1])
    with pytest.raises(RuntimeError):
        await _replace(uow_factory, kit, "v1", (W("z", 9.0),), fail=True)
    assert await _weights(uow_factory, kit, "v1") == (W("a", 1.0), W("b", 2.0))
    await _replace(uow_factory, kit, "v1", (W("c", 3.0),))
    assert await _weights(uow_factory, kit, "v1") == (W("c", 3.0),)
    assert await _weights(uow_factory, kit, "v2") == (W("x", -1.5),)
    assert await _weights(uow_factory, kit, "v1", kit.users[1]) == (W("a", 1.0), W("c", 3.0))


async def test_features_sort_byte_by_byte(uow_factory, kit) -> None:
    await _record(uow_factory, kit, "v1", 1)
    given = (W("b", 1.0), W("B", 1.0), W("é", 1.0), W("a_", 1.0), W("a", 1.0))
    await _replace(uow_factory, kit, "v1", given)
    assert [w.feature for w in await _weights(uow_factory, kit, "v1")] == sorted(
        w.feature for w in given
    )


async def test_the_latest_version_is_the_newest_that_holds_the_users_weights(
    uow_factory, kit
) -> None:
    for n, name in enumerate(("v1", "v2", "v3")):
        await _record(uow_factory, kit, name, n)
    async with uow_factory(read_only=True) as uow:
        assert await uow.preference_weights.latest_version(kit.ws.id, kit.users[0].id) is None
    await _replace(uow_factory, kit, "v2", (W("a", 1.0),))
    await _replace(uow_factory, kit, "v1", (W("a", 1.0),))
    await _replace(uow_factory, kit, "v3", (W("a", 1.0),), user=kit.users[1])
    async with uow_factory(read_only=True) as uow:
        assert await uow.preference_weights.latest_version(kit.ws.id, kit.users[0].id) == "v2"
        weights = await uow.preference_weights.get(kit.ws.id, kit.users[0].id, "v2")
    assert weights.updated_at is not None and weights.model_version == "v2"


async def test_weights_need_a_recorded_version(uow_factory, kit) -> None:
    with pytest.raises(NotFound):
        await _replace(uow_factory, kit, "v9", (W("a", 1.0),))


async def test_concurrent_replaces_leave_one_whole_set(uow_factory, kit) -> None:
    await _record(uow_factory, kit, "v1", 1)
    sets = [tuple(W(f"f{n}-{k}", float(k)) for k in range(20)) for n in range(6)]
    await asyncio.gather(*(_replace(uow_factory, kit, "v1", given) for given in sets))
    assert await _weights(uow_factory, kit, "v1") in [
        tuple(sorted(s, key=lambda w: w.feature)) for s in sets
    ]
