from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
LIMITS_FIELD_NUMBER: _ClassVar[int]
limits: _descriptor.FieldDescriptor

class FieldLimits(_message.Message):
    __slots__ = ("max_chars", "max_items", "min", "max", "min_number", "max_number", "max_bytes", "uuid", "url", "embedding")
    MAX_CHARS_FIELD_NUMBER: _ClassVar[int]
    MAX_ITEMS_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    MIN_NUMBER_FIELD_NUMBER: _ClassVar[int]
    MAX_NUMBER_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    UUID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    max_chars: int
    max_items: int
    min: int
    max: int
    min_number: float
    max_number: float
    max_bytes: int
    uuid: bool
    url: bool
    embedding: bool
    def __init__(self, max_chars: _Optional[int] = ..., max_items: _Optional[int] = ..., min: _Optional[int] = ..., max: _Optional[int] = ..., min_number: _Optional[float] = ..., max_number: _Optional[float] = ..., max_bytes: _Optional[int] = ..., uuid: _Optional[bool] = ..., url: _Optional[bool] = ..., embedding: _Optional[bool] = ...) -> None: ...
