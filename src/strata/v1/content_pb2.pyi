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

class InteractionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTERACTION_TYPE_UNSPECIFIED: _ClassVar[InteractionType]
    INTERACTION_TYPE_VIEW: _ClassVar[InteractionType]
    INTERACTION_TYPE_LIKE: _ClassVar[InteractionType]
    INTERACTION_TYPE_SHARE: _ClassVar[InteractionType]
    INTERACTION_TYPE_COMMENT: _ClassVar[InteractionType]
    INTERACTION_TYPE_DOWNLOAD: _ClassVar[InteractionType]

class FeedSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FEED_SOURCE_UNSPECIFIED: _ClassVar[FeedSource]
    FEED_SOURCE_RECOMMENDED: _ClassVar[FeedSource]
    FEED_SOURCE_FRESH: _ClassVar[FeedSource]
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
INTERACTION_TYPE_UNSPECIFIED: InteractionType
INTERACTION_TYPE_VIEW: InteractionType
INTERACTION_TYPE_LIKE: InteractionType
INTERACTION_TYPE_SHARE: InteractionType
INTERACTION_TYPE_COMMENT: InteractionType
INTERACTION_TYPE_DOWNLOAD: InteractionType
FEED_SOURCE_UNSPECIFIED: FeedSource
FEED_SOURCE_RECOMMENDED: FeedSource
FEED_SOURCE_FRESH: FeedSource

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

