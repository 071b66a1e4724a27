-- Treatment courses: the drugs (a JSON array of drug names), day 1 of cycle 1, the cycle
-- length (NULL: continuous) and the last day once stopped.
CREATE TABLE courses (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    drugs      TEXT NOT NULL,
    started_on TEXT NOT NULL,
    cycle_days INTEGER CHECK (cycle_days BETWEEN 1 AND 90),
    ended_on   TEXT CHECK (ended_on IS NULL OR ended_on >= started_on)
);
