-- Since when a job's cancellation has been waiting for the data center: the service carries it
-- out after a delay (`--cancel-after`), as Azure's data center acts on the request. NULL when no
-- cancellation is pending (none requested, or the job has ended).
ALTER TABLE jobs ADD COLUMN cancel_pending_since INTEGER;
UPDATE jobs SET cancel_pending_since = 0
    WHERE cancel_requested = 1 AND state NOT IN ('Completed', 'Closed');
CREATE INDEX jobs_by_cancel_pending ON jobs (cancel_pending_since)
    WHERE cancel_pending_since IS NOT NULL;
