-- Migration 17: the care team's office hours (issue 21, item 3; warning-signs-v3.md,
-- *Levels*, "Office hours"; diary-json-v4.md `profile.office_hours`), a team setting of the
-- profile: the days it is open and one opening and closing time. Outside them, and while
-- none are saved (no row), an amber message gives the 24-hour line first. One row at most,
-- all three parts or none. Append-only, like the migrations before it.

CREATE TABLE office_hours (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    -- The days as the format spells them, in the order given, comma-separated: "mon,fri".
    days      TEXT NOT NULL CHECK (days <> ''),
    -- Minutes after midnight: opening 00:00–23:59, closing 00:01–24:00 and after opening.
    open_min  INTEGER NOT NULL CHECK (open_min BETWEEN 0 AND 1439),
    close_min INTEGER NOT NULL CHECK (close_min BETWEEN 1 AND 1440),
    CHECK (close_min > open_min)
);
