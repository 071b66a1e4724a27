-- Migration 12: a unit the care team's server refuses again and again is set aside
-- (issue 10) instead of blocking or being retried forever. Append-only, like the
-- migrations before it.

-- How many times the server refused the row's content (a 4xx answer to it alone), apart
-- from `attempts`, which counts every failed try (network trouble included).
ALTER TABLE outbox ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;

-- When the row was set aside: it is no longer sent until the user asks to try again.
ALTER TABLE outbox ADD COLUMN set_aside_utc TEXT;
