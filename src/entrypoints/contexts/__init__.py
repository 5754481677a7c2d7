"""Every bounded context Strata serves. A new context adds its own files and one line here."""

from __future__ import annotations

from entrypoints.contexts.analytics import ANALYTICS
from entrypoints.contexts.audit import AUDIT
from entrypoints.contexts.content import CONTENT
from entrypoints.contexts.conversations import CONVERSATIONS
from entrypoints.contexts.identity import IDENTITY
from entrypoints.contexts.jobs import JOBS
from entrypoints.contexts.knowledge import KNOWLEDGE
from entrypoints.contexts.registry import BoundedContext
from entrypoints.contexts.system import SYSTEM

CONTEXTS: tuple[BoundedContext, ...] = (
    IDENTITY,
    AUDIT,
    KNOWLEDGE,
    CONVERSATIONS,
    JOBS,
    ANALYTICS,
    CONTENT,
    SYSTEM,
)
