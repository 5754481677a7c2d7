"""The audit entry each RPC of IdentityService leaves."""

from __future__ import annotations

import uuid
from typing import Any

from google.protobuf import field_mask_pb2

from strata.v1 import common_pb2
from strata.v1 import identity_pb2 as pb
from tests.e2e.audited.scene import OK, Row, Scene, ident
from tests.e2e.harness import PASSWORD


async def _new_email(s: Scene, rid: str) -> Any:
    req = pb.CreateUserRequest(email=f"a-{uuid.uuid4().hex[:8]}@example.com", password=PASSWORD)
    return await s.h.identity.CreateUser(req, metadata=s.md(s.h.root, rid))


async def _plain_user(s: Scene) -> str:
    email = f"p-{uuid.uuid4().hex[:8]}@example.com"
    r = await s.h.identity.CreateUser(pb.CreateUserRequest(email=email), metadata=s.h.root.md)
    return str(r.user.id)


async def _update_user(s: Scene, rid: str) -> Any:
    user = pb.User(id=s.owner.user_id, name="Renamed")
    req = pb.UpdateUserRequest(user=user, update_mask=field_mask_pb2.FieldMask(paths=["name"]))
    return await s.h.identity.UpdateUser(req, metadata=s.md(s.owner, rid))


async def _deactivate(s: Scene, rid: str) -> Any:
    uid = await _plain_user(s)
    req = pb.DeactivateUserRequest(id=uid)
    return await s.h.identity.DeactivateUser(req, metadata=s.md(s.h.root, rid))


async def _add_member(s: Scene, rid: str) -> Any:
    uid = await _plain_user(s)
    req = pb.AddMemberRequest(workspace_id=s.ws, user_id=uid, role=common_pb2.ROLE_VIEWER)
    return await s.h.identity.AddMember(req, metadata=s.md(s.owner, rid))


async def _member_then(s: Scene, rid: str, remove: bool) -> Any:
    uid = await _plain_user(s)
    await s.h.identity.AddMember(
        pb.AddMemberRequest(workspace_id=s.ws, user_id=uid, role=common_pb2.ROLE_MEMBER),
        metadata=s.owner.md,
    )
    if remove:
        req_r = pb.RemoveMemberRequest(workspace_id=s.ws, user_id=uid)
        return await s.h.identity.RemoveMember(req_r, metadata=s.md(s.owner, rid))
    req = pb.UpdateMemberRoleRequest(workspace_id=s.ws, user_id=uid, role=common_pb2.ROLE_ADMIN)
    return await s.h.identity.UpdateMemberRole(req, metadata=s.md(s.owner, rid))


async def _revoke(s: Scene, rid: str) -> Any:
    key = await s.h.identity.CreateApiKey(pb.CreateApiKeyRequest(name="r"), metadata=s.owner.md)
    req = pb.RevokeApiKeyRequest(id=key.api_key.id)
    return await s.h.identity.RevokeApiKey(req, metadata=s.md(s.owner, rid))


async def _delete_ws(s: Scene, rid: str) -> Any:
    ws = await s.h.new_workspace(s.owner, "gone")
    return await s.h.identity.DeleteWorkspace(
        pb.DeleteWorkspaceRequest(id=ws), metadata=s.md(s.owner, rid)
    )


ROWS: dict[str, Row] = {
    "IdentityService/CreateUser": (_new_email, OK),
    "IdentityService/GetUser": (ident("GetUser", id=lambda s: s.owner.user_id), OK),
    "IdentityService/UpdateUser": (_update_user, OK),
    "IdentityService/DeactivateUser": (_deactivate, OK),
    "IdentityService/ListUsers": (ident("ListUsers", "root"), OK),
    "IdentityService/Login": (
        ident("Login", "none", email=lambda s: s.owner.email, password=PASSWORD),
        OK,
    ),
    "IdentityService/UpsertOAuthUser": (
        ident(
            "UpsertOAuthUser",
            "root",
            provider="github",
            subject=lambda s: uuid.uuid4().hex,
            email=lambda s: f"o-{uuid.uuid4().hex[:8]}@example.com",
        ),
        OK,
    ),
    "IdentityService/CreateWorkspace": (
        ident("CreateWorkspace", name="W", slug=lambda s: f"w-{uuid.uuid4().hex[:10]}"),
        OK,
    ),
    "IdentityService/GetWorkspace": (ident("GetWorkspace", id=lambda s: s.ws), OK),
    "IdentityService/ListWorkspaces": (ident("ListWorkspaces"), OK),
    "IdentityService/UpdateWorkspace": (
        ident(
            "UpdateWorkspace",
            workspace=lambda s: pb.Workspace(id=s.ws, name="N"),
            update_mask=field_mask_pb2.FieldMask(paths=["name"]),
        ),
        OK,
    ),
    "IdentityService/DeleteWorkspace": (_delete_ws, OK),
    "IdentityService/AddMember": (_add_member, OK),
    "IdentityService/UpdateMemberRole": (lambda s, rid: _member_then(s, rid, False), OK),
    "IdentityService/RemoveMember": (lambda s, rid: _member_then(s, rid, True), OK),
    "IdentityService/ListMembers": (ident("ListMembers", workspace_id=lambda s: s.ws), OK),
    "IdentityService/CreateApiKey": (ident("CreateApiKey", name="k"), OK),
    "IdentityService/ListApiKeys": (ident("ListApiKeys"), OK),
    "IdentityService/RevokeApiKey": (_revoke, OK),
    "IdentityService/WhoAmI": (ident("WhoAmI"), OK),
}
