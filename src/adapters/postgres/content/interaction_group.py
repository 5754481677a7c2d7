"""The PostgreSQL repositories of interactions, recommendations and feeds."""

from __future__ import annotations

from adapters.postgres.content.feeds import SqlaFeedRepository
from adapters.postgres.content.interactions import SqlaInteractionRepository
from adapters.postgres.content.recommendations import SqlaRecommendationRepository
from adapters.postgres.infra.session import Session


def interaction_repositories(session: Session) -> dict[str, object]:
    return {
        "interactions": SqlaInteractionRepository(session),
        "recommendations": SqlaRecommendationRepository(session),
        "feeds": SqlaFeedRepository(session),
    }
