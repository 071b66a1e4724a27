-- Migration 11: answers to "Did you reach your care team?" (0006's `followups`) are sent
-- with sync, so the care team sees them (issue 11, item 4). The outbox learns the kind
-- `followup` (its `ref_id` a `followups.id`). A CHECK constraint cannot be altered in
-- SQLite, so the table is rebuilt with its rows and ids kept, as 0009 did. Append-only,
-- like the migrations before it.

CREATE TABLE outbox_v11 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('report', 'alert', 'lab', 'checkin', 'checkin_alert',
                                     'followup')),
    ref_id           INTEGER NOT NULL,
    priority         INTEGER NOT NULL,
    created_utc      TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    sent_utc         TEXT,
    last_attempt_utc TEXT
);
INSERT INTO outbox_v11 (id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc,
                        last_attempt_utc)
SELECT id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc, last_attempt_utc
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v11 RENAME TO outbox;
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
