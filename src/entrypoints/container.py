"""The composition root: small containers per layer, storage chosen from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from dependency_injector import containers, providers

from adapters.memory.health import InMemoryHealthProbe
from adapters.memory.rate_limit import InMemoryRateLimiter
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.system.basics import SystemClock, TokenSecretGenerator, Uuid7Generator
from adapters.system.hashing import Argon2PasswordHasher, HmacKeyHasher
from domain.identity.use_cases import api_keys, auth, members, users, workspaces
from domain.identity.use_cases.deps import IdentityDeps, IdentityPolicy


class CoreContainer(containers.DeclarativeContainer):
    """Clock, ids, secrets and hashing: the same whatever the storage."""

    config = providers.Configuration()
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(Uuid7Generator)
    secrets = providers.Singleton(TokenSecretGenerator)
    passwords = providers.Singleton(Argon2PasswordHasher)
    key_hasher = providers.Singleton(HmacKeyHasher, pepper=config.key_pepper)
    login_limiter = providers.Singleton(InMemoryRateLimiter, max_failures=5, window_seconds=300.0)


class MemoryStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    uow = providers.Singleton(InMemoryUnitOfWorkFactory)
    health = providers.Singleton(InMemoryHealthProbe)


async def _engine(url: str, pool: dict[str, Any]) -> AsyncIterator[Any]:
    from adapters.postgres.engine import create_engine

    engine = create_engine(url, **pool)
    try:
        yield engine
    finally:
        await engine.dispose()


def _sqla_uow(engine: Any) -> Any:
    from adapters.postgres.uow import SqlaUnitOfWorkFactory

    return SqlaUnitOfWorkFactory(engine)


def _pg_health(engine: Any) -> Any:
    from adapters.postgres.health import PostgresHealthProbe

    return PostgresHealthProbe(engine)


class PostgresStorage(containers.DeclarativeContainer):
    config = providers.Configuration()
    engine = providers.Resource(_engine, url=config.database_url, pool=config.pool)
    uow = providers.Singleton(_sqla_uow, engine)
    health = providers.Singleton(_pg_health, engine)


class IdentityContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    storage = providers.DependenciesContainer()
    config = providers.Configuration()

    policy = providers.Singleton(
        IdentityPolicy,
        login_key_ttl=providers.Factory(timedelta, hours=config.login_key_ttl_hours),
    )
    deps = providers.Singleton(
        IdentityDeps,
        uow=storage.uow, clock=core.clock, ids=core.ids, secrets=core.secrets,
        passwords=core.passwords, key_hasher=core.key_hasher,
        login_limiter=core.login_limiter, policy=policy,
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


class ApplicationContainer(containers.DeclarativeContainer):
    config = providers.Configuration()
    core = providers.Container(CoreContainer, config=config.core)
    storage = providers.DependenciesContainer()
    identity = providers.Container(
        IdentityContainer, core=core, storage=storage, config=config.identity
    )


def build_container(settings: Any, database_url: str | None) -> ApplicationContainer:
    """Configure the application from Settings; `database_url` is used for postgres storage."""
    config = config_from(settings, database_url)
    storage = MemoryStorage() if settings.storage == "memory" else PostgresStorage()
    storage.config.from_dict(config["postgres"])
    container = ApplicationContainer(storage=storage)
    container.config.from_dict(config)
    return container


def config_from(settings: Any, database_url: str | None) -> dict[str, Any]:
    return {
        "storage": settings.storage,
        "core": {"key_pepper": settings.key_pepper.get_secret_value()
                 if hasattr(settings.key_pepper, "get_secret_value") else settings.key_pepper},
        "identity": {"login_key_ttl_hours": 12},
        "postgres": {
            "database_url": database_url,
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
    """Initialise every resource (the engine); a no-op on memory storage."""
    pending = container.storage().init_resources()
    if pending is not None:
        await pending


async def stop(container: ApplicationContainer) -> None:
    pending = container.storage().shutdown_resources()
    if pending is not None:
        await pending
