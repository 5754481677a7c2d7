"""The one place that turns driver and pool errors into domain errors.

Messages never carry SQL or driver text; the original stays as `__cause__` for logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy import exc as sa_exc

from adapters.postgres.infra.refusals import DriverConnectTimeout, too_expensive
from domain.kernel.errors import (
    Aborted,
    AlreadyExists,
    DomainError,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    Unavailable,
)

__all__ = ["DriverConnectTimeout", "causes", "first_attribute", "translate", "translated"]

UNAVAILABLE = "database unavailable"
# Unique constraints and unique indexes -> (field, message).
_UNIQUE = {
    "uq_users_lower_email": ("email", "a user with this email already exists"),
    "uq_users_lower_username": ("username", "this username is taken"),
    "uq_users_oauth": ("oauth_subject", "a user with this OAuth identity already exists"),
    "uq_workspaces_slug": ("slug", "this slug is taken"),
    "uq_memberships_user_id_workspace_id": (
        "user_id",
        "the user is already a member of this workspace",
    ),
    "uq_api_keys_public_id": ("public_id", "an API key with this public id already exists"),
    "uq_api_keys_key_hash": ("key_hash", "an API key with this hash already exists"),
    "pk_idempotency_keys": ("request_id", "this request id is being used by a concurrent request"),
}
_CHECKS = {
    "ck_workspaces_slug_format": "slug",
    "ck_memberships_role": "role",
}
# SQLSTATEs meaning "the database cannot serve us now": connection exceptions (08),
# insufficient resources (53), operator intervention (57P0x), session timeouts, cancels.
_UNAVAILABLE_PREFIXES = ("08", "53", "57P")
_UNAVAILABLE_STATES = {"25P03"}
_CLIENT_CONNECTION_ERRORS = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.ClientCannotConnectError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    OSError,  # includes ConnectionRefusedError, a missing unix socket, and TimeoutError
)


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The error, the DB-API error SQLAlchemy wraps, and their causes."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen or len(seen) > 16:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__]


def first_attribute(errors: list[BaseException], attr: str) -> str | None:
    for e in errors:
        value = getattr(e, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def _is_unavailable(errors: list[BaseException], state: str | None) -> bool:
    if state and (state.startswith(_UNAVAILABLE_PREFIXES) or state in _UNAVAILABLE_STATES):
        return True
    for e in errors:
        if isinstance(e, sa_exc.DBAPIError) and e.connection_invalidated:
            return True
        # PendingRollbackError: the connection was invalidated inside this transaction.
        if isinstance(
            e, (sa_exc.TimeoutError, sa_exc.PendingRollbackError, *_CLIENT_CONNECTION_ERRORS)
        ):
            return True
        if isinstance(e, asyncpg.exceptions.InterfaceError) and "closed" in str(e):
            return True
        # A connection left mid-operation by a cancelled or killed call: nothing was sent.
        if isinstance(e, asyncpg.exceptions.InternalClientError):
            return True
    return False


def _integrity(state: str, constraint: str, detail: str) -> DomainError | None:
    if state == "23505":
        field, message = _UNIQUE.get(
            constraint,
            ("id" if constraint.startswith("pk_") else "", "the resource already exists"),
        )
        return AlreadyExists(message, field=field)
    if state == "23503":
        if "still referenced" in detail:
            return FailedPrecondition("the resource is still in use")
        referred = constraint.rsplit("_", 1)[-1].rstrip("s") or "resource"
        return NotFound(f"the referenced {referred} was not found")
    if state == "23514":
        return InvalidArgument.of(_CHECKS.get(constraint, ""), "is not an allowed value")
    if state == "23502":
        return InvalidArgument.of("", "a required value is missing")
    if state in {"22001", "22P02", "22007", "22008"}:
        return InvalidArgument(FieldViolation("", "a value is too long or malformed"))
    return None


def translate(exc: BaseException) -> BaseException:
    """The domain error for a driver error, or `exc` itself when it is not one we know."""
    if isinstance(exc, DomainError):
        return exc
    errors = list(causes(exc))
    state = first_attribute(errors, "sqlstate")
    if state in {"40001", "40P01"}:
        return Aborted("a concurrent transaction conflicted; retry")
    expensive = too_expensive(state, errors)
    if expensive is not None:
        return expensive
    if state:
        mapped = _integrity(
            state,
            first_attribute(errors, "constraint_name") or "",
            first_attribute(errors, "detail") or "",
        )
        if mapped is not None:
            return mapped
    if _is_unavailable(errors, state):
        return Unavailable(UNAVAILABLE)
    return exc


@contextmanager
def translated() -> Iterator[None]:
    """`with translated(): await conn.execute(...)` raises domain errors only."""
    try:
        yield
    except Exception as exc:
        mapped = translate(exc)
        if mapped is exc:
            raise
        raise mapped from exc
