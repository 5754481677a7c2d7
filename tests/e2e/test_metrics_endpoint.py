"""The /metrics endpoint of a running server: RPC and database figures move with traffic."""

from __future__ import annotations

import asyncio
import re
import urllib.request

import pytest

from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import Harness

pytestmark = [pytest.mark.e2e]


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode())


def _value(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


async def test_scraped_figures_move_with_calls(harness: Harness) -> None:
    http = harness.container.metrics().start_http("127.0.0.1:0")
    try:
        method = "/strata.v1.IdentityService/WhoAmI"
        before = await asyncio.to_thread(_scrape, http.port)
        for _ in range(3):
            await harness.identity.WhoAmI(pb.WhoAmIRequest(), metadata=harness.root.md)
        after = await asyncio.to_thread(_scrape, http.port)
    finally:
        await asyncio.to_thread(http.shutdown)
    calls = "strata_rpc_requests_total"
    assert (
        _value(after, calls, method=method, code="OK")
        - _value(before, calls, method=method, code="OK")
        == 3
    )
    count = "strata_rpc_duration_seconds_count"
    assert _value(after, count, method=method) - _value(before, count, method=method) == 3
    assert _value(after, "strata_rpc_in_flight", method=method) == 0
    if harness.container.config.storage() == "postgres":
        queries = "db_query_duration_seconds_count"
        assert _value(after, queries, operation="select") > _value(
            before, queries, operation="select"
        )
        assert re.search(r"^db_pool_size(\{.*\})? \d", after, re.M)
