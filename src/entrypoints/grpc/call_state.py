"""One call in progress: when it began, what its metadata said, and the facts observers get."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import grpc

from entrypoints.grpc.calls import CallFacts
from entrypoints.grpc.context import peer_ip_var, principal_var, request_id_var


@dataclass(frozen=True, slots=True)
class Headers:
    token: str = ""
    request_id: str = ""
    forwarded_for: str = ""
    user_agent: str = ""


def headers_of(context: grpc.aio.ServicerContext[Any, Any]) -> Headers:
    """What the call's metadata says, in one pass."""
    token = rid = forwarded = agent = ""
    for key, value in context.invocation_metadata() or ():
        if not isinstance(value, str):
            continue
        if key == "authorization":
            scheme, _, rest = value.partition(" ")
            token = rest.strip() if scheme.lower() == "bearer" else ""
        elif key == "x-request-id":
            rid = value[:128]
        elif key == "x-forwarded-for":
            forwarded = value[:1024]
        elif key == "user-agent":
            agent = value[:512]
    return Headers(token, rid, forwarded, agent)


class Call:
    """One call in progress: when it began and what its metadata said."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.started_at = datetime.now(UTC)
        self.started = time.perf_counter()
        self.headers = Headers()

    def facts(self, request: Any, response: Any, code: str, message: str) -> CallFacts:
        return CallFacts(
            method=self.method,
            started_at=self.started_at,
            duration_ms=round((time.perf_counter() - self.started) * 1000),
            code=code,
            message=message,
            request=request,
            response=response,
            principal=principal_var.get(),
            peer=peer_ip_var.get(),
            forwarded_for=self.headers.forwarded_for,
            user_agent=self.headers.user_agent,
            request_id=request_id_var.get(),
        )
