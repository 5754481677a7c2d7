"""A workspace owner's scene, the call shape of the audit table, and reading the trail back."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc

from strata.v1 import audit_pb2, audit_pb2_grpc
from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import Caller, Harness

OK = "AUDIT_OUTCOME_SUCCESS"


@dataclass
class Scene:
    h: Harness
    owner: Caller
    ws: str
    audit: audit_pb2_grpc.AuditServiceStub

    def md(self, caller: Caller, rid: str) -> tuple[tuple[str, str], ...]:
        return (*caller.md, ("x-request-id", rid))


async def make_scene(h: Harness, owner: Caller) -> Scene:
    ws = await h.new_workspace(owner, "aud")
    return Scene(h, owner, ws, audit_pb2_grpc.AuditServiceStub(h.channel))


Call = Callable[[Scene, str], Awaitable[Any]]
Row = tuple[Call, str]  # the call, and the outcome its entry records


def ident(rpc: str, caller: str = "owner", **fields: Any) -> Call:
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


async def entries(s: Scene, **filters: Any) -> list[Any]:
    await s.h.running.audit_writer.flush()
    out, token = [], ""
    while True:
        r = await s.audit.ListAuditEntries(
            audit_pb2.ListAuditEntriesRequest(page_size=200, page_token=token, **filters),
            metadata=s.h.root.md,
        )
        out.extend(r.entries)
        token = r.next_page_token
        if not token:
            return out


async def run(s: Scene, call: Call) -> str:
    rid = f"audit-{uuid.uuid4().hex}"
    with contextlib.suppress(grpc.aio.AioRpcError):
        await call(s, rid)
    return rid
