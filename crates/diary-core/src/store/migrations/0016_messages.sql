-- Migration 16: messages with the care team (issue 21, item 4): the patient's (or the
-- caregiver's) messages, with an optional photo (JPEG or PNG, metadata removed, at most
-- 5 MiB), and the team's replies, kept encrypted like the rest of the diary. A message to
-- the team goes with sync as a FHIR Communication (outbox kind `message`); a reply comes
-- back from the server. Append-only, like the migrations before it.

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    direction    TEXT NOT NULL CHECK (direction IN ('to_team', 'from_team')),
    -- When it was written (a reply: when the team sent it), fixed-width UTC text.
    written_utc  TEXT NOT NULL,
    reporter     TEXT CHECK (reporter IN ('patient', 'caregiver')),
    body         TEXT NOT NULL,
    photo        BLOB,
    photo_type   TEXT CHECK (photo_type IN ('image/jpeg', 'image/png')),
    -- A reply: who in the team wrote it, and the uid of the message it answers.
    author       TEXT,
    in_reply_to  TEXT,
    -- A reply: when the patient first saw it.
    read_utc     TEXT,
    CHECK ((photo IS NULL) = (photo_type IS NULL)),
    CHECK ((direction = 'to_team') = (reporter IS NOT NULL))
);
CREATE INDEX messages_by_time ON messages (written_utc, id);

-- The outbox learns the kind `message`. A CHECK constraint cannot be altered in SQLite, so
-- the table is rebuilt with its rows, ids and every column kept, as 0014 did.
CREATE TABLE outbox_v16 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('report', 'alert', 'lab', 'checkin', 'checkin_alert',
                                     'followup', 'no_report', 'lab_alert', 'message')),
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
INSERT INTO outbox_v16 (id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc,
                        last_attempt_utc, refusals, set_aside_utc)
SELECT id, kind, ref_id, priority, created_utc, attempts, last_error, sent_utc, last_attempt_utc,
       refusals, set_aside_utc
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v16 RENAME TO outbox;
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
