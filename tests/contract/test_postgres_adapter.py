"""What only the PostgreSQL adapter promises: failures become domain errors, hot paths stay lean."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest
from sqlalchemy import event, text
from sqlalchemy import exc as sa_exc

from adapters.postgres.identity.standing_cache import StandingCache
from adapters.postgres.infra.engine import create_engine
from adapters.postgres.infra.errors import UNAVAILABLE, DriverConnectTimeout, translate
from adapters.postgres.infra.session import DriverPool
from adapters.postgres.knowledge.tables import EMBEDDING_DIM
from domain.kernel.errors import AlreadyExists, DeadlineExceeded, InvalidArgument, Unavailable
from domain.kernel.roles import Role
from domain.knowledge.search import ChunkFilter
from entrypoints.storage import postgres_unit_of_work


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@/postgres?host=/nonexistent-socket-dir",
        "postgresql://postgres@127.0.0.1:9/postgres",
    ],
    ids=["missing-socket", "refused"],
)
async def test_an_unreachable_database_is_unavailable(url):
    engine = create_engine(url, connect_timeout=1)
    try:
        with pytest.raises(Unavailable) as info:
            async with postgres_unit_of_work(engine)():
                pass
        assert info.value.message == UNAVAILABLE
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_a_connection_lost_mid_transaction_is_unavailable(clean_db, make):
    factory = postgres_unit_of_work(clean_db)
    async with factory() as uow:
        await uow.users.add(make.user())
        async with clean_db.connect() as killer:
            killed = await killer.scalar(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND state = 'idle in transaction'"
                )
            )
        assert killed == 1
        with pytest.raises(Unavailable):
            await uow.users.get(make.id())
    async with factory() as uow:  # the pool recovers
        assert await uow.users.get(make.id()) is None


@pytest.mark.postgres
async def test_an_exhausted_pool_is_unavailable(migrated_db_url):
    engine = create_engine(migrated_db_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    factory = postgres_unit_of_work(engine)
    try:
        async with factory():
            with pytest.raises(Unavailable):
                async with factory():
                    pass
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_constraint_errors_carry_no_sql(clean_db, make):
    user = make.user()
    factory = postgres_unit_of_work(clean_db)
    async with factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    async with factory() as uow:
        with pytest.raises(AlreadyExists) as info:
            await uow.users.add(make.user(email=user.email))
    text = str(info.value).lower()
    assert "insert" not in text and "uq_" not in text and "asyncpg" not in text
    assert isinstance(info.value.__cause__, sa_exc.IntegrityError)


@pytest.mark.postgres
async def test_a_check_constraint_violation_names_its_field(clean_db, make):
    user, ws = make.user(), make.workspace()
    factory = postgres_unit_of_work(clean_db)
    async with factory() as uow:
        await uow.users.add(user)
        await uow.workspaces.add(ws)
        await uow.commit()
    async with factory() as uow:
        with pytest.raises(InvalidArgument) as info:
            await uow.workspaces.add(make.workspace(slug="Not A Slug!"))
    assert [v.field for v in info.value.violations] == ["slug"]
    async with factory() as uow:
        await uow.members.add(make.membership(ws, user, Role.VIEWER))
        await uow.commit()
    async with clean_db.connect() as conn:
        with pytest.raises(sa_exc.IntegrityError) as raw:
            await conn.execute(text("UPDATE memberships SET role = 'king'"))
    with pytest.raises(InvalidArgument) as info:
        raise translate(raw.value)
    assert [v.field for v in info.value.violations] == ["role"]


@pytest.mark.parametrize(
    "error",
    [
        DriverConnectTimeout("connecting timed out"),
        ConnectionRefusedError(),
        asyncpg.exceptions.CannotConnectNowError("starting up"),
        asyncpg.exceptions.ConnectionDoesNotExistError("gone"),
        asyncpg.exceptions.TooManyConnectionsError("full"),
        sa_exc.TimeoutError("QueuePool limit reached"),
        sa_exc.DBAPIError("SELECT 1", {}, Exception("x"), connection_invalidated=True),
        sa_exc.OperationalError("SELECT 1", {}, OSError("reset")),
    ],
    ids=lambda e: type(e).__name__,
)
def test_connection_errors_translate_to_unavailable(error):
    mapped = translate(error)
    assert isinstance(mapped, Unavailable) and mapped.message == UNAVAILABLE


def test_a_statement_timing_out_in_the_driver_is_deadline_exceeded_not_unavailable():
    assert isinstance(translate(TimeoutError()), DeadlineExceeded)


def test_unknown_errors_pass_through():
    error = ValueError("a bug")
    assert translate(error) is error


async def test_cancellation_is_not_translated():
    assert translate(asyncio.CancelledError()).__class__ is asyncio.CancelledError


@pytest.mark.postgres
async def test_authentication_reads_key_and_user_in_one_statement(clean_db, make):
    user = make.user()
    key = make.key(user)
    factory = postgres_unit_of_work(clean_db)
    async with factory() as uow:
        await uow.users.add(user)
        await uow.api_keys.add(key)
        await uow.commit()
    statements: list[str] = []

    def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(clean_db.sync_engine, "before_cursor_execute", record)
    try:
        async with factory() as uow:
            assert await uow.api_keys.get_with_user(key.public_id) == (key, user)
    finally:
        event.remove(clean_db.sync_engine, "before_cursor_execute", record)
    assert len(statements) == 1


@pytest.mark.postgres
async def test_a_custom_ef_search_holds_for_its_own_search_only(clean_db, migrated_db_url):
    """Connections start with ef_search 100 and relaxed_order iterative scans; a search
    asking for another ef_search must not leave it on the pooled connection."""
    pool = DriverPool(migrated_db_url, max_size=1)
    factory = postgres_unit_of_work(clean_db, pool)
    settings = "SELECT current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan')"
    try:
        conn = await pool.acquire()
        assert tuple(await conn.fetchrow(settings)) == ("100", "relaxed_order")
        await pool.release(conn)
        async with factory(read_only=True) as uow:
            query = [0.5] * EMBEDDING_DIM
            await uow.chunks.vector_search(ChunkFilter(str(uuid.uuid4())), query, 3, None, 7)
        conn = await pool.acquire()  # the same connection: the pool holds one
        assert tuple(await conn.fetchrow(settings)) == ("100", "relaxed_order")
        await pool.release(conn)
    finally:
        await pool.close()
    async with clean_db.connect() as sqla:
        row = (await sqla.execute(text(settings))).one()
    assert tuple(row) == ("100", "relaxed_order")


@pytest.mark.postgres
async def test_reads_reuse_a_standing_until_a_membership_change_commits(clean_db, make):
    """Read-only work answers repeated standing lookups from the cache; a committed change
    clears it, an uncommitted one does not."""
    user, ws = make.user(), make.workspace()
    membership = make.membership(ws, user, Role.VIEWER)
    factory = postgres_unit_of_work(clean_db, standing=StandingCache(60.0))
    async with factory() as uow:
        await uow.users.add(user)
        await uow.workspaces.add(ws)
        await uow.members.add(membership)
        await uow.commit()
    async with factory(read_only=True) as uow:
        assert await uow.workspaces.get_with_membership(ws.id, user.id) == (ws, membership)
    async with clean_db.begin() as conn:  # behind the adapter's back: the cache still answers
        await conn.execute(text("DELETE FROM memberships"))
    async with factory(read_only=True) as uow:
        assert await uow.workspaces.get_with_membership(ws.id, user.id) == (ws, membership)
    async with factory() as uow:  # a write reads the database, never the cache
        assert await uow.workspaces.get_with_membership(ws.id, user.id) == (ws, None)
        await uow.members.remove(ws.id, user.id)
    async with factory(read_only=True) as uow:  # rolled back: nothing changed, still cached
        assert await uow.workspaces.get_with_membership(ws.id, user.id) == (ws, membership)
    async with factory() as uow:
        await uow.members.remove(ws.id, user.id)
        await uow.commit()
    async with factory(read_only=True) as uow:
        assert await uow.workspaces.get_with_membership(ws.id, user.id) == (ws, None)


async def test_a_connection_released_while_its_pool_closes_lets_the_close_end(migrated_db_url):
    """A unit of work that ends during shutdown returns its connection to the closing pool,
    which then closes at once instead of waiting out its bound and terminating it."""
    pool = DriverPool(migrated_db_url, max_size=2)
    conn = await pool.acquire()
    closing = asyncio.create_task(pool.close(within=30))
    await asyncio.sleep(0.05)
    assert not closing.done()  # waiting for the connection in use
    await pool.release(conn)
    await asyncio.wait_for(closing, 5)  # not the 30 s bound
