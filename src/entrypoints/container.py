"""The composition root: small containers per layer, storage chosen from settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dependency_injector import containers, providers

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.audit_checkpoints import InMemoryAuditCheckpoints
from adapters.memory.health import InMemoryHealthProbe
from adapters.memory.principal_cache import InMemoryPrincipalCache
from adapters.memory.rate_limit import InMemoryRateLimiter
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.system.basics import SystemClock, TokenSecretGenerator, Uuid7Generator
from adapters.system.hashing import Argon2PasswordHasher, HmacKeyHasher
from adapters.system.page_tokens import HmacTokenSigner
from adapters.system.signing import HmacCheckpointSigner
from domain.audit import use_cases as audit_uc
from domain.audit.use_cases import AuditDeps
from domain.identity.use_cases import api_keys, auth, members, users, workspaces
from domain.identity.use_cases.deps import IdentityDeps, IdentityPolicy
from domain.knowledge import chunks, documents, duplicates, evaluations, searching
from domain.knowledge.stream_quota import StreamQuota
from domain.knowledge.use_cases import KnowledgeDeps, KnowledgeLimits
from entrypoints.call_scope import ScopedUnitOfWorkFactory
from entrypoints.metrics import Metrics
from entrypoints.settings import SettingsError


class CoreContainer(containers.DeclarativeContainer):
    """Clock, ids, secrets and hashing: the same whatever the storage."""

    config = providers.Configuration()
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(Uuid7Generator)
    secrets = providers.Singleton(TokenSecretGenerator)
    passwords = providers.Singleton(Argon2PasswordHasher)
    key_hasher = providers.Singleton(HmacKeyHasher, pepper=config.key_pepper)
    checkpoint_signer = providers.Singleton(
        HmacCheckpointSigner, secret=config.audit_checkpoint_secret
    )
    page_tokens = providers.Singleton(
        HmacTokenSigner.from_settings,
        secret=config.page_token_secret,
        key_pepper=config.key_pepper,
    )
    login_limiter = providers.Singleton(
        InMemoryRateLimiter, max_failures=5, window_seconds=300.0, per_prefix={"peer": 30}
    )


class MemoryStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    audit_log = providers.Singleton(InMemoryAuditLog)
    uow = providers.Singleton(InMemoryUnitOfWorkFactory, audit_log=audit_log)
    audit_checkpoints = providers.Singleton(InMemoryAuditCheckpoints)
    health = providers.Singleton(InMemoryHealthProbe)


def _query_observer(metrics: Metrics, slow_ms: float) -> Any:
    from adapters.postgres.observe import QueryObserver

    return QueryObserver(slow_ms, metrics.query_finished, on_slow=metrics.slow_query)


def _engine(
    url: str | None, pool: dict[str, Any], limits: dict[str, int], observer: Any, metrics: Metrics
) -> Any:
    """Creating the engine connects nothing; the pool fills on first use."""
    if url is None:
        return None
    from adapters.postgres.engine import SessionLimits, create_engine
    from adapters.postgres.observe import instrument_engine
    from adapters.postgres.pools import EnginePoolGauge

    engine = create_engine(url, limits=SessionLimits(**limits), **pool)
    instrument_engine(engine, observer)
    metrics.watch_pool("sqlalchemy", EnginePoolGauge(engine, steady=pool["pool_size"]))
    return engine


def _driver_pool(
    url: str | None, pool: dict[str, Any], limits: dict[str, int], observer: Any, metrics: Metrics
) -> Any:
    if url is None:
        return None
    from adapters.postgres.engine import SessionLimits
    from adapters.postgres.session import DriverPool

    driver_pool = DriverPool(
        url,
        max_size=pool["pool_size"] + pool["max_overflow"],
        observer=observer,
        limits=SessionLimits(**limits),
        steady_size=pool["pool_size"],
    )
    metrics.watch_pool("driver", driver_pool)
    return driver_pool


def _sqla_uow(engine: Any, driver_pool: Any, standing_seconds: float) -> Any:
    from adapters.postgres.standing import StandingCache
    from adapters.postgres.uow import SqlaUnitOfWorkFactory

    return SqlaUnitOfWorkFactory(engine, driver_pool, standing=StandingCache(standing_seconds))


def _cache_listener(url: str | None) -> Any:
    if url is None:
        return None
    from adapters.postgres.cache_listener import CacheListener

    return CacheListener(url)


def _pg_audit_log(engine: Any, driver_pool: Any) -> Any:
    from adapters.postgres.audit import SqlaAuditLog

    return SqlaAuditLog(engine, driver_pool)


def _pg_audit_checkpoints(engine: Any) -> Any:
    from adapters.postgres.audit_checkpoints import SqlaAuditCheckpoints

    return SqlaAuditCheckpoints(engine)


def _pg_health(engine: Any, driver_pool: Any, pool: dict[str, Any]) -> Any:
    from adapters.postgres.health import PostgresHealthProbe
    from adapters.postgres.pools import EnginePoolGauge

    gauges = {"database_pool": EnginePoolGauge(engine, pool["pool_size"])}
    return PostgresHealthProbe(engine, {**gauges, "database_driver_pool": driver_pool})


class PostgresStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    metrics: providers.Dependency[Metrics] = providers.Dependency()
    observer = providers.Singleton(_query_observer, metrics, config.slow_query_ms)
    engine = providers.Singleton(
        _engine,
        url=config.database_url,
        pool=config.pool,
        limits=config.limits,
        observer=observer,
        metrics=metrics,
    )
    driver_pool = providers.Singleton(
        _driver_pool,
        url=config.database_url,
        pool=config.pool,
        limits=config.limits,
        observer=observer,
        metrics=metrics,
    )
    uow = providers.Singleton(_sqla_uow, engine, driver_pool, config.auth_cache_seconds)
    audit_log = providers.Singleton(_pg_audit_log, engine, driver_pool)
    audit_checkpoints = providers.Singleton(_pg_audit_checkpoints, engine)
    health = providers.Singleton(_pg_health, engine, driver_pool, config.pool)
    cache_listener = providers.Singleton(_cache_listener, url=config.database_url)


class IdentityContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    uow: providers.Dependency[Any] = providers.Dependency()
    config = providers.Configuration()

    policy = providers.Singleton(
        IdentityPolicy,
        login_key_ttl=providers.Factory(timedelta, hours=config.login_key_ttl_hours),
        auth_cache_ttl=providers.Factory(timedelta, seconds=config.auth_cache_seconds),
    )
    auth_cache = providers.Singleton(InMemoryPrincipalCache)
    deps = providers.Singleton(
        IdentityDeps,
        uow=uow,
        clock=core.clock,
        ids=core.ids,
        secrets=core.secrets,
        passwords=core.passwords,
        key_hasher=core.key_hasher,
        login_limiter=core.login_limiter,
        page_tokens=core.page_tokens,
        policy=policy,
        auth_cache=auth_cache,
    )
    authenticate = providers.Singleton(auth.Authenticate, deps)
    login = providers.Singleton(auth.Login, deps)
    who_am_i = providers.Singleton(auth.WhoAmI, deps)
    create_user = providers.Singleton(users.CreateUser, deps)
    get_user = providers.Singleton(users.GetUser, deps)
    update_user = providers.Singleton(users.UpdateUser, deps)
    deactivate_user = providers.Singleton(users.DeactivateUser, deps)
    list_users = providers.Singleton(users.ListUsers, deps)
    upsert_oauth_user = providers.Singleton(users.UpsertOAuthUser, deps)
    create_workspace = providers.Singleton(workspaces.CreateWorkspace, deps)
    get_workspace = providers.Singleton(workspaces.GetWorkspace, deps)
    list_workspaces = providers.Singleton(workspaces.ListWorkspaces, deps)
    update_workspace = providers.Singleton(workspaces.UpdateWorkspace, deps)
    delete_workspace = providers.Singleton(workspaces.DeleteWorkspace, deps)
    add_member = providers.Singleton(members.AddMember, deps)
    update_member_role = providers.Singleton(members.UpdateMemberRole, deps)
    remove_member = providers.Singleton(members.RemoveMember, deps)
    list_members = providers.Singleton(members.ListMembers, deps)
    create_api_key = providers.Singleton(api_keys.CreateApiKey, deps)
    list_api_keys = providers.Singleton(api_keys.ListApiKeys, deps)
    revoke_api_key = providers.Singleton(api_keys.RevokeApiKey, deps)
    issue_system_key = providers.Singleton(api_keys.IssueSystemKey, deps)


class AuditContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    uow: providers.Dependency[Any] = providers.Dependency()
    audit_log: providers.Dependency[Any] = providers.Dependency()

    deps = providers.Singleton(
        AuditDeps, log=audit_log, uow=uow, clock=core.clock, page_tokens=core.page_tokens
    )
    list_audit_entries = providers.Singleton(audit_uc.ListAuditEntries, deps)
    get_audit_entry = providers.Singleton(audit_uc.GetAuditEntry, deps)
    summarize_audit_actions = providers.Singleton(audit_uc.SummarizeAuditActions, deps)
    get_audit_activity = providers.Singleton(audit_uc.GetAuditActivity, deps)


class KnowledgeContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    uow: providers.Dependency[Any] = providers.Dependency()
    config = providers.Configuration()

    deps = providers.Singleton(
        KnowledgeDeps,
        uow=uow,
        clock=core.clock,
        ids=core.ids,
        page_tokens=core.page_tokens,
        embedding_dim=config.embedding_dim.as_int(),
        limits=providers.Factory(
            KnowledgeLimits, max_stream_pause_seconds=config.stream_idle_seconds
        ),
    )
    stream_quota = providers.Singleton(
        StreamQuota, per_caller=config.max_streams_per_caller, total=config.max_open_streams
    )
    create_document = providers.Singleton(documents.CreateDocument, deps)
    get_document = providers.Singleton(documents.GetDocument, deps)
    list_documents = providers.Singleton(documents.ListDocuments, deps)
    update_document = providers.Singleton(documents.UpdateDocument, deps)
    set_document_status = providers.Singleton(documents.SetDocumentStatus, deps)
    delete_document = providers.Singleton(documents.DeleteDocument, deps)
    upsert_chunks = providers.Singleton(chunks.UpsertChunks, deps)
    upsert_chunks_stream = providers.Singleton(chunks.UpsertChunksStream, deps, stream_quota)
    search_chunks = providers.Singleton(searching.SearchChunks, deps)
    find_similar_documents = providers.Singleton(duplicates.FindSimilarDocuments, deps)
    check_duplicate = providers.Singleton(duplicates.CheckDuplicate, deps)
    record_evaluation = providers.Singleton(evaluations.RecordEvaluation, deps)
    set_evaluation_feedback = providers.Singleton(evaluations.SetEvaluationFeedback, deps)
    list_evaluations = providers.Singleton(evaluations.ListEvaluations, deps)
    get_evaluation_stats = providers.Singleton(evaluations.GetEvaluationStats, deps)


class ApplicationContainer(containers.DeclarativeContainer):
    config = providers.Configuration()
    core = providers.Container(CoreContainer, config=config.core)
    metrics = providers.Singleton(Metrics)
    storage = providers.Selector(
        config.storage,
        memory=providers.Container(MemoryStorage),
        postgres=providers.Container(PostgresStorage, config=config.postgres, metrics=metrics),
    )
    # Inside a call, a write commits with the call's audit entry (entrypoints.call_scope).
    uow = providers.Singleton(ScopedUnitOfWorkFactory, storage.provided.uow.call())
    audit_log = storage.provided.audit_log.call()
    audit_checkpoints = storage.provided.audit_checkpoints.call()
    health = storage.provided.health.call()
    identity = providers.Container(IdentityContainer, core=core, uow=uow, config=config.identity)
    audit = providers.Container(AuditContainer, core=core, uow=uow, audit_log=audit_log)
    knowledge = providers.Container(KnowledgeContainer, core=core, uow=uow, config=config.knowledge)


def build_container(settings: Any, database_url: str | None) -> ApplicationContainer:
    """Configure the application from Settings; `database_url` is used for postgres storage."""
    container = ApplicationContainer()
    container.config.from_dict(config_from(settings, database_url))
    return container


def config_from(settings: Any, database_url: str | None) -> dict[str, Any]:
    return {
        "storage": settings.storage,
        "core": {
            "key_pepper": settings.key_pepper.get_secret_value(),
            "audit_checkpoint_secret": settings.audit_checkpoint_secret.get_secret_value(),
            "page_token_secret": settings.page_token_secret.get_secret_value(),
        },
        "identity": {"login_key_ttl_hours": 12, "auth_cache_seconds": settings.auth_cache_seconds},
        "knowledge": {
            "embedding_dim": settings.embedding_dim,
            "embedding_index": settings.embedding_index_kind,
            "stream_idle_seconds": settings.stream_idle_seconds,
            "max_streams_per_caller": settings.max_streams_per_caller,
            "max_open_streams": settings.max_open_streams(),
        },
        "postgres": {
            "database_url": database_url,
            "slow_query_ms": settings.slow_query_ms,
            "auth_cache_seconds": settings.auth_cache_seconds,
            "limits": {
                "statement_timeout_ms": settings.statement_timeout_ms,
                "lock_timeout_ms": settings.lock_timeout_ms,
                "idle_in_transaction_timeout_ms": settings.idle_in_transaction_timeout_ms,
            },
            "pool": {
                "pool_size": settings.database_pool_size,
                "max_overflow": settings.database_max_overflow,
                "pool_recycle": settings.database_pool_recycle,
                "pool_timeout": settings.database_pool_timeout,
                "echo": settings.db_echo,
            },
        },
    }


async def start(container: ApplicationContainer) -> None:
    """Pools fill lazily. On PostgreSQL the embeddings' dimension and HNSW index kind are
    read from the database, and settings that disagree with them stop the start; then
    this instance listens for cache invalidations from the others."""
    if container.config.storage() != "postgres" or not container.config.postgres.database_url():
        return
    found = await container.uow().start()
    knowledge = container.config.knowledge()
    differ = [
        f"{var}={mine}"
        for var, mine, theirs in (
            ("STRATA_EMBEDDING_DIM", knowledge["embedding_dim"], found.dim),
            ("STRATA_EMBEDDING_INDEX", knowledge["embedding_index"], found.kind),
        )
        if mine != theirs
    ]
    if differ:
        raise SettingsError(
            f"the database's embeddings are {found.describe()}, but the settings say "
            f"{' and '.join(differ)}: set STRATA_EMBEDDING_DIM={found.dim} and "
            f"STRATA_EMBEDDING_INDEX={found.kind}, or migrate the database to the new settings",
            tuple(d.split("=")[0] for d in differ),
        )
    caches = [container.identity.auth_cache(), container.uow().standing]
    await container.storage().cache_listener().start(caches)


async def stop(container: ApplicationContainer) -> None:
    """Stop listening and close the database pools, if this storage has them."""
    storage = container.storage()
    listener = getattr(storage, "cache_listener", None)
    if listener is not None and listener() is not None:
        await listener().stop()
    driver_pool = getattr(storage, "driver_pool", None)
    if driver_pool is not None and driver_pool() is not None:
        await driver_pool().close()
    engine = getattr(storage, "engine", None)
    if engine is not None and engine() is not None:
        await engine().dispose()
