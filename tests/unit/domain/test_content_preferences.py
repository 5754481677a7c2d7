"""Model versions and preference weights: recorded once, replaced by version, read latest."""

from __future__ import annotations

import math

import pytest

from domain.content.preference_model import PreferenceWeight
from domain.kernel.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    PermissionDenied,
)
from domain.kernel.roles import Role
from tests.unit.domain.digests_kit import D

W = PreferenceWeight


@pytest.fixture
def d(uow, clock) -> D:
    return D.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "studio")


async def test_a_version_recorded_again_with_its_metrics_is_returned_and_with_others_refused(
    d, alice, ws
) -> None:
    first = await d.record_version.execute(alice.principal, ws.id, "v1", {"ndcg": {"at10": 0.4}})
    again = await d.record_version.execute(alice.principal, ws.id, "v1", {"ndcg": {"at10": 0.4}})
    assert again == first
    with pytest.raises(AlreadyExists):
        await d.record_version.execute(alice.principal, ws.id, "v1", {"ndcg": {"at10": 0.5}})


@pytest.mark.parametrize(
    ("metrics", "field"),
    [
        ({"auc": "high"}, "metrics.auc"),
        ({"auc": True}, "metrics.auc"),
        ({"auc": None}, "metrics.auc"),
        ({"auc": [0.1, math.inf]}, "metrics.auc[1]"),
    ],
)
async def test_metrics_hold_finite_numbers_only(d, alice, ws, metrics, field) -> None:
    with pytest.raises(InvalidArgument) as err:
        await d.record_version.execute(alice.principal, ws.id, "v1", metrics)
    assert err.value.violations[0].field == field


async def test_only_admins_record_versions(d, world, alice, ws) -> None:
    bob = await world.member(ws, alice, "bob", Role.MEMBER)
    with pytest.raises(PermissionDenied):
        await d.record_version.execute(bob.principal, ws.id, "v1", {})


async def test_versions_list_newest_first_on_pages(d, alice, ws, clock) -> None:
    for n in range(5):
        await d.record_version.execute(alice.principal, ws.id, f"v{n}", {"n": n})
        clock.advance(1)
    seen, token = [], ""
    while True:
        page = await d.list_versions.execute(alice.principal, ws.id, 2, token)
        seen += [m.version for m in page.items]
        if not (token := page.next_token):
            break
    assert seen == ["v4", "v3", "v2", "v1", "v0"]


async def test_weights_need_a_recorded_version(d, alice, ws) -> None:
    with pytest.raises(FailedPrecondition):
        await d.set_weights.execute(alice.principal, ws.id, "", "v9", (W("a", 1.0),))


async def test_setting_a_versions_weights_replaces_them_all_and_leaves_other_versions(
    d, alice, ws, clock
) -> None:
    await d.record_version.execute(alice.principal, ws.id, "v1", {})
    clock.advance(1)
    await d.record_version.execute(alice.principal, ws.id, "v2", {})
    await d.set_weights.execute(alice.principal, ws.id, "", "v1", (W("a", 1.0), W("b", 2.0)))
    await d.set_weights.execute(alice.principal, ws.id, "", "v2", (W("x", -1.0),))
    stored = await d.set_weights.execute(alice.principal, ws.id, "", "v1", (W("c", 3.0),))
    assert stored.weights == (W("c", 3.0),)
    latest = await d.get_weights.execute(alice.principal, ws.id, "", "")
    assert (latest.model_version, latest.weights) == ("v2", (W("x", -1.0),))
    v1 = await d.get_weights.execute(alice.principal, ws.id, "", "v1")
    assert v1.weights == (W("c", 3.0),)


async def test_the_latest_version_is_the_newest_holding_weights_for_the_user(
    d, alice, ws, clock
) -> None:
    assert (await d.get_weights.execute(alice.principal, ws.id, "", "")).weights == ()
    await d.record_version.execute(alice.principal, ws.id, "v1", {})
    await d.set_weights.execute(alice.principal, ws.id, "", "v1", (W("a", 1.0),))
    clock.advance(1)
    await d.record_version.execute(alice.principal, ws.id, "v2", {})
    assert (await d.get_weights.execute(alice.principal, ws.id, "", "")).model_version == "v1"


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ((W("", 1.0),), "weights[0].feature"),
        ((W("f" * 256, 1.0),), "weights[0].feature"),
        ((W("a", 1.0), W("a", 2.0)), "weights[1].feature"),
        ((W("a", math.nan),), "weights[0].weight"),
        ((W("a", 2e6),), "weights[0].weight"),
        (tuple(W(f"f{n}", 0.0) for n in range(1001)), "weights"),
    ],
)
async def test_bad_weights_are_refused_and_nothing_changes(d, alice, ws, weights, field) -> None:
    await d.record_version.execute(alice.principal, ws.id, "v1", {})
    await d.set_weights.execute(alice.principal, ws.id, "", "v1", (W("keep", 1.0),))
    with pytest.raises(InvalidArgument) as err:
        await d.set_weights.execute(alice.principal, ws.id, "", "v1", weights)
    assert err.value.violations[0].field == field
    assert (await d.get_weights.execute(alice.principal, ws.id, "", "v1")).weights == (
        W("keep", 1.0),
    )


async def test_members_set_their_own_weights_and_read_anyones(d, world, alice, ws) -> None:
    bob = await world.member(ws, alice, "bob", Role.MEMBER)
    await d.record_version.execute(alice.principal, ws.id, "v1", {})
    with pytest.raises(PermissionDenied):
        await d.set_weights.execute(bob.principal, ws.id, alice.principal.user_id, "v1", ())
    await d.set_weights.execute(alice.principal, ws.id, bob.principal.user_id, "v1", (W("a", 1.0),))
    read = await d.get_weights.execute(bob.principal, ws.id, "", "")
    assert read.weights == (W("a", 1.0),)
