"""Who the fuzzer calls as, and the first things in the pools, made through the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from google.protobuf import struct_pb2

from strata.v1 import common_pb2, knowledge_pb2_grpc
from strata.v1 import identity_pb2 as ipb
from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.harness import Caller, Harness, make_root
from tests.support.fuzz_pools import Pools

FORGED_KEY = "sk_forged_0000000000000000000000000000"


@dataclass(frozen=True)
class World:
    """Callers by name ("none" sends no key), the auditor who reads the trail back, pools."""

    keys: dict[str, str]
    auditor: Caller
    pools: Pools

    def metadata(self, caller: str, request_id: str) -> tuple[tuple[str, str], ...]:
        rid = (("x-request-id", request_id),)
        key = self.keys.get(caller)
        return (*rid, ("authorization", f"Bearer {key}")) if key else rid


async def build_world(h: Harness, dim: int) -> World:
    root = await make_root(h.container)
    auditor = await make_root(h.container)
    member = await h.new_user("member")
    other = await h.new_user("other")
    pools = Pools({root.user_id, auditor.user_id, member.user_id})
    for _ in range(2):
        ws = await h.identity.CreateWorkspace(
            ipb.CreateWorkspaceRequest(name="fuzz", slug=f"fuzz-{uuid.uuid4().hex[:10]}"),
            metadata=root.md,
        )
        pools.harvest(ws)
    home = pools.values["workspace"][0]
    await h.add(root, home, member, common_pb2.ROLE_MEMBER)
    await h.add(root, home, other, common_pb2.ROLE_VIEWER)
    limited = await h.identity.CreateApiKey(
        ipb.CreateApiKeyRequest(name="limited", workspace_id=home), metadata=member.md
    )
    keys = {"root": root.key, "member": member.key, "limited": limited.secret}
    for key in (*keys.values(), auditor.key):
        who = await h.identity.WhoAmI(ipb.WhoAmIRequest(), metadata=(_bearer(key),))
        pools.protected.add(who.api_key.id)
    pools.add("user", other.user_id)
    await _knowledge(h, root, home, dim, pools)
    return World({**keys, "forged": FORGED_KEY}, auditor, pools)


async def _knowledge(h: Harness, root: Caller, ws: str, dim: int, pools: Pools) -> None:
    stub = knowledge_pb2_grpc.KnowledgeServiceStub(h.channel)
    unit = [1.0] + [0.0] * (dim - 1)
    doc = await stub.CreateDocument(
        kpb.CreateDocumentRequest(workspace_id=ws, title="seed", embedding=unit), metadata=root.md
    )
    pools.harvest(doc)
    chunk = kpb.Chunk(ordinal=0, content="seed words", embedding=unit)
    await stub.UpsertChunks(
        kpb.UpsertChunksRequest(workspace_id=ws, document_id=doc.document.id, chunks=[chunk]),
        metadata=root.md,
    )
    evaluation = await stub.RecordEvaluation(
        kpb.RecordEvaluationRequest(
            workspace_id=ws, query="q", response="r", sources=[struct_pb2.Struct()]
        ),
        metadata=root.md,
    )
    pools.harvest(evaluation)


def _bearer(key: str) -> tuple[str, str]:
    return ("authorization", f"Bearer {key}")
