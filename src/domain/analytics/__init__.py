"""The analytics context: workload events, hourly rollups, user activity and recent
workloads, kept in an analytics store and fed from the transactional store's outbox."""
