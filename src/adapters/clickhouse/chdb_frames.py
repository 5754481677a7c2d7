"""The chDB host's wire: length-prefixed pickled tuples on a pipe, both ends ours.

A request is `(id, op, args)`: op "run" with (database, sql, params as text, format),
"insert" with (database, sql, Arrow IPC stream), or "close". An answer is
`(id, ok, value)`: the result's bytes unparsed, or the error's (class name, message).
Id 0 is the host's greeting: ready, or why it could not open its path."""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

HEADER = struct.Struct("!Q")
GREETING = 0


def encoded(message: tuple[Any, ...]) -> bytes:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


def read_frame(stream: IO[bytes]) -> Any | None:
    """The next message, or None when the other end has closed the pipe."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)  # noqa: S301 (a pipe between this server and its own host)
