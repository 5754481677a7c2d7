"""A real Strata server on port 0 and the stubs and identities tests call it with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from domain.identity.users import NewUser
from entrypoints.container import ApplicationContainer
from entrypoints.grpc.server import RunningServer
from strata.v1 import identity_pb2 as pb
from strata.v1 import identity_pb2_grpc, system_pb2_grpc

PASSWORD = "correct-horse-battery"


@dataclass
class Caller:
    user_id: str
    email: str
    key: str

    @property
    def md(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.key}"),)


@dataclass
class Harness:
    container: ApplicationContainer
    running: RunningServer
    channel: grpc.aio.Channel
    root: Caller
    identity: identity_pb2_grpc.IdentityServiceStub = field(init=False)
    system: system_pb2_grpc.SystemServiceStub = field(init=False)

    def __post_init__(self) -> None:
        self.identity = identity_pb2_grpc.IdentityServiceStub(self.channel)
        self.system = system_pb2_grpc.SystemServiceStub(self.channel)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.running.port}"

    async def new_user(self, prefix: str = "u") -> Caller:
        """A fresh user with a login key, created through the API as the superuser would."""
        email = f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"
        r = await self.identity.CreateUser(
            pb.CreateUserRequest(email=email, password=PASSWORD, name=prefix), metadata=self.root.md
        )
        login = await self.identity.Login(pb.LoginRequest(email=email, password=PASSWORD))
        return Caller(r.user.id, email, login.secret)

    async def new_workspace(self, owner: Caller, prefix: str = "ws") -> str:
        slug = f"{prefix}-{uuid.uuid4().hex[:10]}"
        r = await self.identity.CreateWorkspace(
            pb.CreateWorkspaceRequest(name=prefix, slug=slug), metadata=owner.md
        )
        return str(r.workspace.id)

    async def add(self, owner: Caller, ws: str, user: Caller, role: int) -> None:
        await self.identity.AddMember(
            pb.AddMemberRequest(workspace_id=ws, user_id=user.user_id, role=role), metadata=owner.md
        )


async def make_root(container: ApplicationContainer) -> Caller:
    email = f"root-{uuid.uuid4().hex[:8]}@example.com"
    user = await container.identity.create_user().execute(
        None, NewUser(email=email, password=PASSWORD, is_superuser=True)
    )
    issued = await container.identity.issue_system_key().execute(user.id, "tests")
    return Caller(user.id, email, issued.secret)


def violations(err: grpc.aio.AioRpcError) -> dict[str, str]:
    """The BadRequest field violations carried in the status details."""
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    out: dict[str, str] = {}
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            br = error_details_pb2.BadRequest()
            detail.Unpack(br)
            out.update({v.field: v.description for v in br.field_violations})
    return out


def error_info(err: grpc.aio.AioRpcError) -> Any:
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info
    return None
