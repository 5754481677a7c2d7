"""GetFeed: pages of a feed session that never repeat an item nor show a seen one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.content.deps import ContentDeps
from domain.content.feed_mix import FeedEntry, mix
from domain.content.people import acting_for
from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import PageRequest
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content.feeds import FeedKey, FeedSession

DEFAULT_FEED_PAGE = 20
MAX_FEED_PAGE = 100


@dataclass(frozen=True, slots=True)
class FeedPage:
    entries: list[FeedEntry]
    session_id: str
    next_token: str


class GetFeed:
    """A page for `user_id` ("" the caller; another member's feed needs an admin). The
    first call starts a session (pinning the newest public item as its bound); its
    token carries the session and the fresh stream's position. A page's items go to the
    session's ledger, and their recommendations are marked served, in the transaction
    that chose them."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, user_id: str, page_size: int, token: str
    ) -> FeedPage:
        d = self._d
        size = min(page_size or DEFAULT_FEED_PAGE, MAX_FEED_PAGE)
        query = {"w": workspace_id, "u": user_id or principal.user_id, "feed": True}
        req = PageRequest.parse(size, token, query, d.page_tokens)
        async with d.uow() as uow:
            caller = await acting_for(
                uow, principal, workspace_id, {user_id}, "reading a feed", Role.VIEWER
            )
            user = user_id or caller
            if req.after is None:
                session = await uow.feeds.start(d.ids.new_id(), workspace_id, user, d.clock.now())
                after = None
            else:
                session_id, after = _position(req.after)
                found = await uow.feeds.session(workspace_id, user, session_id)
                if found is None:
                    raise InvalidArgument.of("page_token", "names no feed session of this user")
                session = found
            recommended = await uow.feeds.recommended(session, size)
            fresh = await uow.feeds.fresh(session, after, size)
            page = mix([(r.recommendation, r.item) for r in recommended], fresh, size)
            await uow.feeds.record(session, [e.item.id for e in page.entries], d.clock.now())
            await uow.commit()
        more = len(page.entries) == size
        last = page.last_fresh
        position = (last.created_at, last.id) if last else after
        return FeedPage(page.entries, session.id, _token(req, session, position) if more else "")


def _token(req: PageRequest, session: FeedSession, position: FeedKey | None) -> str:
    moment, item_id = (position[0].isoformat(), position[1]) if position else ("", "")
    return req.next_token((session.id, moment, item_id))


def _position(key: tuple[Any, ...]) -> tuple[str, FeedKey | None]:
    try:
        session_id, moment, item_id = key
        if not moment:
            return str(session_id), None
        at = datetime.fromisoformat(moment)
        if at.tzinfo is None:
            raise ValueError
        return str(session_id), (at, str(item_id))
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
