"""The role ladder as a table over every IdentityService RPC."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2

from strata.v1 import common_pb2, identity_pb2
from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import PASSWORD, Caller, Harness

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

LADDER = ["outsider", "viewer", "member", "admin", "owner", "superuser"]
RANK = {name: i for i, name in enumerate(LADDER)}
OK = grpc.StatusCode.OK


@dataclass
class Scene:
    h: Harness
    ws: str
    people: dict[str, Caller]
    target: Caller
    target_key_id: str

    async def plain_user(self) -> str:
        email = f"plain-{uuid.uuid4().hex[:10]}@example.com"
        r = await self.h.identity.CreateUser(
            pb.CreateUserRequest(email=email), metadata=self.h.root.md
        )
        return str(r.user.id)


Call = Callable[[Scene, Caller], Awaitable[Any]]


async def _create_user(s: Scene, c: Caller) -> Any:
    email = f"new-{uuid.uuid4().hex[:10]}@example.com"
    return await s.h.identity.CreateUser(pb.CreateUserRequest(email=email), metadata=c.md)


async def _update_user(s: Scene, c: Caller) -> Any:
    user = pb.User(id=s.target.user_id, name="renamed")
    mask = field_mask_pb2.FieldMask(paths=["name"])
    return await s.h.identity.UpdateUser(
        pb.UpdateUserRequest(user=user, update_mask=mask), metadata=c.md
    )


async def _deactivate(s: Scene, c: Caller) -> Any:
    uid = await s.plain_user()
    return await s.h.identity.DeactivateUser(pb.DeactivateUserRequest(id=uid), metadata=c.md)


async def _oauth(s: Scene, c: Caller) -> Any:
    req = pb.UpsertOAuthUserRequest(
        provider="github", subject=uuid.uuid4().hex, email=f"gh-{uuid.uuid4().hex[:8]}@example.com"
    )
    return await s.h.identity.UpsertOAuthUser(req, metadata=c.md)


async def _update_ws(s: Scene, c: Caller) -> Any:
    ws = pb.Workspace(id=s.ws, name="Renamed")
    mask = field_mask_pb2.FieldMask(paths=["name"])
    return await s.h.identity.UpdateWorkspace(
        pb.UpdateWorkspaceRequest(workspace=ws, update_mask=mask), metadata=c.md
    )


async def _add_member(s: Scene, c: Caller) -> Any:
    uid = await s.plain_user()
    req = pb.AddMemberRequest(workspace_id=s.ws, user_id=uid, role=common_pb2.ROLE_MEMBER)
    return await s.h.identity.AddMember(req, metadata=c.md)


# rpc -> (who may call it, how to call it); "any" = every authenticated caller.
# Workspace RPCs answer NOT_FOUND to outsiders; RevokeApiKey answers NOT_FOUND to anyone
# who may not manage the key, so a key's existence never leaks.
TABLE: dict[str, tuple[str, Call]] = {
    "CreateUser": ("superuser", _create_user),
    "GetUser": (
        "superuser",
        lambda s, c: s.h.identity.GetUser(pb.GetUserRequest(id=s.target.user_id), metadata=c.md),
    ),
    "UpdateUser": ("superuser", _update_user),
    "DeactivateUser": ("superuser", _deactivate),
    "ListUsers": (
        "superuser",
        lambda s, c: s.h.identity.ListUsers(pb.ListUsersRequest(page_size=5), metadata=c.md),
    ),
    "Login": (
        "any",
        lambda s, c: s.h.identity.Login(pb.LoginRequest(email=c.email, password=PASSWORD)),
    ),
    "UpsertOAuthUser": ("superuser", _oauth),
    "CreateWorkspace": (
        "any",
        lambda s, c: s.h.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name="x", slug=f"x-{uuid.uuid4().hex[:12]}"), metadata=c.md
        ),
    ),
    "GetWorkspace": (
        "viewer",
        lambda s, c: s.h.identity.GetWorkspace(pb.GetWorkspaceRequest(id=s.ws), metadata=c.md),
    ),
    "ListWorkspaces": (
        "any",
        lambda s, c: s.h.identity.ListWorkspaces(pb.ListWorkspacesRequest(), metadata=c.md),
    ),
    "UpdateWorkspace": ("owner", _update_ws),
    "DeleteWorkspace": (
        "owner",
        lambda s, c: s.h.identity.DeleteWorkspace(
            pb.DeleteWorkspaceRequest(id=s.ws), metadata=c.md
        ),
    ),
    "AddMember": ("admin", _add_member),
    "UpdateMemberRole": (
        "admin",
        lambda s, c: s.h.identity.UpdateMemberRole(
            pb.UpdateMemberRoleRequest(
                workspace_id=s.ws, user_id=s.target.user_id, role=common_pb2.ROLE_VIEWER
            ),
            metadata=c.md,
        ),
    ),
    "RemoveMember": (
        "admin",
        lambda s, c: s.h.identity.RemoveMember(
            pb.RemoveMemberRequest(workspace_id=s.ws, user_id=s.target.user_id), metadata=c.md
        ),
    ),
    "ListMembers": (
        "viewer",
        lambda s, c: s.h.identity.ListMembers(
            pb.ListMembersRequest(workspace_id=s.ws), metadata=c.md
        ),
    ),
    "CreateApiKey": (
        "viewer",
        lambda s, c: s.h.identity.CreateApiKey(
            pb.CreateApiKeyRequest(name="k", workspace_id=s.ws), metadata=c.md
        ),
    ),
    "ListApiKeys": (
        "admin",
        lambda s, c: s.h.identity.ListApiKeys(
            pb.ListApiKeysRequest(workspace_id=s.ws), metadata=c.md
        ),
    ),
    "RevokeApiKey": (
        "admin",
        lambda s, c: s.h.identity.RevokeApiKey(
            pb.RevokeApiKeyRequest(id=s.target_key_id), metadata=c.md
        ),
    ),
    "WhoAmI": ("any", lambda s, c: s.h.identity.WhoAmI(pb.WhoAmIRequest(), metadata=c.md)),
}
NOT_FOUND_WHEN_DENIED = {"RevokeApiKey"}


def expected(rpc: str, role: str) -> grpc.StatusCode:
    needed = TABLE[rpc][0]
    if needed == "any" or role == "superuser":
        return OK
    if needed == "superuser":
        return grpc.StatusCode.PERMISSION_DENIED
    if RANK[role] >= RANK[needed]:
        return OK
    if role == "outsider" or rpc in NOT_FOUND_WHEN_DENIED:
        return grpc.StatusCode.NOT_FOUND
    return grpc.StatusCode.PERMISSION_DENIED


def test_table_covers_every_rpc() -> None:
    methods = identity_pb2.DESCRIPTOR.services_by_name["IdentityService"].methods_by_name
    assert set(TABLE) == set(methods)


@pytest.fixture(scope="module")
async def people(harness: Harness) -> dict[str, Caller]:
    names = ["outsider", "viewer", "member", "admin", "owner", "target"]
    out = {n: await harness.new_user(n) for n in names}
    out["superuser"] = harness.root
    return out


async def _scene(h: Harness, people: dict[str, Caller]) -> Scene:
    owner = people["owner"]
    ws = await h.new_workspace(owner)
    for role, value in (("viewer", 1), ("member", 2), ("admin", 3), ("target", 2)):
        await h.add(owner, ws, people[role], value)
    key = await h.identity.CreateApiKey(
        pb.CreateApiKeyRequest(name="target-key", workspace_id=ws), metadata=people["target"].md
    )
    return Scene(h, ws, people, people["target"], key.api_key.id)


@pytest.mark.parametrize("role", LADDER)
@pytest.mark.parametrize("rpc", sorted(TABLE))
async def test_role_ladder(
    harness: Harness, people: dict[str, Caller], rpc: str, role: str
) -> None:
    scene = await _scene(harness, people)
    try:
        await TABLE[rpc][1](scene, people[role])
        code = OK
    except grpc.aio.AioRpcError as err:
        code = err.code()
    assert code == expected(rpc, role), f"{rpc} as {role}"
