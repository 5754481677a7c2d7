"""Digests, model versions and weights rendered as protobuf messages, and their enums."""

from __future__ import annotations

from typing import TypeVar, cast

from domain.content.digest_model import DigestItem, DigestStatus
from domain.content.digest_values import NewDigestItem
from domain.content.digests import DigestWithItems
from domain.content.feedback_model import Feedback, Thumbs
from domain.content.preference_model import ModelVersion, PreferenceWeight, PreferenceWeights
from entrypoints.grpc.convert import struct, ts
from strata.v1 import digests_pb2 as pb

STATUSES = {s: pb.DigestStatus.Value(f"DIGEST_STATUS_{s.name}") for s in DigestStatus}
THUMBS = {t: pb.Thumbs.Value(f"THUMBS_{t.name}") for t in Thumbs}


def digest_pb(found: DigestWithItems, with_items: bool = True) -> pb.Digest:
    d = found.digest
    return pb.Digest(
        id=d.id,
        workspace_id=d.workspace_id,
        user_id=d.user_id,
        digest_date=d.digest_date.isoformat(),
        status=cast("pb.DigestStatus", STATUSES[d.status]),
        deliver_time=ts(d.delivered_at),
        failure_reason=d.failure_reason,
        create_time=ts(d.created_at),
        update_time=ts(d.updated_at),
        etag=d.etag,
        item_count=d.item_count,
        items=[item_pb(i) for i in found.items] if with_items else [],
    )


def item_pb(item: DigestItem) -> pb.DigestItem:
    return pb.DigestItem(
        id=item.id,
        content_item_id=item.content_item_id,
        rank=item.rank,
        score=item.score,
        reason=item.reason,
        create_time=ts(item.created_at),
    )


def new_items(items: list[pb.DigestItem]) -> tuple[NewDigestItem, ...]:
    return tuple(NewDigestItem(i.content_item_id, i.rank, i.score, i.reason) for i in items)


def model_version_pb(version: ModelVersion) -> pb.ModelVersion:
    return pb.ModelVersion(
        version=version.version, metrics=struct(version.metrics), create_time=ts(version.created_at)
    )


def weights_from(weights: list[pb.PreferenceWeight]) -> tuple[PreferenceWeight, ...]:
    return tuple(PreferenceWeight(w.feature, w.weight) for w in weights)


Reply = TypeVar("Reply", pb.GetPreferenceWeightsResponse, pb.SetPreferenceWeightsResponse)


def weights_reply(kind: type[Reply], found: PreferenceWeights) -> Reply:
    """GetPreferenceWeights' or SetPreferenceWeights' response: the same three fields."""
    weights = [pb.PreferenceWeight(feature=w.feature, weight=w.weight) for w in found.weights]
    return kind(
        model_version=found.model_version, weights=weights, update_time=ts(found.updated_at)
    )


def feedback_pb(feedback: Feedback) -> pb.ContentFeedback:
    return pb.ContentFeedback(
        id=feedback.id,
        workspace_id=feedback.workspace_id,
        user_id=feedback.user_id,
        content_item_id=feedback.content_item_id,
        digest_item_id=feedback.digest_item_id or "",
        rating=feedback.rating,
        thumbs=cast("pb.Thumbs", THUMBS[feedback.thumbs] if feedback.thumbs else 0),
        comment=feedback.comment,
        interaction_id=feedback.interaction_id,
        create_time=ts(feedback.created_at),
    )
