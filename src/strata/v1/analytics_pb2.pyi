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

class MetricBucket(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    METRIC_BUCKET_UNSPECIFIED: _ClassVar[MetricBucket]
    METRIC_BUCKET_HOUR: _ClassVar[MetricBucket]
    METRIC_BUCKET_DAY: _ClassVar[MetricBucket]

class MetricLayout(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    METRIC_LAYOUT_UNSPECIFIED: _ClassVar[MetricLayout]
    METRIC_LAYOUT_POINTS: _ClassVar[MetricLayout]
    METRIC_LAYOUT_COLUMNS: _ClassVar[MetricLayout]
METRIC_BUCKET_UNSPECIFIED: MetricBucket
METRIC_BUCKET_HOUR: MetricBucket
METRIC_BUCKET_DAY: MetricBucket
METRIC_LAYOUT_UNSPECIFIED: MetricLayout
METRIC_LAYOUT_POINTS: MetricLayout
METRIC_LAYOUT_COLUMNS: MetricLayout

class Metric(_message.Message):
    __slots__ = ("name", "value", "unit")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: float
    unit: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[float] = ..., unit: _Optional[str] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("event_id", "timestamp", "event_type", "event_category", "workload_id", "user_id", "metrics", "dimensions", "metadata", "expire_time")
    class DimensionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EVENT_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    WORKLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    DIMENSIONS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    timestamp: _timestamp_pb2.Timestamp
    event_type: str
    event_category: str
    workload_id: str
    user_id: str
    metrics: _containers.RepeatedCompositeFieldContainer[Metric]
    dimensions: _containers.ScalarMap[str, str]
    metadata: _struct_pb2.Struct
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, event_id: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_type: _Optional[str] = ..., event_category: _Optional[str] = ..., workload_id: _Optional[str] = ..., user_id: _Optional[str] = ..., metrics: _Optional[_Iterable[_Union[Metric, _Mapping]]] = ..., dimensions: _Optional[_Mapping[str, str]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IngestEventsRequest(_message.Message):
    __slots__ = ("workspace_id", "events")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    events: _containers.RepeatedCompositeFieldContainer[Event]
    def __init__(self, workspace_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ...) -> None: ...

class IngestEventsResponse(_message.Message):
    __slots__ = ("accepted", "duplicates")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ...) -> None: ...

class StreamEventsRequest(_message.Message):
    __slots__ = ("workspace_id", "events")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    events: _containers.RepeatedCompositeFieldContainer[Event]
    def __init__(self, workspace_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ...) -> None: ...

class StreamEventsResponse(_message.Message):
    __slots__ = ("accepted", "duplicates")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    duplicates: int
    def __init__(self, accepted: _Optional[int] = ..., duplicates: _Optional[int] = ...) -> None: ...

class QueryMetricsRequest(_message.Message):
    __slots__ = ("workspace_id", "metric_name", "workload_id", "start_time", "end_time", "bucket", "layout")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    METRIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    metric_name: str
    workload_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    bucket: MetricBucket
    layout: MetricLayout
    def __init__(self, workspace_id: _Optional[str] = ..., metric_name: _Optional[str] = ..., workload_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bucket: _Optional[_Union[MetricBucket, str]] = ..., layout: _Optional[_Union[MetricLayout, str]] = ...) -> None: ...

class MetricColumns(_message.Message):
    __slots__ = ("bucket_start_seconds", "count", "sum", "min", "max", "avg", "p50", "p95")
    BUCKET_START_SECONDS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    SUM_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    AVG_FIELD_NUMBER: _ClassVar[int]
    P50_FIELD_NUMBER: _ClassVar[int]
    P95_FIELD_NUMBER: _ClassVar[int]
    bucket_start_seconds: _containers.RepeatedScalarFieldContainer[int]
    count: _containers.RepeatedScalarFieldContainer[int]
    sum: _containers.RepeatedScalarFieldContainer[float]
    min: _containers.RepeatedScalarFieldContainer[float]
    max: _containers.RepeatedScalarFieldContainer[float]
    avg: _containers.RepeatedScalarFieldContainer[float]
    p50: _containers.RepeatedScalarFieldContainer[float]
    p95: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, bucket_start_seconds: _Optional[_Iterable[int]] = ..., count: _Optional[_Iterable[int]] = ..., sum: _Optional[_Iterable[float]] = ..., min: _Optional[_Iterable[float]] = ..., max: _Optional[_Iterable[float]] = ..., avg: _Optional[_Iterable[float]] = ..., p50: _Optional[_Iterable[float]] = ..., p95: _Optional[_Iterable[float]] = ...) -> None: ...

class MetricPoint(_message.Message):
    __slots__ = ("bucket_start", "count", "sum", "min", "max", "avg", "p50", "p95")
    BUCKET_START_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    SUM_FIELD_NUMBER: _ClassVar[int]
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    AVG_FIELD_NUMBER: _ClassVar[int]
    P50_FIELD_NUMBER: _ClassVar[int]
    P95_FIELD_NUMBER: _ClassVar[int]
    bucket_start: _timestamp_pb2.Timestamp
    count: int
    sum: float
    min: float
    max: float
    avg: float
    p50: float
    p95: float
    def __init__(self, bucket_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., count: _Optional[int] = ..., sum: _Optional[float] = ..., min: _Optional[float] = ..., max: _Optional[float] = ..., avg: _Optional[float] = ..., p50: _Optional[float] = ..., p95: _Optional[float] = ...) -> None: ...

class QueryMetricsResponse(_message.Message):
    __slots__ = ("points", "columns")
    POINTS_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    points: _containers.RepeatedCompositeFieldContainer[MetricPoint]
    columns: MetricColumns
    def __init__(self, points: _Optional[_Iterable[_Union[MetricPoint, _Mapping]]] = ..., columns: _Optional[_Union[MetricColumns, _Mapping]] = ...) -> None: ...

class GetUserActivityRequest(_message.Message):
    __slots__ = ("workspace_id", "start_date", "end_date", "user_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    start_date: str
    end_date: str
    user_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ActivityRow(_message.Message):
    __slots__ = ("day", "user_id", "action", "count", "total_duration_ms")
    DAY_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    day: str
    user_id: str
    action: str
    count: int
    total_duration_ms: int
    def __init__(self, day: _Optional[str] = ..., user_id: _Optional[str] = ..., action: _Optional[str] = ..., count: _Optional[int] = ..., total_duration_ms: _Optional[int] = ...) -> None: ...

class GetUserActivityResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[ActivityRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[ActivityRow, _Mapping]]] = ...) -> None: ...

