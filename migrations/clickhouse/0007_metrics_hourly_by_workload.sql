-- A projection of the hourly rollups sorted by (workspace, metric, workload, hour), so
-- that QueryMetrics for one workload reads that workload's hours instead of every
-- workload's over the range (sorted by time since 0006). A projection is written inside
-- each part of the table, so it is never half there; merges rebuild it (the table's
-- aggregating merges change rows, which ClickHouse refuses for projections unless told
-- to rebuild them). On 432,000 hourly states, one workload over a month read 57 ms
-- without it and 13 ms with it.
ALTER TABLE metrics_hourly MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild';

ALTER TABLE metrics_hourly ADD PROJECTION IF NOT EXISTS by_workload
    (SELECT * ORDER BY workspace_id, metric_name, workload_id, hour);

ALTER TABLE metrics_hourly MATERIALIZE PROJECTION by_workload SETTINGS mutations_sync = 1;
