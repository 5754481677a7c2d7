"""Request ids: the first attempt claims one; a racing retry waits for it and gets its record."""

from __future__ import annotations

import asyncio

from ports.idempotency import IdempotencyRecord


def _claim(make, fingerprint: str = "fp") -> IdempotencyRecord:  # type: ignore[no-untyped-def]
    return IdempotencyRecord("u1:CreateWorkspace", "req-1", fingerprint, "", make.t0)


async def test_a_free_request_id_is_claimed_and_settled_with_its_resource(uow_factory, make):
    async with uow_factory() as uow:
        assert await uow.idempotency.claim(_claim(make)) is None
        await uow.idempotency.settle("u1:CreateWorkspace", "req-1", "ws-1")
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.idempotency.claim(_claim(make, "other"))
    assert again is not None and (again.resource_id, again.fingerprint) == ("ws-1", "fp")


async def test_a_claim_rolled_back_leaves_the_request_id_free(uow_factory, make):
    async with uow_factory() as uow:
        assert await uow.idempotency.claim(_claim(make)) is None
    async with uow_factory() as uow:
        assert await uow.idempotency.claim(_claim(make)) is None


async def test_a_racing_claim_waits_for_the_first_and_gets_its_record(uow_factory, make):
    first_claimed, release = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with uow_factory() as uow:
            assert await uow.idempotency.claim(_claim(make)) is None
            first_claimed.set()
            await release.wait()
            await uow.idempotency.settle("u1:CreateWorkspace", "req-1", "ws-first")
            await uow.commit()

    async def retry() -> IdempotencyRecord | None:
        await first_claimed.wait()
        async with uow_factory() as uow:
            return await uow.idempotency.claim(_claim(make))

    task = asyncio.create_task(first())
    racing = asyncio.create_task(retry())
    await first_claimed.wait()
    await asyncio.sleep(0.05)
    assert not racing.done()  # it waits for the first attempt to end
    release.set()
    await task
    found = await racing
    assert found is not None and found.resource_id == "ws-first"
