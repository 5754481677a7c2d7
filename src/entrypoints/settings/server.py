"""The server concern: where it listens, how long it drains, whom it trusts for addresses."""

from __future__ import annotations

import ipaddress

from pydantic import Field, field_validator

from entrypoints.settings.base import Concern, env

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def host_port(value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError("must be HOST:PORT, for example 127.0.0.1:50051 or [::]:50051")
    return value


class ServerSettings(Concern):
    grpc_addr: str = Field("127.0.0.1:50051", validation_alias=env("STRATA_GRPC_ADDR"))
    shutdown_grace: float = Field(10.0, ge=0, validation_alias=env("STRATA_SHUTDOWN_GRACE"))
    trusted_proxies: str = Field("", validation_alias=env("STRATA_TRUSTED_PROXIES"))

    @field_validator("grpc_addr")
    @classmethod
    def _address(cls, value: str) -> str:
        return host_port(value)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(f"'{part}' is not an IP network (e.g. 10.0.0.0/8)") from None
        return value

    def trusted_networks(self) -> list[Network]:
        parts = (p.strip() for p in self.trusted_proxies.split(","))
        return [ipaddress.ip_network(p, strict=False) for p in parts if p]
