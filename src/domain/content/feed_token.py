"""What a feed page token carries: its session, when that session started, and the
fresh stream's position (the last fresh item shown, or none yet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import PageRequest
from ports.content.feeds import FeedKey, FeedSession


@dataclass(frozen=True, slots=True)
class FeedPosition:
    session_id: str
    started_at: datetime
    after: FeedKey | None


def next_token(req: PageRequest, session: FeedSession, after: FeedKey | None) -> str:
    moment, item_id = (after[0].isoformat(), after[1]) if after else ("", "")
    return req.next_token((session.id, session.started_at.isoformat(), moment, item_id))


def position_of(key: tuple[Any, ...]) -> FeedPosition:
    try:
        session_id, started, moment, item_id = key
        after = (_moment(moment), str(item_id)) if moment else None
        return FeedPosition(str(session_id), _moment(started), after)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None


def _moment(text: Any) -> datetime:
    at = datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError("a moment without its zone")
    return at
