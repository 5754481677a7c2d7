"""One run at a time per thread, as a condition of the claim statement.

A pending run waits while another run of its thread is running, or one submitted before
it (created_at, then id) is still pending. Each candidate checks this through
`ix_jobs_thread_id_active`, in the statement's own snapshot. Why two claimers can never
run two runs of one thread: an active run only ever stops being active (ended runs never
come back), so a claimer that sees no earlier active run is right; a claimer that sees
the earlier run pending finds it either locked by the other claimer (skipped) or, once
that one committed, running (the locked row is re-checked and no longer pending), and
the later run stays behind it in both claimers' snapshots. The "running" half covers a
run submitted with an earlier time that commits after a later one was claimed.
"""

from __future__ import annotations

# True for a pending job `j` on no thread, or the next run of its thread.
ITS_TURN = """(j.thread_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM jobs ahead
      WHERE ahead.thread_id = j.thread_id AND ahead.status IN ('pending', 'running')
        AND ahead.id <> j.id
        AND (ahead.status = 'running' OR (ahead.created_at, ahead.id) < (j.created_at, j.id))))"""
