-- The ids each workspace already has, for the "which of these ids are new" question every
-- ingest and delivery asks. workload_events and call_events are ordered by time, so a
-- batch of random ids matches some id's bloom filter in nearly every granule and that
-- question read the whole workspace. Here the ids are the sort key, with small granules
-- and compression blocks of about one granule, so each id costs one small block: at 5 M
-- ids and 1,000-id batches (bench/analytics_known_ids.py) granularity 128 with 4-8 KiB
-- blocks answered fastest (2-4x faster than the base table); 64 was no faster with a primary
-- index twice the size (4 MB at 5 M ids), 256 slower, and with ClickHouse's default
-- 64 KiB blocks every granularity took 1.5-2x as long. See bench/RESULTS.md,
-- "Analytics: deduplication".
-- Filled by materialized views, so a redelivery under the same deduplication token
-- reaches them as it reaches the rollups; expiring with their base tables' rows.
CREATE TABLE IF NOT EXISTS known_event_ids
(
    workspace_id String,
    event_id String,
    expires_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (workspace_id, event_id)
TTL expires_at
SETTINGS index_granularity = 128, min_compress_block_size = 4096, max_compress_block_size = 8192,
    non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS known_event_ids_mv TO known_event_ids AS
SELECT workspace_id, event_id, expires_at
FROM workload_events;

CREATE TABLE IF NOT EXISTS known_call_ids
(
    workspace_id String,
    call_id String,
    occurred_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (workspace_id, call_id)
TTL occurred_at + INTERVAL 6 MONTH
SETTINGS index_granularity = 128, min_compress_block_size = 4096, max_compress_block_size = 8192,
    non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS known_call_ids_mv TO known_call_ids AS
SELECT workspace_id, call_id, toDateTime(occurred_at, 'UTC') AS occurred_at
FROM call_events;

-- The ids stored before the views existed (rows inserted meanwhile are in both; the
-- tables collapse the repeats, and the reads ask for distinct ids).
INSERT INTO known_event_ids SELECT workspace_id, event_id, expires_at FROM workload_events;

INSERT INTO known_call_ids
SELECT workspace_id, call_id, toDateTime(occurred_at, 'UTC') FROM call_events;
