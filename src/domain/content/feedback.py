"""RecordFeedback: a rating or thumb on an item, stored with the interaction it maps onto."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from domain.content.deps import ContentDeps, must_get
from domain.content.digest_access import must_get_digest
from domain.content.feedback_model import Feedback, Thumbs, check_feedback
from domain.content.people import acting_for
from domain.kernel.errors import PermissionDenied
from domain.kernel.idempotency import Idempotency
from domain.kernel.lookup import found
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content import ContentUnitOfWork


@dataclass(frozen=True, slots=True)
class NewFeedback:
    workspace_id: str
    digest_item_id: str = ""
    content_item_id: str = ""
    rating: int | None = None
    thumbs: Thumbs | None = None
    comment: str = ""
    request_id: str = ""


class RecordFeedback:
    """The caller's own feedback (viewers give it, as they record their interactions); on a
    digest item, only the digest's user. The feedback and its interaction commit together
    (feedback_model says how one maps onto the other)."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, cmd: NewFeedback) -> Feedback:
        d, ws = self._d, cmd.workspace_id
        comment = check_feedback(
            cmd.digest_item_id, cmd.content_item_id, cmd.rating, cmd.thumbs, cmd.comment
        )
        async with d.uow() as uow:
            caller = await acting_for(uow, principal, ws, set(), "giving feedback", Role.VIEWER)
            scope = f"{principal.user_id}:RecordFeedback:{ws}"
            fields = {k: v for k, v in asdict(cmd).items() if k != "request_id"}
            idem = Idempotency(uow, scope, cmd.request_id, fields)
            if (existing := await idem.replayed_id(d.clock)) is not None:
                return found(await uow.feedback.get(ws, existing), "feedback", existing)
            given = Feedback(
                id=d.ids.new_id(),
                workspace_id=ws,
                user_id=caller,
                content_item_id=await _content_of(uow, ws, caller, cmd),
                interaction_id=d.ids.new_id(),
                created_at=d.clock.now(),
                digest_item_id=cmd.digest_item_id or None,
                rating=cmd.rating,
                thumbs=cmd.thumbs,
                comment=comment,
            )
            await uow.interactions.add_all([given.interaction()])
            await uow.feedback.add(given)
            await idem.remember(given.id, d.clock)
            await uow.commit()
        return given


async def _content_of(uow: ContentUnitOfWork, ws: str, caller: str, cmd: NewFeedback) -> str:
    """The content item the feedback is about (a digest item's, or the one named)."""
    if not cmd.digest_item_id:
        return (await must_get(uow, ws, cmd.content_item_id, "content_item_id")).id
    item = await uow.digest_items.get(ws, cmd.digest_item_id)
    item = found(item, "digest item", cmd.digest_item_id)
    digest = await must_get_digest(uow, ws, item.digest_id)
    if digest.user_id != caller:
        raise PermissionDenied("feedback on a digest item is given by the digest's user")
    return item.content_item_id
