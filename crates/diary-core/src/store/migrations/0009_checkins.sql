-- Migration 9: the weekly check-in (warning-signs-v2.md, *Weekly check-in*). Append-only,
-- like the migrations before it.

CREATE TABLE checkins (
    id               INTEGER PRIMARY KEY,
    -- `checkin-<uuid>`: the check-in's stable id, as reports' `report-<uuid>`.
    uid              TEXT NOT NULL UNIQUE,
    -- The instant in UTC, fixed width, and the answerer's offset, as reports store theirs.
    answered_utc     TEXT NOT NULL,
    utc_offset_s     INTEGER NOT NULL,
    reporter         TEXT NOT NULL CHECK (reporter IN ('patient', 'caregiver')),
    -- PHQ-2 and GAD-2, each item 0–3: the patient's check-in only (both items or neither).
    phq2_a           INTEGER CHECK (phq2_a BETWEEN 0 AND 3),
    phq2_b           INTEGER CHECK (phq2_b BETWEEN 0 AND 3),
    gad2_a           INTEGER CHECK (gad2_a BETWEEN 0 AND 3),
    gad2_b           INTEGER CHECK (gad2_b BETWEEN 0 AND 3),
    -- Asked only when the PHQ-2 total is >= 3; NULL: not asked.
    self_harm        INTEGER CHECK (self_harm IN (0, 1)),
    function         INTEGER NOT NULL CHECK (function BETWEEN 0 AND 4),
    social           INTEGER NOT NULL CHECK (social BETWEEN 0 AND 4),
    eating           INTEGER NOT NULL CHECK (eating BETWEEN 0 AND 3),
    -- The caregiver's own strain: a caregiver's check-in only.
    caregiver_strain INTEGER CHECK (caregiver_strain BETWEEN 0 AND 4),
    -- The triage stored with it, as for reports.
    level            TEXT NOT NULL CHECK (level IN ('none', 'green', 'amber', 'red')),
    ruleset          TEXT NOT NULL,
    saved_utc        TEXT NOT NULL,
    CHECK ((phq2_a IS NULL) = (phq2_b IS NULL) AND (gad2_a IS NULL) = (gad2_b IS NULL))
);
CREATE INDEX checkins_by_time ON checkins (answered_utc, id);

-- A check-in's alerts: the columns of `alerts` (with 0005's facts), pointing at a
-- check-in. A table of their own rather than a nullable column in `alerts`: `alerts.report_id` is NOT NULL with a
-- foreign key, SQLite cannot relax that without rebuilding the table every report query
-- joins, and no report query then has to learn to skip check-in alerts.
CREATE TABLE checkin_alerts (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    checkin_id       INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    rule             TEXT NOT NULL,
    level            TEXT NOT NULL CHECK (level IN ('green', 'amber', 'red')),
    subject          TEXT NOT NULL,
    detail           TEXT NOT NULL,
    message_key      TEXT NOT NULL,
    advice_key       TEXT,
    ruleset          TEXT NOT NULL,
    seen_by_team_utc TEXT,
    -- What triggered it, as facts the patient reads in their language (as `alerts.facts`).
    facts            TEXT
);
CREATE INDEX checkin_alerts_by_checkin ON checkin_alerts (checkin_id, position);

-- The outbox learns two kinds: a check-in and a check-in's alert. A CHECK constraint
-- cannot be altered in SQLite, so the table is rebuilt with its rows and ids kept.
CREATE TABLE outbox_v5 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('report', 'alert', 'lab', 'checkin', 'checkin_alert')),
    ref_id           INTEGER NOT NULL,
    priority         INTEGER NOT NULL,
    created_utc      TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    sent_utc         TEXT,
    last_attempt_utc TEXT
);
INSERT INTO outbox_v5 (id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc,
                       last_attempt_utc)
SELECT id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc, last_attempt_utc
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v5 RENAME TO outbox;
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
