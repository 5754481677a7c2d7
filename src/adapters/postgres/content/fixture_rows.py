"""A fixture row as the content tables' COPY record: seed 000's columns mapped onto
Strata's (item_metadata onto metadata, is_public/is_private onto visibility as
Visibility.from_flags reads them, duration in seconds onto duration_ms,
recommendation_score onto score), references resolved by `Refs`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

from adapters.postgres.content import fixture_values as v
from adapters.postgres.content.fixture_files import Cells
from domain.content.interaction import MAX_CLOCK_SKEW, MAX_DURATION_MS, InteractionType
from domain.content.recommendation import MAX_ALGORITHM_VERSION
from domain.content.values import MAX_DATA, MAX_TAG, MAX_TAGS, MAX_TITLE, ContentType, Visibility

ITEM_FIELDS = frozenset(
    [
        "id",
        "title",
        "content_type",
        "content_data",
        "creator_id",
        "item_metadata",
        "metadata",
        "tags",
        "quality_score",
        "is_public",
        "is_private",
        "visibility",
        "created_at",
        "updated_at",
    ]
)
INTERACTION_FIELDS = frozenset(
    [
        "id",
        "user_id",
        "content_item_id",
        "interaction_type",
        "rating",
        "duration",
        "duration_ms",
        "metadata",
        "created_at",
        "occurred_at",
    ]
)
RECOMMENDATION_FIELDS = frozenset(
    [
        "id",
        "user_id",
        "content_item_id",
        "recommendation_score",
        "score",
        "algorithm_version",
        "metadata",
        "served_at",
        "created_at",
        "updated_at",
    ]
)


class Refs(Protocol):
    workspace_id: str
    now: datetime

    def user(self, key: str) -> str: ...
    def item(self, key: str) -> str: ...
    def new_id(self, cells: Cells) -> uuid.UUID: ...


def _tags(raw: str) -> list[str]:
    tags = sorted({t.strip() for t in v.string_list(raw)})
    if len(tags) > MAX_TAGS or any(not t or len(t) > MAX_TAG for t in tags):
        raise v.BadCell(f"at most {MAX_TAGS} tags, each 1 to {MAX_TAG} characters")
    return tags


def _visibility(c: Cells) -> str:
    if c.raw("visibility"):
        return c.get("visibility", v.one_of, tuple(Visibility), "private")
    return Visibility.from_flags(c.get("is_public", v.flag), c.get("is_private", v.flag))


def item(c: Cells, origin: str, refs: Refs) -> tuple[Any, ...]:
    created = c.get("created_at", v.moment, refs.now)
    metadata = c.get("item_metadata" if c.raw("item_metadata") else "metadata", v.json_object)
    return (
        refs.new_id(c), refs.workspace_id, c.get("creator_id", refs.user), origin,
        c.get("title", v.text, MAX_TITLE),
        c.get("content_type", v.one_of, tuple(ContentType), "text"),
        c.get("content_data", v.text, MAX_DATA, False), metadata, c.get("tags", _tags),
        c.get("quality_score", v.number, 0, 1), _visibility(c), created,
        c.get("updated_at", v.moment, created),
    )  # fmt: skip


def _duration_ms(c: Cells) -> int | None:
    if c.raw("duration_ms"):
        return c.get("duration_ms", v.integer, 0, MAX_DURATION_MS)
    seconds = c.get("duration", v.number, 0, MAX_DURATION_MS / 1000)
    return None if seconds is None else round(seconds * 1000)


def interaction(c: Cells, batch: uuid.UUID, refs: Refs) -> tuple[Any, ...]:
    at = c.get("occurred_at" if c.raw("occurred_at") else "created_at", v.moment, refs.now)
    assert at is not None
    if at > refs.now + MAX_CLOCK_SKEW:
        raise v.BadCell("created_at: must not be in the future")
    return (
        refs.new_id(c), refs.workspace_id, c.get("user_id", refs.user),
        c.get("content_item_id", refs.item),
        c.get("interaction_type", v.one_of, tuple(InteractionType), ""),
        c.get("rating", v.integer, 1, 5), _duration_ms(c), c.get("metadata", v.json_object),
        at, batch, at,
    )  # fmt: skip


def recommendation(c: Cells, refs: Refs) -> tuple[Any, ...]:
    score = "recommendation_score" if c.raw("recommendation_score") else "score"
    created = c.get("created_at", v.moment, refs.now)
    value = c.get(score, v.number, 0, 1)
    if value is None:
        raise v.BadCell(f"{score}: is required")
    return (
        refs.new_id(c), refs.workspace_id, c.get("user_id", refs.user),
        c.get("content_item_id", refs.item), value,
        c.get("algorithm_version", v.text, MAX_ALGORITHM_VERSION).strip(),
        c.get("metadata", v.json_object), c.get("served_at", v.moment, None), created,
        c.get("updated_at", v.moment, created),
    )  # fmt: skip
