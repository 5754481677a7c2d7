"""A recommendation: an algorithm's score for showing a user an item, served once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.kernel.errors import InvalidArgument

MAX_BATCH = 500  # recommendations per UpsertRecommendations call
MAX_ALGORITHM_VERSION = 64


@dataclass(slots=True)
class Recommendation:
    """One per (user, content item, algorithm_version): a new upsert changes the score
    and metadata, and keeps `served_at` (set once, when the user was first shown it)."""

    id: str
    workspace_id: str
    user_id: str
    content_item_id: str
    score: float
    algorithm_version: str
    created_at: datetime
    updated_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)
    served_at: datetime | None = None


def check_score(value: float, field: str) -> float:
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidArgument.of(field, "must be from 0 to 1")
    return value


def check_algorithm_version(value: str, field: str) -> str:
    if not value or len(value) > MAX_ALGORITHM_VERSION or "\x00" in value:
        raise InvalidArgument.of(field, f"must be 1 to {MAX_ALGORITHM_VERSION} characters")
    return value
