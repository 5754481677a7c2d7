-- Hourly rollups of every metric of every event, kept one year. Aggregate states merge
-- correctly: seed 001 wrote avg/min/max into a SummingMergeTree, which adds them up when
-- parts merge. Day buckets are read by merging the hourly states.
CREATE TABLE IF NOT EXISTS metrics_hourly
(
    workspace_id String,
    workload_id String,
    metric_name String,
    hour DateTime('UTC'),
    value_sum AggregateFunction(sum, Float64),
    value_count AggregateFunction(count, Float64),
    value_min AggregateFunction(min, Float64),
    value_max AggregateFunction(max, Float64),
    value_avg AggregateFunction(avg, Float64),
    value_quantiles AggregateFunction(quantiles(0.5, 0.95), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (workspace_id, workload_id, metric_name, hour)
TTL hour + INTERVAL 1 YEAR
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS metrics_hourly_mv TO metrics_hourly AS
SELECT
    workspace_id,
    workload_id,
    metrics.name AS metric_name,
    toStartOfHour(timestamp) AS hour,
    sumState(metrics.value) AS value_sum,
    countState(metrics.value) AS value_count,
    minState(metrics.value) AS value_min,
    maxState(metrics.value) AS value_max,
    avgState(metrics.value) AS value_avg,
    quantilesState(0.5, 0.95)(metrics.value) AS value_quantiles
FROM workload_events
ARRAY JOIN metrics
GROUP BY workspace_id, workload_id, metric_name, hour;
