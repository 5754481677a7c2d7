"""Which methods change nothing: read from the protos' `idempotency_level` option."""

from __future__ import annotations

from collections.abc import Iterable

from google.protobuf import descriptor, descriptor_pb2

NO_SIDE_EFFECTS = descriptor_pb2.MethodOptions.NO_SIDE_EFFECTS
ALWAYS_READ_ONLY = ("/grpc.health.v1.", "/grpc.reflection.")


def read_only_methods(services: Iterable[descriptor.ServiceDescriptor]) -> frozenset[str]:
    names = set()
    for service in services:
        for method in service.methods:
            if method.GetOptions().idempotency_level == NO_SIDE_EFFECTS:
                names.add(f"/{service.full_name}/{method.name}")
    return frozenset(names)


def is_read_only(method: str, read_only: frozenset[str]) -> bool:
    return method in read_only or method.startswith(ALWAYS_READ_ONLY)
