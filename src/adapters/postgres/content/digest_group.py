"""The digests group's repositories on PostgreSQL."""

from __future__ import annotations

from adapters.postgres.content.digests import SqlaDigestItemRepository, SqlaDigestRepository
from adapters.postgres.content.feedback import SqlaFeedbackRepository
from adapters.postgres.content.preferences import (
    SqlaModelVersionRepository,
    SqlaPreferenceWeightRepository,
)
from adapters.postgres.infra.session import Session


def digest_repositories(session: Session) -> dict[str, object]:
    return {
        "digests": SqlaDigestRepository(session),
        "digest_items": SqlaDigestItemRepository(session),
        "model_versions": SqlaModelVersionRepository(session),
        "preference_weights": SqlaPreferenceWeightRepository(session),
        "feedback": SqlaFeedbackRepository(session),
    }
