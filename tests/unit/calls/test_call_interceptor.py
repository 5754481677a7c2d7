"""The call interceptor on a real in-process server: errors, auth and request ids."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from domain.kernel.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    Unauthenticated,
)
from domain.kernel.principal import Principal
from entrypoints.grpc.context import current_principal, request_id_var
from entrypoints.grpc.interceptors import CallInterceptor
from tests.e2e.harness import error_info, violations

PRINCIPAL = Principal("u1", "a@example.com", None, False, "k1")


async def _authenticate(token: str) -> Principal:
    if token != "good":
        raise Unauthenticated("invalid API key")
    return PRINCIPAL


async def _behave(request: bytes, context: Any) -> bytes:
    kind = request.decode()
    if kind == "boom":
        raise RuntimeError("secret internals: password=hunter2")
    if kind == "missing":
        raise NotFound("thing x not found")
    if kind == "bad":
        raise InvalidArgument.of("name", "is required")
    if kind == "slow-down":
        raise ResourceExhausted("later", retry_after_seconds=2.5)
    if kind == "stalled":
        raise DeadlineExceeded("no message for 60 s")
    return f"{current_principal().user_id}:{request_id_var.get()}".encode()


@pytest.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    server = grpc.aio.server(interceptors=[CallInterceptor(_authenticate)])
    handler = grpc.unary_unary_rpc_method_handler(_behave)
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("t.T", {"Do": handler})])
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
        yield ch
    await server.stop(0)


async def _call(ch: grpc.aio.Channel, body: str, key: str = "good", rid: str = "") -> Any:
    md = [("authorization", f"Bearer {key}")] if key else []
    if rid:
        md.append(("x-request-id", rid))
    return await ch.unary_unary("/t.T/Do")(body.encode(), metadata=md)


async def test_unexpected_error_is_internal_with_a_logged_correlation_id(
    channel: grpc.aio.Channel, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR), pytest.raises(grpc.aio.AioRpcError) as info:
        await _call(channel, "boom", rid="corr-1")
    assert info.value.code() == grpc.StatusCode.INTERNAL
    assert "hunter2" not in str(info.value.details())
    assert error_info(info.value).metadata["correlation_id"] == "corr-1"
    assert any("corr-1" in r.getMessage() for r in caplog.records)


async def test_domain_errors_map_to_their_codes(channel: grpc.aio.Channel) -> None:
    cases = {
        "missing": grpc.StatusCode.NOT_FOUND,
        "bad": grpc.StatusCode.INVALID_ARGUMENT,
        "slow-down": grpc.StatusCode.RESOURCE_EXHAUSTED,
        "stalled": grpc.StatusCode.DEADLINE_EXCEEDED,
    }
    for body, code in cases.items():
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await _call(channel, body)
        assert info.value.code() == code
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await _call(channel, "bad")
    assert violations(info.value) == {"name": "is required"}
    assert error_info(info.value).reason == "INVALID_ARGUMENT"


async def test_missing_and_bad_keys_are_unauthenticated(channel: grpc.aio.Channel) -> None:
    for key in ("", "wrong"):
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await _call(channel, "ok", key=key)
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_principal_and_request_id_reach_the_handler(channel: grpc.aio.Channel) -> None:
    assert await _call(channel, "ok", rid="abc") == b"u1:abc"
    made = (await _call(channel, "ok")).decode().split(":", 1)[1]
    assert len(made) == 36


async def test_log_lines_carry_the_request_id(
    channel: grpc.aio.Channel, capsys: pytest.CaptureFixture[str]
) -> None:
    from entrypoints import logs

    logs.configure("INFO")
    try:
        await _call(channel, "ok", rid="log-rid-7")
    finally:
        logging.getLogger().handlers.clear()
    assert "[log-rid-7] /t.T/Do OK" in capsys.readouterr().err
