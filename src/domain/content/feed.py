"""GetFeed: pages of a feed session that never repeat an item nor show a seen one."""

from __future__ import annotations

from dataclasses import dataclass

from domain.content.deps import ContentDeps
from domain.content.feed_lifetime import DEFAULT_FEED_SESSION_HOURS, refuse_expired
from domain.content.feed_mix import FeedEntry, mix
from domain.content.feed_token import next_token, position_of
from domain.content.people import acting_for
from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import PageRequest
from domain.kernel.principal import Principal
from domain.kernel.roles import Role

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
    that chose them. A session lives `session_hours`; its token is then refused."""

    def __init__(self, deps: ContentDeps, session_hours: int = DEFAULT_FEED_SESSION_HOURS):
        self._d = deps
        self._hours = session_hours

    async def execute(
        self, principal: Principal, workspace_id: str, user_id: str, page_size: int, token: str
    ) -> FeedPage:
        d = self._d
        size = min(page_size or DEFAULT_FEED_PAGE, MAX_FEED_PAGE)
        query = {"w": workspace_id, "u": user_id or principal.user_id, "feed": True}
        req = PageRequest.parse(size, token, query, d.page_tokens)
        now = d.clock.now()
        position = None if req.after is None else position_of(req.after)
        if position is not None:
            refuse_expired(position.started_at, now, self._hours)
        async with d.uow() as uow:
            caller = await acting_for(
                uow, principal, workspace_id, {user_id}, "reading a feed", Role.VIEWER
            )
            user = user_id or caller
            if position is None:
                session = await uow.feeds.start(d.ids.new_id(), workspace_id, user, now)
            else:
                found = await uow.feeds.session(workspace_id, user, position.session_id)
                if found is None:
                    raise InvalidArgument.of("page_token", "names no feed session of this user")
                session = found
            after = position.after if position else None
            shown = await uow.feeds.candidates(session, after, size)
            recommended = [(r.recommendation, r.item) for r in shown.recommended]
            page = mix(recommended, shown.fresh, size)
            await uow.feeds.record(session, [e.item.id for e in page.entries], now)
            await uow.commit()
        more = len(page.entries) == size
        last = page.last_fresh
        reached = (last.created_at, last.id) if last else after
        return FeedPage(page.entries, session.id, next_token(req, session, reached) if more else "")
