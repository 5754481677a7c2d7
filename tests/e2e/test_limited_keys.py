"""A key limited to workspace A, held by a superuser who owns A and is a member of B, as a table
over every RPC of every service the server registers: OK inside A, NOT_FOUND for B's resources,
PERMISSION_DENIED for account, superuser and workspace-creation operations."""

from __future__ import annotations

import inspect

import pytest

from tests.e2e.harness import Harness
from tests.e2e.limited import table
from tests.e2e.limited.scene import Cast, invoke, make_cast, make_scene, services

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

TABLE = table()
CASES = [(rpc, label) for rpc, cases in TABLE.items() for label, _, _ in cases]


@pytest.fixture(scope="module")
async def cast(harness: Harness) -> Cast:
    return await make_cast(harness)


async def test_table_covers_every_rpc_the_server_registers(harness: Harness) -> None:
    assert set(TABLE) == {
        f"/{s.full_name}/{m.name}" for s in await services(harness) for m in s.methods
    }


@pytest.mark.parametrize(("rpc", "label"), CASES)
async def test_limited_key(harness: Harness, cast: Cast, rpc: str, label: str) -> None:
    scene = await make_scene(harness, cast)
    _, build, expected = next(case for case in TABLE[rpc] if case[0] == label)
    request = build(scene)
    if inspect.isawaitable(request):
        request = await request
    code = await invoke(harness, rpc, request, scene.key.md)
    assert code == expected, f"{rpc} {label}"
