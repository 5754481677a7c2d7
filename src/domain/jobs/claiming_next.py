"""CompleteJobs that also claims: a worker acknowledges a batch and takes its next one in
one call and one transaction, the completions first (their rows held in id order), then
the claim (which skips held rows, never waits for them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.jobs.claiming import ClaimRequest, claim_for, claim_in
from domain.jobs.completing import Completed, Completion, check_completions, complete_in
from domain.jobs.deps import JobsDeps, member
from domain.jobs.model import Job
from domain.kernel.errors import FieldViolation, InvalidArgument
from domain.kernel.principal import Principal
from ports.jobs import Claim

FIELD = "claim_next"


@dataclass(frozen=True, slots=True)
class CompletedAndClaimed:
    results: list[Completed]  # one per completion, in their order
    claimed: list[Job]


class CompleteAndClaimJobs:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        completions: Sequence[Completion],
        claim: ClaimRequest,
    ) -> CompletedAndClaimed:
        """As CompleteJobs, then as ClaimJobs in the same transaction (`claim.max_jobs`
        0: nothing claimed). Both are checked before anything is read."""
        check_completions(completions)
        now = self._d.clock.now()
        wanted = _claim_next(principal, claim, now) if claim.max_jobs else None
        async with self._d.uow() as uow:
            await member(uow, principal, workspace_id, "working jobs")
            results, events = await complete_in(uow, principal, workspace_id, completions, now)
            claimed: list[Job] = []
            if wanted is not None:
                claimed, claims = await claim_in(uow, wanted)
                events += claims
            await uow.job_events.append(events)  # one statement for both
            await uow.commit()
        return CompletedAndClaimed(results, claimed)


def _claim_next(principal: Principal, claim: ClaimRequest, now: datetime) -> Claim:
    """As ClaimJobs checks its request, the violations named inside `claim_next`."""
    try:
        return claim_for(principal, claim, now)
    except InvalidArgument as exc:
        named = [FieldViolation(f"{FIELD}.{v.field}", v.description) for v in exc.violations]
        raise InvalidArgument(named) from None
