"""Demo content items as COPY records: titles from a word list, four types, tags and
metadata by category (seed 000's JSONB examples), quality unset for a fifth, public or
private, user or auto, created over the months before the load in the order of their
index (so their UUIDv7 ids ascend, as the service's would)."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from adapters.postgres.content.demo_words import CATEGORIES, WORDS

ITEM_COLUMNS = (
    "id", "workspace_id", "creator_id", "origin", "title", "content_type", "content_data",
    "metadata", "tags", "quality_score", "visibility", "created_at", "updated_at",
)  # fmt: skip
TYPES = ("text",) * 10 + ("image",) * 6 + ("video",) * 2 + ("audio",) * 2
DIFFICULTY = ("beginner", "intermediate", "advanced")
MEDIA = {"image": "png", "video": "mp4", "audio": "mp3"}
SPAN = timedelta(days=365)
_VARIANTS = 4096  # metadata, tag sets and texts drawn per item from this many made up front


@dataclass(frozen=True)
class DemoPlan:
    """Where demo items go: each workspace with its creators, chosen in turn by weight."""

    workspaces: Sequence[tuple[str, Sequence[str], int]]  # (workspace id, creator ids, weight)
    end: datetime  # the newest item's time; the oldest is SPAN before
    total: int  # the items the plan spreads over SPAN (their times follow their index)
    seed: int = 13


def _uuid7(at: datetime, rng: random.Random) -> uuid.UUID:
    ms = int(at.timestamp() * 1000)
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62)
    return uuid.UUID(int=value | rng.getrandbits(62))


def _variants(rng: random.Random) -> list[tuple[str, list[str]]]:
    """(metadata JSON, tags) pairs: a category, its keywords, a difficulty, a reading time."""
    out = []
    names = sorted(CATEGORIES)
    for _ in range(_VARIANTS):
        category = rng.choice(names)
        words = CATEGORIES[category]
        metadata: dict[str, Any] = {
            "category": category,
            "keywords": rng.sample(words, rng.randint(1, 3)),
            "difficulty": rng.choice(DIFFICULTY),
            "estimated_reading_time": rng.randint(1, 30),
        }
        if rng.random() < 0.1:
            metadata["author_notes"] = f"Updated for {rng.choice((2024, 2025, 2026))}"
        tags = sorted({category, *rng.sample(words, rng.randint(0, 2))})
        out.append((json.dumps(metadata), tags))
    return out


class DemoItems:
    """Records for items [start, start + count) of a plan; the same index, the same item
    (but for its id's random bits)."""

    def __init__(self, plan: DemoPlan) -> None:
        self._plan = plan
        rng = random.Random(plan.seed)
        self._variants = _variants(rng)
        self._texts = [
            " ".join(rng.choices(WORDS, k=rng.randint(12, 40))).capitalize() + "."
            for _ in range(_VARIANTS)
        ]
        self._slots = [i for i, (_, _, w) in enumerate(plan.workspaces) for _ in range(w)]

    def records(self, start: int, count: int) -> list[tuple[Any, ...]]:
        plan = self._plan
        rng = random.Random(plan.seed * 1_000_003 + start)
        oldest, step = plan.end - SPAN, SPAN / max(plan.total, 1)
        out = []
        for index in range(start, start + count):
            at = oldest + step * index
            ws, creators, _ = plan.workspaces[self._slots[index % len(self._slots)]]
            metadata, tags = rng.choice(self._variants)
            kind = rng.choice(TYPES)
            title = " ".join(rng.choices(WORDS, k=rng.randint(3, 8))).capitalize()
            if kind == "text":
                data = rng.choice(self._texts)
            else:
                data = f"media/{rng.getrandbits(48):012x}.{MEDIA[kind]}"
            quality = None if rng.random() < 0.2 else round(rng.triangular(0, 1, 0.7), 3)
            out.append(
                (
                    _uuid7(at, rng), ws, rng.choice(creators),
                    "auto" if rng.random() < 0.3 else "user", title, kind, data, metadata,
                    tags, quality, "public" if rng.random() < 0.4 else "private", at, at,
                )
            )  # fmt: skip
        return out
