-- Migration 18: the care team's side of the escalation ladder (issue 21, item 2;
-- warning-signs-v3.md, *With answers and Task status*): when a step that concerns the
-- team fires — E-2 "the red Task is still unseen at 30 minutes" (the note "patient has not
-- reached the line"), E-3 "unsettled after 24 hours" (treated as red), E-5 "no report and
-- no answer for a day since the alert" — it is kept once per alert record and step, with
-- its outbox row (kind `escalation`), so that sync tells the team. Append-only.

CREATE TABLE escalations (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    record_kind TEXT NOT NULL CHECK (record_kind IN ('report', 'checkin', 'lab')),
    record_id   INTEGER NOT NULL,
    step        TEXT NOT NULL CHECK (step IN ('team_not_opened', 'upgrade_to_red', 'silence_alert')),
    -- When the ladder's step fired, and when the diary noticed it (a sync run's `now`).
    fired_utc   TEXT NOT NULL,
    raised_utc  TEXT NOT NULL,
    UNIQUE (record_kind, record_id, step)
);

-- The outbox learns the kind `escalation`, rebuilt with every row and column kept, as 0016.
CREATE TABLE outbox_v18 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('report', 'alert', 'lab', 'checkin', 'checkin_alert',
                                     'followup', 'no_report', 'lab_alert', 'message',
                                     'escalation')),
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
INSERT INTO outbox_v18 (id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc,
                        last_attempt_utc, refusals, set_aside_utc)
SELECT id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc, last_attempt_utc,
       refusals, set_aside_utc
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v18 RENAME TO outbox;
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
