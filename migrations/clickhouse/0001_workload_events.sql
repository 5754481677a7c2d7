-- Workload events (seed 001), ordered by workspace first. ReplacingMergeTree drops rows
-- repeated by the same (workspace_id, timestamp, event_id) on merge; the deduplication
-- window lets a retried insert with the same deduplication token be dropped at once.
-- Each event carries its own expiry (its workspace's retention at ingest), so shortening
-- a retention needs no DELETE mutation.
CREATE TABLE IF NOT EXISTS workload_events
(
    workspace_id String,
    event_id String,
    timestamp DateTime64(3, 'UTC'),
    user_id UUID,
    workload_id String,
    event_type LowCardinality(String),
    event_category LowCardinality(String),
    metrics Nested(
        name String,
        value Float64,
        unit String
    ),
    dimensions Map(String, String),
    metadata String,
    expires_at DateTime('UTC'),
    INDEX idx_event_id event_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_workload_id workload_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_user_id user_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_event_type event_type TYPE set(100) GRANULARITY 1
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (workspace_id, timestamp, event_id)
TTL expires_at
SETTINGS non_replicated_deduplication_window = 1000;
