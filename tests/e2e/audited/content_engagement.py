"""The audit entry each interaction, recommendation and feed RPC of ContentService
leaves, called by the scene's owner."""

from __future__ import annotations

from typing import Any

from strata.v1 import content_pb2 as CT
from tests.e2e.audited.content import _item_id, _stub
from tests.e2e.audited.scene import OK, Row, Scene


async def _upsert_request(s: Scene) -> CT.UpsertRecommendationsRequest:
    rec = CT.NewRecommendation(
        user_id=s.owner.user_id,
        content_item_id=await _item_id(s),
        score=0.5,
        algorithm_version="v1",
    )
    return CT.UpsertRecommendationsRequest(workspace_id=s.ws, recommendations=[rec])


async def _record(s: Scene, rid: str) -> Any:
    new = CT.NewInteraction(
        content_item_id=await _item_id(s), interaction_type=CT.INTERACTION_TYPE_LIKE
    )
    req = CT.RecordInteractionsRequest(workspace_id=s.ws, interactions=[new])
    return await _stub(s).RecordInteractions(req, metadata=s.md(s.owner, rid))


async def _list(s: Scene, rid: str) -> Any:
    req = CT.ListInteractionsRequest(workspace_id=s.ws, user_id=s.owner.user_id)
    return await _stub(s).ListInteractions(req, metadata=s.md(s.owner, rid))


async def _upsert(s: Scene, rid: str) -> Any:
    req = await _upsert_request(s)
    return await _stub(s).UpsertRecommendations(req, metadata=s.md(s.owner, rid))


async def _mark(s: Scene, rid: str) -> Any:
    made = await _stub(s).UpsertRecommendations(await _upsert_request(s), metadata=s.owner.md)
    req = CT.MarkServedRequest(workspace_id=s.ws, ids=[made.recommendations[0].id])
    return await _stub(s).MarkServed(req, metadata=s.md(s.owner, rid))


def _ws_call(rpc: str) -> Any:
    async def call(s: Scene, rid: str) -> Any:
        request = getattr(CT, f"{rpc}Request")(workspace_id=s.ws)
        return await getattr(_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


ROWS: dict[str, Row] = {
    "ContentService/RecordInteractions": (_record, OK),
    "ContentService/ListInteractions": (_list, OK),
    "ContentService/GetInteractionStats": (_ws_call("GetInteractionStats"), OK),
    "ContentService/UpsertRecommendations": (_upsert, OK),
    "ContentService/ListRecommendations": (_ws_call("ListRecommendations"), OK),
    "ContentService/MarkServed": (_mark, OK),
    "ContentService/GetFeed": (_ws_call("GetFeed"), OK),
}
