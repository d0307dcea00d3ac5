-- Drive BitLocker keys move out of the job document into their own column, so `body` is exactly
-- what clients are sent and reads serve it as stored text (no parse, no re-serialisation).
-- Rows written before this column existed keep their keys inside `body` (drive_keys NULL);
-- readers recognise them and derive the public document.
ALTER TABLE jobs ADD COLUMN drive_keys TEXT;
