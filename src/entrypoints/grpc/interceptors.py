"""The call interceptor: request ids, authentication, error mapping and call logs."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc

from domain.errors import DomainError, Unauthenticated
from domain.identity.principal import Principal
from entrypoints.grpc.context import peer_ip, peer_ip_var, principal_var, request_id_var
from entrypoints.grpc.errors import code_for, internal_status, status_for

log = logging.getLogger("strata.calls")

OPEN_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")
OPEN_METHODS = frozenset(
    {
        "/strata.v1.IdentityService/Login",
        "/strata.v1.SystemService/GetHealth",
    }
)


@dataclass(frozen=True)
class _Status(grpc.Status):
    code: grpc.StatusCode
    details: str
    trailing_metadata: tuple[tuple[str, str | bytes], ...]


Authenticator = Callable[[str], Awaitable[Principal]]


def is_open(method: str) -> bool:
    return method in OPEN_METHODS or method.startswith(OPEN_PREFIXES)


def _headers(context: grpc.aio.ServicerContext[Any, Any]) -> tuple[str, str]:
    """The bearer token and the request id, in one pass over the metadata."""
    token = rid = ""
    for key, value in context.invocation_metadata() or ():
        if key == "authorization" and isinstance(value, str):
            scheme, _, rest = value.partition(" ")
            token = rest.strip() if scheme.lower() == "bearer" else ""
        elif key == "x-request-id" and isinstance(value, str):
            rid = value[:128]
    return token, rid


class CallInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    def __init__(self, authenticate: Authenticator) -> None:
        self._authenticate = authenticate

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Any, Any]]
        ],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Any, Any]:
        handler = await continuation(details)
        if handler is None:
            return handler
        method = details.method
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(
                self._unary(method, handler.unary_unary),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                self._streaming(method, handler.unary_stream),  # type: ignore[arg-type]
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(
                self._unary(method, handler.stream_unary),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return grpc.stream_stream_rpc_method_handler(
            self._streaming(method, handler.stream_stream),  # type: ignore[arg-type]
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def _begin(self, method: str, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        token, rid = _headers(context)
        rid = rid or str(uuid.uuid4())
        request_id_var.set(rid)
        peer_ip_var.set(peer_ip(context.peer() or ""))
        principal_var.set(None)
        context.set_trailing_metadata((("x-request-id", rid),))
        if is_open(method):
            return
        if not token:
            raise Unauthenticated("missing API key: send 'authorization: Bearer sk_...'")
        principal_var.set(await self._authenticate(token))

    async def _fail(
        self,
        method: str,
        context: grpc.aio.ServicerContext[Any, Any],
        exc: BaseException,
        started: float,
    ) -> None:
        if isinstance(exc, DomainError):
            status, code = status_for(exc), code_for(exc)
        else:
            status, code = internal_status(exc, request_id_var.get()), grpc.StatusCode.INTERNAL
        self._log(method, code, started)
        trailing = (*status.trailing_metadata, ("x-request-id", request_id_var.get()))
        await context.abort_with_status(  # type: ignore[attr-defined]
            _Status(status.code, status.details, trailing)
        )

    def _log(self, method: str, code: grpc.StatusCode, started: float) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        ms = (time.perf_counter() - started) * 1000
        log.info(
            "%s %s %.1fms",
            method,
            code.name,
            ms,
            extra={"request_id": request_id_var.get(), "method": method, "code": code.name},
        )

    def _unary(self, method: str, behaviour: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        async def wrapper(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            started = time.perf_counter()
            try:
                await self._begin(method, context)
                response = await behaviour(request, context)
            except (grpc.aio.AbortError, KeyboardInterrupt):
                raise
            except Exception as exc:
                await self._fail(method, context, exc, started)
            self._log(method, grpc.StatusCode.OK, started)
            return response

        return wrapper

    def _streaming(
        self, method: str, behaviour: Callable[..., AsyncIterator[Any]]
    ) -> Callable[..., Any]:
        async def wrapper(
            request: Any, context: grpc.aio.ServicerContext[Any, Any]
        ) -> AsyncIterator[Any]:
            started = time.perf_counter()
            try:
                await self._begin(method, context)
                async for item in behaviour(request, context):
                    yield item
            except (grpc.aio.AbortError, KeyboardInterrupt):
                raise
            except Exception as exc:
                await self._fail(method, context, exc, started)
            self._log(method, grpc.StatusCode.OK, started)

        return wrapper
