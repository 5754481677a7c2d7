"""What the jobs e2e tests share: submitting batches, waiting for jobs to settle, and a
`strata worker` process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

from google.protobuf import struct_pb2

from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from tests.e2e.harness import Caller

FINAL = frozenset({pb.JOB_STATUS_COMPLETED, pb.JOB_STATUS_FAILED, pb.JOB_STATUS_CANCELLED})


def struct(**values: object) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(values)
    return s


async def submit_many(
    stub: jobs_pb2_grpc.JobServiceStub, caller: Caller, ws: str, kind: str, n: int
) -> list[str]:
    async def one(i: int) -> str:
        req = pb.SubmitJobRequest(workspace_id=ws, kind=kind, input=struct(n=i))
        return str((await stub.SubmitJob(req, metadata=caller.md)).job.id)

    ids: list[str] = []
    for start in range(0, n, 50):
        ids += await asyncio.gather(*(one(i) for i in range(start, min(n, start + 50))))
    return ids


async def jobs_of(
    stub: jobs_pb2_grpc.JobServiceStub, caller: Caller, ws: str, kind: str
) -> dict[str, pb.Job]:
    """Every job of `kind` in the workspace, by id (ListJobs, pages of 1000)."""
    found: dict[str, pb.Job] = {}
    token = ""
    while True:
        req = pb.ListJobsRequest(workspace_id=ws, kinds=[kind], page_size=1000, page_token=token)
        page = await stub.ListJobs(req, metadata=caller.md)
        found |= {j.id: j for j in page.jobs}
        if not (token := page.next_page_token):
            return found


async def settled(
    stub: jobs_pb2_grpc.JobServiceStub,
    caller: Caller,
    ws: str,
    kind: str,
    within: float,
    wanted: frozenset[int] = FINAL,
) -> dict[str, pb.Job]:
    """The jobs of `kind` once every one is in a `wanted` status; fails naming laggards."""
    deadline = time.monotonic() + within
    while True:
        jobs = await jobs_of(stub, caller, ws, kind)
        laggards = sorted(i for i, j in jobs.items() if j.status not in wanted)
        if not laggards:
            return jobs
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(laggards)} jobs unsettled after {within} s: {laggards[:5]}")
        await asyncio.sleep(0.2)


def worker_process(address: str, key: str, ws: str, *flags: str) -> subprocess.Popen[str]:
    """`strata worker` as an operator starts it, the key in STRATA_API_KEY."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRATA_")}
    env |= {"STRATA_API_KEY": key, "STRATA_STORAGE": "memory"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entrypoints.cli",
            "worker",
            "--address",
            address,
            "--workspace",
            ws,
            *flags,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
