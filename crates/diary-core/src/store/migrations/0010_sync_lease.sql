-- Migration 10: the sync lease (one sync run at a time, across processes). Append-only,
-- like the migrations before it.

-- At most one row: which run holds the lease, and until when. A run takes it in
-- BEGIN IMMEDIATE; a live lease of another holder stops a second run, an expired one can
-- be taken over (a run that crashed), and the run removes its row when it ends.
CREATE TABLE sync_lease (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT NOT NULL,
    -- Fixed-width UTC text, like every instant in the diary.
    expires_utc TEXT NOT NULL
);
