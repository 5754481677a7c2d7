"""Every call leaves exactly one audit entry, with the right outcome and no secrets."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2, json_format, timestamp_pb2

from strata.v1 import (
    audit_pb2,
    audit_pb2_grpc,
    common_pb2,
    identity_pb2,
    knowledge_pb2,
    knowledge_pb2_grpc,
    system_pb2,
)
from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import PASSWORD, Caller, Harness

pytestmark = [pytest.mark.e2e]
A = audit_pb2
KN = knowledge_pb2
VEC = [1.0] * 1536


@dataclass
class Scene:
    h: Harness
    owner: Caller
    ws: str
    audit: audit_pb2_grpc.AuditServiceStub

    def md(self, caller: Caller, rid: str) -> tuple[tuple[str, str], ...]:
        return (*caller.md, ("x-request-id", rid))


Call = Callable[[Scene, str], Awaitable[Any]]


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


def _ident(rpc: str, caller: str = "owner", **fields: Any) -> Call:
    async def call(s: Scene, rid: str) -> Any:
        request = getattr(pb, f"{rpc}Request")(
            **{k: (v(s) if callable(v) else v) for k, v in fields.items()}
        )
        who = s.h.root if caller == "root" else s.owner
        md = () if caller == "none" else s.md(who, rid)
        if caller == "none":
            md = (("x-request-id", rid),)
        return await getattr(s.h.identity, rpc)(request, metadata=md)

    return call


def _audit(rpc: str, **fields: Any) -> Call:
    async def call(s: Scene, rid: str) -> Any:
        request = getattr(A, f"{rpc}Request")(**fields)
        return await getattr(s.audit, rpc)(request, metadata=s.md(s.h.root, rid))

    return call


def _kn_stub(s: Scene) -> knowledge_pb2_grpc.KnowledgeServiceStub:
    return knowledge_pb2_grpc.KnowledgeServiceStub(s.h.channel)


async def _doc_id(s: Scene) -> str:
    r = await _kn_stub(s).CreateDocument(
        KN.CreateDocumentRequest(workspace_id=s.ws, title="d"), metadata=s.owner.md
    )
    return str(r.document.id)


async def _run_id(s: Scene) -> str:
    r = await _kn_stub(s).RecordEvaluation(
        KN.RecordEvaluationRequest(workspace_id=s.ws, query="q"), metadata=s.owner.md
    )
    return str(r.evaluation.id)


def _kn(rpc: str, needs: Callable[[Scene], Awaitable[str]] | None = None, **fields: Any) -> Call:
    """A knowledge call in the scene's workspace; `needs` makes the resource it names first."""

    async def call(s: Scene, rid: str) -> Any:
        named = {"id": await needs(s)} if needs else {}
        request = getattr(KN, f"{rpc}Request")(workspace_id=s.ws, **named, **fields)
        return await getattr(_kn_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _update_doc(s: Scene, rid: str) -> Any:
    req = KN.UpdateDocumentRequest(
        document=KN.Document(workspace_id=s.ws, id=await _doc_id(s), title="t"),
        update_mask=field_mask_pb2.FieldMask(paths=["title"]),
    )
    return await _kn_stub(s).UpdateDocument(req, metadata=s.md(s.owner, rid))


async def _upsert(s: Scene, rid: str) -> Any:
    chunk = KN.Chunk(ordinal=0, content="c", embedding=VEC)
    req = KN.UpsertChunksRequest(workspace_id=s.ws, document_id=await _doc_id(s), chunks=[chunk])
    return await _kn_stub(s).UpsertChunks(req, metadata=s.md(s.owner, rid))


async def _upsert_stream(s: Scene, rid: str) -> Any:
    doc = await _doc_id(s)
    chunk = KN.Chunk(ordinal=0, content="c", embedding=VEC)
    messages = [
        KN.UpsertChunksStreamRequest(workspace_id=s.ws, document_id=doc),
        KN.UpsertChunksStreamRequest(chunks=[chunk]),
    ]
    return await _kn_stub(s).UpsertChunksStream(iter(messages), metadata=s.md(s.owner, rid))


async def _health(s: Scene, rid: str) -> Any:
    return await s.h.system.GetHealth(
        system_pb2.GetHealthRequest(), metadata=(("x-request-id", rid),)
    )


OK = "AUDIT_OUTCOME_SUCCESS"
TABLE: dict[str, tuple[Call, str]] = {
    "IdentityService/CreateUser": (_new_email, OK),
    "IdentityService/GetUser": (_ident("GetUser", id=lambda s: s.owner.user_id), OK),
    "IdentityService/UpdateUser": (_update_user, OK),
    "IdentityService/DeactivateUser": (_deactivate, OK),
    "IdentityService/ListUsers": (_ident("ListUsers", "root"), OK),
    "IdentityService/Login": (
        _ident("Login", "none", email=lambda s: s.owner.email, password=PASSWORD),
        OK,
    ),
    "IdentityService/UpsertOAuthUser": (
        _ident(
            "UpsertOAuthUser",
            "root",
            provider="github",
            subject=lambda s: uuid.uuid4().hex,
            email=lambda s: f"o-{uuid.uuid4().hex[:8]}@example.com",
        ),
        OK,
    ),
    "IdentityService/CreateWorkspace": (
        _ident("CreateWorkspace", name="W", slug=lambda s: f"w-{uuid.uuid4().hex[:10]}"),
        OK,
    ),
    "IdentityService/GetWorkspace": (_ident("GetWorkspace", id=lambda s: s.ws), OK),
    "IdentityService/ListWorkspaces": (_ident("ListWorkspaces"), OK),
    "IdentityService/UpdateWorkspace": (
        _ident(
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
    "IdentityService/ListMembers": (_ident("ListMembers", workspace_id=lambda s: s.ws), OK),
    "IdentityService/CreateApiKey": (_ident("CreateApiKey", name="k"), OK),
    "IdentityService/ListApiKeys": (_ident("ListApiKeys"), OK),
    "IdentityService/RevokeApiKey": (_revoke, OK),
    "IdentityService/WhoAmI": (_ident("WhoAmI"), OK),
    "AuditService/ListAuditEntries": (_audit("ListAuditEntries", page_size=1), OK),
    "AuditService/GetAuditEntry": (
        _audit("GetAuditEntry", id=str(uuid.uuid4())),
        "AUDIT_OUTCOME_ERROR",
    ),
    "AuditService/SummarizeAuditActions": (_audit("SummarizeAuditActions"), OK),
    "AuditService/GetAuditActivity": (_audit("GetAuditActivity"), OK),
    "SystemService/GetHealth": (_health, OK),
    "KnowledgeService/CreateDocument": (_kn("CreateDocument", title="t"), OK),
    "KnowledgeService/GetDocument": (_kn("GetDocument", _doc_id), OK),
    "KnowledgeService/ListDocuments": (_kn("ListDocuments"), OK),
    "KnowledgeService/UpdateDocument": (_update_doc, OK),
    "KnowledgeService/SetDocumentStatus": (
        _kn("SetDocumentStatus", _doc_id, status=KN.DOCUMENT_STATUS_PROCESSING),
        OK,
    ),
    "KnowledgeService/DeleteDocument": (_kn("DeleteDocument", _doc_id), OK),
    "KnowledgeService/UpsertChunks": (_upsert, OK),
    "KnowledgeService/UpsertChunksStream": (_upsert_stream, OK),
    "KnowledgeService/SearchChunks": (_kn("SearchChunks", query_embedding=VEC), OK),
    "KnowledgeService/FindSimilarDocuments": (_kn("FindSimilarDocuments", embedding=VEC), OK),
    "KnowledgeService/CheckDuplicate": (_kn("CheckDuplicate", url="https://example.com/a"), OK),
    "KnowledgeService/RecordEvaluation": (_kn("RecordEvaluation", query="q"), OK),
    "KnowledgeService/SetEvaluationFeedback": (
        _kn("SetEvaluationFeedback", _run_id, feedback=KN.FEEDBACK_THUMBS_UP),
        OK,
    ),
    "KnowledgeService/ListEvaluations": (_kn("ListEvaluations"), OK),
    "KnowledgeService/GetEvaluationStats": (_kn("GetEvaluationStats"), OK),
}
FAILURES: dict[str, tuple[Call, str]] = {
    "unauthenticated": (
        lambda s, rid: s.h.identity.WhoAmI(
            pb.WhoAmIRequest(),
            metadata=(("authorization", "Bearer sk_nosuchkey123_x"), ("x-request-id", rid)),
        ),
        "AUDIT_OUTCOME_UNAUTHENTICATED",
    ),
    "permission denied": (_ident("ListUsers"), "AUDIT_OUTCOME_PERMISSION_DENIED"),
    "invalid": (_ident("CreateWorkspace", name="W", slug="Not A Slug"), "AUDIT_OUTCOME_INVALID"),
    "error": (_ident("GetWorkspace", id=str(uuid.uuid4())), "AUDIT_OUTCOME_ERROR"),
    "wrong password": (
        _ident("Login", "none", email=lambda s: s.owner.email, password="wrong-password-1"),
        "AUDIT_OUTCOME_UNAUTHENTICATED",
    ),
}


def test_table_covers_every_rpc_of_every_service() -> None:
    names = set()
    for module in (identity_pb2, audit_pb2, knowledge_pb2, system_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            names |= {f"{service.name}/{m}" for m in service.methods_by_name}
    assert set(TABLE) == names


@pytest.fixture(scope="module")
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("auditee")


@pytest.fixture
async def scene(harness: Harness, owner: Caller) -> Scene:
    ws = await harness.new_workspace(owner, "aud")
    return Scene(harness, owner, ws, audit_pb2_grpc.AuditServiceStub(harness.channel))


async def entries(s: Scene, **filters: Any) -> list[Any]:
    await s.h.running.audit_writer.flush()
    out, token = [], ""
    while True:
        r = await s.audit.ListAuditEntries(
            A.ListAuditEntriesRequest(page_size=200, page_token=token, **filters),
            metadata=s.h.root.md,
        )
        out.extend(r.entries)
        token = r.next_page_token
        if not token:
            return out


async def _run(s: Scene, call: Call) -> str:
    rid = f"audit-{uuid.uuid4().hex}"
    with contextlib.suppress(grpc.aio.AioRpcError):
        await call(s, rid)
    return rid


@pytest.mark.parametrize("rpc", sorted(TABLE))
async def test_every_rpc_leaves_exactly_one_entry(scene: Scene, rpc: str) -> None:
    call, outcome = TABLE[rpc]
    rid = await _run(scene, call)
    found = await entries(scene, request_id=rid)
    assert len(found) == 1, [e.action for e in found]
    entry = found[0]
    assert entry.action == f"/strata.v1.{rpc}"
    assert A.AuditOutcome.Name(entry.outcome) == outcome
    assert entry.peer_ip == "127.0.0.1"
    assert "grpc-python" in entry.user_agent
    assert entry.duration_ms >= 0 and len(entry.hash) == 64 and len(entry.prev_hash) == 64


@pytest.mark.parametrize("case", sorted(FAILURES))
async def test_failures_and_denials_are_recorded_with_their_outcome(
    scene: Scene, case: str
) -> None:
    call, outcome = FAILURES[case]
    found = await entries(scene, request_id=await _run(scene, call))
    assert [A.AuditOutcome.Name(e.outcome) for e in found] == [outcome]
    assert found[0].status_code != "OK" and found[0].error_message


async def test_entry_names_caller_roles_workspace_and_resource(scene: Scene) -> None:
    rid = await _run(scene, _ident("GetWorkspace", id=lambda s: s.ws))
    (entry,) = await entries(scene, request_id=rid)
    assert entry.user_id == scene.owner.user_id
    assert entry.username == scene.owner.email
    assert entry.workspace_id == scene.ws and entry.resource == scene.ws
    assert entry.roles == [f"owner@{scene.ws}"]
    assert json_format.MessageToDict(entry.request) == {"id": scene.ws}


async def test_no_secret_reaches_an_entry_or_a_log_line(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    password = f"pw-{uuid.uuid4().hex}"
    email = f"s-{uuid.uuid4().hex[:8]}@example.com"
    h = scene.h
    await h.identity.CreateUser(
        pb.CreateUserRequest(email=email, password=password), metadata=h.root.md
    )
    login = await h.identity.Login(pb.LoginRequest(email=email, password=password))
    key_md = (("authorization", f"Bearer {login.secret}"),)
    await h.identity.WhoAmI(pb.WhoAmIRequest(), metadata=key_md)
    made = await h.identity.CreateApiKey(pb.CreateApiKeyRequest(name="s"), metadata=key_md)
    await h.identity.UpdateUser(
        pb.UpdateUserRequest(
            user=pb.User(id=login.user.id),
            update_mask=field_mask_pb2.FieldMask(paths=["password"]),
            password=password + "2",
        ),
        metadata=key_md,
    )
    dumped = json.dumps([json_format.MessageToDict(e) for e in await entries(scene)])
    logs = "\n".join(r.getMessage() + json.dumps(r.__dict__, default=str) for r in caplog.records)
    for secret in (password, login.secret, made.secret, login.secret.split("_")[-1]):
        assert secret not in dumped
        assert secret not in logs
    assert '"password": "[redacted]"' in dumped


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
        await _run(
            scene,
            lambda s, rid: h.identity.ListUsers(
                pb.ListUsersRequest(), metadata=(*user.md, ("x-request-id", rid))
            ),
        )
    await _run(
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
        await _run(scene, _ident("WhoAmI"))
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
