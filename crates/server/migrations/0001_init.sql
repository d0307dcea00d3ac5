-- Jobs are stored as the JSON document the API returns (plus drive secrets), with the columns
-- that lists, filters, paging and the retention sweep need, each behind an index.
CREATE TABLE jobs (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- creation order; the paging key
    sub_key         TEXT    NOT NULL,                  -- subscription id, lowercase
    rg_key          TEXT    NOT NULL,                  -- resource group, lowercase
    rg_name         TEXT    NOT NULL,                  -- resource group as first written
    name_key        TEXT    NOT NULL,                  -- job name, lowercase
    state           TEXT    NOT NULL,
    job_type        TEXT    NOT NULL,
    cancel_requested INTEGER NOT NULL,
    removal_at      INTEGER,                           -- when retention removes it (rules)
    version         INTEGER NOT NULL,                  -- bumped by every change
    body            TEXT    NOT NULL,                  -- JobResponse as JSON
    UNIQUE (sub_key, rg_key, name_key)
);
CREATE INDEX jobs_by_sub ON jobs (sub_key, seq);
CREATE INDEX jobs_by_rg ON jobs (sub_key, rg_key, seq);
CREATE INDEX jobs_by_state ON jobs (sub_key, state, seq);
CREATE INDEX jobs_by_type ON jobs (sub_key, job_type, seq);
CREATE INDEX jobs_by_removal ON jobs (removal_at) WHERE removal_at IS NOT NULL;

-- Every acknowledged change, in order: what the reliability checks replay.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    sub_key         TEXT    NOT NULL,
    rg_key          TEXT    NOT NULL,
    name_key        TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    state_before    TEXT,
    state_after     TEXT,
    cancel_before   INTEGER,
    cancel_after    INTEGER
);

-- Service settings that must survive restarts: the clock offset, the policy in force.
CREATE TABLE meta (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
);
