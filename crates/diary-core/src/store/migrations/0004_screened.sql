-- Migration 4: whether a report answered the warning-sign checklist (signs ticked, or
-- "none of these"). Reports saved before the checklist was asked every time were not
-- screened. Append-only, like the migrations before it.

ALTER TABLE reports ADD COLUMN screened INTEGER NOT NULL DEFAULT 0;
