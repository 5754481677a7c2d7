"""A key limited to workspace A, held by a superuser who owns A and is a member of B, as a table
over every RPC of every service the server registers: OK inside A, NOT_FOUND for B's resources,
PERMISSION_DENIED for account, superuser and workspace-creation operations."""

from __future__ import annotations

import inspect

import pytest
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection_pb2

from strata.v1 import audit_pb2 as apb
from strata.v1 import common_pb2, system_pb2
from strata.v1 import identity_pb2 as pb
from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.harness import PASSWORD, Harness
from tests.e2e.limited_requests import (
    DENIED,
    NOT_FOUND,
    OK,
    Case,
    add_member,
    audit_read,
    entry_of,
    feedback,
    in_a_not_b,
    mask,
    new_email,
    new_slug,
    on_doc,
    on_member,
    other_user,
    own_user,
    revoke,
    update_doc,
    ws_call,
)
from tests.e2e.limited_scene import UNIT, Cast, invoke, make_cast, make_scene, services

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ID, KN, AU = (
    "/strata.v1.IdentityService/",
    "/strata.v1.KnowledgeService/",
    "/strata.v1.AuditService/",
)


CHUNKS = [kpb.Chunk(ordinal=0, content="hello", embedding=UNIT)]
TABLE: dict[str, list[Case]] = {
    ID + "CreateUser": [("", lambda s: pb.CreateUserRequest(email=new_email()), DENIED)],
    ID + "GetUser": [
        ("itself", lambda s: pb.GetUserRequest(id=s.key.user_id), OK),
        ("another user", lambda s: pb.GetUserRequest(id=s.cast.bob.user_id), DENIED),
    ],
    ID + "UpdateUser": [(path, own_user(path), DENIED) for path in ("name", "email", "password")],
    ID + "DeactivateUser": [
        ("itself", lambda s: pb.DeactivateUserRequest(id=s.key.user_id), DENIED),
        ("another user", other_user, DENIED),
    ],
    ID + "ListUsers": [("", lambda s: pb.ListUsersRequest(), DENIED)],
    ID + "Login": [("", lambda s: pb.LoginRequest(email=s.key.email, password=PASSWORD), OK)],
    ID + "UpsertOAuthUser": [
        (
            "",
            lambda s: pb.UpsertOAuthUserRequest(provider="gh", subject="1", email=new_email()),
            DENIED,
        )
    ],
    ID + "CreateWorkspace": [
        ("", lambda s: pb.CreateWorkspaceRequest(name="N", slug=new_slug()), DENIED)
    ],
    ID + "GetWorkspace": in_a_not_b(lambda s, w: pb.GetWorkspaceRequest(id=s.ws[w])),
    ID + "ListWorkspaces": [("", lambda s: pb.ListWorkspacesRequest(), OK)],
    ID + "UpdateWorkspace": in_a_not_b(
        lambda s, w: pb.UpdateWorkspaceRequest(
            workspace=pb.Workspace(id=s.ws[w], name="Renamed"), update_mask=mask("name")
        )
    ),
    ID + "DeleteWorkspace": in_a_not_b(lambda s, w: pb.DeleteWorkspaceRequest(id=s.ws[w])),
    ID + "AddMember": in_a_not_b(add_member),
    ID + "UpdateMemberRole": in_a_not_b(
        lambda s, w: on_member(s, w, pb.UpdateMemberRoleRequest, role=common_pb2.ROLE_ADMIN)
    ),
    ID + "RemoveMember": in_a_not_b(lambda s, w: on_member(s, w, pb.RemoveMemberRequest)),
    ID + "ListMembers": ws_call(pb.ListMembersRequest),
    ID + "CreateApiKey": [
        *ws_call(pb.CreateApiKeyRequest, name="k"),
        ("for every workspace", lambda s: pb.CreateApiKeyRequest(name="k"), DENIED),
    ],
    ID + "ListApiKeys": [
        ("its own", lambda s: pb.ListApiKeysRequest(), OK),
        *ws_call(pb.ListApiKeysRequest),
    ],
    ID + "RevokeApiKey": [
        ("itself", lambda s: pb.RevokeApiKeyRequest(id=s.key_id), OK),
        ("another key of the user in A", lambda s: revoke(s, "A"), OK),
        ("the user's key for B", lambda s: revoke(s, "B"), NOT_FOUND),
        ("the user's unlimited key", lambda s: revoke(s, None), NOT_FOUND),
    ],
    ID + "WhoAmI": [("", lambda s: pb.WhoAmIRequest(), OK)],
    KN + "CreateDocument": ws_call(kpb.CreateDocumentRequest, title="T"),
    KN + "GetDocument": in_a_not_b(lambda s, w: on_doc(s, w, kpb.GetDocumentRequest)),
    KN + "ListDocuments": ws_call(kpb.ListDocumentsRequest),
    KN + "UpdateDocument": in_a_not_b(update_doc),
    KN + "SetDocumentStatus": in_a_not_b(
        lambda s, w: on_doc(
            s, w, kpb.SetDocumentStatusRequest, status=kpb.DOCUMENT_STATUS_PROCESSING
        )
    ),
    KN + "DeleteDocument": in_a_not_b(lambda s, w: on_doc(s, w, kpb.DeleteDocumentRequest)),
    KN + "UpsertChunks": in_a_not_b(
        lambda s, w: on_doc(s, w, kpb.UpsertChunksRequest, "document_id", chunks=CHUNKS)
    ),
    KN + "UpsertChunksStream": in_a_not_b(
        lambda s, w: on_doc(s, w, kpb.UpsertChunksStreamRequest, "document_id", chunks=CHUNKS)
    ),
    KN + "SearchChunks": ws_call(kpb.SearchChunksRequest, query_text="hello"),
    KN + "FindSimilarDocuments": ws_call(kpb.FindSimilarDocumentsRequest, embedding=UNIT),
    KN + "CheckDuplicate": ws_call(kpb.CheckDuplicateRequest, url="https://example.com/x"),
    KN + "RecordEvaluation": ws_call(kpb.RecordEvaluationRequest, query="q", response="r"),
    KN + "SetEvaluationFeedback": in_a_not_b(feedback),
    KN + "ListEvaluations": ws_call(kpb.ListEvaluationsRequest),
    KN + "GetEvaluationStats": ws_call(kpb.GetEvaluationStatsRequest),
    AU + "ListAuditEntries": audit_read(apb.ListAuditEntriesRequest),
    AU + "GetAuditEntry": in_a_not_b(entry_of),
    AU + "SummarizeAuditActions": audit_read(apb.SummarizeAuditActionsRequest),
    AU + "GetAuditActivity": audit_read(apb.GetAuditActivityRequest),
    "/strata.v1.SystemService/GetHealth": [("", lambda s: system_pb2.GetHealthRequest(), OK)],
    "/grpc.health.v1.Health/Check": [("", lambda s: health_pb2.HealthCheckRequest(), OK)],
    "/grpc.health.v1.Health/Watch": [("", lambda s: health_pb2.HealthCheckRequest(), OK)],
    "/grpc.health.v1.Health/List": [("", lambda s: health_pb2.HealthListRequest(), OK)],
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": [
        ("", lambda s: reflection_pb2.ServerReflectionRequest(list_services=""), OK)
    ],
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo": [
        ("", lambda s: reflection_pb2.ServerReflectionRequest(list_services=""), OK)
    ],
}
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
