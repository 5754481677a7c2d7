"""A superuser who owns workspace A and is a member of B, calling with a key limited to A."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import ServiceDescriptor
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from strata.v1 import audit_pb2, audit_pb2_grpc, common_pb2, knowledge_pb2_grpc
from strata.v1 import identity_pb2 as pb
from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.harness import PASSWORD, Caller, Harness

DIM = 1536
UNIT = [1.0] + [0.0] * (DIM - 1)


@dataclass
class Cast:
    """Who the scenes are about: the superuser (unlimited login key) and B's owner."""

    su: Caller
    bob: Caller


async def make_cast(h: Harness) -> Cast:
    email = f"su-{uuid.uuid4().hex[:10]}@example.com"
    created = await h.identity.CreateUser(
        pb.CreateUserRequest(email=email, password=PASSWORD, is_superuser=True), metadata=h.root.md
    )
    login = await h.identity.Login(pb.LoginRequest(email=email, password=PASSWORD))
    return Cast(Caller(created.user.id, email, login.secret), await h.new_user("bob"))


@dataclass
class Scene:
    h: Harness
    cast: Cast
    ws: dict[str, str]  # "A" and "B"
    key: Caller  # the superuser's key limited to A
    key_id: str
    knowledge: knowledge_pb2_grpc.KnowledgeServiceStub = field(init=False)
    audit: audit_pb2_grpc.AuditServiceStub = field(init=False)

    def __post_init__(self) -> None:
        self.knowledge = knowledge_pb2_grpc.KnowledgeServiceStub(self.h.channel)
        self.audit = audit_pb2_grpc.AuditServiceStub(self.h.channel)

    def owner(self, ws: str) -> Caller:
        """Who owns the workspace, calling without limits."""
        return self.cast.su if ws == "A" else self.cast.bob

    async def plain_user(self) -> Caller:
        return await self.h.new_user("plain")

    async def member_of(self, ws: str) -> Caller:
        user = await self.plain_user()
        await self.h.add(self.owner(ws), self.ws[ws], user, common_pb2.ROLE_MEMBER)
        return user

    async def key_of_su(self, ws: str | None) -> str:
        """A further key of the superuser: limited to `ws`, or to nothing."""
        req = pb.CreateApiKeyRequest(name="other", workspace_id=self.ws[ws] if ws else "")
        return str((await self.h.identity.CreateApiKey(req, metadata=self.cast.su.md)).api_key.id)

    async def doc(self, ws: str) -> kpb.Document:
        req = kpb.CreateDocumentRequest(workspace_id=self.ws[ws], title="Doc", embedding=UNIT)
        return (await self.knowledge.CreateDocument(req, metadata=self.owner(ws).md)).document

    async def evaluation(self, ws: str) -> str:
        req = kpb.RecordEvaluationRequest(workspace_id=self.ws[ws], query="q", response="r")
        r = await self.knowledge.RecordEvaluation(req, metadata=self.owner(ws).md)
        return str(r.evaluation.id)

    async def audit_entry(self, ws: str) -> str:
        """An entry of the workspace's trail, as its owner finds it."""
        req = audit_pb2.ListAuditEntriesRequest(workspace_id=self.ws[ws], page_size=1)
        for _ in range(50):
            found = await self.audit.ListAuditEntries(req, metadata=self.owner(ws).md)
            if found.entries:
                return str(found.entries[0].id)
            await asyncio.sleep(0.1)
        raise AssertionError(f"workspace {ws} has no audit entry")


async def make_scene(h: Harness, cast: Cast) -> Scene:
    a, b = await h.new_workspace(cast.su, "a"), await h.new_workspace(cast.bob, "b")
    await h.add(cast.bob, b, cast.su, common_pb2.ROLE_MEMBER)
    issued = await h.identity.CreateApiKey(
        pb.CreateApiKeyRequest(name="limited", workspace_id=a), metadata=cast.su.md
    )
    key = Caller(cast.su.user_id, cast.su.email, issued.secret)
    return Scene(h, cast, {"A": a, "B": b}, key, issued.api_key.id)


async def services(h: Harness) -> list[ServiceDescriptor]:
    """Every service the server registers, as its reflection lists them."""
    stub = reflection_pb2_grpc.ServerReflectionStub(h.channel)
    call = stub.ServerReflectionInfo(_one(reflection_pb2.ServerReflectionRequest(list_services="")))
    reply = await call.read()
    names = [s.name for s in reply.list_services_response.service]
    return [descriptor_pool.Default().FindServiceByName(n) for n in names]


async def invoke(h: Harness, path: str, request: Any, md: Any) -> grpc.StatusCode:
    """Call `path` with one request message, whatever its streaming shape; its status code.
    A call that streams replies counts as OK once the first reply arrives."""
    service, _, name = path[1:].rpartition("/")
    method = descriptor_pool.Default().FindServiceByName(service).methods_by_name[name]
    reply = message_factory.GetMessageClass(method.output_type).FromString
    shape = {
        (False, False): h.channel.unary_unary,
        (True, False): h.channel.stream_unary,
        (False, True): h.channel.unary_stream,
        (True, True): h.channel.stream_stream,
    }[(method.client_streaming, method.server_streaming)]
    callable_ = shape(path, request_serializer=_serialize, response_deserializer=reply)
    sent = _one(request) if method.client_streaming else request
    try:
        call = callable_(sent, metadata=md)
        if method.server_streaming:
            await call.read()
            call.cancel()
        else:
            await call
    except grpc.aio.AioRpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def _serialize(message: Any) -> bytes:
    return bytes(message.SerializeToString())


async def _one(request: Any) -> AsyncIterator[Any]:
    yield request
