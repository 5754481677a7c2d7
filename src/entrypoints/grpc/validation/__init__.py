"""Every request checked against the limits its protos declare, before any use case runs.

`check_request` walks a message by its descriptor and raises one InvalidArgument with
every violation (at most MAX_VIOLATIONS), each naming its field's path, e.g.
`chunks[3].content` or `metadata.foo`; `check_stream` does it to each streamed message;
`tolerant` turns a payload protobuf cannot decode into an `Undecodable` marker that
`check_request` refuses, naming `request`.
"""

from entrypoints.grpc.validation.requests import (
    Undecodable,
    check_request,
    check_stream,
    tolerant,
)

__all__ = ["Undecodable", "check_request", "check_stream", "tolerant"]
