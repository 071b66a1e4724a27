-- "Did you reach your care team?": each answer about a red or amber report, oldest first.
-- An answer is never changed; a later one follows it ("not yet", then "reached").
CREATE TABLE followups (
    id           INTEGER PRIMARY KEY,
    -- A stable business identifier, for sync.
    uid          TEXT NOT NULL UNIQUE,
    report_id    INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    answered_utc TEXT NOT NULL,
    answer       TEXT NOT NULL CHECK (answer IN ('reached', 'not_yet', 'they_said')),
    note         TEXT,
    CHECK (answer = 'they_said' OR note IS NULL)
);
CREATE INDEX followups_by_report ON followups (report_id, answered_utc);
