-- Webhooks (Waybill's event subscriptions) and their outbox. The events of the activity log are
-- written in each change's own transaction; a subscription's cursor (the last event id it has
-- looked at) moves forward only in the transaction that queues that event's deliveries, so an
-- acknowledged change is delivered even when the service dies before sending it.
CREATE TABLE event_subscriptions (
    -- The Azure subscription as ARM compares it (lowercase), or '*' for every subscription
    -- (`--webhook` at start).
    sub_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    name TEXT NOT NULL,
    endpoint_url TEXT NOT NULL,
    -- Write-only: never answered.
    secret TEXT,
    -- Filters: one resource group (lowercase), event types and job states (JSON arrays).
    rg_key TEXT,
    event_types TEXT,
    job_states TEXT,
    max_attempts INTEGER NOT NULL,
    ttl_minutes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The last event of the activity log looked at.
    cursor INTEGER NOT NULL,
    PRIMARY KEY (sub_key, name_key)
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sub_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    -- The Event Grid event's id and type, and the whole event as sent (bounded: a job's summary).
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- 'Pending', 'Delivered' or 'DeadLettered'.
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_http_status INTEGER,
    last_error TEXT,
    FOREIGN KEY (sub_key, name_key) REFERENCES event_subscriptions (sub_key, name_key)
        ON DELETE CASCADE
);
-- What is due, oldest first; a subscription's deliveries, newest first.
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_subscription ON deliveries (sub_key, name_key, id);
