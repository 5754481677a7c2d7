"""The content context: items (and, beside them, each later group's use cases)."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.clickhouse.interaction_history import ClickHouseInteractionHistory
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from adapters.memory.content import MEMORY
from adapters.memory.content.interaction_history import StoreInteractionHistory
from adapters.postgres.content import (
    POSTGRES,
    tables,
    tables_digests,
    tables_interactions,
    tables_titles,
)
from domain.content import (
    digest_reads,
    digests,
    feed,
    feed_lifetime,
    feedback,
    interaction_reads,
    interactions,
    item_reads,
    items,
    model_versions,
    preferences,
    recommendation_reads,
    recommendations,
    stats,
)
from domain.content.deps import ContentDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.content import DIGEST_SERVICE, SERVICE
from ports.content.interactions import InteractionHistory


def interaction_history(store: Any) -> InteractionHistory:
    """Long-range interaction statistics: from ClickHouse when the analytics store is
    ClickHouse, else from the analytics store's event pages (memory storage)."""
    if isinstance(store, ClickHouseAnalyticsStore):
        return ClickHouseInteractionHistory(store.client)
    return StoreInteractionHistory(store)


class ContentContainer(ContextContainer):
    deps = providers.Singleton(
        ContentDeps,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        page_tokens=ContextContainer.core.page_tokens,
        analytics_retention_days=ContextContainer.config.retention_days,
    )
    # Items
    create_content = providers.Singleton(items.CreateContent, deps)
    get_content = providers.Singleton(item_reads.GetContent, deps)
    update_content = providers.Singleton(items.UpdateContent, deps)
    delete_content = providers.Singleton(items.DeleteContent, deps)
    list_content = providers.Singleton(item_reads.ListContent, deps)
    get_content_stats = providers.Singleton(stats.GetContentStats, deps)
    # Interactions, recommendations, feeds
    history = providers.Singleton(interaction_history, ContextContainer.analytics_store)
    record_interactions = providers.Singleton(interactions.RecordInteractions, deps)
    list_interactions = providers.Singleton(interaction_reads.ListInteractions, deps)
    get_interaction_stats = providers.Singleton(
        interaction_reads.GetInteractionStats, deps, history
    )
    upsert_recommendations = providers.Singleton(recommendations.UpsertRecommendations, deps)
    list_recommendations = providers.Singleton(recommendation_reads.ListRecommendations, deps)
    mark_served = providers.Singleton(recommendations.MarkServed, deps)
    get_feed = providers.Singleton(feed.GetFeed, deps, ContextContainer.config.feed_session_hours)
    # Run under the server only (entrypoints.runtime.feed_purge).
    purge_expired_feed_sessions = providers.Singleton(
        feed_lifetime.PurgeExpiredFeedSessions, deps, ContextContainer.config.feed_session_hours
    )
    # Digests and learned preferences (DigestService)
    create_digest = providers.Singleton(digests.CreateDigest, deps)
    add_digest_items = providers.Singleton(digests.AddDigestItems, deps)
    get_digest = providers.Singleton(digest_reads.GetDigest, deps)
    list_digests = providers.Singleton(digest_reads.ListDigests, deps)
    mark_delivered = providers.Singleton(digests.MarkDelivered, deps)
    record_feedback = providers.Singleton(feedback.RecordFeedback, deps)
    get_preference_weights = providers.Singleton(preferences.GetPreferenceWeights, deps)
    set_preference_weights = providers.Singleton(preferences.SetPreferenceWeights, deps)
    record_model_version = providers.Singleton(model_versions.RecordModelVersion, deps)
    list_model_versions = providers.Singleton(model_versions.ListModelVersions, deps)


def _settings(settings: Any) -> dict[str, Any]:
    return {
        "feed_session_hours": settings.content.feed_session_hours,
        "retention_days": settings.analytics.retention_days,
    }


CONTENT = BoundedContext(
    name="content",
    container=ContentContainer,
    services=(SERVICE, DIGEST_SERVICE),
    memory=MEMORY,
    settings=_settings,
    postgres=POSTGRES,
    tables=(tables, tables_interactions, tables_digests, tables_titles),
)
