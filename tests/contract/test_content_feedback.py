"""Feedback and its interaction: one contract, run against memory and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from domain.content.feedback_model import Feedback, Thumbs
from domain.content.interaction import Interaction, InteractionType
from domain.kernel.errors import NotFound
from ports.content.interactions import InteractionQuery
from ports.uow import UnitOfWorkFactory
from tests.contract.digests_kit import DigestKit, digest_kit


@pytest.fixture
async def kit(make: Any, seed: Any, uow_factory: UnitOfWorkFactory) -> DigestKit:
    return await digest_kit(make, seed, uow_factory)


def _feedback(kit: DigestKit, **kw: Any) -> tuple[Interaction, Feedback]:
    user, content, now = kit.users[0].id, kit.items[0].id, kit.make.t0
    interaction = Interaction(
        kit.make.id(), kit.ws.id, user, content, InteractionType.LIKE, now, now, kit.make.id()
    )
    given = Feedback(kit.make.id(), kit.ws.id, user, content, interaction.id, now, thumbs=Thumbs.UP)
    return interaction, replace(given, **kw)


async def _interactions(uow_factory: UnitOfWorkFactory, kit: DigestKit) -> list[str]:
    async with uow_factory(read_only=True) as uow:
        query = InteractionQuery(kit.ws.id, user_id=kit.users[0].id)
        return [i.id for i in await uow.interactions.find(query, None, 10)]


async def test_feedback_commits_with_its_interaction(uow_factory, kit) -> None:
    interaction, given = _feedback(kit, comment="nice")
    async with uow_factory() as uow:
        await uow.interactions.add_all([interaction])
        await uow.feedback.add(given)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.feedback.get(kit.ws.id, given.id) == given
        assert await uow.feedback.get(kit.other_ws.id, given.id) is None
    assert await _interactions(uow_factory, kit) == [interaction.id]


async def test_feedback_that_fails_leaves_no_interaction_behind(uow_factory, kit) -> None:
    interaction, given = _feedback(kit, digest_item_id=kit.make.id())
    with pytest.raises(NotFound):
        async with uow_factory() as uow:
            await uow.interactions.add_all([interaction])
            await uow.feedback.add(given)
            await uow.commit()
    assert await _interactions(uow_factory, kit) == []
    async with uow_factory(read_only=True) as uow:
        assert await uow.feedback.get(kit.ws.id, given.id) is None
