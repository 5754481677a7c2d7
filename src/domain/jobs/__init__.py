"""Jobs: agent runs and generation jobs on one queue with fenced worker leases."""
