"""Every call leaves exactly one audit entry, with the right outcome and no secrets."""

from __future__ import annotations

import json
import uuid

import pytest
from google.protobuf import field_mask_pb2, json_format

from entrypoints.grpc.server import DESCRIPTORS
from strata.v1 import audit_pb2 as A
from strata.v1 import identity_pb2 as pb
from tests.e2e.audited import table
from tests.e2e.audited.scene import Row, Scene, entries, ident, make_scene, run
from tests.e2e.harness import Caller, Harness

pytestmark = [pytest.mark.e2e]

TABLE = table()
FAILURES: dict[str, Row] = {
    "unauthenticated": (
        lambda s, rid: s.h.identity.WhoAmI(
            pb.WhoAmIRequest(),
            metadata=(("authorization", "Bearer sk_nosuchkey123_x"), ("x-request-id", rid)),
        ),
        "AUDIT_OUTCOME_UNAUTHENTICATED",
    ),
    "permission denied": (ident("ListUsers"), "AUDIT_OUTCOME_PERMISSION_DENIED"),
    "invalid": (ident("CreateWorkspace", name="W", slug="Not A Slug"), "AUDIT_OUTCOME_INVALID"),
    "error": (ident("GetWorkspace", id=str(uuid.uuid4())), "AUDIT_OUTCOME_ERROR"),
    "wrong password": (
        ident("Login", "none", email=lambda s: s.owner.email, password="wrong-password-1"),
        "AUDIT_OUTCOME_UNAUTHENTICATED",
    ),
}


def test_table_covers_every_rpc_of_every_service() -> None:
    names = {f"{service.name}/{m.name}" for service in DESCRIPTORS for m in service.methods}
    assert set(TABLE) == names


@pytest.fixture(scope="module")
async def owner(harness: Harness) -> Caller:
    return await harness.new_user("auditee")


@pytest.fixture
async def scene(harness: Harness, owner: Caller) -> Scene:
    return await make_scene(harness, owner)


@pytest.mark.parametrize("rpc", sorted(TABLE))
async def test_every_rpc_leaves_exactly_one_entry(scene: Scene, rpc: str) -> None:
    call, outcome = TABLE[rpc]
    rid = await run(scene, call)
    found = await entries(scene, request_id=rid)
    assert len(found) == 1, [e.action for e in found]
    entry = found[0]
    assert entry.action == f"/strata.v1.{rpc}"
    assert A.AuditOutcome.Name(entry.outcome) == outcome
    assert entry.peer_ip == "127.0.0.1"
    assert "grpc-python" in entry.user_agent
    assert entry.duration_ms >= 0 and len(entry.hash) == 64 and len(entry.prev_hash) == 64


@pytest.mark.parametrize("case", sorted(FAILURES))
async def test_failures_and_denials_are_recorded_with_their_outcome(
    scene: Scene, case: str
) -> None:
    call, outcome = FAILURES[case]
    found = await entries(scene, request_id=await run(scene, call))
    assert [A.AuditOutcome.Name(e.outcome) for e in found] == [outcome]
    assert found[0].status_code != "OK" and found[0].error_message


async def test_entry_names_caller_roles_workspace_and_resource(scene: Scene) -> None:
    rid = await run(scene, ident("GetWorkspace", id=lambda s: s.ws))
    (entry,) = await entries(scene, request_id=rid)
    assert entry.user_id == scene.owner.user_id
    assert entry.username == scene.owner.email
    assert entry.workspace_id == scene.ws and entry.resource == scene.ws
    assert entry.roles == [f"owner@{scene.ws}"]
    assert json_format.MessageToDict(entry.request) == {"id": scene.ws}


async def test_no_secret_reaches_an_entry_or_a_log_line(
    scene: Scene, caplog: pytest.LogCaptureFixture
) -> None:
    password = f"pw-{uuid.uuid4().hex}"
    email = f"s-{uuid.uuid4().hex[:8]}@example.com"
    h = scene.h
    await h.identity.CreateUser(
        pb.CreateUserRequest(email=email, password=password), metadata=h.root.md
    )
    login = await h.identity.Login(pb.LoginRequest(email=email, password=password))
    key_md = (("authorization", f"Bearer {login.secret}"),)
    await h.identity.WhoAmI(pb.WhoAmIRequest(), metadata=key_md)
    made = await h.identity.CreateApiKey(pb.CreateApiKeyRequest(name="s"), metadata=key_md)
    await h.identity.UpdateUser(
        pb.UpdateUserRequest(
            user=pb.User(id=login.user.id),
            update_mask=field_mask_pb2.FieldMask(paths=["password"]),
            password=password + "2",
        ),
        metadata=key_md,
    )
    dumped = json.dumps([json_format.MessageToDict(e) for e in await entries(scene)])
    logs = "\n".join(r.getMessage() + json.dumps(r.__dict__, default=str) for r in caplog.records)
    for secret in (password, login.secret, made.secret, login.secret.split("_")[-1]):
        assert secret not in dumped
        assert secret not in logs
    assert '"password": "[redacted]"' in dumped
