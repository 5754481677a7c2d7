"""Retries racing their first attempt get the first attempt's result: the point of a request id."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import pytest

from strata.v1 import identity_pb2 as pb
from strata.v1 import knowledge_pb2 as kpb
from strata.v1 import knowledge_pb2_grpc
from tests.e2e.harness import Harness

pytestmark = pytest.mark.e2e
RACERS = 20


async def test_concurrent_creates_with_one_request_id_make_one_workspace(harness: Harness) -> None:
    owner = await harness.new_user("racer")
    rid, slug = f"ws-{uuid.uuid4().hex}", f"race-{uuid.uuid4().hex[:10]}"
    request = pb.CreateWorkspaceRequest(name="Race", slug=slug, request_id=rid)
    replies = await asyncio.gather(
        *(harness.identity.CreateWorkspace(request, metadata=owner.md) for _ in range(RACERS)),
        return_exceptions=True,
    )
    failures = [r for r in replies if isinstance(r, grpc.aio.AioRpcError)]
    assert failures == []
    assert {r.workspace.id for r in replies} == {replies[0].workspace.id}  # type: ignore[union-attr]
    listed = await harness.identity.ListWorkspaces(pb.ListWorkspacesRequest(), metadata=owner.md)
    assert [w.slug for w in listed.workspaces] == [slug]


async def test_concurrent_creates_with_one_request_id_make_one_document(harness: Harness) -> None:
    owner = await harness.new_user("racer")
    ws = await harness.new_workspace(owner, "race")
    stub = knowledge_pb2_grpc.KnowledgeServiceStub(harness.channel)
    rid = f"doc-{uuid.uuid4().hex}"
    request = kpb.CreateDocumentRequest(
        workspace_id=ws, title="Race", storage_key=f"race-{rid}", request_id=rid
    )
    replies = await asyncio.gather(
        *(stub.CreateDocument(request, metadata=owner.md) for _ in range(RACERS)),
        return_exceptions=True,
    )
    assert [r for r in replies if isinstance(r, grpc.aio.AioRpcError)] == []
    assert len({r.document.id for r in replies}) == 1  # type: ignore[union-attr]
    listed = await stub.ListDocuments(kpb.ListDocumentsRequest(workspace_id=ws), metadata=owner.md)
    assert len(listed.documents) == 1
