"""A digest: a user's dated, ranked list of content items, and its delivery."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from domain.kernel.errors import FailedPrecondition, InvalidArgument
from domain.kernel.versions import check_etag, etag_for

MAX_FAILURE_REASON = 1000


class DigestStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


DELIVERED = (DigestStatus.SENT, DigestStatus.FAILED)


def check_delivery(outcome: DigestStatus | None, reason: str) -> str:
    """The outcome of a delivery: SENT without a reason, or FAILED with one."""
    if outcome not in DELIVERED:
        raise InvalidArgument.of("status", "must be SENT or FAILED")
    if outcome == DigestStatus.FAILED and not reason:
        raise InvalidArgument.of("failure_reason", "is required when delivery failed")
    if outcome == DigestStatus.SENT and reason:
        raise InvalidArgument.of("failure_reason", "is given only when delivery failed")
    if len(reason) > MAX_FAILURE_REASON:
        raise InvalidArgument.of(
            "failure_reason", f"must be at most {MAX_FAILURE_REASON} characters"
        )
    return reason


@dataclass(frozen=True, slots=True)
class DigestItem:
    id: str
    workspace_id: str
    digest_id: str
    content_item_id: str
    rank: int
    score: float
    reason: str
    created_at: datetime

    def same_as(self, other: DigestItem) -> bool:
        """The same placement: a repeated add of it changes nothing."""
        mine = (self.rank, self.content_item_id, self.score, self.reason)
        return mine == (other.rank, other.content_item_id, other.score, other.reason)


@dataclass(slots=True)
class Digest:
    id: str
    workspace_id: str
    user_id: str
    digest_date: date
    created_at: datetime
    updated_at: datetime
    status: DigestStatus = DigestStatus.PENDING
    delivered_at: datetime | None = None
    failure_reason: str = ""
    item_count: int = 0  # counted by the store when read: items go with their content
    version: int = 1

    @property
    def etag(self) -> str:
        return etag_for(self.id, self.version)

    def check_etag(self, etag: str) -> None:
        check_etag(self.id, self.version, etag)

    def take_items(self, count: int, now: datetime) -> None:
        """Items are added while the digest is pending only."""
        if self.status != DigestStatus.PENDING:
            raise FailedPrecondition(
                f"items are added to a pending digest; this one is {self.status}"
            )
        self.item_count += count
        self._touch(now)

    def deliver(self, outcome: DigestStatus, reason: str, now: datetime) -> None:
        """pending → sent, or pending → failed with a reason (see `check_delivery`)."""
        if self.status != DigestStatus.PENDING:
            raise FailedPrecondition(f"a {self.status} digest cannot become {outcome}")
        self.status, self.failure_reason, self.delivered_at = outcome, reason, now
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
