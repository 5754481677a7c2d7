"""How many jobs a worker may claim next: its concurrency less the jobs it holds (running,
or waiting for their acknowledgement) and the jobs claims in flight may still bring.

Both ways of claiming go through it: ClaimJobs from the worker's loop, and the claim that
rides on each CompleteJobs (NextJobs), which counts the jobs it acknowledges as free."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from entrypoints.worker.options import WorkerOptions
from strata.v1 import jobs_pb2 as pb


class ClaimRoom:
    def __init__(
        self,
        options: WorkerOptions,
        held: Callable[[], int],
        start: Callable[[pb.Job], None],
        stopping: asyncio.Event,
    ) -> None:
        self._o, self._held, self._start, self._stopping = options, held, start, stopping
        self.in_flight = 0  # jobs asked for by claims not answered yet

    def free(self, finishing: int = 0) -> int:
        """Jobs one claim may ask for, `finishing` of the held ones about to end."""
        room = self._o.concurrency - self._held() + finishing - self.in_flight
        return max(0, min(self._o.batch, room))

    def ask(self, n: int) -> None:
        self.in_flight += n

    def answered(self, n: int, jobs: Sequence[pb.Job]) -> None:
        self.in_flight -= n
        for job in jobs:
            self._start(job)

    def asked(self, acknowledging: int) -> pb.NextClaim | None:
        if self._stopping.is_set() or (n := self.free(acknowledging)) == 0:
            return None
        self.ask(n)
        o = self._o
        return pb.NextClaim(
            worker_id=o.worker_id,
            kinds=o.kinds,
            max_jobs=n,
            lease_seconds=o.lease_seconds,
            lean=True,
        )

    def came(self, asked: pb.NextClaim, jobs: Sequence[pb.Job]) -> None:
        self.answered(asked.max_jobs, jobs)
