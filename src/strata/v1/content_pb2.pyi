import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from strata.v1 import field_limits_pb2 as _field_limits_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ContentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_TYPE_UNSPECIFIED: _ClassVar[ContentType]
    CONTENT_TYPE_TEXT: _ClassVar[ContentType]
    CONTENT_TYPE_IMAGE: _ClassVar[ContentType]
    CONTENT_TYPE_VIDEO: _ClassVar[ContentType]
    CONTENT_TYPE_AUDIO: _ClassVar[ContentType]

class ContentOrigin(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_ORIGIN_UNSPECIFIED: _ClassVar[ContentOrigin]
    CONTENT_ORIGIN_USER: _ClassVar[ContentOrigin]
    CONTENT_ORIGIN_AUTO: _ClassVar[ContentOrigin]

class ContentVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_VISIBILITY_UNSPECIFIED: _ClassVar[ContentVisibility]
    CONTENT_VISIBILITY_PUBLIC: _ClassVar[ContentVisibility]
    CONTENT_VISIBILITY_PRIVATE: _ClassVar[ContentVisibility]

class ContentSort(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_SORT_UNSPECIFIED: _ClassVar[ContentSort]
    CONTENT_SORT_NEWEST: _ClassVar[ContentSort]
    CONTENT_SORT_QUALITY: _ClassVar[ContentSort]
    CONTENT_SORT_OLDEST: _ClassVar[ContentSort]
    CONTENT_SORT_RELEVANCE: _ClassVar[ContentSort]
CONTENT_TYPE_UNSPECIFIED: ContentType
CONTENT_TYPE_TEXT: ContentType
CONTENT_TYPE_IMAGE: ContentType
CONTENT_TYPE_VIDEO: ContentType
CONTENT_TYPE_AUDIO: ContentType
CONTENT_ORIGIN_UNSPECIFIED: ContentOrigin
CONTENT_ORIGIN_USER: ContentOrigin
CONTENT_ORIGIN_AUTO: ContentOrigin
CONTENT_VISIBILITY_UNSPECIFIED: ContentVisibility
CONTENT_VISIBILITY_PUBLIC: ContentVisibility
CONTENT_VISIBILITY_PRIVATE: ContentVisibility
CONTENT_SORT_UNSPECIFIED: ContentSort
CONTENT_SORT_NEWEST: ContentSort
CONTENT_SORT_QUALITY: ContentSort
CONTENT_SORT_OLDEST: ContentSort
CONTENT_SORT_RELEVANCE: ContentSort

class ContentItem(_message.Message):
    __slots__ = ("id", "workspace_id", "creator_id", "origin", "title", "content_type", "content_data", "metadata", "tags", "quality_score", "visibility", "create_time", "update_time", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_DATA_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    creator_id: str
    origin: ContentOrigin
    title: str
    content_type: ContentType
    content_data: str
    metadata: _struct_pb2.Struct
    tags: _containers.RepeatedScalarFieldContainer[str]
    quality_score: float
    visibility: ContentVisibility
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., creator_id: _Optional[str] = ..., origin: _Optional[_Union[ContentOrigin, str]] = ..., title: _Optional[str] = ..., content_type: _Optional[_Union[ContentType, str]] = ..., content_data: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ..., quality_score: _Optional[float] = ..., visibility: _Optional[_Union[ContentVisibility, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class CreateContentRequest(_message.Message):
    __slots__ = ("workspace_id", "title", "content_type", "content_data", "metadata", "tags", "quality_score", "visibility", "origin", "request_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_DATA_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    title: str
    content_type: ContentType
    content_data: str
    metadata: _struct_pb2.Struct
    tags: _containers.RepeatedScalarFieldContainer[str]
    quality_score: float
    visibility: ContentVisibility
    origin: ContentOrigin
    request_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., title: _Optional[str] = ..., content_type: _Optional[_Union[ContentType, str]] = ..., content_data: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., tags: _Optional[_Iterable[str]] = ..., quality_score: _Optional[float] = ..., visibility: _Optional[_Union[ContentVisibility, str]] = ..., origin: _Optional[_Union[ContentOrigin, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateContentResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ContentItem
    def __init__(self, item: _Optional[_Union[ContentItem, _Mapping]] = ...) -> None: ...

class GetContentRequest(_message.Message):
    __slots__ = ("workspace_id", "id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class GetContentResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ContentItem
    def __init__(self, item: _Optional[_Union[ContentItem, _Mapping]] = ...) -> None: ...

class UpdateContentRequest(_message.Message):
    __slots__ = ("item", "update_mask")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    item: ContentItem
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, item: _Optional[_Union[ContentItem, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateContentResponse(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: ContentItem
    def __init__(self, item: _Optional[_Union[ContentItem, _Mapping]] = ...) -> None: ...

class DeleteContentRequest(_message.Message):
    __slots__ = ("workspace_id", "id", "etag")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    etag: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteContentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListContentRequest(_message.Message):
    __slots__ = ("workspace_id", "page_size", "page_token", "skip", "sort", "creator_id", "content_type", "origin", "tags_any", "tags_all", "metadata_contains", "metadata_has_key", "visibility", "min_quality", "query", "include_total")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SKIP_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    CREATOR_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    TAGS_ANY_FIELD_NUMBER: _ClassVar[int]
    TAGS_ALL_FIELD_NUMBER: _ClassVar[int]
    METADATA_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    METADATA_HAS_KEY_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    MIN_QUALITY_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    page_size: int
    page_token: str
    skip: int
    sort: ContentSort
    creator_id: str
    content_type: ContentType
    origin: ContentOrigin
    tags_any: _containers.RepeatedScalarFieldContainer[str]
    tags_all: _containers.RepeatedScalarFieldContainer[str]
    metadata_contains: _struct_pb2.Struct
    metadata_has_key: str
    visibility: ContentVisibility
    min_quality: float
    query: str
    include_total: bool
    def __init__(self, workspace_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., skip: _Optional[int] = ..., sort: _Optional[_Union[ContentSort, str]] = ..., creator_id: _Optional[str] = ..., content_type: _Optional[_Union[ContentType, str]] = ..., origin: _Optional[_Union[ContentOrigin, str]] = ..., tags_any: _Optional[_Iterable[str]] = ..., tags_all: _Optional[_Iterable[str]] = ..., metadata_contains: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., metadata_has_key: _Optional[str] = ..., visibility: _Optional[_Union[ContentVisibility, str]] = ..., min_quality: _Optional[float] = ..., query: _Optional[str] = ..., include_total: _Optional[bool] = ...) -> None: ...

class ListContentResponse(_message.Message):
    __slots__ = ("items", "next_page_token", "total_size", "total_size_is_estimate")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_IS_ESTIMATE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ContentItem]
    next_page_token: str
    total_size: int
    total_size_is_estimate: bool
    def __init__(self, items: _Optional[_Iterable[_Union[ContentItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ..., total_size_is_estimate: _Optional[bool] = ...) -> None: ...

class GetContentStatsRequest(_message.Message):
    __slots__ = ("workspace_id", "top_tags")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TOP_TAGS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    top_tags: int
    def __init__(self, workspace_id: _Optional[str] = ..., top_tags: _Optional[int] = ...) -> None: ...

class ContentCount(_message.Message):
    __slots__ = ("key", "count")
    KEY_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    key: str
    count: int
    def __init__(self, key: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class GetContentStatsResponse(_message.Message):
    __slots__ = ("total", "by_type", "by_origin", "by_visibility", "mean_quality", "rated", "top_tags")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_TYPE_FIELD_NUMBER: _ClassVar[int]
    BY_ORIGIN_FIELD_NUMBER: _ClassVar[int]
    BY_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    MEAN_QUALITY_FIELD_NUMBER: _ClassVar[int]
    RATED_FIELD_NUMBER: _ClassVar[int]
    TOP_TAGS_FIELD_NUMBER: _ClassVar[int]
    total: int
    by_type: _containers.RepeatedCompositeFieldContainer[ContentCount]
    by_origin: _containers.RepeatedCompositeFieldContainer[ContentCount]
    by_visibility: _containers.RepeatedCompositeFieldContainer[ContentCount]
    mean_quality: float
    rated: int
    top_tags: _containers.RepeatedCompositeFieldContainer[ContentCount]
    def __init__(self, total: _Optional[int] = ..., by_type: _Optional[_Iterable[_Union[ContentCount, _Mapping]]] = ..., by_origin: _Optional[_Iterable[_Union[ContentCount, _Mapping]]] = ..., by_visibility: _Optional[_Iterable[_Union[ContentCount, _Mapping]]] = ..., mean_quality: _Optional[float] = ..., rated: _Optional[int] = ..., top_tags: _Optional[_Iterable[_Union[ContentCount, _Mapping]]] = ...) -> None: ...
