"""The AnalyticsService end-to-end tests' fixtures: a memory server (the service's rules do
not depend on the store), its stub, and a workspace with its owner."""

from __future__ import annotations

import pytest

from strata.v1 import analytics_pb2_grpc
from tests.e2e.harness import Caller, Harness


@pytest.fixture(scope="module")
def storage() -> tuple[str, str | None]:
    return "memory", None


@pytest.fixture
def stub(harness: Harness) -> analytics_pb2_grpc.AnalyticsServiceStub:
    return analytics_pb2_grpc.AnalyticsServiceStub(harness.channel)


@pytest.fixture
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("analytics")


@pytest.fixture
async def ws(harness: Harness, owner: Caller) -> str:
    return await harness.new_workspace(owner, "analytics")
