"""How a worker runs: where it connects, what it claims, how many jobs it holds at once."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field


def default_worker_id() -> str:
    """This host and process: what ListJobs shows as the lease holder."""
    return f"{socket.gethostname()}-{os.getpid()}"[:255]


@dataclass(frozen=True)
class WorkerOptions:
    address: str
    api_key: str
    kinds: tuple[str, ...]
    workspace_id: str = ""
    concurrency: int = 4
    batch: int = 10
    lease_seconds: int = 30
    grace_seconds: float = 10.0
    poll_seconds: float = 0.5
    call_timeout: float = 10.0
    ack_batch: int = 50
    ack_millis: float = 20.0
    worker_id: str = field(default_factory=default_worker_id)

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.api_key}"),)

    @property
    def beat_seconds(self) -> float:
        """Three heartbeats per lease: one lost call does not lose the job."""
        return self.lease_seconds / 3

    @property
    def ack_wait(self) -> float:
        """Seconds a completion waits for its batch: at most a tenth of the lease, of
        which the last heartbeat left at least two thirds."""
        return min(self.ack_millis / 1000, self.lease_seconds / 10)
