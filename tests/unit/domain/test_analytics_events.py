"""Reading events: filtered, newest first, in pages with signed tokens bound to the query."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.analytics.model import EventFilter
from domain.kernel.errors import InvalidArgument
from tests.unit.domain.analytics_kit import A, event
from tests.unit.domain.conftest import PAGE_TOKENS, START

HOUR = timedelta(hours=1)


@pytest.fixture
def a(uow, clock) -> A:
    return A.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "analytics")


async def test_events_page_newest_first_with_signed_tokens(a, alice, ws) -> None:
    at = [START - i * HOUR for i in range(5)]
    await a.ingest.execute(alice.principal, ws.id, [event(at=t) for t in at])
    filt, seen, token = EventFilter(ws.id), [], ""
    while True:
        page = await a.events.execute(alice.principal, filt, 2, token)
        seen += [e.timestamp for e in page.items]
        if not (token := page.next_token):
            break
    assert seen == at


async def test_forged_or_foreign_page_tokens_are_refused(a, alice, ws) -> None:
    await a.ingest.execute(alice.principal, ws.id, [event(at=START - i * HOUR) for i in range(3)])
    page = await a.events.execute(alice.principal, EventFilter(ws.id), 1, "")
    other_filter = EventFilter(ws.id, event_types=("other",))
    forged = PAGE_TOKENS.sign(b'{"k": ["2025-01-01T00:00:00+00:00", "x"], "f": "0"}')
    for filt, token in (
        (other_filter, page.next_token),
        (EventFilter(ws.id), forged),
        (EventFilter(ws.id), page.next_token[:-2] + "xx"),
    ):
        with pytest.raises(InvalidArgument) as refused:
            await a.events.execute(alice.principal, filt, 1, token)
        assert refused.value.violations[0].field == "page_token"


async def test_event_filters_match_type_category_workload_and_dimensions(a, alice, ws) -> None:
    batch = [
        event(kind="a", event_category="x", dimensions={"model": "m1"}, at=START),
        event(kind="b", event_category="x", dimensions={"model": "m2"}, at=START),
        event(kind="a", event_category="y", workload="w2", at=START),
    ]
    await a.ingest.execute(alice.principal, ws.id, batch)

    async def count(**fields) -> int:
        page = await a.events.execute(alice.principal, EventFilter(ws.id, **fields), 50, "")
        return len(page.items)

    assert await count(event_types=("a",)) == 2
    assert await count(categories=("x",), dimensions=(("model", "m2"),)) == 1
    assert await count(workload_id="w2") == 1
    assert await count(start=START + HOUR) == 0
