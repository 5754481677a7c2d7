"""Protobuf of WatchJob's messages: a job event, or a heartbeat."""

from __future__ import annotations

from domain.jobs.events import JobEvent
from domain.jobs.watching import WatchHeartbeat
from entrypoints.grpc.convert import struct, ts
from entrypoints.grpc.jobs.messages import status_pb
from strata.v1 import jobs_pb2 as pb


def event_pb(e: JobEvent) -> pb.JobEvent:
    return pb.JobEvent(
        job_id=e.job_id,
        seq=e.seq,
        from_status=status_pb(e.from_status),
        to_status=status_pb(e.to_status),
        progress=e.progress,
        at=ts(e.at),
        detail=struct(e.detail),
    )


def watch_response_pb(change: JobEvent | WatchHeartbeat) -> pb.WatchJobResponse:
    if isinstance(change, WatchHeartbeat):
        beat = pb.WatchHeartbeat(server_time=ts(change.at), last_seq=change.last_seq)
        return pb.WatchJobResponse(heartbeat=beat)
    return pb.WatchJobResponse(event=event_pb(change))
