"""An interaction: one person's view, like, share, comment or download of an item."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.kernel.errors import InvalidArgument

MAX_BATCH = 500  # interactions per RecordInteractions call
MAX_DURATION_MS = 86_400_000  # one day
MAX_CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of the server an occurrence may be
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # what the analytics store's times hold with room


class InteractionType(enum.StrEnum):
    VIEW = "view"
    LIKE = "like"
    SHARE = "share"
    COMMENT = "comment"
    DOWNLOAD = "download"


@dataclass(frozen=True, slots=True)
class Interaction:
    """A rating (1 to 5) rides on an interaction of any type, as seed 000's
    `user_interactions.rating` column does: it is not a type of its own."""

    id: str
    workspace_id: str
    user_id: str
    content_item_id: str
    interaction_type: InteractionType
    occurred_at: datetime
    created_at: datetime
    batch_id: str
    rating: int | None = None
    duration_ms: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def check_rating(value: int | None, field: str) -> int | None:
    if value is not None and not 1 <= value <= 5:
        raise InvalidArgument.of(field, "must be from 1 to 5")
    return value


def check_duration(value: int | None, field: str) -> int | None:
    if value is not None and not 0 <= value <= MAX_DURATION_MS:
        raise InvalidArgument.of(field, f"must be from 0 to {MAX_DURATION_MS}")
    return value


def check_occurred(value: datetime | None, now: datetime, field: str) -> datetime:
    """When it happened: unset is now; before EARLIEST, or later than now beyond clock
    skew, is refused."""
    if value is None:
        return now
    if value > now + MAX_CLOCK_SKEW:
        raise InvalidArgument.of(field, "must not be in the future")
    if value < EARLIEST:
        raise InvalidArgument.of(field, "must not be before 2000-01-01")
    return value


def every_type(counts: dict[str, int]) -> dict[str, int]:
    """Counts of every interaction type, zeros included, in the types' order."""
    return {str(t): counts.get(str(t), 0) for t in InteractionType}
