-- What triggered each alert, as facts the patient reads in their own language
-- (diary_core::facts, a JSON array). NULL for alerts saved before: they keep the care
-- team's detail they were saved with.
ALTER TABLE alerts ADD COLUMN facts TEXT;
