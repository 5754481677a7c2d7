"""Demo interactions and recommendations as COPY records, for a few users over a pool of
recent items: views mostly (with a duration), likes, comments, shares and downloads,
some rated; metadata as seed 000's examples (source, device, location, referrer,
session). Each user's recommendations are distinct items, some already served."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

INTERACTION_COLUMNS = (
    "id", "workspace_id", "user_id", "content_item_id", "interaction_type", "rating",
    "duration_ms", "metadata", "occurred_at", "batch_id", "created_at",
)  # fmt: skip
RECOMMENDATION_COLUMNS = (
    "id", "workspace_id", "user_id", "content_item_id", "score", "algorithm_version",
    "metadata", "served_at", "created_at", "updated_at",
)  # fmt: skip
KINDS = ("view",) * 12 + ("like",) * 3 + ("comment", "share", "download", "download")
SOURCES = ("mobile_app", "web", "email", "api")
DEVICES = ("smartphone", "desktop", "tablet")
LOCATIONS = ("home_page", "feed", "search", "digest")
REFERRERS = ("search_results", "recommendations", "direct", "social")
ALGORITHMS = (("collaborative_filtering", "cf-1.2"), ("content_similarity", "cs-0.9"))
REASONS = ("similar_users", "content_similarity", "trending", "followed_tags")

Item = tuple[Any, str, datetime]  # (id, workspace id, created at)


def _id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def interactions(
    rng: random.Random, user: str, pool: Sequence[Item], count: int, now: datetime
) -> list[tuple[Any, ...]]:
    out, batch = [], _id(rng)
    for n in range(count):
        if n % 50 == 0:
            batch = _id(rng)  # one RecordInteractions call's worth
        item, workspace, created = rng.choice(pool)
        kind = rng.choice(KINDS)
        at = min(created + timedelta(seconds=rng.randrange(1, 7 * 86400)), now)
        rating = rng.randint(1, 5) if kind != "view" and rng.random() < 0.4 else None
        duration = rng.randint(1_000, 600_000) if kind == "view" else None
        metadata = {
            "source": rng.choice(SOURCES),
            "device_type": rng.choice(DEVICES),
            "location": rng.choice(LOCATIONS),
            "referrer": rng.choice(REFERRERS),
            "session_id": f"{rng.getrandbits(32):08x}",
        }
        out.append(
            (_id(rng), workspace, user, item, kind, rating, duration, json.dumps(metadata), at,
             batch, at)
        )  # fmt: skip
    return out


def recommendations(
    rng: random.Random, user: str, pool: Sequence[Item], count: int, now: datetime
) -> list[tuple[Any, ...]]:
    out = []
    for item, workspace, _ in rng.sample(list(pool), min(count, len(pool))):
        algorithm, version = rng.choice(ALGORITHMS)
        created = now - timedelta(seconds=rng.randrange(30 * 86400))
        served = created + timedelta(minutes=rng.randrange(1, 600)) if rng.random() < 0.3 else None
        metadata = {
            "algorithm": algorithm,
            "confidence": round(rng.random(), 2),
            "reasons": rng.sample(REASONS, 2),
            "fallback_used": rng.random() < 0.05,
            "computation_time_ms": rng.randint(5, 120),
        }
        out.append(
            (_id(rng), workspace, user, item, round(rng.random(), 4), version,
             json.dumps(metadata), served and min(served, now), created, created)
        )  # fmt: skip
    return out
