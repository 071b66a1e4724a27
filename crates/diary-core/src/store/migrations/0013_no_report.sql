-- Migration 13: A-NO-REPORT ("no report for 3 days") reaches the care team as its own Task
-- (issue 12, item 5). Until now the alert was only computed for the home screen; a sync
-- run now stores it, once per silence, with its outbox row (kind `no_report`, its `ref_id`
-- a `no_report_alerts.id`). Append-only, like the migrations before it.

-- One row per silence: keyed by the time of the last report before it, so raising it again
-- (every sync run) finds the row already there; a new report ends the silence, and a later
-- one of 72 hours is a new row.
CREATE TABLE no_report_alerts (
    id                   INTEGER PRIMARY KEY,
    -- A stable business identifier, for sync (`alert-<uuid>`, like a report's alerts).
    uid                  TEXT NOT NULL UNIQUE,
    -- The last report before the silence: its instant (fixed-width UTC text) and offset.
    last_report_utc      TEXT NOT NULL UNIQUE,
    last_report_offset_s INTEGER NOT NULL,
    -- When the silence was noticed (the sync run's `now`).
    raised_utc           TEXT NOT NULL,
    level                TEXT NOT NULL,
    detail               TEXT NOT NULL,
    message_key          TEXT NOT NULL,
    ruleset              TEXT NOT NULL,
    facts                TEXT,
    -- When the care team acknowledged it, once sync has heard so.
    seen_by_team_utc     TEXT
);

-- The outbox learns the kind `no_report`. A CHECK constraint cannot be altered in SQLite,
-- so the table is rebuilt with its rows, ids and every column kept (0012's `refusals` and
-- `set_aside_utc` included), as 0011 did.
CREATE TABLE outbox_v13 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('report', 'alert', 'lab', 'checkin', 'checkin_alert',
                                     'followup', 'no_report')),
    ref_id           INTEGER NOT NULL,
    priority         INTEGER NOT NULL,
    created_utc      TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    sent_utc         TEXT,
    last_attempt_utc TEXT,
    refusals         INTEGER NOT NULL DEFAULT 0,
    set_aside_utc    TEXT
);
INSERT INTO outbox_v13 (id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc,
                        last_attempt_utc, refusals, set_aside_utc)
SELECT id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc, last_attempt_utc,
       refusals, set_aside_utc
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v13 RENAME TO outbox;
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
