"""What a key limited to workspace A gets from each RPC of DigestService."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

from strata.v1 import content_pb2 as cpb
from strata.v1 import content_pb2_grpc, digests_pb2_grpc
from strata.v1 import digests_pb2 as dpb
from tests.e2e.limited.requests import Case, in_a_not_b, ws_call
from tests.e2e.limited.scene import Scene

DS = "/strata.v1.DigestService/"
_days = itertools.count(1)


def _stub(s: Scene) -> digests_pb2_grpc.DigestServiceStub:
    return digests_pb2_grpc.DigestServiceStub(s.h.channel)


async def _item(s: Scene, ws: str) -> str:
    stub = content_pb2_grpc.ContentServiceStub(s.h.channel)
    req = cpb.CreateContentRequest(workspace_id=s.ws[ws], title="T")
    return str((await stub.CreateContent(req, metadata=s.owner(ws).md)).item.id)


async def _digest(s: Scene, ws: str) -> dpb.Digest:
    day = f"{2000 + next(_days)}-01-01"
    req = dpb.CreateDigestRequest(workspace_id=s.ws[ws], digest_date=day)
    return (await _stub(s).CreateDigest(req, metadata=s.owner(ws).md)).digest


async def _version(s: Scene, ws: str) -> str:
    name = f"v{next(_days)}"
    req = dpb.RecordModelVersionRequest(workspace_id=s.ws[ws], version=name)
    await _stub(s).RecordModelVersion(req, metadata=s.owner(ws).md)
    return name


def on_digest(make: Callable[[Scene, str, dpb.Digest], Awaitable[Any]]) -> list[Case]:
    async def build(s: Scene, ws: str) -> Any:
        return await make(s, ws, await _digest(s, ws))

    return in_a_not_b(build)


async def _add(s: Scene, ws: str, d: dpb.Digest) -> dpb.AddDigestItemsRequest:
    placed = dpb.DigestItem(content_item_id=await _item(s, ws), rank=1)
    return dpb.AddDigestItemsRequest(workspace_id=s.ws[ws], digest_id=d.id, items=[placed])


async def _get(s: Scene, ws: str, d: dpb.Digest) -> dpb.GetDigestRequest:
    return dpb.GetDigestRequest(workspace_id=s.ws[ws], id=d.id)


async def _mark(s: Scene, ws: str, d: dpb.Digest) -> dpb.MarkDeliveredRequest:
    return dpb.MarkDeliveredRequest(workspace_id=s.ws[ws], id=d.id, status=dpb.DIGEST_STATUS_SENT)


async def _feedback(s: Scene, ws: str) -> dpb.RecordFeedbackRequest:
    item = await _item(s, ws)
    return dpb.RecordFeedbackRequest(workspace_id=s.ws[ws], content_item_id=item, rating=4)


async def _weights(s: Scene, ws: str) -> dpb.SetPreferenceWeightsRequest:
    weight = dpb.PreferenceWeight(feature="tag:a", weight=0.5)
    version = await _version(s, ws)
    return dpb.SetPreferenceWeightsRequest(
        workspace_id=s.ws[ws], model_version=version, weights=[weight]
    )


ROWS: dict[str, list[Case]] = {
    DS + "CreateDigest": in_a_not_b(
        lambda s, w: dpb.CreateDigestRequest(workspace_id=s.ws[w], digest_date="2026-11-30")
    ),
    DS + "AddDigestItems": on_digest(_add),
    DS + "GetDigest": on_digest(_get),
    DS + "ListDigests": ws_call(dpb.ListDigestsRequest),
    DS + "MarkDelivered": on_digest(_mark),
    DS + "RecordFeedback": in_a_not_b(_feedback),
    DS + "GetPreferenceWeights": ws_call(dpb.GetPreferenceWeightsRequest),
    DS + "SetPreferenceWeights": in_a_not_b(_weights),
    DS + "RecordModelVersion": in_a_not_b(
        lambda s, w: dpb.RecordModelVersionRequest(workspace_id=s.ws[w], version="limited")
    ),
    DS + "ListModelVersions": ws_call(dpb.ListModelVersionsRequest),
}
