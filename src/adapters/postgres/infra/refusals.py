"""Work the database refused to finish (time, lock and size bounds) as domain errors."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from domain.kernel.errors import Aborted, DeadlineExceeded, DomainError, InvalidArgument

TOO_SLOW = (
    "the query took longer than the statement timeout allows (STRATA_STATEMENT_TIMEOUT_MS); "
    "narrow it rather than retry it"
)
LOCKED = "another transaction is changing this resource (lock timeout); retry"
TOO_DEEP = "the request is nested too deeply, or has too many terms, for the database to evaluate"
TSVECTOR_TOO_LONG = "has more words than a full-text vector holds (PostgreSQL: at most 1 MB)"


class DriverConnectTimeout(ConnectionError):
    """Connecting timed out: the database is away (a statement timing out is another thing)."""


def too_expensive(state: str | None, errors: list[BaseException]) -> DomainError | None:
    """Work the server refused to finish: over a time, lock or size bound. Never UNAVAILABLE:
    retrying the same query would fail the same way."""
    if state == "57014":
        return DeadlineExceeded(TOO_SLOW)
    if state == "55P03":
        return Aborted(LOCKED)
    if state == "54001":
        return InvalidArgument.of("", TOO_DEEP)
    if state == "54000":
        text = " ".join(str(e) for e in errors)
        if "tsvector" in text:
            return InvalidArgument.of("content", TSVECTOR_TOO_LONG)
        return InvalidArgument.of("", "a value is larger than the database can hold")
    if state is None and _statement_timed_out(errors):
        return DeadlineExceeded(TOO_SLOW)
    return None


def _statement_timed_out(errors: list[BaseException]) -> bool:
    """The driver's own command_timeout: a TimeoutError that is not a connect timeout."""
    return any(isinstance(e, TimeoutError) for e in errors) and not any(
        isinstance(e, (DriverConnectTimeout, sa_exc.TimeoutError)) for e in errors
    )
