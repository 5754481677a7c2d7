"""The escape of issue 8 replayed: a key limited to A tries to take over its account."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2

from strata.v1 import identity_pb2 as pb
from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.harness import PASSWORD, Caller, Harness
from tests.e2e.limited.scene import make_cast, make_scene

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
NEW_PASSWORD = "taken-over-password-1"


async def _code(call: object) -> grpc.StatusCode:
    try:
        await call  # type: ignore[misc]
    except grpc.aio.AioRpcError as err:
        return err.code()
    return grpc.StatusCode.OK


async def test_limited_key_cannot_change_the_password_to_log_in_unlimited(
    harness: Harness,
) -> None:
    scene = await make_scene(harness, await make_cast(harness))
    ident, su = harness.identity, scene.cast.su
    change = pb.UpdateUserRequest(
        user=pb.User(id=su.user_id),
        update_mask=field_mask_pb2.FieldMask(paths=["password"]),
        password=NEW_PASSWORD,
    )
    assert await _code(ident.UpdateUser(change, metadata=scene.key.md)) == (
        grpc.StatusCode.PERMISSION_DENIED
    )
    new_login = ident.Login(pb.LoginRequest(email=su.email, password=NEW_PASSWORD))
    assert await _code(new_login) == grpc.StatusCode.UNAUTHENTICATED
    old = await ident.Login(pb.LoginRequest(email=su.email, password=PASSWORD))
    unlimited = Caller(su.user_id, su.email, old.secret)
    read_b = kpb.ListDocumentsRequest(workspace_id=scene.ws["B"])
    assert await _code(scene.knowledge.ListDocuments(read_b, metadata=unlimited.md)) == (
        grpc.StatusCode.OK
    )
    assert await _code(scene.knowledge.ListDocuments(read_b, metadata=scene.key.md)) == (
        grpc.StatusCode.NOT_FOUND
    )


async def test_limited_key_cannot_revoke_the_users_other_keys(harness: Harness) -> None:
    scene = await make_scene(harness, await make_cast(harness))
    ident, su = harness.identity, scene.cast.su
    me = await ident.WhoAmI(pb.WhoAmIRequest(), metadata=su.md)
    for key_id in (me.api_key.id, await scene.key_of_su("B")):
        revoke = ident.RevokeApiKey(pb.RevokeApiKeyRequest(id=key_id), metadata=scene.key.md)
        assert await _code(revoke) == grpc.StatusCode.NOT_FOUND
    assert await _code(ident.WhoAmI(pb.WhoAmIRequest(), metadata=su.md)) == grpc.StatusCode.OK
    listed = await ident.ListApiKeys(pb.ListApiKeysRequest(), metadata=scene.key.md)
    assert {k.workspace_id for k in listed.api_keys} == {scene.ws["A"]}
