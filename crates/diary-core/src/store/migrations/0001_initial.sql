-- Migration 1: the first schema. Migrations are append-only: never edit this file,
-- add 0002_*.sql instead.

CREATE TABLE profile (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    usual_stools_per_day INTEGER CHECK (usual_stools_per_day >= 0),
    baseline_weight_kg   REAL CHECK (baseline_weight_kg BETWEEN 20 AND 300),
    biliary_stent        INTEGER CHECK (biliary_stent IN (0, 1)),
    fever_threshold_c    REAL CHECK (fever_threshold_c BETWEEN 37 AND 39)
);

CREATE TABLE profile_therapies (
    therapy  TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);

-- App settings (language, phone numbers, reminders) as one JSON value per key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    -- A stable business identifier, the same on every computer and server it reaches.
    uid                TEXT NOT NULL UNIQUE,
    -- The instant in UTC, fixed width (YYYY-MM-DDTHH:MM:SS.fffffffffZ), so text order is time order.
    recorded_utc       TEXT NOT NULL,
    -- The offset the reporter's clock had, in seconds east of UTC.
    utc_offset_s       INTEGER NOT NULL,
    reporter           TEXT NOT NULL CHECK (reporter IN ('patient', 'caregiver')),
    stools_above_usual INTEGER CHECK (stools_above_usual BETWEEN 0 AND 50),
    vomiting_episodes  INTEGER CHECK (vomiting_episodes BETWEEN 0 AND 50),
    temperature_c      REAL CHECK (temperature_c BETWEEN 30 AND 45),
    weight_kg          REAL CHECK (weight_kg BETWEEN 20 AND 300),
    note               TEXT,
    -- The triage result stored with the report, and the ruleset that produced it.
    level              TEXT NOT NULL CHECK (level IN ('none', 'green', 'amber', 'red')),
    ruleset            TEXT NOT NULL,
    saved_utc          TEXT NOT NULL
);
CREATE INDEX reports_by_time ON reports (recorded_utc, id);

CREATE TABLE report_ratings (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    item      TEXT NOT NULL,
    value     INTEGER NOT NULL CHECK (value BETWEEN 0 AND 4),
    PRIMARY KEY (report_id, item)
) WITHOUT ROWID;

CREATE TABLE report_signs (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    sign      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (report_id, sign)
) WITHOUT ROWID;

CREATE TABLE labs (
    id       INTEGER PRIMARY KEY,
    uid      TEXT NOT NULL UNIQUE,
    taken_on TEXT NOT NULL,
    test     TEXT NOT NULL,
    value    REAL NOT NULL CHECK (value >= 0),
    unit     TEXT NOT NULL,
    ref_low  REAL,
    ref_high REAL,
    baseline REAL
);
CREATE INDEX labs_by_day ON labs (taken_on, id);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    report_id       INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    rule            TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('green', 'amber', 'red')),
    subject         TEXT NOT NULL,
    detail          TEXT NOT NULL,
    message_key     TEXT NOT NULL,
    advice_key      TEXT,
    ruleset         TEXT NOT NULL,
    -- When the care team acknowledged it (filled in by sync).
    seen_by_team_utc TEXT
);
CREATE INDEX alerts_by_report ON alerts (report_id, position);

-- What sync will send: written in the same transaction as the report it points at.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('report', 'alert', 'lab')),
    ref_id      INTEGER NOT NULL,
    -- 0 goes first and at once (red alerts); 1 goes on the schedule.
    priority    INTEGER NOT NULL,
    created_utc TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_utc    TEXT
);
CREATE INDEX outbox_waiting ON outbox (sent_utc, priority, id);
