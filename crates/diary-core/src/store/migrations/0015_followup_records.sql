-- Migration 15: the escalation ladder follows up every alert, not only a report's (issue 21,
-- items 1 and 2; warning-signs-v3.md, *Escalation ladder*: a check-in's A-SELF-HARM follows
-- E-4 and its A-FUNCTION E-3; a lab-only amber follows E-3). An answer is now about exactly
-- one record: a report, a check-in or a lab result whose entry raised lab-only alerts; and
-- it answers one question: `contact` ("Did you get through…?", E-1/E-3) or `talk` ("Have
-- you been able to talk to your care team or someone you trust?", E-4). `report_id` was NOT
-- NULL, which SQLite cannot alter, so the table is rebuilt with its rows and ids kept (every
-- old answer is about a report and answers `contact`), as 0009 did. Append-only.

CREATE TABLE followups_v15 (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    report_id    INTEGER REFERENCES reports (id) ON DELETE CASCADE,
    checkin_id   INTEGER REFERENCES checkins (id) ON DELETE CASCADE,
    lab_id       INTEGER REFERENCES labs (id) ON DELETE CASCADE,
    question     TEXT NOT NULL DEFAULT 'contact' CHECK (question IN ('contact', 'talk')),
    answered_utc TEXT NOT NULL,
    answer       TEXT NOT NULL CHECK (answer IN ('reached', 'not_yet', 'they_said')),
    note         TEXT,
    CHECK (answer = 'they_said' OR note IS NULL),
    CHECK ((report_id IS NOT NULL) + (checkin_id IS NOT NULL) + (lab_id IS NOT NULL) = 1)
);
INSERT INTO followups_v15 (id, uid, report_id, question, answered_utc, answer, note)
SELECT id, uid, report_id, 'contact', answered_utc, answer, note FROM followups;
DROP TABLE followups;
ALTER TABLE followups_v15 RENAME TO followups;
CREATE INDEX followups_by_report ON followups (report_id, answered_utc);
CREATE INDEX followups_by_checkin ON followups (checkin_id, answered_utc);
CREATE INDEX followups_by_lab ON followups (lab_id, answered_utc);
