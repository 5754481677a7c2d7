"""Domain errors: one class per outcome a caller can act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
QUOTE_LIMIT = 64  # characters of an input value a message may repeat


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`value` as text for an error message: at most `limit` characters, then "…"."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True, slots=True)
class FieldViolation:
    field: str
    description: str


class DomainError(Exception):
    """Base class; `reason` is a stable machine-readable code (UPPER_SNAKE)."""

    reason = "DOMAIN_ERROR"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason


class NotFound(DomainError):
    reason = "NOT_FOUND"


class AlreadyExists(DomainError):
    reason = "ALREADY_EXISTS"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class InvalidArgument(DomainError):
    reason = "INVALID_ARGUMENT"

    def __init__(
        self, violations: list[FieldViolation] | FieldViolation, message: str = ""
    ) -> None:
        items = [violations] if isinstance(violations, FieldViolation) else list(violations)
        text = message or "; ".join(f"{v.field}: {v.description}" for v in items)
        super().__init__(text)
        self.violations = items

    @classmethod
    def of(cls, field_name: str, description: str) -> InvalidArgument:
        return cls(FieldViolation(field_name, description))


class FailedPrecondition(DomainError):
    reason = "FAILED_PRECONDITION"


class Aborted(DomainError):
    reason = "ABORTED"


class Unauthenticated(DomainError):
    reason = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    reason = "PERMISSION_DENIED"

    def __init__(self, message: str, *, reason: str | None = None, field: str = "") -> None:
        super().__init__(message, reason=reason)
        self.field = field  # the request field the refusal is about, when one is


class ResourceExhausted(DomainError):
    reason = "RESOURCE_EXHAUSTED"

    def __init__(self, message: str, *, retry_after_seconds: float) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class DeadlineExceeded(DomainError):
    """The call waited too long on its caller (e.g. a stream that stopped sending)."""

    reason = "DEADLINE_EXCEEDED"


class Unavailable(DomainError):
    """A store the use case needs cannot be reached; the caller may retry."""

    reason = "UNAVAILABLE"


@dataclass
class Validator:
    """Collects every field violation of a request before raising once."""

    violations: list[FieldViolation] = field(default_factory=list)

    def check(self, ok: bool, field_name: str, description: str) -> None:
        if not ok:
            self.violations.append(FieldViolation(field_name, description))

    def add(self, field_name: str, description: str) -> None:
        self.violations.append(FieldViolation(field_name, description))

    def parse(self, fn: Callable[[str, str], T], raw: str, field_name: str) -> T | None:
        """`fn(raw, field_name)`, recording its InvalidArgument instead of raising it."""
        try:
            return fn(raw, field_name)
        except InvalidArgument as exc:
            self.violations.extend(exc.violations)
            return None

    def raise_if_any(self) -> None:
        if self.violations:
            raise InvalidArgument(self.violations)
