"""A streamed request's declared limits name elements by their place in the whole stream."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.validation import check_stream
from strata.v1 import analytics_pb2 as pb

WORKSPACE = "01938f3e-0000-7000-8000-000000000001"


def _events(n: int, bad_at: int | None = None) -> list[pb.Event]:
    events = [pb.Event(event_type="t") for _ in range(n)]
    if bad_at is not None:
        events[bad_at].metrics.add(name="m" * 129, value=1.0)
    return events


async def _stream(*batches: list[pb.Event]) -> AsyncIterator[pb.StreamEventsRequest]:
    for batch in batches:
        yield pb.StreamEventsRequest(workspace_id=WORKSPACE, events=batch)


async def test_a_bad_element_is_named_past_the_elements_earlier_messages_sent() -> None:
    passed = []
    with pytest.raises(InvalidArgument) as refused:
        async for request in check_stream(_stream(_events(3), _events(2), _events(4, 1))):
            passed.append(request)
    assert len(passed) == 2
    assert [v.field for v in refused.value.violations] == ["events[6].metrics[0].name"]


async def test_the_first_message_names_elements_as_they_are() -> None:
    with pytest.raises(InvalidArgument) as refused:
        async for _ in check_stream(_stream(_events(2, 1))):
            pass
    assert [v.field for v in refused.value.violations] == ["events[1].metrics[0].name"]
