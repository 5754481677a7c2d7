"""Digest delivery: pending moves once, to sent or to failed with a reason."""

from __future__ import annotations

import pytest

from domain.content.digest_model import DigestStatus
from domain.content.digest_values import NewDigestItem
from domain.content.items import NewContent
from domain.kernel.errors import FailedPrecondition, InvalidArgument
from tests.unit.domain.content_kit import C
from tests.unit.domain.digests_kit import D


@pytest.fixture
def d(uow, clock) -> D:
    return D.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "studio")


@pytest.fixture
async def items(uow, clock, alice, ws) -> list[str]:
    c = C.over(uow, clock)
    return [(await c.create.execute(alice.principal, NewContent(ws.id, "T"))).id]


async def test_delivery_moves_only_from_pending(d, alice, ws, items) -> None:
    sent = (await d.create.execute(alice.principal, ws.id, "", "2026-11-29")).digest
    failed = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    done = await d.mark.execute(alice.principal, ws.id, sent.id, DigestStatus.SENT)
    assert done.digest.status == DigestStatus.SENT and done.digest.delivered_at is not None
    gone = await d.mark.execute(alice.principal, ws.id, failed.id, DigestStatus.FAILED, "bounced")
    assert (gone.digest.status, gone.digest.failure_reason) == (DigestStatus.FAILED, "bounced")
    for digest_id, outcome, reason in (
        (sent.id, DigestStatus.FAILED, "x"),
        (failed.id, DigestStatus.SENT, ""),
    ):
        with pytest.raises(FailedPrecondition):
            await d.mark.execute(alice.principal, ws.id, digest_id, outcome, reason)
    with pytest.raises(FailedPrecondition):
        await d.add_items.execute(alice.principal, ws.id, sent.id, (NewDigestItem(items[0], 1),))


@pytest.mark.parametrize(
    ("outcome", "reason", "field"),
    [
        (None, "", "status"),
        (DigestStatus.PENDING, "", "status"),
        (DigestStatus.FAILED, "", "failure_reason"),
        (DigestStatus.SENT, "why", "failure_reason"),
        (DigestStatus.FAILED, "r" * 1001, "failure_reason"),
    ],
)
async def test_a_delivery_outcome_must_say_sent_or_failed_with_a_reason(
    d, alice, ws, outcome, reason, field
) -> None:
    digest = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    with pytest.raises(InvalidArgument) as err:
        await d.mark.execute(alice.principal, ws.id, digest.id, outcome, reason)
    assert err.value.violations[0].field == field
