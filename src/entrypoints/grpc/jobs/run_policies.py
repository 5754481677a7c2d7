"""SubmitJob's run policy from its proto enum."""

from __future__ import annotations

from domain.jobs.run_values import RunPolicy
from domain.kernel.errors import InvalidArgument
from strata.v1 import jobs_pb2 as pb

_POLICIES = {pb.RunPolicy.Value(f"RUN_POLICY_{p.name}"): p for p in RunPolicy}


def policy_from(value: int, field: str = "run_policy") -> RunPolicy:
    """UNSPECIFIED is ENQUEUE."""
    if value == pb.RUN_POLICY_UNSPECIFIED:
        return RunPolicy.ENQUEUE
    if value not in _POLICIES:
        raise InvalidArgument.of(field, f"unknown value {value}")
    return _POLICIES[value]
