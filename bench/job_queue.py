"""The job queue against PgQueuer: jobs/s, claim latency, duplicates, lost, bloat.

    .venv/bin/python bench/job_queue.py [--jobs 100000] [--workers 8] [--batches 1 50]
        [--submits 2000] [--no-pgqueuer]

A server process (embedded PostgreSQL in a temp dir, migrated, the demo account seeded)
serves Strata twice on one database: as configured (every call audited) and without
the audit trail. A client in this process:

1. submits --submits jobs through SubmitJob (the submit rate), then seeds the rest of
   --jobs per run with one INSERT … SELECT (job row and its job_events row, as SubmitJob
   writes them);
2. runs --workers workers concurrently until the queue is empty, for each batch size B:
   end-to-end jobs/s from the first claim to the last completion, claim latency p50/p99.
   Each worker claims and acknowledges as `strata worker` does (entrypoints.worker.acks
   and .room, on one channel per run, lean answers): each finished job's completion
   goes to a buffer that one CompleteJobs call sends when it holds A = max(B, 50)
   completions, or 20 ms after the first one came, and that call claims (claim_next)
   as many jobs as it frees room for, at most B; the worker holds at most A jobs, and
   calls ClaimJobs(max_jobs ≤ B) at once whenever it has room no call is claiming for.
   At B = 50 a busy worker makes one CompleteJobs per batch (claim latency is then that
   call's); at B = 1 one CompleteJobs acknowledges up to 50 jobs claimed one by one;
3. checks from the database: every job completed, exactly one `completed` job event
   per job (duplicates: jobs with more; lost: jobs without);
4. runs PgQueuer (its own tables, installed by its own installer) on the same
   PostgreSQL with the same number of workers (one QueueManager and connection
   each), a no-op entrypoint and the same batch sizes, drained to empty: jobs/s, its
   dequeue latency, duplicates and lost counted by the no-op. PgQueuer acknowledges
   through its JobStatusLogBuffer: a finished job's log entry is buffered and one
   statement writes the buffer when it holds B entries (or after 0.1 s), entries
   arriving while a write is in flight going with the next; its QueueManager dequeues
   again without waiting for the acknowledgements (no concurrency limit is set);
5. reports dead tuples and sizes of jobs, job_events and PgQueuer's tables, and the CPU
   time per job of each run: the server process, its chDB host (what the analytics
   relay delivers the job events and audit entries to), PostgreSQL and the client
   (where PgQueuer's workers run). On shared cores CPU per job is steadier than jobs/s.

Progress goes to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from process_cpu import CpuMeter

SEED_SQL = """
WITH made AS (
  INSERT INTO jobs (id, workspace_id, owner_id, kind, input, status, scheduled_at,
                    created_at, updated_at, event_seq)
  SELECT uuidv7(), $1::uuid, $2::uuid, $3, jsonb_build_object('n', g), 'pending',
         now(), now(), now(), 1
  FROM generate_series(1, $4::int) AS g
  RETURNING id, workspace_id)
INSERT INTO job_events (job_id, seq, workspace_id, from_status, to_status, progress, at, detail)
SELECT id, 1, workspace_id, NULL, 'pending', 0, now(), '{}'::jsonb FROM made
"""
CHECK_SQL = """
SELECT count(*) FILTER (WHERE j.status = 'completed') AS completed,
       count(*) FILTER (WHERE e.n > 1) AS duplicates,
       count(*) FILTER (WHERE e.n IS NULL) AS lost
FROM jobs j
LEFT JOIN (SELECT job_id, count(*) AS n FROM job_events WHERE to_status = 'completed'
           GROUP BY job_id) e ON e.job_id = j.id
