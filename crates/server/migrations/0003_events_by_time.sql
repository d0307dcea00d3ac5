-- The retention sweep trims the audit log by age.
CREATE INDEX events_by_time ON events (at);
