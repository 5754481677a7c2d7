"""The audit entry each RPC of DigestService leaves, called by the scene's owner."""

from __future__ import annotations

import itertools
from typing import Any

from strata.v1 import content_pb2 as CT
from strata.v1 import content_pb2_grpc, digests_pb2_grpc
from strata.v1 import digests_pb2 as DG
from tests.e2e.audited.scene import OK, Call, Row, Scene

_n = itertools.count(1)


def _stub(s: Scene) -> digests_pb2_grpc.DigestServiceStub:
    return digests_pb2_grpc.DigestServiceStub(s.h.channel)


async def _item_id(s: Scene) -> str:
    r = await content_pb2_grpc.ContentServiceStub(s.h.channel).CreateContent(
        CT.CreateContentRequest(workspace_id=s.ws, title="t"), metadata=s.owner.md
    )
    return str(r.item.id)


async def _digest_id(s: Scene) -> str:
    req = DG.CreateDigestRequest(workspace_id=s.ws, digest_date=f"{1900 + next(_n)}-01-01")
    return str((await _stub(s).CreateDigest(req, metadata=s.owner.md)).digest.id)


async def _version(s: Scene) -> str:
    req = DG.RecordModelVersionRequest(workspace_id=s.ws, version=f"audited-{next(_n)}")
    return str((await _stub(s).RecordModelVersion(req, metadata=s.owner.md)).model_version.version)


def _dg(rpc: str, **needs: Any) -> Call:
    """A digest call in the scene's workspace; each of `needs` makes what its field names."""

    async def call(s: Scene, rid: str) -> Any:
        made = {field: await make(s) for field, make in needs.items()}
        request = getattr(DG, f"{rpc}Request")(workspace_id=s.ws, **made)
        if rpc == "AddDigestItems":
            request.items.add(content_item_id=await _item_id(s), rank=1)
        if rpc == "SetPreferenceWeights":
            request.weights.add(feature="tag:a", weight=1.0)
        if rpc == "MarkDelivered":
            request.status = DG.DIGEST_STATUS_SENT
        if rpc == "RecordFeedback":
            request.rating = 5
        return await getattr(_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _create(s: Scene, rid: str) -> Any:
    req = DG.CreateDigestRequest(workspace_id=s.ws, digest_date="2026-11-30")
    return await _stub(s).CreateDigest(req, metadata=s.md(s.owner, rid))


async def _record(s: Scene, rid: str) -> Any:
    req = DG.RecordModelVersionRequest(workspace_id=s.ws, version=f"v-{rid}"[:64])
    return await _stub(s).RecordModelVersion(req, metadata=s.md(s.owner, rid))


ROWS: dict[str, Row] = {
    "DigestService/CreateDigest": (_create, OK),
    "DigestService/AddDigestItems": (_dg("AddDigestItems", digest_id=_digest_id), OK),
    "DigestService/GetDigest": (_dg("GetDigest", id=_digest_id), OK),
    "DigestService/ListDigests": (_dg("ListDigests"), OK),
    "DigestService/MarkDelivered": (_dg("MarkDelivered", id=_digest_id), OK),
    "DigestService/RecordFeedback": (_dg("RecordFeedback", content_item_id=_item_id), OK),
    "DigestService/GetPreferenceWeights": (_dg("GetPreferenceWeights"), OK),
    "DigestService/SetPreferenceWeights": (_dg("SetPreferenceWeights", model_version=_version), OK),
    "DigestService/RecordModelVersion": (_record, OK),
    "DigestService/ListModelVersions": (_dg("ListModelVersions"), OK),
}
