-- The audit log becomes the activity log Azure Monitor answers: who asked (the token's name),
-- the request's id (ARM's correlation id), the names as written (for resource ids), and the
-- outcome: accepted changes as 'Succeeded', refused requests as 'Failed' with their ARM code
-- and HTTP status. Rows written before keep NULL names and read as system events.
ALTER TABLE events ADD COLUMN rg_name TEXT;
ALTER TABLE events ADD COLUMN job_name TEXT;
ALTER TABLE events ADD COLUMN caller TEXT;
ALTER TABLE events ADD COLUMN correlation_id TEXT;
ALTER TABLE events ADD COLUMN method TEXT;
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'Succeeded';
ALTER TABLE events ADD COLUMN code TEXT;
ALTER TABLE events ADD COLUMN http_status INTEGER;
-- A subscription's log, newest first, and a job's within it.
CREATE INDEX events_by_sub ON events (sub_key, id);
CREATE INDEX events_by_job ON events (sub_key, rg_key, name_key, id);
