-- Editing rule sets in the portal. A draft is a row of rule_set_versions with status 'draft';
-- its text is changed in place until it is published, and from then on the triggers of
-- rule_set_versions freeze it. This script adds two tables beside it.
-- Timestamps are ISO 8601 UTC text in .NET's round-trip ("O") format.

-- The scenarios attached to one version, as one scenarios file in the format that ships beside
-- the default rule sets: { "ruleSet": NAME, "scenarios": [ ... ] }. A draft is published only
-- when all of them pass, so the scenarios of a published version are frozen with it.
CREATE TABLE rule_set_draft_scenarios (
    rule_set_name TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    content       TEXT    NOT NULL CHECK (json_valid(content)),
    updated_at    TEXT    NOT NULL,
    updated_by    TEXT    NOT NULL,
    PRIMARY KEY (rule_set_name, version),
    FOREIGN KEY (rule_set_name, version) REFERENCES rule_set_versions (rule_set_name, version)
);

CREATE TRIGGER rule_set_draft_scenarios_insert_only_for_drafts
BEFORE INSERT ON rule_set_draft_scenarios
FOR EACH ROW
WHEN (SELECT status FROM rule_set_versions
      WHERE rule_set_name = NEW.rule_set_name AND version = NEW.version) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'scenarios can be attached only to a draft version');
END;

CREATE TRIGGER rule_set_draft_scenarios_update_only_for_drafts
BEFORE UPDATE ON rule_set_draft_scenarios
FOR EACH ROW
WHEN (SELECT status FROM rule_set_versions
      WHERE rule_set_name = OLD.rule_set_name AND version = OLD.version) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the scenarios of a published version are frozen');
END;

CREATE TRIGGER rule_set_draft_scenarios_delete_only_for_drafts
BEFORE DELETE ON rule_set_draft_scenarios
FOR EACH ROW
WHEN (SELECT status FROM rule_set_versions
      WHERE rule_set_name = OLD.rule_set_name AND version = OLD.version) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'the scenarios of a published version are frozen');
END;

-- Every change made to rule sets through the portal or the API: who made it, when, to which
-- version, and what it was. action is one of the names below, and detail describes the change
-- in words, such as the version a draft was created from or the lines a save changed.
CREATE TABLE rule_set_edits (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    rule_set_name TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    action        TEXT    NOT NULL CHECK (action IN
                      ('draft-created', 'saved', 'scenarios-changed', 'published', 'imported')),
    detail        TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    at            TEXT    NOT NULL
);

CREATE INDEX rule_set_edits_by_rule_set ON rule_set_edits (rule_set_name, id DESC);

-- The edit log is append-only, like the decision log.
CREATE TRIGGER rule_set_edits_no_update
BEFORE UPDATE ON rule_set_edits
BEGIN
    SELECT RAISE(ABORT, 'the rule-set edit log is append-only');
END;

CREATE TRIGGER rule_set_edits_no_delete
BEFORE DELETE ON rule_set_edits
BEGIN
    SELECT RAISE(ABORT, 'the rule-set edit log is append-only');
END;
