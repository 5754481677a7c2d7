"""The entry points: one request, a stream of them, and payloads that cannot be decoded."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from google.protobuf.message import Message

from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.validation.found import Found
from entrypoints.grpc.validation.plans import check_message
from entrypoints.grpc.validation.stream_positions import count_elements, shifted

M = TypeVar("M")
UNDECODABLE = (
    "cannot be decoded: not valid protobuf for this method, invalid UTF-8 in a string, "
    "or nested too deeply"
)


@dataclass(frozen=True, slots=True)
class Undecodable:
    """What a tolerant deserializer returns for a payload protobuf cannot decode."""

    reason: str = UNDECODABLE


def check_request(request: object) -> None:
    """Raises InvalidArgument naming every field (up to a bound) that breaks a limit."""
    if isinstance(request, Undecodable):
        raise InvalidArgument.of("request", request.reason)
    if not isinstance(request, Message):
        return
    found = Found()
    check_message(request, "", found)
    found.raise_if_any()


async def check_stream(requests: AsyncIterator[M]) -> AsyncIterator[M]:
    """Each streamed message, after checking it; the first bad one ends the stream. A
    repeated field's elements are named by their position in the whole stream."""
    before: dict[str, int] = {}
    async for request in requests:
        try:
            check_request(request)
        except InvalidArgument as exc:
            raise shifted(exc, before) from None
        count_elements(request, before)
        yield request


def tolerant(
    deserializer: Callable[[bytes], Any] | None,
) -> Callable[[bytes], Any] | None:
    """`deserializer`, returning Undecodable instead of raising (e.g. a Struct nested 200
    levels, or invalid UTF-8), so that the call is answered INVALID_ARGUMENT and audited."""
    if deserializer is None:
        return None

    def decode(payload: bytes) -> Any:
        try:
            return deserializer(payload)
        except Exception:  # DecodeError, RecursionError…: the payload, not the server, is bad
            return Undecodable()

    return decode
