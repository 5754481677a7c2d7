"""Reading the audit trail: who may, the example queries of seed 003, and paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf import timestamp_pb2

from strata.v1 import audit_pb2 as A
from strata.v1 import common_pb2
from strata.v1 import identity_pb2 as pb
from tests.e2e.audited.scene import Scene, entries, ident, make_scene, run
from tests.e2e.harness import Caller, Harness

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("auditee")


@pytest.fixture
async def scene(harness: Harness, owner: Caller) -> Scene:
    return await make_scene(harness, owner)


async def test_only_superusers_and_workspace_admins_read_the_trail(scene: Scene) -> None:
    h = scene.h
    member = await h.new_user("aud-member")
    await h.add(scene.owner, scene.ws, member, common_pb2.ROLE_MEMBER)
    stranger = await h.new_user("aud-stranger")
    other_ws = await h.new_workspace(stranger, "aud-other")
    await entries(scene)

    async def code(caller: Caller, **filters: Any) -> grpc.StatusCode:
        try:
            await scene.audit.ListAuditEntries(
                A.ListAuditEntriesRequest(**filters), metadata=caller.md
            )
        except grpc.aio.AioRpcError as err:
            return err.code()
        return grpc.StatusCode.OK

    assert await code(scene.owner, workspace_id=scene.ws) == grpc.StatusCode.OK
    assert await code(scene.owner) == grpc.StatusCode.PERMISSION_DENIED
    assert await code(member, workspace_id=scene.ws) == grpc.StatusCode.PERMISSION_DENIED
    assert await code(scene.owner, workspace_id=other_ws) == grpc.StatusCode.NOT_FOUND
    mine = await scene.audit.ListAuditEntries(
        A.ListAuditEntriesRequest(workspace_id=scene.ws, page_size=1000), metadata=scene.owner.md
    )
    assert mine.entries and {e.workspace_id for e in mine.entries} == {scene.ws}


def _ago(**delta: float) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(datetime.now(UTC) - timedelta(**delta))
    return out


async def test_seed_003_example_queries(scene: Scene) -> None:
    h = scene.h
    user = await h.new_user("seed3")
    for _ in range(2):
        await run(
            scene,
            lambda s, rid: h.identity.ListUsers(
                pb.ListUsersRequest(), metadata=(*user.md, ("x-request-id", rid))
            ),
        )
    await run(
        scene,
        lambda s, rid: h.identity.WhoAmI(
            pb.WhoAmIRequest(), metadata=(*user.md, ("x-request-id", rid))
        ),
    )
    await h.running.audit_writer.flush()
    failed = await entries(
        scene,
        username=user.email,
        start_time=_ago(hours=24),
        outcomes=[A.AUDIT_OUTCOME_ERROR, A.AUDIT_OUTCOME_PERMISSION_DENIED],
    )
    assert [e.action for e in failed] == ["/strata.v1.IdentityService/ListUsers"] * 2
    slow = await scene.audit.SummarizeAuditActions(
        A.SummarizeAuditActionsRequest(start_time=_ago(days=7), min_duration_ms=0),
        metadata=h.root.md,
    )
    assert slow.actions and slow.actions[0].avg_duration_ms >= slow.actions[-1].avg_duration_ms
    activity = await scene.audit.GetAuditActivity(
        A.GetAuditActivityRequest(user_id=user.user_id, start_time=_ago(hours=24)),
        metadata=h.root.md,
    )
    assert sum(b.events for b in activity.buckets) == 4  # Login, ListUsers twice, WhoAmI
    assert sum(b.errors for b in activity.buckets) == 0  # denials are not errors


async def test_entries_page_newest_first_without_repeats(scene: Scene) -> None:
    for _ in range(3):
        await run(scene, ident("WhoAmI"))
    await scene.h.running.audit_writer.flush()
    seen: list[int] = []
    token = ""
    for _ in range(3):
        page = await scene.audit.ListAuditEntries(
            A.ListAuditEntriesRequest(page_size=1, page_token=token), metadata=scene.h.root.md
        )
        seen.extend(e.sequence for e in page.entries)
        token = page.next_page_token
        assert token
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 3
