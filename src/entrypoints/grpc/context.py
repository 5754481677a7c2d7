"""Per-call state carried in ContextVars: request id, principal, peer."""

from __future__ import annotations

from contextvars import ContextVar

from domain.kernel.errors import Unauthenticated
from domain.kernel.principal import Principal

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
principal_var: ContextVar[Principal | None] = ContextVar("principal", default=None)
peer_ip_var: ContextVar[str] = ContextVar("peer_ip", default="")


def current_principal() -> Principal:
    principal = principal_var.get()
    if principal is None:
        raise Unauthenticated("missing API key: send 'authorization: Bearer sk_...'")
    return principal


def optional_principal() -> Principal | None:
    return principal_var.get()


def peer_ip(peer: str) -> str:
    """'ipv4:1.2.3.4:5', 'ipv6:[::1]:5' or 'unix:...' → the address alone."""
    kind, _, rest = peer.partition(":")
    if kind == "ipv6" and rest.startswith("["):
        return rest[1 : rest.index("]")]
    if kind == "ipv4":
        return rest.rsplit(":", 1)[0]
    return rest or peer
