"""Identity entities rendered as protobuf messages."""

from __future__ import annotations

from datetime import datetime

from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.identity.workspace import Workspace
from domain.kernel.roles import Role
from entrypoints.grpc.convert import role_to_proto, struct, ts
from ports.identity import MemberView
from strata.v1 import identity_pb2 as pb


def user_pb(u: User) -> pb.User:
    return pb.User(
        id=u.id,
        email=u.email,
        username=u.username or "",
        name=u.name,
        picture_url=u.picture_url,
        is_active=u.is_active,
        is_superuser=u.is_superuser,
        preferences=struct(u.preferences),
        oauth_provider=u.oauth_provider or "",
        oauth_subject=u.oauth_subject or "",
        has_password=u.has_password,
        create_time=ts(u.created_at),
        update_time=ts(u.updated_at),
        last_login_time=ts(u.last_login_at),
        etag=u.etag,
    )


def workspace_pb(ws: Workspace, role: Role) -> pb.Workspace:
    return pb.Workspace(
        id=ws.id,
        name=ws.name,
        slug=ws.slug,
        caller_role=role_to_proto(role),
        create_time=ts(ws.created_at),
        update_time=ts(ws.updated_at),
        etag=ws.etag,
    )


def member_pb(v: MemberView) -> pb.Member:
    m = v.membership
    return pb.Member(
        workspace_id=m.workspace_id,
        user_id=m.user_id,
        email=v.email,
        username=v.username or "",
        name=v.name,
        role=role_to_proto(m.role),
        create_time=ts(m.created_at),
        update_time=ts(m.updated_at),
    )


def api_key_pb(k: ApiKey, now: datetime) -> pb.ApiKey:
    return pb.ApiKey(
        id=k.id,
        name=k.name,
        prefix=k.prefix,
        user_id=k.user_id,
        workspace_id=k.workspace_id or "",
        create_time=ts(k.created_at),
        expire_time=ts(k.expires_at),
        last_used_time=ts(k.last_used_at),
        revoke_time=ts(k.revoked_at),
        active=k.is_active(now),
        job_kinds=list(k.job_kinds),
    )
