"""The call interceptor: request ids, authentication, error mapping, observers, call logs."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import grpc

from domain.kernel.errors import DomainError, Unauthenticated
from domain.kernel.principal import Principal
from entrypoints import call_scope
from entrypoints.grpc.call_state import Call, headers_of
from entrypoints.grpc.calls import CallObserver
from entrypoints.grpc.context import peer_ip, peer_ip_var, principal_var, request_id_var
from entrypoints.grpc.errors import code_for, internal_status, status_for, unimplemented_status
from entrypoints.grpc.validation import check_request, check_stream, tolerant
from entrypoints.grpc.worker_keys import check_worker_call

log = logging.getLogger("strata.calls")


OPEN_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")
# What a client still streams after its call failed is read and dropped, up to these bounds.
DRAIN_IDLE_SECONDS = 0.2
DRAIN_MESSAGES = 1_000


@dataclass(frozen=True)
class _Status(grpc.Status):
    code: grpc.StatusCode
    details: str
    trailing_metadata: tuple[tuple[str, str | bytes], ...]


class RpcMetrics(Protocol):
    def rpc_started(self, method: str) -> None: ...
    def rpc_finished(self, method: str, code_name: str, seconds: float) -> None: ...


Authenticator = Callable[[str], Awaitable[Principal]]


class CallInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    def __init__(
        self,
        authenticate: Authenticator,
        observers: Sequence[CallObserver] = (),
        metrics: RpcMetrics | None = None,
        open_methods: frozenset[str] = frozenset(),
    ) -> None:
        """`open_methods` ("/package.Service/Method") are called without a key, as are
        health and reflection."""
        self._authenticate = authenticate
        self._open = open_methods
        self._observers = tuple(observers)
        self._metrics = metrics

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
                request_deserializer=tolerant(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream:
            behaviour: Any = handler.unary_stream
            wrapped: Any = (
                self._streaming(method, behaviour)
                if inspect.isasyncgenfunction(behaviour)
                else self._unary(method, behaviour)  # writes with context.write (Health/Watch)
            )
            return grpc.unary_stream_rpc_method_handler(
                wrapped,
                request_deserializer=tolerant(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(
                self._unary(method, handler.stream_unary),
                request_deserializer=tolerant(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
        return grpc.stream_stream_rpc_method_handler(
            self._streaming(method, handler.stream_stream),  # type: ignore[arg-type]
            request_deserializer=tolerant(handler.request_deserializer),
            response_serializer=handler.response_serializer,
        )

    async def _begin(self, call: Call, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        principal_var.set(None)
        peer_ip_var.set(peer_ip(context.peer() or ""))
        call.headers = headers_of(context)
        rid = call.headers.request_id or str(uuid.uuid4())
        request_id_var.set(rid)
        context.set_trailing_metadata((("x-request-id", rid),))
        for observer in self._observers:
            observer.started(call.method)
        if call.method in self._open or call.method.startswith(OPEN_PREFIXES):
            return
        if not call.headers.token:
            raise Unauthenticated("missing API key: send 'authorization: Bearer sk_...'")
        principal = await self._authenticate(call.headers.token)
        principal_var.set(principal)
        check_worker_call(principal, call.method)

    async def _succeeded(
        self,
        call: Call,
        context: grpc.aio.ServicerContext[Any, Any],
        request: Any,
        response: Any,
    ) -> None:
        """Observers may refuse a success (an unaudited write): the call then fails."""
        facts = call.facts(request, response, "OK", "")
        try:
            for observer in self._observers:
                await observer.finished(facts)
            scope = call_scope.current()
            if scope is not None and scope.wrote:  # no observer committed it (auditing off)
                await scope.commit_with(None)
        except Exception as exc:
            await self._abort(call, context, exc)
        self._log(call, grpc.StatusCode.OK)

    async def _failed(
        self,
        call: Call,
        context: grpc.aio.ServicerContext[Any, Any],
        request: Any,
        exc: BaseException,
    ) -> None:
        code = code_for(exc) if isinstance(exc, DomainError) else grpc.StatusCode.INTERNAL
        message = exc.message if isinstance(exc, DomainError) else "internal error"
        if isinstance(exc, NotImplementedError):
            code, message = grpc.StatusCode.UNIMPLEMENTED, "method not implemented"
        facts = call.facts(request, None, code.name, message)
        for observer in self._observers:
            try:
                await observer.finished(facts)
            except Exception:
                log.exception("call observer failed")
        await self._abort(call, context, exc)

    async def _cancelled(self, call: Call, request: Any) -> None:
        """The client went away (or its deadline passed): the call's work is rolled back
        and its entry says so."""
        facts = call.facts(request, None, "CANCELLED", "the call was cancelled by the client")
        for observer in self._observers:
            try:
                await observer.finished(facts)
            except BaseException:
                log.exception("call observer failed")
        self._log(call, grpc.StatusCode.CANCELLED)

    async def _abort(
        self, call: Call, context: grpc.aio.ServicerContext[Any, Any], exc: BaseException
    ) -> None:
        if isinstance(exc, DomainError):
            status, code = status_for(exc), code_for(exc)
        elif isinstance(exc, NotImplementedError):
            status, code = unimplemented_status(), grpc.StatusCode.UNIMPLEMENTED
        else:
            status, code = internal_status(exc, request_id_var.get()), grpc.StatusCode.INTERNAL
        self._log(call, code)
        trailing = (*status.trailing_metadata, ("x-request-id", request_id_var.get()))
        await context.abort_with_status(  # type: ignore[attr-defined]
            _Status(status.code, status.details, trailing)
        )

    def _log(self, call: Call, code: grpc.StatusCode) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        ms = (time.perf_counter() - call.started) * 1000
        log.info(
            "%s %s %.1fms",
            call.method,
            code.name,
            ms,
            extra={"method": call.method, "code": code.name, "duration_ms": round(ms, 1)},
        )

    def _unary(self, method: str, behaviour: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        async def wrapper(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            call = Call(method)
            scope = call_scope.begin()
            async with self._measured(call, context):
                try:
                    await self._begin(call, context)
                    response = await behaviour(_checked(request), context)
                    await self._succeeded(call, context, _unary_request(request), response)
                    return response
                except (grpc.aio.AbortError, KeyboardInterrupt):
                    raise
                except asyncio.CancelledError:
                    await self._cancelled(call, _unary_request(request))
                    raise
                except Exception as exc:
                    await _drained(request)
                    await self._failed(call, context, _unary_request(request), exc)
                finally:
                    await scope.close()
                    call_scope.end()

        return wrapper

    @contextlib.asynccontextmanager
    async def _measured(
        self, call: Call, context: grpc.aio.ServicerContext[Any, Any]
    ) -> AsyncIterator[None]:
        """RPC count, latency and in-flight figures, whatever way the call ends."""
        if self._metrics is None:
            yield
            return
        self._metrics.rpc_started(call.method)
        code = "OK"
        try:
            yield
        except asyncio.CancelledError:
            code = "CANCELLED"
            raise
        except BaseException:
            code = (context.code() or grpc.StatusCode.UNKNOWN).name
            raise
        finally:
            self._metrics.rpc_finished(call.method, code, time.perf_counter() - call.started)

    def _streaming(
        self, method: str, behaviour: Callable[..., AsyncIterator[Any]]
    ) -> Callable[..., Any]:
        async def wrapper(
            request: Any, context: grpc.aio.ServicerContext[Any, Any]
        ) -> AsyncIterator[Any]:
            call = Call(method)
            scope = call_scope.begin()
            async with self._measured(call, context):
                try:
                    await self._begin(call, context)
                    async for item in behaviour(_checked(request), context):
                        yield item
                    await self._succeeded(call, context, _unary_request(request), None)
                except (grpc.aio.AbortError, KeyboardInterrupt):
                    raise
                except asyncio.CancelledError:
                    await self._cancelled(call, _unary_request(request))
                    raise
                except Exception as exc:
                    await self._failed(call, context, _unary_request(request), exc)
                finally:
                    await scope.close()
                    call_scope.end()

        return wrapper


def _checked(request: Any) -> Any:
    """The request, refused (INVALID_ARGUMENT naming the field) when it breaks a declared
    limit; a stream of requests is checked message by message as it is read."""
    if hasattr(request, "__aiter__"):
        return check_stream(request)
    check_request(request)
    return request


async def _drained(request: Any) -> None:
    """A client stream that failed early is read on while its messages keep coming (each
    within DRAIN_IDLE_SECONDS, at most DRAIN_MESSAGES) before the status goes out: a client
    still writing into a stream the server has closed sees a transport error ("Internal
    error from Core"), not the status. A stalled client costs one idle wait."""
    if not hasattr(request, "__aiter__"):
        return
    messages = aiter(request)
    with contextlib.suppress(Exception):
        for _ in range(DRAIN_MESSAGES):
            await asyncio.wait_for(anext(messages), DRAIN_IDLE_SECONDS)


def _unary_request(request: Any) -> Any:
    """A streamed request is an iterator: there is no one message to record."""
    return None if hasattr(request, "__aiter__") or hasattr(request, "__next__") else request
