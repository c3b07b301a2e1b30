-- Evidence records produced by model evaluations. Decisions refer to them by id, so a stored
-- record is never changed or removed.

CREATE TABLE evidence (
    id         TEXT NOT NULL PRIMARY KEY,
    created_at TEXT NOT NULL,
    source     TEXT NOT NULL,
    content    TEXT NOT NULL CHECK (json_valid(content)),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64)
);

CREATE TRIGGER evidence_no_update
BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence records are immutable');
END;

CREATE TRIGGER evidence_no_delete
BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence records are immutable');
END;
