"""Model versions: recorded once with their metrics, listed newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.content.deps import ContentDeps, reader, writer
from domain.content.preference_model import ModelVersion, check_metrics, check_version
from domain.kernel.errors import AlreadyExists, InvalidArgument
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content.digests import ModelVersionKey


class RecordModelVersion:
    """Admins record versions; the same version with the same metrics returns the stored one."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, version: str, metrics: dict[str, Any]
    ) -> ModelVersion:
        name, numbers = check_version(version, "version"), check_metrics(metrics)
        async with self._d.uow() as uow:
            actor = await writer(uow, principal, workspace_id, "recording model versions")
            actor.require(Role.ADMIN, "recording model versions")
            wanted = ModelVersion(workspace_id, name, numbers, self._d.clock.now())
            stored = await uow.model_versions.add(wanted)
            if stored.metrics != numbers:
                raise AlreadyExists(
                    "this model version is recorded with other metrics", field="version"
                )
            await uow.commit()
        return stored


class ListModelVersions:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, page_size: int, page_token: str
    ) -> Page[ModelVersion]:
        req = PageRequest.parse(page_size, page_token, {"w": workspace_id}, self._d.page_tokens)
        after = _version_key(req.after)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            rows = await uow.model_versions.find(workspace_id, after, req.size + 1)
        return build_page(rows, req, lambda m: (m.created_at.isoformat(), m.version))


def _version_key(after: tuple[Any, ...] | None) -> ModelVersionKey | None:
    if after is None:
        return None
    try:
        moment, version = after
        at = datetime.fromisoformat(moment)
        if at.tzinfo is None:
            raise ValueError
        return at, str(version)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
