"""The composition root: a core container, storage chosen from settings, one container
per registered context (entrypoints.contexts), and Resources that open and close what
holds connections or runs in the background, in dependency order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import containers, providers

from adapters.memory.rate_limit import InMemoryRateLimiter
from adapters.system.basics import SystemClock, TokenSecretGenerator, Uuid7Generator
from adapters.system.hashing import Argon2PasswordHasher, HmacKeyHasher
from adapters.system.page_tokens import HmacTokenSigner
from adapters.system.signing import HmacCheckpointSigner
from entrypoints.analytics_storage import (
    analytics_client,
    analytics_client_open,
    analytics_config,
    clickhouse_analytics_store,
    memory_analytics_store,
)
from entrypoints.call_scope import ScopedUnitOfWorkFactory
from entrypoints.contexts import CONTEXTS
from entrypoints.metrics import Metrics
from entrypoints.runtime.status_board import StatusBoard
from entrypoints.storage import MemoryStorage, PostgresStorage


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
    status_board = providers.Singleton(StatusBoard)  # background work's health reports


async def _started(uow: Any) -> AsyncIterator[dict[str, Any]]:
    """What each context reads from its store when the service starts."""
    start = getattr(uow, "start", None)
    yield await start() if start is not None else {}


async def _listening(
    listener: Any, uow: Any, *caches: Any, channels: list[list[Any]]
) -> AsyncIterator[None]:
    """Every instance forgets cached keys and standings when any instance changes them, and
    hears the contexts' other channels (job wake-ups) on the same connection."""
    if listener is None:
        yield
        return
    await listener.start([*caches, uow.standing], [c for each in channels for c in each])
    yield
    await listener.stop()


class ApplicationContainer(containers.DeclarativeContainer):
    config = providers.Configuration()
    core = providers.Container(CoreContainer, config=config.core)
    metrics = providers.Singleton(Metrics)
    # The transactional store, and the analytics store beside it.
    storage = providers.Selector(
        config.storage,
        memory=providers.Container(MemoryStorage),
        postgres=providers.Container(PostgresStorage, config=config.postgres, metrics=metrics),
    )
    analytics_client = providers.Singleton(
        analytics_client,
        config.storage,
        config.analytics.url,
        config.analytics.chdb_dir,
        config.analytics.database,
        config.analytics.chdb_host,
    )
    analytics_client_open = providers.Resource(analytics_client_open, analytics_client)
    analytics_store = providers.Selector(
        config.storage,
        memory=providers.Singleton(memory_analytics_store),
        postgres=providers.Singleton(
            clickhouse_analytics_store, analytics_client, config.analytics.retention_days
        ),
    )
    # Inside a call, a write commits with the call's audit entry (entrypoints.call_scope).
    uow = providers.Singleton(ScopedUnitOfWorkFactory, storage.provided.uow.call())
    started = providers.Resource(_started, storage.provided.uow.call())


def _wire_contexts(app: type[ApplicationContainer]) -> None:
    """Give every registered context its container, and listen for its caches' changes and
    on its `channels`."""
    storage = app.storage.provided
    for bounded in CONTEXTS:
        setattr(
            app,
            bounded.name,
            providers.Container(
                bounded.container,
                core=app.core,
                uow=app.uow,
                started=app.started,
                config=getattr(app.config.contexts, bounded.name),
                storage_kind=app.config.storage,
                store=storage.store.call(),
                engine=storage.engine.call(),
                driver_pool=storage.driver_pool.call(),
                analytics_store=app.analytics_store,
            ),
        )
    caches = [getattr(app, c.name).caches for c in CONTEXTS if "caches" in c.container.providers]
    heard = [getattr(app, c.name).channels for c in CONTEXTS if "channels" in c.container.providers]
    listening = providers.Resource(
        _listening,
        storage.cache_listener.call(),
        storage.uow.call(),
        *caches,
        channels=providers.List(*heard),
    )
    setattr(app, "listening", listening)  # noqa: B010


_wire_contexts(ApplicationContainer)


def context(container: ApplicationContainer, name: str) -> Any:
    """The container of a registered context (its providers are known only at run time)."""
    return getattr(container, name)


def build_container(settings: Any, database_url: str | None, **limits: int) -> ApplicationContainer:
    """Configure the application from Settings; `database_url` is used for postgres storage."""
    container = ApplicationContainer()
    container.config.from_dict(config_from(settings, database_url, **limits))
    return container


def config_from(settings: Any, database_url: str | None, **limits: int) -> dict[str, Any]:
    """The container's configuration; `limits` override the database sessions' bounds
    (e.g. a longer statement timeout for maintenance commands)."""
    database, auth = settings.database, settings.auth
    return {
        "storage": database.storage,
        "core": {
            "key_pepper": auth.key_pepper.get_secret_value(),
            "audit_checkpoint_secret": settings.audit.audit_checkpoint_secret.get_secret_value(),
            "page_token_secret": auth.page_token_secret.get_secret_value(),
        },
        "contexts": {c.name: c.settings(settings) for c in CONTEXTS},
        "postgres": {
            "database_url": database_url,
            "slow_query_ms": settings.observability.slow_query_ms,
            "auth_cache_seconds": auth.auth_cache_seconds,
            "limits": {**database.session_limits(), **limits},
            "pool": database.pool_options(),
        },
        "analytics": analytics_config(settings),
    }


async def start(container: ApplicationContainer) -> None:
    """Open what the storage holds open (pools fill lazily), read what contexts need from
    the store, check it against the settings, and listen for cache invalidations."""
    await container.init_resources()  # type: ignore[misc]


async def stop(container: ApplicationContainer) -> None:
    """Stop listening and close the database pools, each after what depends on it."""
    await container.shutdown_resources()  # type: ignore[misc]
