"""Feed sessions expire on the memory and PostgreSQL adapters: past its lifetime a
session's token is refused, and the purge deletes expired sessions with their ledgers,
batch by batch, leaving live ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.system.basics import Uuid7Generator
from adapters.system.page_tokens import HmacTokenSigner
from domain.content.deps import ContentDeps
from domain.content.feed import FeedPage
from domain.content.feed_lifetime import PurgeExpiredFeedSessions
from domain.kernel.errors import InvalidArgument
from tests.contract.engagement_kit import Engagement, principal

HOURS = 24


@pytest.fixture
async def e(uow_factory, make, seed) -> Engagement:
    return await Engagement(make, uow_factory).seed(seed)


def _purge(e: Engagement, batch: int) -> PurgeExpiredFeedSessions:
    signer = HmacTokenSigner(b"engagement")
    deps = ContentDeps(e.uow, e.clock, Uuid7Generator(), signer)
    return PurgeExpiredFeedSessions(deps, HOURS, batch)


async def _started(e: Engagement, people: list) -> list[FeedPage]:
    """A session for each person, with two items in its ledger and a token to go on."""
    pages = [await e.feed.execute(principal(p), e.ws.id, "", 2, "") for p in people]
    assert all(p.next_token for p in pages)
    return pages


async def test_a_session_continues_within_its_lifetime_and_is_refused_after(e) -> None:
    await e.items(8)
    (first,) = await _started(e, [e.bob])
    e.clock.at += timedelta(hours=HOURS - 1)
    page = await e.feed.execute(principal(e.bob), e.ws.id, "", 2, first.next_token)
    assert len(page.entries) == 2
    e.clock.at += timedelta(hours=1)
    with pytest.raises(InvalidArgument) as exc:
        await e.feed.execute(principal(e.bob), e.ws.id, "", 2, page.next_token)
    (violation,) = exc.value.violations
    assert violation.field == "page_token"
    assert "expired" in violation.description and "new session" in violation.description
    again = await e.feed.execute(principal(e.bob), e.ws.id, "", 2, "")
    assert len(again.entries) == 2


async def test_the_purge_deletes_expired_sessions_in_batches_and_keeps_live_ones(e) -> None:
    await e.items(12)
    old = await _started(e, [e.bob, e.alice, e.admin, e.viewer, e.bob])
    e.clock.at += timedelta(hours=HOURS + 1)
    (live,) = await _started(e, [e.bob])
    assert await _purge(e, batch=2).execute() == len(old)
    assert await _purge(e, batch=2).execute() == 0
    page = await e.feed.execute(principal(e.bob), e.ws.id, "", 2, live.next_token)
    assert len(page.entries) == 2
    with pytest.raises(InvalidArgument) as exc:
        await e.feed.execute(principal(e.bob), e.ws.id, "", 2, old[0].next_token)
    assert "expired" in exc.value.violations[0].description


@pytest.mark.postgres
@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_a_purged_session_goes_with_its_ledger_rows(e, clean_db: AsyncEngine) -> None:
    await e.items(6)
    first = await e.feed.execute(principal(e.bob), e.ws.id, "", 3, "")
    e.clock.at += timedelta(hours=HOURS + 1)
    (live,) = await _started(e, [e.alice])
    assert await _ledger(clean_db) == {first.session_id: 3, live.session_id: 2}
    assert await _purge(e, batch=10).execute() == 1
    assert await _ledger(clean_db) == {live.session_id: 2}
    async with e.uow() as uow:
        assert await uow.feeds.session(e.ws.id, e.bob.id, first.session_id) is None


async def _ledger(engine: AsyncEngine) -> dict[str, int]:
    sql = "SELECT session_id::text, count(*) FROM content_feed_served GROUP BY 1"
    async with engine.connect() as conn:
        return {s: n for s, n in (await conn.exec_driver_sql(sql)).all()}
