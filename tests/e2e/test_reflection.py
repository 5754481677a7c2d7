"""Reflection as today's tools speak it: v1 and v1alpha, error details decoded by type."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from tests.e2e.harness import Harness

pytestmark = [pytest.mark.e2e]
BIN = Path(sys.executable).parent
V1 = "grpc.reflection.v1"
DETAIL_TYPES = ("google.rpc.Status", "google.rpc.ErrorInfo", "google.rpc.BadRequest")


@pytest.fixture(scope="module")
def storage() -> tuple[str, str | None]:
    """Reflection does not depend on the store: the memory adapters are enough."""
    return "memory", None


def _v1_class(name: str) -> Any:
    return message_factory.GetMessageClass(
        descriptor_pool.Default().FindMessageTypeByName(f"{V1}.{name}")
    )


async def _ask_v1(h: Harness, **request: str) -> Any:
    """One grpc.reflection.v1 request and its reply, on the v1 method path."""
    call = h.channel.stream_stream(
        f"/{V1}.ServerReflection/ServerReflectionInfo",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=_v1_class("ServerReflectionResponse").FromString,
    )

    async def one() -> AsyncIterator[Any]:
        yield _v1_class("ServerReflectionRequest")(**request)

    return await call(one()).read()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


async def test_reflection_v1_lists_every_service_and_both_reflection_versions(
    harness: Harness,
) -> None:
    reply = await _ask_v1(harness, list_services="")
    listed = {s.name for s in reply.list_services_response.service}
    assert listed >= {
        "strata.v1.IdentityService",
        "strata.v1.KnowledgeService",
        "strata.v1.AuditService",
        "strata.v1.SystemService",
        "grpc.health.v1.Health",
        f"{V1}.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    }


@pytest.mark.parametrize("symbol", DETAIL_TYPES)
async def test_reflection_v1_resolves_the_error_detail_types_by_symbol(
    harness: Harness, symbol: str
) -> None:
    reply = await _ask_v1(harness, file_containing_symbol=symbol)
    assert reply.WhichOneof("message_response") == "file_descriptor_response"
    files = [
        descriptor_pb2.FileDescriptorProto.FromString(raw)
        for raw in reply.file_descriptor_response.file_descriptor_proto
    ]
    package, _, name = symbol.rpartition(".")
    assert any(f.package == package and name in {m.name for m in f.message_type} for f in files)


async def test_buf_curl_calls_a_method_through_reflection_v1(harness: Harness) -> None:
    out = await asyncio.to_thread(
        _run,
        str(BIN / "buf"),
        "curl",
        "--protocol=grpc",
        "--http2-prior-knowledge",
        "--reflect-protocol=grpc-v1",
        "--data={}",
        f"http://{harness.address}/strata.v1.IdentityService/Login",
    )
    assert "Method not found" not in out.stderr
    assert json.loads(out.stderr)["code"] == "invalid_argument", out.stderr


async def test_grpcurl_prints_the_error_details_decoded(harness: Harness) -> None:
    out = await asyncio.to_thread(
        _run,
        str(BIN / "grpcurl"),
        "-plaintext",
        "-format-error",
        "-d",
        "{}",
        harness.address,
        "strata.v1.IdentityService/Login",
    )
    printed = out.stdout + out.stderr
    assert out.returncode != 0, printed
    status = json.loads(printed[printed.index("{") :])
    details = {d["@type"].rpartition("/")[2]: d for d in status["details"]}
    assert details["google.rpc.BadRequest"]["field_violations"][0]["field"] == "email", printed
    assert details["google.rpc.ErrorInfo"]["reason"] == "INVALID_ARGUMENT", printed
    assert "@value" not in printed, printed
