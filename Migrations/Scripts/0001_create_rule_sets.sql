-- Rule sets and their versions. A version is a draft until it is published. From then on
-- the row is frozen, because every decision names the exact version and its SHA-256.
-- Timestamps are ISO 8601 UTC text in .NET's round-trip ("O") format.

CREATE TABLE rule_sets (
    name        TEXT NOT NULL PRIMARY KEY,
    description TEXT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE rule_set_versions (
    rule_set_name TEXT    NOT NULL REFERENCES rule_sets (name),
    version       INTEGER NOT NULL CHECK (version >= 1),
    status        TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    content       TEXT    NOT NULL CHECK (json_valid(content)),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    published_at  TEXT    NULL,
    published_by  TEXT    NULL,
    PRIMARY KEY (rule_set_name, version),
    CHECK (status = 'draft' OR (published_at IS NOT NULL AND published_by IS NOT NULL))
);

-- Publishing a draft is an UPDATE of a draft row, so it passes. Any UPDATE of a row that is
-- already published is rejected, which covers content and sha256 and also who published it
-- and when.
CREATE TRIGGER rule_set_versions_published_no_update
BEFORE UPDATE ON rule_set_versions
FOR EACH ROW WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'published rule-set versions are frozen');
END;

CREATE TRIGGER rule_set_versions_published_no_delete
BEFORE DELETE ON rule_set_versions
FOR EACH ROW WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'published rule-set versions cannot be deleted');
END;
