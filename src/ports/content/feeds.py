"""The feed's repository: sessions, what a page may show, and the ledger of what it did.

Rules every adapter keeps (the contract suite checks them on every adapter):
- `start` pins the newest public item of the workspace at that moment as the session's
  bound (None when there is none) and records `now` as its start: fresh items newer
  than the bound never show in the session.
- `session` gives the user's session of that id in the workspace, or None, and holds it
  until the unit of work ends (concurrent pages of one session queue).
- `candidates` gives, in one read, the user's unserved recommendations with their items,
  best first (score, then newest), an item possibly more than once (several algorithm
  versions), and the public items at or below the bound, strictly below `after`, newest
  first; at most `limit` of each.
- Neither gives an item the user has interacted with, nor one in the session's ledger.
- `record` adds items to the ledger and sets served_at on the user's unserved
  recommendations of them.
- `purge_started_before` deletes up to `limit` sessions started before the moment, with
  their ledgers, and says how many it deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.content.model import ContentItem
from domain.content.recommendation import Recommendation

FeedKey = tuple[datetime, str]  # a public item's (created_at, id)


@dataclass(frozen=True, slots=True)
class FeedSession:
    id: str
    workspace_id: str
    user_id: str
    bound: FeedKey | None
    started_at: datetime


@dataclass(frozen=True, slots=True)
class Recommended:
    recommendation: Recommendation
    item: ContentItem


@dataclass(frozen=True, slots=True)
class FeedCandidates:
    recommended: list[Recommended]
    fresh: list[ContentItem]


class FeedRepository(Protocol):
    async def start(
        self, session_id: str, workspace_id: str, user_id: str, now: datetime
    ) -> FeedSession: ...

    async def session(
        self, workspace_id: str, user_id: str, session_id: str
    ) -> FeedSession | None: ...

    async def candidates(
        self, session: FeedSession, after: FeedKey | None, limit: int
    ) -> FeedCandidates: ...

    async def record(
        self, session: FeedSession, item_ids: Sequence[str], now: datetime
    ) -> None: ...

    async def purge_started_before(self, before: datetime, limit: int) -> int: ...
