"""What a key limited to workspace A gets from each RPC of IdentityService."""

from __future__ import annotations

from strata.v1 import common_pb2
from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import PASSWORD
from tests.e2e.limited.requests import (
    DENIED,
    NOT_FOUND,
    OK,
    Case,
    add_member,
    in_a_not_b,
    mask,
    new_email,
    new_slug,
    on_member,
    other_user,
    own_user,
    revoke,
    ws_call,
)

ID = "/strata.v1.IdentityService/"

ROWS: dict[str, list[Case]] = {
    ID + "CreateUser": [("", lambda s: pb.CreateUserRequest(email=new_email()), DENIED)],
    ID + "GetUser": [
        ("itself", lambda s: pb.GetUserRequest(id=s.key.user_id), OK),
        ("another user", lambda s: pb.GetUserRequest(id=s.cast.bob.user_id), DENIED),
    ],
    ID + "UpdateUser": [(path, own_user(path), DENIED) for path in ("name", "email", "password")],
    ID + "DeactivateUser": [
        ("itself", lambda s: pb.DeactivateUserRequest(id=s.key.user_id), DENIED),
        ("another user", other_user, DENIED),
    ],
    ID + "ListUsers": [("", lambda s: pb.ListUsersRequest(), DENIED)],
    ID + "Login": [("", lambda s: pb.LoginRequest(email=s.key.email, password=PASSWORD), OK)],
    ID + "UpsertOAuthUser": [
        (
            "",
            lambda s: pb.UpsertOAuthUserRequest(provider="gh", subject="1", email=new_email()),
            DENIED,
        )
    ],
    ID + "CreateWorkspace": [
        ("", lambda s: pb.CreateWorkspaceRequest(name="N", slug=new_slug()), DENIED)
    ],
    ID + "GetWorkspace": in_a_not_b(lambda s, w: pb.GetWorkspaceRequest(id=s.ws[w])),
    ID + "ListWorkspaces": [("", lambda s: pb.ListWorkspacesRequest(), OK)],
    ID + "UpdateWorkspace": in_a_not_b(
        lambda s, w: pb.UpdateWorkspaceRequest(
            workspace=pb.Workspace(id=s.ws[w], name="Renamed"), update_mask=mask("name")
        )
    ),
    ID + "DeleteWorkspace": in_a_not_b(lambda s, w: pb.DeleteWorkspaceRequest(id=s.ws[w])),
    ID + "AddMember": in_a_not_b(add_member),
    ID + "UpdateMemberRole": in_a_not_b(
        lambda s, w: on_member(s, w, pb.UpdateMemberRoleRequest, role=common_pb2.ROLE_ADMIN)
    ),
    ID + "RemoveMember": in_a_not_b(lambda s, w: on_member(s, w, pb.RemoveMemberRequest)),
    ID + "ListMembers": ws_call(pb.ListMembersRequest),
    ID + "CreateApiKey": [
        *ws_call(pb.CreateApiKeyRequest, name="k"),
        ("for every workspace", lambda s: pb.CreateApiKeyRequest(name="k"), DENIED),
    ],
    ID + "ListApiKeys": [
        ("its own", lambda s: pb.ListApiKeysRequest(), OK),
        *ws_call(pb.ListApiKeysRequest),
    ],
    ID + "RevokeApiKey": [
        ("itself", lambda s: pb.RevokeApiKeyRequest(id=s.key_id), OK),
        ("another key of the user in A", lambda s: revoke(s, "A"), OK),
        ("the user's key for B", lambda s: revoke(s, "B"), NOT_FOUND),
        ("the user's unlimited key", lambda s: revoke(s, None), NOT_FOUND),
    ],
    ID + "WhoAmI": [("", lambda s: pb.WhoAmIRequest(), OK)],
}
