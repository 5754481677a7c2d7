"""What a key limited to workspace A gets from ContentService's interaction,
recommendation and feed RPCs."""

from __future__ import annotations

from strata.v1 import content_pb2 as cpb
from strata.v1 import content_pb2_grpc
from tests.e2e.limited.requests import Case, in_a_not_b, ws_call
from tests.e2e.limited.scene import Scene

CS = "/strata.v1.ContentService/"


def _stub(s: Scene) -> content_pb2_grpc.ContentServiceStub:
    return content_pb2_grpc.ContentServiceStub(s.h.channel)


async def _item(s: Scene, ws: str) -> str:
    req = cpb.CreateContentRequest(workspace_id=s.ws[ws], title="T")
    return str((await _stub(s).CreateContent(req, metadata=s.owner(ws).md)).item.id)


def _new_rec(s: Scene, ws: str, item_id: str) -> cpb.NewRecommendation:
    owner = s.owner(ws).user_id
    return cpb.NewRecommendation(
        user_id=owner, content_item_id=item_id, score=0.5, algorithm_version="v1"
    )


async def _record(s: Scene, ws: str) -> cpb.RecordInteractionsRequest:
    new = cpb.NewInteraction(
        content_item_id=await _item(s, ws), interaction_type=cpb.INTERACTION_TYPE_VIEW
    )
    return cpb.RecordInteractionsRequest(workspace_id=s.ws[ws], interactions=[new])


async def _list(s: Scene, ws: str) -> cpb.ListInteractionsRequest:
    return cpb.ListInteractionsRequest(workspace_id=s.ws[ws], content_item_id=await _item(s, ws))


async def _upsert(s: Scene, ws: str) -> cpb.UpsertRecommendationsRequest:
    rec = _new_rec(s, ws, await _item(s, ws))
    return cpb.UpsertRecommendationsRequest(workspace_id=s.ws[ws], recommendations=[rec])


async def _mark(s: Scene, ws: str) -> cpb.MarkServedRequest:
    made = await _stub(s).UpsertRecommendations(await _upsert(s, ws), metadata=s.owner(ws).md)
    return cpb.MarkServedRequest(workspace_id=s.ws[ws], ids=[made.recommendations[0].id])


ROWS: dict[str, list[Case]] = {
    CS + "RecordInteractions": in_a_not_b(_record),
    CS + "ListInteractions": in_a_not_b(_list),
    CS + "GetInteractionStats": ws_call(cpb.GetInteractionStatsRequest),
    CS + "UpsertRecommendations": in_a_not_b(_upsert),
    CS + "ListRecommendations": ws_call(cpb.ListRecommendationsRequest),
    CS + "MarkServed": in_a_not_b(_mark),
    CS + "GetFeed": ws_call(cpb.GetFeedRequest),
}
