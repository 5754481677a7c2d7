"""Requests for the limited-key table: each built for workspace A or B of a scene."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import grpc
from google.protobuf import field_mask_pb2

from strata.v1 import audit_pb2 as apb
from strata.v1 import common_pb2
from strata.v1 import identity_pb2 as pb
from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.limited.scene import Scene

OK, NOT_FOUND = grpc.StatusCode.OK, grpc.StatusCode.NOT_FOUND
DENIED = grpc.StatusCode.PERMISSION_DENIED
Build = Callable[[Scene], Any]  # the request, or an awaitable of it
Case = tuple[str, Build, grpc.StatusCode]


def in_a_not_b(build: Callable[[Scene, str], Any]) -> list[Case]:
    """The same call in A (allowed) and in B (the key cannot see B)."""
    return [("in A", lambda s: build(s, "A"), OK), ("in B", lambda s: build(s, "B"), NOT_FOUND)]


def mask(*paths: str) -> field_mask_pb2.FieldMask:
    return field_mask_pb2.FieldMask(paths=list(paths))


def new_slug() -> str:
    return f"n-{uuid.uuid4().hex[:8]}"


def new_email() -> str:
    return f"new-{uuid.uuid4().hex[:10]}@example.com"


def own_user(path: str) -> Build:
    return lambda s: pb.UpdateUserRequest(
        user=pb.User(id=s.key.user_id, name="renamed", email=new_email()),
        update_mask=mask(path),
        password="a-new-password-1",
    )


async def other_user(s: Scene) -> pb.DeactivateUserRequest:
    return pb.DeactivateUserRequest(id=(await s.plain_user()).user_id)


async def add_member(s: Scene, ws: str) -> pb.AddMemberRequest:
    uid = (await s.plain_user()).user_id
    return pb.AddMemberRequest(workspace_id=s.ws[ws], user_id=uid, role=common_pb2.ROLE_MEMBER)


async def on_member(s: Scene, ws: str, kind: type[Any], **fields: Any) -> Any:
    uid = (await s.member_of(ws)).user_id
    return kind(workspace_id=s.ws[ws], user_id=uid, **fields)


async def on_doc(s: Scene, ws: str, kind: type[Any], id_field: str = "id", **fields: Any) -> Any:
    doc = await s.doc(ws)
    return kind(workspace_id=doc.workspace_id, **{id_field: doc.id}, **fields)


async def update_doc(s: Scene, ws: str) -> kpb.UpdateDocumentRequest:
    doc = await s.doc(ws)
    changed = kpb.Document(workspace_id=doc.workspace_id, id=doc.id, title="T2")
    return kpb.UpdateDocumentRequest(document=changed, update_mask=mask("title"))


async def feedback(s: Scene, ws: str) -> kpb.SetEvaluationFeedbackRequest:
    run = await s.evaluation(ws)
    return kpb.SetEvaluationFeedbackRequest(
        workspace_id=s.ws[ws], id=run, feedback=kpb.FEEDBACK_THUMBS_UP
    )


async def entry_of(s: Scene, ws: str) -> apb.GetAuditEntryRequest:
    return apb.GetAuditEntryRequest(id=await s.audit_entry(ws))


async def revoke(s: Scene, ws: str | None) -> pb.RevokeApiKeyRequest:
    return pb.RevokeApiKeyRequest(id=await s.key_of_su(ws))


def audit_read(kind: type[Any]) -> list[Case]:
    """Without a workspace the trail is a superuser's, and this key acts as none."""
    everywhere: Case = ("everywhere", lambda s: kind(), DENIED)
    return [*in_a_not_b(lambda s, w: kind(workspace_id=s.ws[w])), everywhere]


def ws_call(kind: type[Any], **fields: Any) -> list[Case]:
    return in_a_not_b(lambda s, w: kind(workspace_id=s.ws[w], **fields))
