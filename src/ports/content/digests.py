"""Repositories of the content context's digests and learned preferences.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything is scoped to one workspace; another workspace's rows are invisible.
- `digests.add` stores the digest unless the user has one for its day, and returns the id
  of the digest stored for that (workspace, user, day): a unique index decides between
  concurrent adds, never a read before the write.
- `digests.update` writes only if the stored version is `expected_version` (else Aborted).
- `digests.find` pages a user's digests by (day, id) descending, after `after` only.
- `digest_items.add` stores every item or none: a rank or a content item the digest already
  holds is AlreadyExists naming it.
- `model_versions.add` stores the version unless the workspace has one of that name, and
  returns the one stored.
- `feedback.add` stores feedback whose interaction the same unit of work has added.
- `preference_weights.replace` drops the user's weights of that version and stores the new
  ones, in the unit of work's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from domain.content.digest_model import Digest, DigestItem, DigestStatus
from domain.content.feedback_model import Feedback
from domain.content.preference_model import ModelVersion, PreferenceWeight, PreferenceWeights

DigestKey = tuple[date, str]  # (digest_date, id) of the last digest of a page
ModelVersionKey = tuple[datetime, str]  # (created_at, version) of the last version of a page


@dataclass(frozen=True, slots=True)
class DigestFilter:
    workspace_id: str
    user_id: str
    status: DigestStatus | None = None


class DigestRepository(Protocol):
    async def add(self, digest: Digest) -> str: ...
    async def get(self, workspace_id: str, digest_id: str, *, lock: bool = False) -> Digest | None:
        """`lock` holds the digest until the unit of work ends (adds to it queue)."""
        ...

    async def update(self, digest: Digest, expected_version: int) -> None: ...
    async def find(
        self, filt: DigestFilter, after: DigestKey | None, limit: int
    ) -> list[Digest]: ...


class DigestItemRepository(Protocol):
    async def add(self, items: list[DigestItem]) -> None: ...
    async def of_digest(self, workspace_id: str, digest_id: str) -> list[DigestItem]:
        """The digest's items, in rank order."""
        ...

    async def get(self, workspace_id: str, item_id: str) -> DigestItem | None: ...


class ModelVersionRepository(Protocol):
    async def add(self, version: ModelVersion) -> ModelVersion: ...
    async def get(self, workspace_id: str, version: str) -> ModelVersion | None: ...
    async def find(
        self, workspace_id: str, after: ModelVersionKey | None, limit: int
    ) -> list[ModelVersion]:
        """Newest first: (created_at, version) descending."""
        ...


class PreferenceWeightRepository(Protocol):
    async def replace(
        self,
        workspace_id: str,
        user_id: str,
        version: str,
        weights: tuple[PreferenceWeight, ...],
        now: datetime,
    ) -> None: ...

    async def get(self, workspace_id: str, user_id: str, version: str) -> PreferenceWeights:
        """The user's weights of `version`, by feature; empty when they have none."""
        ...

    async def latest_version(self, workspace_id: str, user_id: str) -> str | None:
        """The newest recorded version (by its create time) holding weights for the user."""
        ...


class FeedbackRepository(Protocol):
    async def add(self, feedback: Feedback) -> None: ...
    async def get(self, workspace_id: str, feedback_id: str) -> Feedback | None: ...
