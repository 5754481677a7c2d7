"""A gRPC service a context offers, and how its servicer is built from the context's container."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import grpc
from google.protobuf.descriptor import ServiceDescriptor

T = TypeVar("T")


@dataclass(frozen=True)
class GrpcService:
    """A service the server offers: its descriptor, how to add a servicer for it, and how
    to build that servicer from the context's container."""

    descriptor: ServiceDescriptor
    add_to_server: Callable[[Any, grpc.aio.Server], None]
    servicer: Callable[[Any], object]
    open_methods: tuple[str, ...] = ()  # called without an API key (Login, GetHealth)

    @property
    def name(self) -> str:
        return self.descriptor.full_name

    @property
    def open_paths(self) -> frozenset[str]:
        return frozenset(f"/{self.name}/{method}" for method in self.open_methods)


def use_cases(kind: type[T], container: Any) -> T:
    """Fill a servicer's use-case bundle from the container's providers of the same names."""
    return kind(**{f.name: getattr(container, f.name)() for f in fields(kind)})  # type: ignore[arg-type]
