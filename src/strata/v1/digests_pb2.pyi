import datetime

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

class DigestStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIGEST_STATUS_UNSPECIFIED: _ClassVar[DigestStatus]
    DIGEST_STATUS_PENDING: _ClassVar[DigestStatus]
    DIGEST_STATUS_SENT: _ClassVar[DigestStatus]
    DIGEST_STATUS_FAILED: _ClassVar[DigestStatus]

class Thumbs(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    THUMBS_UNSPECIFIED: _ClassVar[Thumbs]
    THUMBS_UP: _ClassVar[Thumbs]
    THUMBS_DOWN: _ClassVar[Thumbs]
DIGEST_STATUS_UNSPECIFIED: DigestStatus
DIGEST_STATUS_PENDING: DigestStatus
DIGEST_STATUS_SENT: DigestStatus
DIGEST_STATUS_FAILED: DigestStatus
THUMBS_UNSPECIFIED: Thumbs
THUMBS_UP: Thumbs
THUMBS_DOWN: Thumbs

class DigestItem(_message.Message):
    __slots__ = ("id", "content_item_id", "rank", "score", "reason", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    content_item_id: str
    rank: int
    score: float
    reason: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., rank: _Optional[int] = ..., score: _Optional[float] = ..., reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Digest(_message.Message):
    __slots__ = ("id", "workspace_id", "user_id", "digest_date", "status", "deliver_time", "failure_reason", "create_time", "update_time", "etag", "item_count", "items")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DIGEST_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DELIVER_TIME_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    ITEM_COUNT_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    user_id: str
    digest_date: str
    status: DigestStatus
    deliver_time: _timestamp_pb2.Timestamp
    failure_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    item_count: int
    items: _containers.RepeatedCompositeFieldContainer[DigestItem]
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., digest_date: _Optional[str] = ..., status: _Optional[_Union[DigestStatus, str]] = ..., deliver_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failure_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., item_count: _Optional[int] = ..., items: _Optional[_Iterable[_Union[DigestItem, _Mapping]]] = ...) -> None: ...

class CreateDigestRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "digest_date")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DIGEST_DATE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    digest_date: str
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., digest_date: _Optional[str] = ...) -> None: ...

class CreateDigestResponse(_message.Message):
    __slots__ = ("digest", "created")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    created: bool
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class AddDigestItemsRequest(_message.Message):
    __slots__ = ("workspace_id", "digest_id", "items")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DIGEST_ID_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    digest_id: str
    items: _containers.RepeatedCompositeFieldContainer[DigestItem]
    def __init__(self, workspace_id: _Optional[str] = ..., digest_id: _Optional[str] = ..., items: _Optional[_Iterable[_Union[DigestItem, _Mapping]]] = ...) -> None: ...

class AddDigestItemsResponse(_message.Message):
    __slots__ = ("digest",)
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ...) -> None: ...

class GetDigestRequest(_message.Message):
    __slots__ = ("workspace_id", "id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class GetDigestResponse(_message.Message):
    __slots__ = ("digest",)
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ...) -> None: ...

class ListDigestsRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "status", "page_size", "page_token")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    status: DigestStatus
    page_size: int
    page_token: str
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., status: _Optional[_Union[DigestStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDigestsResponse(_message.Message):
    __slots__ = ("digests", "next_page_token")
    DIGESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    digests: _containers.RepeatedCompositeFieldContainer[Digest]
    next_page_token: str
    def __init__(self, digests: _Optional[_Iterable[_Union[Digest, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class MarkDeliveredRequest(_message.Message):
    __slots__ = ("workspace_id", "id", "status", "failure_reason", "etag")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    status: DigestStatus
    failure_reason: str
    etag: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ..., status: _Optional[_Union[DigestStatus, str]] = ..., failure_reason: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class MarkDeliveredResponse(_message.Message):
    __slots__ = ("digest",)
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    digest: Digest
    def __init__(self, digest: _Optional[_Union[Digest, _Mapping]] = ...) -> None: ...

class ContentFeedback(_message.Message):
    __slots__ = ("id", "workspace_id", "user_id", "content_item_id", "digest_item_id", "rating", "thumbs", "comment", "interaction_id", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    DIGEST_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    THUMBS_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    INTERACTION_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    user_id: str
    content_item_id: str
    digest_item_id: str
    rating: int
    thumbs: Thumbs
    comment: str
    interaction_id: str
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., digest_item_id: _Optional[str] = ..., rating: _Optional[int] = ..., thumbs: _Optional[_Union[Thumbs, str]] = ..., comment: _Optional[str] = ..., interaction_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordFeedbackRequest(_message.Message):
    __slots__ = ("workspace_id", "digest_item_id", "content_item_id", "rating", "thumbs", "comment", "request_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DIGEST_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    THUMBS_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    digest_item_id: str
    content_item_id: str
    rating: int
    thumbs: Thumbs
    comment: str
    request_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., digest_item_id: _Optional[str] = ..., content_item_id: _Optional[str] = ..., rating: _Optional[int] = ..., thumbs: _Optional[_Union[Thumbs, str]] = ..., comment: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class RecordFeedbackResponse(_message.Message):
    __slots__ = ("feedback",)
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    feedback: ContentFeedback
    def __init__(self, feedback: _Optional[_Union[ContentFeedback, _Mapping]] = ...) -> None: ...

class PreferenceWeight(_message.Message):
    __slots__ = ("feature", "weight")
    FEATURE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    feature: str
    weight: float
    def __init__(self, feature: _Optional[str] = ..., weight: _Optional[float] = ...) -> None: ...

class GetPreferenceWeightsRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "model_version")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    model_version: str
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., model_version: _Optional[str] = ...) -> None: ...

class GetPreferenceWeightsResponse(_message.Message):
    __slots__ = ("model_version", "weights", "update_time")
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    model_version: str
    weights: _containers.RepeatedCompositeFieldContainer[PreferenceWeight]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, model_version: _Optional[str] = ..., weights: _Optional[_Iterable[_Union[PreferenceWeight, _Mapping]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetPreferenceWeightsRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "model_version", "weights")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    model_version: str
    weights: _containers.RepeatedCompositeFieldContainer[PreferenceWeight]
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., model_version: _Optional[str] = ..., weights: _Optional[_Iterable[_Union[PreferenceWeight, _Mapping]]] = ...) -> None: ...

class SetPreferenceWeightsResponse(_message.Message):
    __slots__ = ("model_version", "weights", "update_time")
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    model_version: str
    weights: _containers.RepeatedCompositeFieldContainer[PreferenceWeight]
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, model_version: _Optional[str] = ..., weights: _Optional[_Iterable[_Union[PreferenceWeight, _Mapping]]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ModelVersion(_message.Message):
    __slots__ = ("version", "metrics", "create_time")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    version: str
    metrics: _struct_pb2.Struct
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[str] = ..., metrics: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordModelVersionRequest(_message.Message):
    __slots__ = ("workspace_id", "version", "metrics")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    version: str
    metrics: _struct_pb2.Struct
    def __init__(self, workspace_id: _Optional[str] = ..., version: _Optional[str] = ..., metrics: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class RecordModelVersionResponse(_message.Message):
    __slots__ = ("model_version",)
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    model_version: ModelVersion
    def __init__(self, model_version: _Optional[_Union[ModelVersion, _Mapping]] = ...) -> None: ...

class ListModelVersionsRequest(_message.Message):
    __slots__ = ("workspace_id", "page_size", "page_token")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    page_size: int
    page_token: str
    def __init__(self, workspace_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListModelVersionsResponse(_message.Message):
    __slots__ = ("model_versions", "next_page_token")
    MODEL_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    model_versions: _containers.RepeatedCompositeFieldContainer[ModelVersion]
    next_page_token: str
    def __init__(self, model_versions: _Optional[_Iterable[_Union[ModelVersion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
