"""Feedback: a person's rating or thumb on an item, and the interaction it is recorded as.

Feedback maps onto interactions so that everything that reads interactions (statistics,
feeds, the analytics store) sees it: thumbs up is a `like`; a rating is a `view` carrying
the rating (the item was seen, and rated); thumbs down is a `view` carrying the lowest
rating, 1 — interactions hold no other negative signal. Each such interaction's metadata
says `source` ("digest" or "feedback") and `feedback` (rating, thumbs_up, thumbs_down).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from domain.content.interaction import Interaction, InteractionType
from domain.kernel.errors import Validator

MAX_COMMENT = 2000
LOWEST_RATING = 1


class Thumbs(enum.StrEnum):
    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class Feedback:
    id: str
    workspace_id: str
    user_id: str
    content_item_id: str
    interaction_id: str
    created_at: datetime
    digest_item_id: str | None = None
    rating: int | None = None
    thumbs: Thumbs | None = None
    comment: str = ""

    def interaction(self) -> Interaction:
        """The interaction this feedback is recorded as (its batch is the feedback)."""
        kind, rating, said = self._mapped()
        source = "digest" if self.digest_item_id else "feedback"
        return Interaction(
            self.interaction_id,
            self.workspace_id,
            self.user_id,
            self.content_item_id,
            kind,
            self.created_at,
            self.created_at,
            batch_id=self.id,
            rating=rating,
            metadata={"source": source, "feedback": said},
        )

    def _mapped(self) -> tuple[InteractionType, int | None, str]:
        if self.thumbs == Thumbs.UP:
            return InteractionType.LIKE, None, "thumbs_up"
        if self.thumbs == Thumbs.DOWN:
            return InteractionType.VIEW, LOWEST_RATING, "thumbs_down"
        return InteractionType.VIEW, self.rating, "rating"


def check_feedback(
    digest_item_id: str,
    content_item_id: str,
    rating: int | None,
    thumbs: Thumbs | None,
    comment: str,
) -> str:
    """One target, one of rating (1 to 5) and thumbs; the comment, trimmed."""
    v = Validator()
    if bool(digest_item_id) == bool(content_item_id):
        v.add("content_item_id", "give exactly one of digest_item_id and content_item_id")
    if (rating is None) == (thumbs is None):
        v.add("rating", "give exactly one of rating and thumbs")
    v.check(rating is None or 1 <= rating <= 5, "rating", "must be from 1 to 5")
    text = comment.strip()
    v.check(len(text) <= MAX_COMMENT, "comment", f"must be at most {MAX_COMMENT} characters")
    v.raise_if_any()
    return text
