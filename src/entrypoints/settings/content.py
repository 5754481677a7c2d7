"""The content concern: how long a feed session can be continued before it expires."""

from __future__ import annotations

from pydantic import Field

from domain.content.feed_lifetime import DEFAULT_FEED_SESSION_HOURS, MAX_FEED_SESSION_HOURS
from entrypoints.settings.base import Concern, env


class ContentSettings(Concern):
    # A day covers a person's scrolling across a day's visits; past it, a session's token
    # is refused (start a new one) and a background purge deletes it with its ledger.
    feed_session_hours: int = Field(
        DEFAULT_FEED_SESSION_HOURS,
        ge=1,
        le=MAX_FEED_SESSION_HOURS,
        validation_alias=env("STRATA_FEED_SESSION_HOURS"),
    )
