"""A user's preference weights: read by model version, replaced a version at a time."""

from __future__ import annotations

from domain.content.deps import ContentDeps
from domain.content.digest_access import member_for
from domain.content.preference_model import (
    PreferenceWeight,
    PreferenceWeights,
    check_version,
    check_weights,
)
from domain.kernel.errors import FailedPrecondition, quoted
from domain.kernel.principal import Principal


class GetPreferenceWeights:
    """One version's weights; by default the latest version holding weights for the user."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, user_id: str, model_version: str = ""
    ) -> PreferenceWeights:
        version = check_version(model_version, required=False)
        async with self._d.uow(read_only=True) as uow:
            user = await member_for(
                uow, principal, workspace_id, user_id, "reading weights", write=False
            )
            repo = uow.preference_weights
            version = version or await repo.latest_version(workspace_id, user) or ""
            if not version:
                return PreferenceWeights()
            return await repo.get(workspace_id, user, version)


class SetPreferenceWeights:
    """Replaces the user's weights of one recorded model version, all at once."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        user_id: str,
        model_version: str,
        weights: tuple[PreferenceWeight, ...],
    ) -> PreferenceWeights:
        version, checked = check_version(model_version), check_weights(weights)
        async with self._d.uow() as uow:
            user = await member_for(
                uow, principal, workspace_id, user_id, "setting weights", write=True
            )
            if await uow.model_versions.get(workspace_id, version) is None:
                raise FailedPrecondition(
                    f"model version {quoted(version)} is not recorded; record it first"
                )
            await uow.preference_weights.replace(
                workspace_id, user, version, checked, self._d.clock.now()
            )
            stored = await uow.preference_weights.get(workspace_id, user, version)
            await uow.commit()
        return stored
