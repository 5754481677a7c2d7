"""IdentityService: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.identity import api_keys as keys
from domain.identity import auth, members, oauth, users, workspaces
from entrypoints.grpc.context import current_principal, peer_ip_var
from entrypoints.grpc.convert import (
    changes_from,
    duration,
    from_struct,
    role_from_proto,
    role_to_proto,
)
from entrypoints.grpc.identity.messages import api_key_pb, member_pb, user_pb, workspace_pb
from ports.identity import UserFilter
from ports.system import Clock
from strata.v1 import identity_pb2 as pb
from strata.v1 import identity_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class IdentityUseCases:
    create_user: users.CreateUser
    get_user: users.GetUser
    update_user: users.UpdateUser
    deactivate_user: users.DeactivateUser
    list_users: users.ListUsers
    upsert_oauth_user: oauth.UpsertOAuthUser
    login: auth.Login
    who_am_i: auth.WhoAmI
    create_workspace: workspaces.CreateWorkspace
    get_workspace: workspaces.GetWorkspace
    list_workspaces: workspaces.ListWorkspaces
    update_workspace: workspaces.UpdateWorkspace
    delete_workspace: workspaces.DeleteWorkspace
    add_member: members.AddMember
    update_member_role: members.UpdateMemberRole
    remove_member: members.RemoveMember
    list_members: members.ListMembers
    create_api_key: keys.CreateApiKey
    list_api_keys: keys.ListApiKeys
    revoke_api_key: keys.RevokeApiKey


class IdentityServicer(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, uc: IdentityUseCases, clock: Clock) -> None:
        self._uc = uc
        self._clock = clock

    async def CreateUser(self, r: pb.CreateUserRequest, _: Ctx) -> pb.CreateUserResponse:
        cmd = users.NewUser(
            email=r.email,
            password=r.password,
            username=r.username,
            name=r.name,
            picture_url=r.picture_url,
            is_superuser=r.is_superuser,
            preferences=from_struct(r.preferences),
            request_id=r.request_id,
        )
        user = await self._uc.create_user.execute(current_principal(), cmd)
        return pb.CreateUserResponse(user=user_pb(user))

    async def GetUser(self, r: pb.GetUserRequest, _: Ctx) -> pb.GetUserResponse:
        user = await self._uc.get_user.execute(current_principal(), r.id)
        return pb.GetUserResponse(user=user_pb(user))

    async def UpdateUser(self, r: pb.UpdateUserRequest, _: Ctx) -> pb.UpdateUserResponse:
        changes = changes_from(r.user, r.update_mask, {"password": r.password})
        user = await self._uc.update_user.execute(
            current_principal(), r.user.id, changes, r.user.etag
        )
        return pb.UpdateUserResponse(user=user_pb(user))

    async def DeactivateUser(
        self, r: pb.DeactivateUserRequest, _: Ctx
    ) -> pb.DeactivateUserResponse:
        user = await self._uc.deactivate_user.execute(current_principal(), r.id, r.etag)
        return pb.DeactivateUserResponse(user=user_pb(user))

    async def ListUsers(self, r: pb.ListUsersRequest, _: Ctx) -> pb.ListUsersResponse:
        active = r.is_active if r.HasField("is_active") else None
        page = await self._uc.list_users.execute(
            current_principal(),
            UserFilter(active, r.email_prefix),
            r.page_size,
            r.page_token,
            r.skip,
        )
        return pb.ListUsersResponse(
            users=[user_pb(u) for u in page.items],
            next_page_token=page.next_token,
            total_size=page.total_size or 0,
            total_size_is_estimate=page.total_is_estimate,
        )

    async def Login(self, r: pb.LoginRequest, _: Ctx) -> pb.LoginResponse:
        result = await self._uc.login.execute(
            r.email, r.password, peer_ip_var.get(), duration(r, "ttl")
        )
        return pb.LoginResponse(
            api_key=api_key_pb(result.issued.key, self._clock.now()),
            secret=result.issued.secret,
            user=user_pb(result.user),
        )

    async def UpsertOAuthUser(
        self, r: pb.UpsertOAuthUserRequest, _: Ctx
    ) -> pb.UpsertOAuthUserResponse:
        profile = oauth.OAuthProfile(r.provider, r.subject, r.email, r.name, r.picture_url)
        user, created = await self._uc.upsert_oauth_user.execute(current_principal(), profile)
        return pb.UpsertOAuthUserResponse(user=user_pb(user), created=created)

    async def CreateWorkspace(
        self, r: pb.CreateWorkspaceRequest, _: Ctx
    ) -> pb.CreateWorkspaceResponse:
        v = await self._uc.create_workspace.execute(
            current_principal(), r.name, r.slug, r.request_id
        )
        return pb.CreateWorkspaceResponse(workspace=workspace_pb(v.workspace, v.role))

    async def GetWorkspace(self, r: pb.GetWorkspaceRequest, _: Ctx) -> pb.GetWorkspaceResponse:
        v = await self._uc.get_workspace.execute(current_principal(), r.id)
        return pb.GetWorkspaceResponse(workspace=workspace_pb(v.workspace, v.role))

    async def ListWorkspaces(
        self, r: pb.ListWorkspacesRequest, _: Ctx
    ) -> pb.ListWorkspacesResponse:
        page = await self._uc.list_workspaces.execute(
            current_principal(), r.page_size, r.page_token
        )
        return pb.ListWorkspacesResponse(
            workspaces=[workspace_pb(v.workspace, v.role) for v in page.items],
            next_page_token=page.next_token,
        )

    async def UpdateWorkspace(
        self, r: pb.UpdateWorkspaceRequest, _: Ctx
    ) -> pb.UpdateWorkspaceResponse:
        changes: dict[str, Any] = changes_from(r.workspace, r.update_mask, {})
        v = await self._uc.update_workspace.execute(
            current_principal(), r.workspace.id, changes, r.workspace.etag
        )
        return pb.UpdateWorkspaceResponse(workspace=workspace_pb(v.workspace, v.role))

    async def DeleteWorkspace(
        self, r: pb.DeleteWorkspaceRequest, _: Ctx
    ) -> pb.DeleteWorkspaceResponse:
        await self._uc.delete_workspace.execute(current_principal(), r.id, r.etag)
        return pb.DeleteWorkspaceResponse()

    async def AddMember(self, r: pb.AddMemberRequest, _: Ctx) -> pb.AddMemberResponse:
        view = await self._uc.add_member.execute(
            current_principal(),
            r.workspace_id,
            r.user_id,
            r.email,
            role_from_proto(r.role),
            r.request_id,
        )
        return pb.AddMemberResponse(member=member_pb(view))

    async def UpdateMemberRole(
        self, r: pb.UpdateMemberRoleRequest, _: Ctx
    ) -> pb.UpdateMemberRoleResponse:
        view = await self._uc.update_member_role.execute(
            current_principal(), r.workspace_id, r.user_id, role_from_proto(r.role, required=True)
        )
        return pb.UpdateMemberRoleResponse(member=member_pb(view))

    async def RemoveMember(self, r: pb.RemoveMemberRequest, _: Ctx) -> pb.RemoveMemberResponse:
        await self._uc.remove_member.execute(current_principal(), r.workspace_id, r.user_id)
        return pb.RemoveMemberResponse()

    async def ListMembers(self, r: pb.ListMembersRequest, _: Ctx) -> pb.ListMembersResponse:
        page = await self._uc.list_members.execute(
            current_principal(),
            r.workspace_id,
            role_from_proto(r.role),
            r.page_size,
            r.page_token,
        )
        return pb.ListMembersResponse(
            members=[member_pb(v) for v in page.items], next_page_token=page.next_token
        )

    async def CreateApiKey(self, r: pb.CreateApiKeyRequest, _: Ctx) -> pb.CreateApiKeyResponse:
        issued = await self._uc.create_api_key.execute(
            current_principal(),
            r.name,
            r.workspace_id,
            duration(r, "ttl"),
            r.request_id,
            tuple(r.job_kinds),
        )
        return pb.CreateApiKeyResponse(
            api_key=api_key_pb(issued.key, self._clock.now()), secret=issued.secret
        )

    async def ListApiKeys(self, r: pb.ListApiKeysRequest, _: Ctx) -> pb.ListApiKeysResponse:
        page = await self._uc.list_api_keys.execute(
            current_principal(), r.workspace_id, r.include_revoked, r.page_size, r.page_token
        )
        now = self._clock.now()
        return pb.ListApiKeysResponse(
            api_keys=[api_key_pb(k, now) for k in page.items], next_page_token=page.next_token
        )

    async def RevokeApiKey(self, r: pb.RevokeApiKeyRequest, _: Ctx) -> pb.RevokeApiKeyResponse:
        key = await self._uc.revoke_api_key.execute(current_principal(), r.id)
        return pb.RevokeApiKeyResponse(api_key=api_key_pb(key, self._clock.now()))

    async def WhoAmI(self, r: pb.WhoAmIRequest, _: Ctx) -> pb.WhoAmIResponse:
        me = await self._uc.who_am_i.execute(current_principal())
        return pb.WhoAmIResponse(
            user=user_pb(me.user),
            api_key=api_key_pb(me.key, self._clock.now()),
            memberships=[
                pb.Membership(
                    workspace_id=ws.id,
                    workspace_slug=ws.slug,
                    workspace_name=ws.name,
                    role=role_to_proto(role),
                )
                for ws, role in me.memberships
            ],
        )
