"""The one place where domain errors become gRPC statuses with google.rpc details."""

from __future__ import annotations

import logging
import uuid

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from domain.kernel import errors as e

log = logging.getLogger("strata.errors")
DOMAIN = "strata.v1"
FIELDS = "fields"  # ErrorInfo metadata: the comma-separated request fields an error is about

_CODES: list[tuple[type[e.DomainError], grpc.StatusCode]] = [
    (e.NotFound, grpc.StatusCode.NOT_FOUND),
    (e.AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (e.InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (e.FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (e.Aborted, grpc.StatusCode.ABORTED),
    (e.Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (e.PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (e.ResourceExhausted, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (e.Unavailable, grpc.StatusCode.UNAVAILABLE),
    (e.DeadlineExceeded, grpc.StatusCode.DEADLINE_EXCEEDED),
]


def code_for(exc: e.DomainError) -> grpc.StatusCode:
    for cls, code in _CODES:
        if isinstance(exc, cls):
            return code
    return grpc.StatusCode.INTERNAL


def _pack(message: object) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)  # type: ignore[arg-type]
    return packed


def _fields_of(exc: e.DomainError) -> list[str]:
    """The request fields an error is about: bad ones, or one whose unique value is taken."""
    if isinstance(exc, e.InvalidArgument):
        return [v.field for v in exc.violations]
    if isinstance(exc, e.AlreadyExists | e.PermissionDenied) and exc.field:
        return [exc.field]
    return []


def status_for(exc: e.DomainError) -> grpc.Status:
    code = code_for(exc)
    details = []
    metadata: dict[str, str] = {}
    if fields := _fields_of(exc):
        metadata[FIELDS] = ",".join(fields)
    if isinstance(exc, e.InvalidArgument):
        details.append(
            _pack(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(
                            field=v.field, description=v.description
                        )
                        for v in exc.violations
                    ]
                )
            )
        )
    if isinstance(exc, e.ResourceExhausted):
        delay = duration_pb2.Duration()
        delay.FromMilliseconds(int(exc.retry_after_seconds * 1000))
        details.append(_pack(error_details_pb2.RetryInfo(retry_delay=delay)))
        metadata["retry_after_seconds"] = f"{exc.retry_after_seconds:.3f}"
    details.insert(
        0, _pack(error_details_pb2.ErrorInfo(reason=exc.reason, domain=DOMAIN, metadata=metadata))
    )
    proto = status_pb2.Status(code=code.value[0], message=exc.message, details=details)
    return rpc_status.to_status(proto)


def unimplemented_status() -> grpc.Status:
    """A method the served API declares but this server does not implement."""
    proto = status_pb2.Status(code=code_pb2.UNIMPLEMENTED, message="method not implemented")
    return rpc_status.to_status(proto)


def internal_status(exc: BaseException, request_id: str) -> grpc.Status:
    """Unexpected failures: logged with a correlation id; the caller sees only the id."""
    correlation = request_id or str(uuid.uuid4())
    log.error("unexpected error (correlation id %s)", correlation, exc_info=exc)
    info = error_details_pb2.ErrorInfo(
        reason="INTERNAL", domain=DOMAIN, metadata={"correlation_id": correlation}
    )
    proto = status_pb2.Status(
        code=code_pb2.INTERNAL,
        message=f"internal error; correlation id {correlation}",
        details=[_pack(info)],
    )
    return rpc_status.to_status(proto)