class NewInteraction(_message.Message):
    __slots__ = ("user_id", "content_item_id", "interaction_type", "rating", "duration_ms", "metadata", "occur_time")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    OCCUR_TIME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    content_item_id: str
    interaction_type: InteractionType
    rating: int
    duration_ms: int
    metadata: _struct_pb2.Struct
    occur_time: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., interaction_type: _Optional[_Union[InteractionType, str]] = ..., rating: _Optional[int] = ..., duration_ms: _Optional[int] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., occur_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Interaction(_message.Message):
    __slots__ = ("id", "workspace_id", "user_id", "content_item_id", "interaction_type", "rating", "duration_ms", "metadata", "occur_time", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    OCCUR_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    user_id: str
    content_item_id: str
    interaction_type: InteractionType
    rating: int
    duration_ms: int
    metadata: _struct_pb2.Struct
    occur_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., interaction_type: _Optional[_Union[InteractionType, str]] = ..., rating: _Optional[int] = ..., duration_ms: _Optional[int] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., occur_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordInteractionsRequest(_message.Message):
    __slots__ = ("workspace_id", "interactions", "request_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    interactions: _containers.RepeatedCompositeFieldContainer[NewInteraction]
    request_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., interactions: _Optional[_Iterable[_Union[NewInteraction, _Mapping]]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RecordInteractionsResponse(_message.Message):
    __slots__ = ("interactions",)
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    interactions: _containers.RepeatedCompositeFieldContainer[Interaction]
    def __init__(self, interactions: _Optional[_Iterable[_Union[Interaction, _Mapping]]] = ...) -> None: ...

class ListInteractionsRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "content_item_id", "page_size", "page_token")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    content_item_id: str
    page_size: int
    page_token: str
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInteractionsResponse(_message.Message):
    __slots__ = ("interactions", "next_page_token")
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    interactions: _containers.RepeatedCompositeFieldContainer[Interaction]
    next_page_token: str
    def __init__(self, interactions: _Optional[_Iterable[_Union[Interaction, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetInteractionStatsRequest(_message.Message):
    __slots__ = ("workspace_id", "start_time", "end_time", "metadata_key")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    METADATA_KEY_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    metadata_key: str
    def __init__(self, workspace_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., metadata_key: _Optional[str] = ...) -> None: ...

class DayCount(_message.Message):
    __slots__ = ("day", "count")
    DAY_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    day: str
    count: int
    def __init__(self, day: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class GetInteractionStatsResponse(_message.Message):
    __slots__ = ("total", "by_type", "by_metadata", "by_day", "from_analytics")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_TYPE_FIELD_NUMBER: _ClassVar[int]
    BY_METADATA_FIELD_NUMBER: _ClassVar[int]
    BY_DAY_FIELD_NUMBER: _ClassVar[int]
    FROM_ANALYTICS_FIELD_NUMBER: _ClassVar[int]
    total: int
    by_type: _containers.RepeatedCompositeFieldContainer[ContentCount]
    by_metadata: _containers.RepeatedCompositeFieldContainer[ContentCount]
    by_day: _containers.RepeatedCompositeFieldContainer[DayCount]
    from_analytics: bool
    def __init__(self, total: _Optional[int] = ..., by_type: _Optional[_Iterable[_Union[ContentCount, _Mapping]]] = ..., by_metadata: _Optional[_Iterable[_Union[ContentCount, _Mapping]]] = ..., by_day: _Optional[_Iterable[_Union[DayCount, _Mapping]]] = ..., from_analytics: _Optional[bool] = ...) -> None: ...

class NewRecommendation(_message.Message):
    __slots__ = ("user_id", "content_item_id", "score", "algorithm_version", "metadata")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_VERSION_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    content_item_id: str
    score: float
    algorithm_version: str
    metadata: _struct_pb2.Struct
    def __init__(self, user_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., score: _Optional[float] = ..., algorithm_version: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("id", "workspace_id", "user_id", "content_item_id", "score", "algorithm_version", "metadata", "create_time", "update_time", "serve_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_VERSION_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SERVE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    user_id: str
    content_item_id: str
    score: float
    algorithm_version: str
    metadata: _struct_pb2.Struct
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    serve_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., score: _Optional[float] = ..., algorithm_version: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., serve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class UpsertRecommendationsRequest(_message.Message):
    __slots__ = ("workspace_id", "recommendations")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    recommendations: _containers.RepeatedCompositeFieldContainer[NewRecommendation]
    def __init__(self, workspace_id: _Optional[str] = ..., recommendations: _Optional[_Iterable[_Union[NewRecommendation, _Mapping]]] = ...) -> None: ...

class UpsertRecommendationsResponse(_message.Message):
    __slots__ = ("recommendations",)
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[Recommendation]
    def __init__(self, recommendations: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ...) -> None: ...

class ListRecommendationsRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "unserved_only", "page_size", "page_token")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    UNSERVED_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    unserved_only: bool
    page_size: int
    page_token: str
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., unserved_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRecommendationsResponse(_message.Message):
    __slots__ = ("recommendations", "next_page_token")
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[Recommendation]
    next_page_token: str
    def __init__(self, recommendations: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class MarkServedRequest(_message.Message):
    __slots__ = ("workspace_id", "ids")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, workspace_id: _Optional[str] = ..., ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MarkServedResponse(_message.Message):
    __slots__ = ("recommendations", "marked_ids")
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    MARKED_IDS_FIELD_NUMBER: _ClassVar[int]
    recommendations: _containers.RepeatedCompositeFieldContainer[Recommendation]
    marked_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, recommendations: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., marked_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class FeedItem(_message.Message):
    __slots__ = ("item", "source", "recommendation")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    item: ContentItem
    source: FeedSource
    recommendation: Recommendation
    def __init__(self, item: _Optional[_Union[ContentItem, _Mapping]] = ..., source: _Optional[_Union[FeedSource, str]] = ..., recommendation: _Optional[_Union[Recommendation, _Mapping]] = ...) -> None: ...

class GetFeedRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "page_size", "page_token")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    page_size: int
    page_token: str
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetFeedResponse(_message.Message):
    __slots__ = ("items", "session_id", "next_page_token")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[FeedItem]
    session_id: str
    next_page_token: str
    def __init__(self, items: _Optional[_Iterable[_Union[FeedItem, _Mapping]]] = ..., session_id: _Optional[str] = ..., next_page_token: _Optional[str] = ...) -> None: ...
