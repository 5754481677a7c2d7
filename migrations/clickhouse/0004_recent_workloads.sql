-- Workloads active in the last seven days (seed 001's view), per workspace; each event
-- counted once however often it was delivered.
CREATE VIEW IF NOT EXISTS recent_workloads AS
SELECT
    workspace_id,
    workload_id,
    user_id,
    max(timestamp) AS last_seen,
    uniqExact(event_id) AS event_count,
    uniqExact(event_type) AS unique_event_types
FROM workload_events
WHERE timestamp > now() - INTERVAL 7 DAY AND workload_id != ''
GROUP BY workspace_id, workload_id, user_id;
