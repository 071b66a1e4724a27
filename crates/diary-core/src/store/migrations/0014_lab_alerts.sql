-- Migration 14: a lab-only alert is kept (issue 21, item 1; warning-signs-v3.md, *Lab-only
-- triage*: "Its ambers are stored as alerts, sent to the care team as Tasks, and followed
-- up"). Until now a lab result entered on its own was triaged and shown once, then
-- neither stored as an alert nor sent. Append-only, like the migrations before it.

-- A lab-only triage's alerts: the columns of `checkin_alerts`, pointing at the lab result
-- whose entry raised them (its `taken_on` is the day D the triage was made as of). A table
-- of their own, for the reason 0009 gave for check-ins: `alerts.report_id` is NOT NULL.
CREATE TABLE lab_alerts (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    lab_id           INTEGER NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    rule             TEXT NOT NULL,
    level            TEXT NOT NULL CHECK (level IN ('green', 'amber', 'red')),
    subject          TEXT NOT NULL,
    detail           TEXT NOT NULL,
    message_key      TEXT NOT NULL,
    advice_key       TEXT,
    ruleset          TEXT NOT NULL,
    seen_by_team_utc TEXT,
    facts            TEXT,
    -- The moment of entry (t of the escalation ladder), fixed-width UTC text.
    raised_utc       TEXT
);
CREATE INDEX lab_alerts_by_lab ON lab_alerts (lab_id, position);

-- The outbox learns the kind `lab_alert`. A CHECK constraint cannot be altered in SQLite,
-- so the table is rebuilt with its rows, ids and every column kept, as 0013 did.
CREATE TABLE outbox_v14 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('report', 'alert', 'lab', 'checkin', 'checkin_alert',
                                     'followup', 'no_report', 'lab_alert')),
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
INSERT INTO outbox_v14 (id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc,
                        last_attempt_utc, refusals, set_aside_utc)
SELECT id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc, last_attempt_utc,
       refusals, set_aside_utc
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v14 RENAME TO outbox;
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
