-- Migration 2: care-team sync (diary_core::fhir). Append-only, like 0001.

-- When a row was last tried, so a failed row waits its retry delay between runs.
ALTER TABLE outbox ADD COLUMN last_attempt_utc TEXT;

-- Weeks whose reports changed since their weekly summary was last sent.
CREATE TABLE sync_weeks (
    -- The Monday of the week, YYYY-MM-DD, in the reports' own offset.
    week_start TEXT PRIMARY KEY,
    -- The offset of the week's boundaries, in seconds east of UTC.
    offset_s   INTEGER NOT NULL,
    dirty      INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
    sent_utc   TEXT
);
