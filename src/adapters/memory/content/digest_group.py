"""The digests group's tables and repositories in memory."""

from __future__ import annotations

from typing import Any

from adapters.memory.content.digests import InMemoryDigestItemRepository, InMemoryDigestRepository
from adapters.memory.content.feedback import InMemoryFeedbackRepository
from adapters.memory.content.preferences import (
    InMemoryModelVersionRepository,
    InMemoryPreferenceWeightRepository,
)

DIGEST_TABLES = (
    "digests",
    "digest_items",
    "model_versions",
    "preference_weights",
    "content_feedback",
)


def digest_repositories(tables: dict[str, dict[Any, Any]]) -> dict[str, object]:
    return {
        "digests": InMemoryDigestRepository(tables),
        "digest_items": InMemoryDigestItemRepository(tables),
        "model_versions": InMemoryModelVersionRepository(tables),
        "preference_weights": InMemoryPreferenceWeightRepository(tables),
        "feedback": InMemoryFeedbackRepository(tables),
    }
