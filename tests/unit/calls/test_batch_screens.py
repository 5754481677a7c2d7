"""A batch of repeated messages is screened column by column; a batch with any bad element
is still walked, so every violation is named by its element's place and field."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import struct_pb2

from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.validation import check_request
from entrypoints.grpc.validation.screens import screen_for
from strata.v1 import analytics_pb2 as pb

WORKSPACE = "01938f3e-0000-7000-8000-000000000001"
EVENT_ID = "01938f3e-0000-7000-8000-0000000000aa"


def _good() -> pb.Event:
    metadata = struct_pb2.Struct()
    metadata.update({"source": "test", "n": 3})
    event = pb.Event(event_id=EVENT_ID, event_type="t", event_category="c", workload_id="w")
    event.metrics.add(name="latency_ms", value=1.5, unit="ms")
    event.dimensions["region"] = "eu"
    event.metadata.CopyFrom(metadata)
    event.timestamp.FromSeconds(1_700_000_000)
    return event


def _nan_metadata(e: pb.Event) -> None:
    e.metadata.fields["x"].number_value = float("nan")


BAD: list[tuple[Any, str]] = [
    (lambda e: setattr(e, "event_id", "not-a-uuid"), "events[7].event_id"),
    (lambda e: setattr(e, "workload_id", "w\x00"), "events[7].workload_id"),
    (lambda e: setattr(e, "event_type", "t" * 129), "events[7].event_type"),
    (lambda e: e.metrics.add(name="m", value=float("inf")), "events[7].metrics[1].value"),
    (lambda e: e.metrics.add(name="m" * 129, value=1.0), "events[7].metrics[1].name"),
    (lambda e: e.dimensions.__setitem__("k", "v\x00"), "events[7].dimensions.k"),
    (lambda e: [e.metrics.add(name="m") for _ in range(64)], "events[7].metrics"),
    (_nan_metadata, "events[7].metadata.x"),
    (lambda e: setattr(e.timestamp, "nanos", -1), "events[7].timestamp"),
]


def test_a_batch_of_valid_events_passes_the_screen() -> None:
    screen = screen_for(pb.Event.DESCRIPTOR)
    assert screen is not None
    events = [_good() for _ in range(20)]
    assert screen(events)
    check_request(pb.IngestEventsRequest(workspace_id=WORKSPACE, events=events))


@pytest.mark.parametrize(("spoil", "field"), BAD)
def test_one_bad_event_among_many_is_named_by_place_and_field(spoil: Any, field: str) -> None:
    events = [_good() for _ in range(20)]
    spoil(events[7])
    assert not screen_for(pb.Event.DESCRIPTOR)(events)  # type: ignore[misc]
    with pytest.raises(InvalidArgument) as refused:
        check_request(pb.IngestEventsRequest(workspace_id=WORKSPACE, events=events))
    assert [v.field for v in refused.value.violations] == [field]
