"""Tenancy, keys, logins and the conventions every RPC follows, through real stubs."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import grpc
import pytest
from google.protobuf import field_mask_pb2, json_format
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from strata.v1 import common_pb2
from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import PASSWORD, Harness, error_info

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


async def _code(call: object) -> grpc.StatusCode:
    try:
        await call  # type: ignore[misc]
    except grpc.aio.AioRpcError as err:
        return err.code()
    return grpc.StatusCode.OK


async def test_member_of_one_workspace_gets_not_found_on_another(harness: Harness) -> None:
    a_owner, b_owner = await harness.new_user("a"), await harness.new_user("b")
    ws_a, ws_b = await harness.new_workspace(a_owner), await harness.new_workspace(b_owner)
    ident, md = harness.identity, a_owner.md
    calls = [
        ident.GetWorkspace(pb.GetWorkspaceRequest(id=ws_b), metadata=md),
        ident.ListMembers(pb.ListMembersRequest(workspace_id=ws_b), metadata=md),
        ident.AddMember(
            pb.AddMemberRequest(
                workspace_id=ws_b, user_id=a_owner.user_id, role=common_pb2.ROLE_OWNER
            ),
            metadata=md,
        ),
        ident.UpdateMemberRole(
            pb.UpdateMemberRoleRequest(
                workspace_id=ws_b, user_id=b_owner.user_id, role=common_pb2.ROLE_VIEWER
            ),
            metadata=md,
        ),
        ident.RemoveMember(
            pb.RemoveMemberRequest(workspace_id=ws_b, user_id=b_owner.user_id), metadata=md
        ),
        ident.UpdateWorkspace(
            pb.UpdateWorkspaceRequest(
                workspace=pb.Workspace(id=ws_b, name="mine"),
                update_mask=field_mask_pb2.FieldMask(paths=["name"]),
            ),
            metadata=md,
        ),
        ident.DeleteWorkspace(pb.DeleteWorkspaceRequest(id=ws_b), metadata=md),
        ident.CreateApiKey(pb.CreateApiKeyRequest(name="k", workspace_id=ws_b), metadata=md),
        ident.ListApiKeys(pb.ListApiKeysRequest(workspace_id=ws_b), metadata=md),
    ]
    for call in calls:
        assert await _code(call) == grpc.StatusCode.NOT_FOUND
    assert (
        await _code(ident.GetWorkspace(pb.GetWorkspaceRequest(id=ws_a), metadata=md))
        == grpc.StatusCode.OK
    )
    members = await ident.ListMembers(pb.ListMembersRequest(workspace_id=ws_b), metadata=b_owner.md)
    assert [m.user_id for m in members.members] == [b_owner.user_id]


async def test_key_limited_to_a_workspace_sees_no_other(harness: Harness) -> None:
    owner = await harness.new_user("lim")
    ws_a, ws_b = await harness.new_workspace(owner), await harness.new_workspace(owner)
    key = await harness.identity.CreateApiKey(
        pb.CreateApiKeyRequest(name="only-a", workspace_id=ws_a), metadata=owner.md
    )
    md = (("authorization", f"Bearer {key.secret}"),)
    assert (
        await _code(harness.identity.GetWorkspace(pb.GetWorkspaceRequest(id=ws_a), metadata=md))
        == grpc.StatusCode.OK
    )
    assert (
        await _code(harness.identity.GetWorkspace(pb.GetWorkspaceRequest(id=ws_b), metadata=md))
        == grpc.StatusCode.NOT_FOUND
    )
    listed = await harness.identity.ListWorkspaces(pb.ListWorkspacesRequest(), metadata=md)
    assert [w.id for w in listed.workspaces] == [ws_a]


async def _unauth_message(harness: Harness, key: str) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.identity.WhoAmI(
            pb.WhoAmIRequest(), metadata=(("authorization", f"Bearer {key}"),)
        )
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
    return str(info.value.details())


async def test_unknown_revoked_expired_and_deactivated_keys_fail_alike(harness: Harness) -> None:
    user = await harness.new_user("keys")
    revoked = await harness.identity.CreateApiKey(
        pb.CreateApiKeyRequest(name="r"), metadata=user.md
    )
    await harness.identity.RevokeApiKey(
        pb.RevokeApiKeyRequest(id=revoked.api_key.id), metadata=user.md
    )
    expiring = await harness.identity.CreateApiKey(
        pb.CreateApiKeyRequest(name="e", ttl={"seconds": 1}), metadata=user.md
    )
    await asyncio.sleep(1.2)
    messages = {
        await _unauth_message(harness, "sk_unknownkey1_" + "x" * 40),
        await _unauth_message(harness, "garbage"),
        await _unauth_message(harness, revoked.secret),
        await _unauth_message(harness, expiring.secret),
        await _unauth_message(harness, user.key[:-2] + "zz"),
    }
    assert len(messages) == 1
    await harness.identity.DeactivateUser(
        pb.DeactivateUserRequest(id=user.user_id), metadata=harness.root.md
    )
    assert await _unauth_message(harness, user.key) in messages


@pytest.fixture
def fresh_limiter(harness: Harness) -> Iterator[None]:
    yield
    harness.container.core.login_limiter().reset("peer:127.0.0.1")


@pytest.mark.usefixtures("fresh_limiter")
async def test_login_failures_are_rate_limited_and_indistinguishable(harness: Harness) -> None:
    user = await harness.new_user("rl")
    codes: list[grpc.StatusCode] = []
    messages: set[str] = set()
    for _ in range(5):
        for email in (user.email, f"ghost-{uuid.uuid4().hex[:6]}@example.com"):
            try:
                await harness.identity.Login(
                    pb.LoginRequest(email=email, password="wrong-password")
                )
            except grpc.aio.AioRpcError as err:
                codes.append(err.code())
                if err.code() == grpc.StatusCode.UNAUTHENTICATED:
                    messages.add(err.details())
    assert len(messages) == 1
    assert codes == [grpc.StatusCode.UNAUTHENTICATED] * 10
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.identity.Login(pb.LoginRequest(email=user.email, password=PASSWORD))
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    status = rpc_status.from_call(info.value)  # type: ignore[arg-type]
    retry = [d for d in status.details if d.Is(error_details_pb2.RetryInfo.DESCRIPTOR)]
    assert retry, "RESOURCE_EXHAUSTED carries a RetryInfo"
    info_pb = error_details_pb2.RetryInfo()
    retry[0].Unpack(info_pb)
    assert info_pb.retry_delay.seconds > 0


async def test_request_id_is_echoed_on_success_and_failure(harness: Harness) -> None:
    md = (*harness.root.md, ("x-request-id", "req-123"))
    call = harness.identity.WhoAmI(pb.WhoAmIRequest(), metadata=md)
    await call
    assert ("x-request-id", "req-123") in tuple(await call.trailing_metadata())
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.identity.GetUser(
            pb.GetUserRequest(id="nope"), metadata=(("x-request-id", "req-9"),)
        )
    assert ("x-request-id", "req-9") in tuple(info.value.trailing_metadata())
    made = harness.identity.WhoAmI(pb.WhoAmIRequest(), metadata=harness.root.md)
    await made
    assert any(k == "x-request-id" and v for k, v in await made.trailing_metadata())


async def test_stale_etag_is_aborted(harness: Harness) -> None:
    owner = await harness.new_user("etag")
    ws = await harness.new_workspace(owner)
    got = await harness.identity.GetWorkspace(pb.GetWorkspaceRequest(id=ws), metadata=owner.md)
    mask = field_mask_pb2.FieldMask(paths=["name"])
    await harness.identity.UpdateWorkspace(
        pb.UpdateWorkspaceRequest(
            workspace=pb.Workspace(id=ws, name="one", etag=got.workspace.etag), update_mask=mask
        ),
        metadata=owner.md,
    )
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.identity.UpdateWorkspace(
            pb.UpdateWorkspaceRequest(
                workspace=pb.Workspace(id=ws, name="two", etag=got.workspace.etag), update_mask=mask
            ),
            metadata=owner.md,
        )
    assert info.value.code() == grpc.StatusCode.ABORTED


async def test_create_with_same_request_id_returns_first_result(harness: Harness) -> None:
    owner = await harness.new_user("idem")
    req = pb.CreateWorkspaceRequest(
        name="Idem", slug=f"idem-{uuid.uuid4().hex[:8]}", request_id="r-1"
    )
    first = await harness.identity.CreateWorkspace(req, metadata=owner.md)
    again = await harness.identity.CreateWorkspace(req, metadata=owner.md)
    assert first.workspace.id == again.workspace.id


async def test_duplicate_slug_names_the_field(harness: Harness) -> None:
    owner = await harness.new_user("dup")
    slug = f"dup-{uuid.uuid4().hex[:8]}"
    await harness.identity.CreateWorkspace(
        pb.CreateWorkspaceRequest(name="A", slug=slug), metadata=owner.md
    )
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name="B", slug=slug), metadata=owner.md
        )
    assert info.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert error_info(info.value).metadata["fields"] == "slug"


async def test_preferences_are_merged_not_replaced(harness: Harness) -> None:
    user = await harness.new_user("prefs")

    async def update(paths: list[str], prefs: dict[str, object]) -> dict[str, object]:
        u = pb.User(id=user.user_id)
        u.preferences.update(prefs)
        r = await harness.identity.UpdateUser(
            pb.UpdateUserRequest(user=u, update_mask=field_mask_pb2.FieldMask(paths=paths)),
            metadata=user.md,
        )
        return json_format.MessageToDict(r.user.preferences)

    await update(["preferences"], {"theme": "dark", "notifications": {"email": True}})
    merged = await update(["preferences"], {"language": "en", "notifications": {"push": False}})
    assert merged == {
        "theme": "dark",
        "language": "en",
        "notifications": {"email": True, "push": False},
    }
    one = await update(["preferences.theme"], {"theme": "light", "language": "ignored"})
    assert one["theme"] == "light" and one["language"] == "en"


async def test_last_owner_cannot_leave_but_can_after_promoting_someone(harness: Harness) -> None:
    owner, other = await harness.new_user("o1"), await harness.new_user("o2")
    ws = await harness.new_workspace(owner)
    await harness.add(owner, ws, other, common_pb2.ROLE_ADMIN)
    leave = pb.RemoveMemberRequest(workspace_id=ws, user_id=owner.user_id)
    assert (
        await _code(harness.identity.RemoveMember(leave, metadata=owner.md))
        == grpc.StatusCode.FAILED_PRECONDITION
    )
    await harness.identity.UpdateMemberRole(
        pb.UpdateMemberRoleRequest(
            workspace_id=ws, user_id=other.user_id, role=common_pb2.ROLE_OWNER
        ),
        metadata=owner.md,
    )
    assert (
        await _code(harness.identity.RemoveMember(leave, metadata=owner.md)) == grpc.StatusCode.OK
    )


async def test_concurrent_demotions_keep_an_owner(harness: Harness) -> None:
    a, b = await harness.new_user("ca"), await harness.new_user("cb")
    ws = await harness.new_workspace(a)
    await harness.add(a, ws, b, common_pb2.ROLE_OWNER)
    demote_b = harness.identity.UpdateMemberRole(
        pb.UpdateMemberRoleRequest(workspace_id=ws, user_id=b.user_id, role=common_pb2.ROLE_ADMIN),
        metadata=a.md,
    )
    demote_a = harness.identity.UpdateMemberRole(
        pb.UpdateMemberRoleRequest(workspace_id=ws, user_id=a.user_id, role=common_pb2.ROLE_ADMIN),
        metadata=b.md,
    )
    codes = await asyncio.gather(_code(demote_a), _code(demote_b))
    members = await harness.identity.ListMembers(
        pb.ListMembersRequest(workspace_id=ws), metadata=harness.root.md
    )
    assert sum(m.role == common_pb2.ROLE_OWNER for m in members.members) == 1
    assert sorted(c.name for c in codes) in (
        ["FAILED_PRECONDITION", "OK"],
        ["OK", "PERMISSION_DENIED"],
    )


async def test_key_usage_is_recorded(harness: Harness) -> None:
    user = await harness.new_user("usage")
    me = await harness.identity.WhoAmI(pb.WhoAmIRequest(), metadata=user.md)
    assert me.api_key.HasField("last_used_time")
    assert me.api_key.expire_time.seconds - me.api_key.create_time.seconds == 12 * 3600


async def test_membership_changes_apply_to_the_very_next_read(harness: Harness) -> None:
    """Reads reuse recently checked standings; a change on this instance must not wait."""
    owner, reader = await harness.new_user("o"), await harness.new_user("r")
    ws = await harness.new_workspace(owner)
    get = pb.GetWorkspaceRequest(id=ws)
    ident = harness.identity
    assert await _code(ident.GetWorkspace(get, metadata=reader.md)) == grpc.StatusCode.NOT_FOUND
    await harness.add(owner, ws, reader, common_pb2.ROLE_VIEWER)
    for _ in range(2):  # the second read is answered from what the first one checked
        assert (await ident.GetWorkspace(get, metadata=reader.md)).workspace.id == ws
    rename = pb.UpdateWorkspaceRequest(
        workspace=pb.Workspace(id=ws, name="renamed"),
        update_mask=field_mask_pb2.FieldMask(paths=["name"]),
    )
    await ident.UpdateWorkspace(rename, metadata=owner.md)
    assert (await ident.GetWorkspace(get, metadata=reader.md)).workspace.name == "renamed"
    await ident.RemoveMember(
        pb.RemoveMemberRequest(workspace_id=ws, user_id=reader.user_id), metadata=owner.md
    )
    assert await _code(ident.GetWorkspace(get, metadata=reader.md)) == grpc.StatusCode.NOT_FOUND