WHERE j.workspace_id = $1::uuid AND j.kind = $2
"""
ACK_BATCH = 50  # `strata worker --ack-batch`'s default
BLOAT_SQL = """
SELECT relname, n_live_tup, n_dead_tup, pg_total_relation_size(relid) AS total
FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) ORDER BY relname
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def _serve(data_dir: str) -> None:
    from sqlalchemy.engine import make_url

    from adapters.postgres.infra.engine import driver_dsn
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime import prepare_database, seed_demo
    from entrypoints.settings import ROLE_USERS, load_settings

    settings = load_settings(
        environ={
            "STRATA_DATA_DIR": data_dir,
            "STRATA_LOG_LEVEL": "WARNING",
            "STRATA_SLOW_QUERY_MS": "600000",
        }
    )
    rw_url = await prepare_database(settings)
    container = build_container(settings, rw_url)
    await start(container)
    audited = await start_server(
        container, "127.0.0.1:0", audit=AuditOptions.from_settings(settings)
    )
    unaudited = await start_server(container, "127.0.0.1:0", audit=AuditOptions(enabled=False))
    seed = await seed_demo(container)
    admin_url = make_url(rw_url).set(username=ROLE_USERS["admin"])
    info = {
        "pid": os.getpid(),
        "data_dir": data_dir,
        "audited": audited.port,
        "unaudited": unaudited.port,
        "key": seed.api_key,
        "workspace": seed.workspace_id,
        "admin_url": driver_dsn(admin_url),
    }
    print(json.dumps(info), flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class StrataRun:
    """One drain of a seeded kind by W workers through gRPC."""

    def __init__(self, info: dict[str, Any], port_name: str) -> None:
        self.info, self.port = info, info[port_name]
        self.md = (("authorization", f"Bearer {info['key']}"),)

    async def submit(self, kind: str, n: int) -> tuple[str, float]:
        from strata.v1 import jobs_pb2 as pb
        from strata.v1 import jobs_pb2_grpc

        async with grpc.aio.insecure_channel(f"127.0.0.1:{self.port}") as ch:
            stub = jobs_pb2_grpc.JobServiceStub(ch)
            req = pb.SubmitJobRequest(workspace_id=self.info["workspace"], kind=kind)
            t0 = time.perf_counter()
            owner = ""
            for start in range(0, n, 32):
                sent = [stub.SubmitJob(req, metadata=self.md) for _ in range(min(32, n - start))]
                owner = (await asyncio.gather(*sent))[0].job.owner_id
            return owner, n / (time.perf_counter() - t0)

    async def drain(self, kind: str, workers: int, batch: int) -> dict[str, Any]:
        from google.protobuf import struct_pb2

        from entrypoints.worker.acks import CompletionAcks
        from entrypoints.worker.options import WorkerOptions
        from entrypoints.worker.room import ClaimRoom
        from strata.v1 import jobs_pb2 as pb
        from strata.v1 import jobs_pb2_grpc

        ws, latencies, done = self.info["workspace"], [], [0]
        most = max(batch, ACK_BATCH)
        options = WorkerOptions(
            "", self.info["key"], (kind,), ws, most, batch, 300, ack_batch=most, ack_millis=20
        )

        async def acknowledged(acks: CompletionAcks, job: Any) -> None:
            if await acks.complete(job, struct_pb2.Struct()) is not None:
                done[0] += 1

        async def worker(stub: Any, name: str) -> None:
            waiting, ending = set[asyncio.Task[None]](), asyncio.Event()
            o = dataclasses.replace(options, worker_id=name)

            def start(job: Any) -> None:
                waiting.add(asyncio.create_task(acknowledged(acks, job)))

            room = ClaimRoom(o, lambda: sum(not t.done() for t in waiting), start, ending)
            timed = _Timed(stub, latencies)
            acks = CompletionAcks(timed, ws, o, next_jobs=room)
            claims = 0
            while True:
                if (n := room.free()) > 0:
                    claim = pb.ClaimJobsRequest(
                        workspace_id=ws,
                        worker_id=name,
                        kinds=[kind],
                        max_jobs=n,
                        lease_seconds=300,
                        lean=True,
                    )
                    room.ask(n)
                    claims += 1
                    t0 = time.perf_counter()
                    jobs = (await stub.ClaimJobs(claim, metadata=self.md)).jobs
                    latencies.append(time.perf_counter() - t0)
                    room.answered(n, jobs)
                    if jobs:
                        continue  # claims again at once while it has room
                    if not waiting and not room.in_flight:
                        break
                if waiting:
                    finished, _ = await asyncio.wait(waiting, return_when="FIRST_COMPLETED")
                    waiting.difference_update(finished)
            ending.set()
            await acks.close()
            await asyncio.gather(*waiting)
            acked = f"{timed.calls} CompleteJobs ({timed.claimed} jobs claimed)"
            log(f"    {name}: {claims} ClaimJobs, {acked}")

        async with grpc.aio.insecure_channel(f"127.0.0.1:{self.port}") as ch:
            stub = jobs_pb2_grpc.JobServiceStub(ch)
            progress = asyncio.create_task(_progress(done))
            meter = CpuMeter(self.info)
            t0, cpu = time.perf_counter(), meter.now()
            await asyncio.gather(*(worker(stub, f"bench-{i}") for i in range(workers)))
            seconds, cpu = time.perf_counter() - t0, meter.since(cpu)
            progress.cancel()
        return {"jobs": done[0], "seconds": seconds, "latencies": latencies, "cpu": cpu}


class _Timed:
    """The stub, with each CompleteJobs that claims timed as a claim."""

    def __init__(self, stub: Any, latencies: list[float]) -> None:
        self._stub, self._latencies = stub, latencies
        self.calls = self.claimed = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stub, name)

    async def CompleteJobs(self, req: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        answer = await self._stub.CompleteJobs(req, **kw)
        if req.HasField("claim_next"):
            self._latencies.append(time.perf_counter() - t0)
        self.calls, self.claimed = self.calls + 1, self.claimed + len(answer.claimed)
        return answer


async def _progress(done: list[int]) -> None:
    while True:
        await asyncio.sleep(5)
        log(f"    {done[0]} done")


async def _strata(
    info: dict[str, Any], admin: asyncpg.Connection, args: argparse.Namespace, owner: str
) -> list[dict[str, Any]]:
    rows = []
    runs = [("strata", "audited", b) for b in args.batches]
    runs.append(("strata, no audit", "unaudited", max(args.batches)))
    for name, port, batch in runs:
        kind = f"bench.{port}.{batch}"
        log(f"{name}, batch {batch}: seeding {args.jobs} jobs")
        await admin.execute(SEED_SQL, info["workspace"], owner, kind, args.jobs)
        await admin.execute("ANALYZE jobs")
        log(f"{name}, batch {batch}: {args.workers} workers draining")
        got = await StrataRun(info, port).drain(kind, args.workers, batch)
        check = await admin.fetchrow(CHECK_SQL, info["workspace"], kind)
        rows.append(_row(name, batch, got, check["completed"], check["duplicates"], check["lost"]))
    return rows


async def _pgqueuer(info: dict[str, Any], args: argparse.Namespace) -> list[dict[str, Any]]:
    url = info["admin_url"]
    from pgqueuer import AsyncpgDriver, Queries, QueueManager
    from pgqueuer.domain.types import QueueExecutionMode

    setup = await asyncpg.connect(url)
    queries = Queries(AsyncpgDriver(setup))
    if not await queries.schema_is_installed():
        await queries.install()
    rows = []
    for batch in args.batches:
        log(f"pgqueuer, batch {batch}: enqueueing {args.jobs} jobs")
        for start in range(0, args.jobs, 10_000):
            n = min(10_000, args.jobs - start)
            payloads: list[bytes | None] = [str(start + i).encode() for i in range(n)]
            await queries.enqueue(["noop"] * n, payloads, [0] * n)
        await setup.execute("ANALYZE pgqueuer")
        seen: collections.Counter[bytes] = collections.Counter()
        latencies: list[float] = []
        conns = [await asyncpg.connect(url) for _ in range(args.workers)]
        managers = []
        for conn in conns:
            qm = QueueManager(Queries(AsyncpgDriver(conn)))

            qm.entrypoint("noop")(_noop(seen))
            _time_dequeue(qm, latencies)
            managers.append(qm)
        log(f"pgqueuer, batch {batch}: {args.workers} workers draining")
        progress = asyncio.create_task(_count_progress(seen))
        meter = CpuMeter(info)
        t0, cpu = time.perf_counter(), meter.now()
        await asyncio.gather(
            *(
                qm.run(
                    batch_size=batch,
                    mode=QueueExecutionMode.drain,
                    dequeue_timeout=timedelta(seconds=1),
                )
                for qm in managers
            )
        )
        seconds, cpu = time.perf_counter() - t0, meter.since(cpu)
        progress.cancel()
        for conn in conns:
            await conn.close()
        got = {"jobs": sum(seen.values()), "seconds": seconds, "latencies": latencies, "cpu": cpu}
        dups = sum(1 for n in seen.values() if n > 1)
        rows.append(_row("pgqueuer", batch, got, len(seen), dups, args.jobs - len(seen)))
    await setup.close()
    return rows


def _noop(seen: collections.Counter[bytes]) -> Any:
    async def noop(job: Any) -> None:
        seen[job.payload] += 1

    return noop


def _time_dequeue(qm: Any, latencies: list[float]) -> None:
    """PgQueuer's claim is Queries.dequeue: time each call (the wrapper is the bench's)."""
    dequeue = qm.queries.dequeue

    async def timed(*a: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return await dequeue(*a, **kw)
        finally:
            latencies.append(time.perf_counter() - t0)

    qm.queries.dequeue = timed


async def _count_progress(seen: collections.Counter[bytes]) -> None:
    while True:
        await asyncio.sleep(5)
        log(f"    {len(seen)} done")


def _row(
    name: str, batch: int, got: dict[str, Any], completed: int, dups: int, lost: int
) -> dict[str, Any]:
    lat = got["latencies"]
    return {
        "queue": name,
        "batch": batch,
        "jobs": completed,
        "seconds": got["seconds"],
        "jobs/s": completed / got["seconds"],
        "p50": _quantile(lat, 0.5) * 1000,
        "p99": _quantile(lat, 0.99) * 1000,
        "dups": dups,
        "lost": lost,
        "cpu": {k: v * 1000 / max(completed, 1) for k, v in got["cpu"].items()},
    }


def _print(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'queue':<17} {'batch':>5} {'jobs':>7} {'s':>7} {'jobs/s':>8} "
        f"{'claim p50 ms':>12} {'p99 ms':>8} {'dups':>5} {'lost':>5}"
    )
    for r in rows:
        print(
            f"{r['queue']:<17} {r['batch']:>5} {r['jobs']:>7} {r['seconds']:>7.1f} "
            f"{r['jobs/s']:>8.0f} {r['p50']:>12.2f} {r['p99']:>8.2f} {r['dups']:>5} {r['lost']:>5}"
        )
    by = {(r["queue"], r["batch"]): r["jobs/s"] for r in rows}
    for (queue, batch), rate in by.items():
        if queue != "pgqueuer" and ("pgqueuer", batch) in by:
            print(f"{queue}, batch {batch}: {rate / by['pgqueuer', batch]:.2f} x PgQueuer's jobs/s")
    print(
        f"\nCPU ms per job      {'server':>8} {'chDB host':>9} {'postgres':>9} {'client':>8}"
        f" {'total':>8}"
    )
    for r in rows:
        c = r["cpu"]
        print(
            f"{r['queue']:<17} {r['batch']:>2} {c['server']:>8.3f} {c['host']:>9.3f}"
            f" {c['db']:>9.3f} {c['client']:>8.3f} {sum(c.values()):>8.3f}"
        )


async def _client(info: dict[str, Any], args: argparse.Namespace) -> None:
    admin = await asyncpg.connect(info["admin_url"])
    log(f"submitting {args.submits} jobs through SubmitJob")
    owner, rate = await StrataRun(info, "audited").submit("bench.submits", args.submits)
    print(f"SubmitJob, 32 in flight: {rate:.0f} jobs/s ({args.submits} jobs)")
    rows = await _strata(info, admin, args, owner)
    if args.pgqueuer:
        rows += await _pgqueuer(info, args)
    _print(rows)
    await asyncio.sleep(1)  # the statistics collector flushes at most once a second
    tables = ["jobs", "job_events", "pgqueuer", "pgqueuer_log", "pgqueuer_statistics"]
    print(f"\n{'table':<20} {'live':>9} {'dead':>9} {'total MiB':>10}")
    for r in await admin.fetch(BLOAT_SQL, tables):
        mib = r["total"] / 2**20
        print(f"{r['relname']:<20} {r['n_live_tup']:>9} {r['n_dead_tup']:>9} {mib:>10.1f}")
    await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="per run")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--submits", type=int, default=2000)
    parser.add_argument("--no-pgqueuer", dest="pgqueuer", action="store_false")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve))
        return
    with tempfile.TemporaryDirectory(prefix="strata-queue-bench-") as tmp:
        os.chmod(tmp, 0o755)
        log("starting the server process (embedded PostgreSQL, migrations)...")
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(Path(tmp) / "data")],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            info = json.loads(server.stdout.readline())
            asyncio.run(_client(info, args))
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