class ListRecentWorkloadsRequest(_message.Message):
    __slots__ = ("workspace_id", "limit")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    limit: int
    def __init__(self, workspace_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class RecentWorkload(_message.Message):
    __slots__ = ("workload_id", "user_id", "last_seen", "event_count", "unique_event_types")
    WORKLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    EVENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNIQUE_EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    workload_id: str
    user_id: str
    last_seen: _timestamp_pb2.Timestamp
    event_count: int
    unique_event_types: int
    def __init__(self, workload_id: _Optional[str] = ..., user_id: _Optional[str] = ..., last_seen: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_count: _Optional[int] = ..., unique_event_types: _Optional[int] = ...) -> None: ...

class ListRecentWorkloadsResponse(_message.Message):
    __slots__ = ("workloads",)
    WORKLOADS_FIELD_NUMBER: _ClassVar[int]
    workloads: _containers.RepeatedCompositeFieldContainer[RecentWorkload]
    def __init__(self, workloads: _Optional[_Iterable[_Union[RecentWorkload, _Mapping]]] = ...) -> None: ...

class QueryEventsRequest(_message.Message):
    __slots__ = ("workspace_id", "event_types", "categories", "workload_id", "dimensions", "start_time", "end_time", "page_size", "page_token")
    class DimensionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    WORKLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    DIMENSIONS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    event_types: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[str]
    workload_id: str
    dimensions: _containers.ScalarMap[str, str]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, workspace_id: _Optional[str] = ..., event_types: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., workload_id: _Optional[str] = ..., dimensions: _Optional[_Mapping[str, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class QueryEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetRetentionRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class GetRetentionResponse(_message.Message):
    __slots__ = ("days", "is_default")
    DAYS_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    days: int
    is_default: bool
    def __init__(self, days: _Optional[int] = ..., is_default: _Optional[bool] = ...) -> None: ...

class SetRetentionRequest(_message.Message):
    __slots__ = ("workspace_id", "days")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    days: int
    def __init__(self, workspace_id: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class SetRetentionResponse(_message.Message):
    __slots__ = ("days",)
    DAYS_FIELD_NUMBER: _ClassVar[int]
    days: int
    def __init__(self, days: _Optional[int] = ...) -> None: ...
