-- Served calls (one row per call_id, six months) and the daily activity per user and
-- action summed from them (seed 001's user_activity, per workspace, six months).
CREATE TABLE IF NOT EXISTS call_events
(
    workspace_id String,
    call_id String,
    user_id UUID,
    action LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    duration_ms UInt64,
    outcome LowCardinality(String),
    INDEX idx_call_id call_id TYPE bloom_filter GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (workspace_id, occurred_at, call_id)
TTL toDateTime(occurred_at) + INTERVAL 6 MONTH
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS user_activity
(
    workspace_id String,
    date Date,
    user_id UUID,
    action LowCardinality(String),
    count UInt64,
    total_duration_ms UInt64
)
ENGINE = SummingMergeTree((count, total_duration_ms))
PARTITION BY toYYYYMM(date)
ORDER BY (workspace_id, date, user_id, action)
TTL date + INTERVAL 6 MONTH
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS user_activity_mv TO user_activity AS
SELECT
    workspace_id,
    toDate(occurred_at) AS date,
    user_id,
    action,
    count() AS count,
    sum(duration_ms) AS total_duration_ms
FROM call_events
GROUP BY workspace_id, date, user_id, action;
