"""The memory tables and repositories of interactions, recommendations and feeds."""

from __future__ import annotations

from typing import Any

from adapters.memory.content.feeds import InMemoryFeedRepository
from adapters.memory.content.interactions import InMemoryInteractionRepository
from adapters.memory.content.recommendations import InMemoryRecommendationRepository

INTERACTION_TABLES = (
    "content_interactions",
    "content_recommendations",
    "content_feed_sessions",
    "content_feed_served",
)


def interaction_repositories(t: dict[str, dict[Any, Any]]) -> dict[str, object]:
    return {
        "interactions": InMemoryInteractionRepository(t),
        "recommendations": InMemoryRecommendationRepository(t),
        "feeds": InMemoryFeedRepository(t),
    }
