"""What a worker key (limited to job kinds) may call: work jobs, read them, and no more."""

from __future__ import annotations

from domain.kernel.errors import PermissionDenied
from domain.kernel.principal import Principal

_JOBS = "/strata.v1.JobService/"
_IDENTITY = "/strata.v1.IdentityService/"
WORKER_METHODS = frozenset(
    {
        *(_JOBS + m for m in ("ClaimJobs", "Heartbeat", "CompleteJob", "CompleteJobs", "FailJob")),
        *(_JOBS + m for m in ("GetJob", "WatchJob")),
        _IDENTITY + "WhoAmI",
        _IDENTITY + "CreateApiKey",  # only narrower worker keys: see CreateApiKey
    }
)


def check_worker_call(principal: Principal, method: str) -> None:
    """Every other method is PERMISSION_DENIED for a worker key, before it runs."""
    if principal.is_worker and method not in WORKER_METHODS:
        name = method.rsplit("/", 1)[-1]
        raise PermissionDenied(f"{name} is not for a worker key (limited to job kinds)")
