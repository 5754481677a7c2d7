"""The identity context: users, workspaces, memberships and API keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from dependency_injector import providers

from adapters.memory.identity import MEMORY
from adapters.memory.principal_cache import InMemoryPrincipalCache
from adapters.postgres.identity import POSTGRES, tables
from domain.identity import api_keys, auth, members, oauth, users, workspaces
from domain.identity.deps import IdentityDeps, IdentityPolicy
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.identity import SERVICE


class IdentityContainer(ContextContainer):
    policy = providers.Singleton(
        IdentityPolicy,
        login_key_ttl=providers.Factory(
            timedelta, hours=ContextContainer.config.login_key_ttl_hours
        ),
        auth_cache_ttl=providers.Factory(
            timedelta, seconds=ContextContainer.config.auth_cache_seconds
        ),
    )
    auth_cache = providers.Singleton(InMemoryPrincipalCache)
    caches = providers.List(auth_cache)
    deps = providers.Singleton(
        IdentityDeps,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        secrets=ContextContainer.core.secrets,
        passwords=ContextContainer.core.passwords,
        key_hasher=ContextContainer.core.key_hasher,
        login_limiter=ContextContainer.core.login_limiter,
        page_tokens=ContextContainer.core.page_tokens,
        policy=policy,
        auth_cache=auth_cache,
    )
    authenticate = providers.Singleton(auth.Authenticate, deps)
    login = providers.Singleton(auth.Login, deps)
    who_am_i = providers.Singleton(auth.WhoAmI, deps)
    create_user = providers.Singleton(users.CreateUser, deps)
    get_user = providers.Singleton(users.GetUser, deps)
    find_user_by_email = providers.Singleton(users.FindUserByEmail, deps)
    update_user = providers.Singleton(users.UpdateUser, deps)
    deactivate_user = providers.Singleton(users.DeactivateUser, deps)
    list_users = providers.Singleton(users.ListUsers, deps)
    upsert_oauth_user = providers.Singleton(oauth.UpsertOAuthUser, deps)
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


def _settings(settings: Any) -> dict[str, Any]:
    return {"login_key_ttl_hours": 12, "auth_cache_seconds": settings.auth.auth_cache_seconds}


IDENTITY = BoundedContext(
    name="identity",
    container=IdentityContainer,
    services=(SERVICE,),
    settings=_settings,
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
)
