"""A request's map fields reach its audit entry as JSON objects, as lists do as arrays."""

from __future__ import annotations

from entrypoints.grpc.audit.call_entries import request_json
from strata.v1 import analytics_pb2 as pb


def test_a_top_level_map_is_recorded_with_its_entries() -> None:
    request = pb.QueryEventsRequest(
        workspace_id="w", dimensions={"model": "small", "region": "eu"}, event_types=["a"]
    )
    assert request_json(request) == {
        "workspace_id": "w",
        "dimensions": {"model": "small", "region": "eu"},
        "event_types": ["a"],
    }
