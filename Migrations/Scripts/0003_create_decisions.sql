-- The decision log is append-only and chained. Each row stores the content hash of the row
-- before it (64 zeros for the first row) and the SHA-256 of its own fields. An edit or a
-- deletion anywhere but at the end therefore breaks the chain at that row. DecisionHasher in
-- the portal documents the exact text that is hashed.
-- damage_amount is a decimal written as invariant text, never REAL, so that no amount is
-- rounded through binary floating point.

CREATE TABLE decisions (
    sequence         INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1),
    id               TEXT    NOT NULL UNIQUE,
    created_at       TEXT    NOT NULL,
    reference        TEXT    NOT NULL,
    rule_set_name    TEXT    NOT NULL,
    rule_set_version INTEGER NOT NULL,
    rule_set_sha256  TEXT    NOT NULL CHECK (length(rule_set_sha256) = 64),
    evidence_id      TEXT    NULL REFERENCES evidence (id),
    damage_amount    TEXT    NOT NULL CHECK (typeof(damage_amount) = 'text'),
    currency         TEXT    NOT NULL,
    case_json        TEXT    NOT NULL CHECK (json_valid(case_json)),
    result_json      TEXT    NOT NULL CHECK (json_valid(result_json)),
    previous_hash    TEXT    NOT NULL CHECK (length(previous_hash) = 64),
    content_hash     TEXT    NOT NULL UNIQUE CHECK (length(content_hash) = 64)
);

-- The primary key already serves listing newest first (ORDER BY sequence DESC). These
-- indexes serve look-ups by the submitter's reference and filters on the creation time.
CREATE INDEX decisions_reference ON decisions (reference, sequence DESC);
CREATE INDEX decisions_created_at ON decisions (created_at DESC);

-- A new row must extend the current head: the next sequence number and the head's content
-- hash. This keeps the chain linear even for a writer that bypasses the portal's lock.
CREATE TRIGGER decisions_append_at_head
BEFORE INSERT ON decisions
FOR EACH ROW
WHEN NEW.sequence <> (SELECT coalesce(max(sequence), 0) + 1 FROM decisions)
  OR NEW.previous_hash <> coalesce(
        (SELECT content_hash FROM decisions ORDER BY sequence DESC LIMIT 1),
        '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'decisions must be appended at the head of the chain');
END;

CREATE TRIGGER decisions_no_update
BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

CREATE TRIGGER decisions_no_delete
BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;
