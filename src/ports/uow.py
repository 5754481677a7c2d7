"""The unit of work: one transaction over the repositories of every registered context.

Each context's port module declares the repositories its use cases reach
(`IdentityUnitOfWork`, `KnowledgeUnitOfWork`…) on top of this base; adapters
assemble one unit of work from every context's repositories, so work that spans
contexts (a change with its audit entry) is still one transaction.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self, TypeVar

from ports.idempotency import IdempotencyStore
from ports.kernel import Standings


class UnitOfWork(Protocol):
    """`async with uow:` opens a transaction; leaving it without `commit()` rolls back.

    A store that cannot be reached raises domain.kernel.errors.Unavailable.
    """

    idempotency: IdempotencyStore
    standings: Standings

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


U_co = TypeVar("U_co", bound=UnitOfWork, covariant=True)


class UnitOfWorkFactory(Protocol[U_co]):
    def __call__(self, read_only: bool = False) -> U_co:
        """`read_only` promises no writes but `touch`-style bookkeeping; an adapter may
        then skip the transaction (each statement stands alone)."""
        ...
