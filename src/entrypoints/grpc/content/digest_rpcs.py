"""DigestService: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.content import digest_reads, digests, feedback, model_versions, preferences
from domain.content.digests import DigestWithItems
from entrypoints.grpc.content.digest_messages import (
    STATUSES,
    THUMBS,
    digest_pb,
    feedback_pb,
    model_version_pb,
    new_items,
    weights_from,
    weights_reply,
)
from entrypoints.grpc.content.messages import from_proto, optional
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import from_struct
from strata.v1 import digests_pb2 as pb
from strata.v1 import digests_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class DigestUseCases:
    create_digest: digests.CreateDigest
    add_digest_items: digests.AddDigestItems
    get_digest: digest_reads.GetDigest
    list_digests: digest_reads.ListDigests
    mark_delivered: digests.MarkDelivered
    record_feedback: feedback.RecordFeedback
    get_preference_weights: preferences.GetPreferenceWeights
    set_preference_weights: preferences.SetPreferenceWeights
    record_model_version: model_versions.RecordModelVersion
    list_model_versions: model_versions.ListModelVersions


class DigestServicer(digests_pb2_grpc.DigestServiceServicer):
    def __init__(self, digests: DigestUseCases) -> None:
        self._u = digests

    async def CreateDigest(self, r: pb.CreateDigestRequest, _: Ctx) -> pb.CreateDigestResponse:
        found = await self._u.create_digest.execute(
            current_principal(), r.workspace_id, r.user_id, r.digest_date
        )
        return pb.CreateDigestResponse(digest=digest_pb(found), created=found.created)

    async def AddDigestItems(
        self, r: pb.AddDigestItemsRequest, _: Ctx
    ) -> pb.AddDigestItemsResponse:
        found = await self._u.add_digest_items.execute(
            current_principal(), r.workspace_id, r.digest_id, new_items(list(r.items))
        )
        return pb.AddDigestItemsResponse(digest=digest_pb(found))

    async def GetDigest(self, r: pb.GetDigestRequest, _: Ctx) -> pb.GetDigestResponse:
        found = await self._u.get_digest.execute(current_principal(), r.workspace_id, r.id)
        return pb.GetDigestResponse(digest=digest_pb(found))

    async def ListDigests(self, r: pb.ListDigestsRequest, _: Ctx) -> pb.ListDigestsResponse:
        page = await self._u.list_digests.execute(
            current_principal(),
            r.workspace_id,
            r.user_id,
            from_proto(STATUSES, r.status, "status"),
            r.page_size,
            r.page_token,
        )
        listed = [digest_pb(DigestWithItems(d, []), with_items=False) for d in page.items]
        return pb.ListDigestsResponse(digests=listed, next_page_token=page.next_token)

    async def MarkDelivered(self, r: pb.MarkDeliveredRequest, _: Ctx) -> pb.MarkDeliveredResponse:
        found = await self._u.mark_delivered.execute(
            current_principal(),
            r.workspace_id,
            r.id,
            from_proto(STATUSES, r.status, "status"),
            r.failure_reason,
            r.etag,
        )
        return pb.MarkDeliveredResponse(digest=digest_pb(found))

    async def RecordFeedback(
        self, r: pb.RecordFeedbackRequest, _: Ctx
    ) -> pb.RecordFeedbackResponse:
        cmd = feedback.NewFeedback(
            r.workspace_id,
            r.digest_item_id,
            r.content_item_id,
            optional(r, "rating"),
            from_proto(THUMBS, r.thumbs, "thumbs"),
            r.comment,
            r.request_id,
        )
        given = await self._u.record_feedback.execute(current_principal(), cmd)
        return pb.RecordFeedbackResponse(feedback=feedback_pb(given))

    async def GetPreferenceWeights(
        self, r: pb.GetPreferenceWeightsRequest, _: Ctx
    ) -> pb.GetPreferenceWeightsResponse:
        found = await self._u.get_preference_weights.execute(
            current_principal(), r.workspace_id, r.user_id, r.model_version
        )
        return weights_reply(pb.GetPreferenceWeightsResponse, found)

    async def SetPreferenceWeights(
        self, r: pb.SetPreferenceWeightsRequest, _: Ctx
    ) -> pb.SetPreferenceWeightsResponse:
        stored = await self._u.set_preference_weights.execute(
            current_principal(),
            r.workspace_id,
            r.user_id,
            r.model_version,
            weights_from(list(r.weights)),
        )
        return weights_reply(pb.SetPreferenceWeightsResponse, stored)

    async def RecordModelVersion(
        self, r: pb.RecordModelVersionRequest, _: Ctx
    ) -> pb.RecordModelVersionResponse:
        stored = await self._u.record_model_version.execute(
            current_principal(), r.workspace_id, r.version, from_struct(r.metrics)
        )
        return pb.RecordModelVersionResponse(model_version=model_version_pb(stored))

    async def ListModelVersions(
        self, r: pb.ListModelVersionsRequest, _: Ctx
    ) -> pb.ListModelVersionsResponse:
        page = await self._u.list_model_versions.execute(
            current_principal(), r.workspace_id, r.page_size, r.page_token
        )
        return pb.ListModelVersionsResponse(
            model_versions=[model_version_pb(m) for m in page.items],
            next_page_token=page.next_token,
        )
