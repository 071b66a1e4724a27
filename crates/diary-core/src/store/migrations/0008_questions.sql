-- Questions for the next clinic visit: a short list the patient or caregiver keeps, each
-- crossed off once asked (asked_utc) rather than deleted, so the visit report can say so.
CREATE TABLE visit_questions (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    added_utc TEXT NOT NULL,
    text      TEXT NOT NULL CHECK (length(text) > 0),
    asked_utc TEXT
);
