"""Requests drawn by Hypothesis for every RPC, sent as several callers, with health polled."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.support.fuzz_messages import Messages
from tests.support.fuzz_services import Rpc, invoke
from tests.support.fuzz_wire import Plan
from tests.support.fuzz_world import World

CALL_TIMEOUT = 15.0
REPEATABLE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
ALWAYS = ("root", "member")
SOMETIMES = ("", "", "limited", "none", "forged")


@dataclass(frozen=True)
class Spec:
    """One drawn request (several messages for a client stream) and who else sends it."""

    rpc: Rpc
    plans: tuple[Plan, ...]
    extra_caller: str

    @property
    def callers(self) -> tuple[str, ...]:
        return (*ALWAYS, self.extra_caller) if self.extra_caller else ALWAYS


@dataclass(frozen=True)
class Result:
    request_id: str
    rpc: Rpc
    caller: str
    tags: tuple[str, ...]
    code: grpc.StatusCode
    details: str
    head: bytes  # the first request's first bytes, for the report


def draw_specs(rpcs: list[Rpc], messages: Messages, per_rpc: int) -> list[Spec]:
    """`per_rpc` requests for each RPC (two thirds with odd fields), interleaved."""
    drawn = [_draw(rpc, messages, per_rpc) for rpc in rpcs]
    return [specs[i] for i in range(per_rpc) for specs in drawn if i < len(specs)]


def _draw(rpc: Rpc, messages: Messages, count: int) -> list[Spec]:
    variants = messages.message(rpc.request)
    one = st.one_of(variants.usual, variants.odd, variants.odd)
    plans = st.lists(one, max_size=3) if rpc.client_streaming else st.tuples(one)
    specs: list[Spec] = []

    @settings(REPEATABLE, max_examples=count)
    @given(plans, st.sampled_from(SOMETIMES))
    def collect(p: list[Plan], extra: str) -> None:
        specs.append(Spec(rpc, tuple(p), extra))

    collect()
    return specs


class Runner:
    def __init__(self, channel: grpc.aio.Channel, world: World, prefix: str) -> None:
        self.channel = channel
        self.world = world
        self.prefix = prefix
        self.results: list[Result] = []
        self.unhealthy: list[str] = []

    async def run(self, specs: list[Spec], concurrency: int, health_every: int) -> None:
        calls = [(spec, caller) for spec in specs for caller in spec.callers]
        gate = asyncio.Semaphore(concurrency)
        for start in range(0, len(calls), health_every):
            batch = calls[start : start + health_every]
            await asyncio.gather(*(self.call(gate, s, c) for s, c in batch))
            await self.check_health(f"after call {start + len(batch)}")

    async def call(self, gate: asyncio.Semaphore, spec: Spec, caller: str) -> None:
        rid = f"{self.prefix}-{len(self.results):06d}-{caller}"
        payloads = [p.encode(self.world.pools.resolve) for p in spec.plans]
        self.results.append(Result(rid, spec.rpc, caller, (), grpc.StatusCode.UNKNOWN, "", b""))
        index = len(self.results) - 1
        async with gate:
            reply = await invoke(
                self.channel, spec.rpc, payloads, self.world.metadata(caller, rid), CALL_TIMEOUT
            )
        for message in reply.messages:
            self.world.pools.harvest(message)
        tags = tuple(t for p in spec.plans for t in p.tags)
        head = payloads[0][:2048] if payloads else b""
        self.results[index] = Result(rid, spec.rpc, caller, tags, reply.code, reply.details, head)

    async def check_health(self, when: str) -> None:
        stub = health_pb2_grpc.HealthStub(self.channel)
        try:
            reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=10)
            status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
        except grpc.aio.AioRpcError as err:
            status = f"{err.code().name} {err.details()}"
        if status != "SERVING":
            self.unhealthy.append(f"{when}: {status}")
