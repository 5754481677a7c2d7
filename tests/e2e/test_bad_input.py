"""Malformed input gets INVALID_ARGUMENT naming the field, and writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2

from strata.v1 import identity_pb2 as pb
from tests.e2e.harness import Caller, Harness, violations

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
async def alice(harness: Harness) -> Caller:
    return await harness.new_user("alice")


@pytest.fixture(scope="module")
async def ws(harness: Harness, alice: Caller) -> str:
    return await harness.new_workspace(alice)


Case = Callable[[Harness, Caller, str], Awaitable[Any]]
CASES: dict[str, tuple[Case, str]] = {
    "bad email": (
        lambda h, a, w: h.identity.CreateUser(
            pb.CreateUserRequest(email="not-an-email"), metadata=h.root.md
        ),
        "email",
    ),
    "empty email": (
        lambda h, a, w: h.identity.CreateUser(pb.CreateUserRequest(email="  "), metadata=h.root.md),
        "email",
    ),
    "short password": (
        lambda h, a, w: h.identity.CreateUser(
            pb.CreateUserRequest(email="p@example.com", password="abc"), metadata=h.root.md
        ),
        "password",
    ),
    "bad username": (
        lambda h, a, w: h.identity.CreateUser(
            pb.CreateUserRequest(email="q@example.com", username="a b"), metadata=h.root.md
        ),
        "username",
    ),
    "bad picture url": (
        lambda h, a, w: h.identity.CreateUser(
            pb.CreateUserRequest(email="r@example.com", picture_url="javascript:x"),
            metadata=h.root.md,
        ),
        "picture_url",
    ),
    "bad slug": (
        lambda h, a, w: h.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name="A", slug="Bad Slug!"), metadata=a.md
        ),
        "slug",
    ),
    "one-letter slug": (
        lambda h, a, w: h.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name="A", slug="a"), metadata=a.md
        ),
        "slug",
    ),
    "empty workspace name": (
        lambda h, a, w: h.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name="   ", slug=f"s-{uuid.uuid4().hex[:8]}"), metadata=a.md
        ),
        "name",
    ),
    "empty key name": (
        lambda h, a, w: h.identity.CreateApiKey(pb.CreateApiKeyRequest(name=""), metadata=a.md),
        "name",
    ),
    "negative page_size": (
        lambda h, a, w: h.identity.ListMembers(
            pb.ListMembersRequest(workspace_id=w, page_size=-1), metadata=a.md
        ),
        "page_size",
    ),
    "garbage page token": (
        lambda h, a, w: h.identity.ListMembers(
            pb.ListMembersRequest(workspace_id=w, page_token="%%%garbage"), metadata=a.md
        ),
        "page_token",
    ),
    "negative skip": (
        lambda h, a, w: h.identity.ListUsers(pb.ListUsersRequest(skip=-3), metadata=h.root.md),
        "skip",
    ),
    "unknown mask path": (
        lambda h, a, w: h.identity.UpdateUser(
            pb.UpdateUserRequest(
                user=pb.User(id=a.user_id), update_mask=field_mask_pb2.FieldMask(paths=["id"])
            ),
            metadata=a.md,
        ),
        "update_mask",
    ),
    "empty mask": (
        lambda h, a, w: h.identity.UpdateWorkspace(
            pb.UpdateWorkspaceRequest(workspace=pb.Workspace(id=w)), metadata=a.md
        ),
        "update_mask",
    ),
    "missing workspace id": (
        lambda h, a, w: h.identity.GetWorkspace(pb.GetWorkspaceRequest(), metadata=a.md),
        "workspace_id",
    ),
    "unknown role": (
        lambda h, a, w: h.identity.AddMember(
            pb.AddMemberRequest(workspace_id=w, email="x@example.com", role=99), metadata=a.md
        ),
        "role",
    ),
    "user_id and email": (
        lambda h, a, w: h.identity.AddMember(
            pb.AddMemberRequest(workspace_id=w, user_id=a.user_id, email="x@example.com"),
            metadata=a.md,
        ),
        "user_id",
    ),
    "negative ttl": (
        lambda h, a, w: h.identity.CreateApiKey(
            pb.CreateApiKeyRequest(name="k", ttl={"seconds": -5}), metadata=a.md
        ),
        "ttl",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_bad_input_names_the_field(
    harness: Harness, alice: Caller, ws: str, case: str
) -> None:
    call, field = CASES[case]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call(harness, alice, ws)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(info.value), violations(info.value)


async def test_page_token_reused_with_other_filters_is_rejected(harness: Harness) -> None:
    for _ in range(3):
        await harness.identity.CreateUser(
            pb.CreateUserRequest(email=f"pt-{uuid.uuid4().hex[:8]}@example.com"),
            metadata=harness.root.md,
        )
    first = await harness.identity.ListUsers(
        pb.ListUsersRequest(page_size=1), metadata=harness.root.md
    )
    assert first.next_page_token
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.identity.ListUsers(
            pb.ListUsersRequest(page_size=1, page_token=first.next_page_token, email_prefix="pt-"),
            metadata=harness.root.md,
        )
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "page_token" in violations(info.value)


async def test_rejected_create_writes_nothing(harness: Harness, alice: Caller) -> None:
    slug = f"half-{uuid.uuid4().hex[:8]}"
    with pytest.raises(grpc.aio.AioRpcError):
        await harness.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name="", slug=slug), metadata=alice.md
        )
    r = await harness.identity.CreateWorkspace(
        pb.CreateWorkspaceRequest(name="Now valid", slug=slug), metadata=alice.md
    )
    assert r.workspace.slug == slug


async def test_oversized_page_size_is_capped_not_rejected(harness: Harness) -> None:
    r = await harness.identity.ListUsers(
        pb.ListUsersRequest(page_size=5000), metadata=harness.root.md
    )
    assert r.total_size >= len(r.users) >= 1
