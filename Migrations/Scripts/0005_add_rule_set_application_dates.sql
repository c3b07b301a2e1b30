-- Each rule-set version states the days on which it applies to events: AppliesFrom and, when
-- the version has an end date, AppliesUntil, both inclusive and written as YYYY-MM-DD. These
-- columns are computed from the stored content, for two reasons. They cannot disagree with the
-- text that the version's SHA-256 covers. And adding them writes nothing to existing rows, so
-- the trigger that freezes published versions does not fire.
--
-- Versions stored before rule sets carried AppliesFrom have NULL in both columns. No case is
-- decided with such a version: the portal selects only versions with an applies_from.
--
-- The checks keep the text comparable as dates: a real calendar date in exactly this form
-- (date(x, '+0 days') turns 2024-02-30 into 2024-03-01, so only a real date equals itself),
-- and applies_until not before applies_from.

ALTER TABLE rule_set_versions ADD COLUMN applies_from TEXT
    GENERATED ALWAYS AS (json_extract(content, '$.AppliesFrom')) VIRTUAL
    CONSTRAINT rule_set_versions_applies_from_is_date
        CHECK (applies_from IS NULL OR date(applies_from, '+0 days') IS applies_from);

ALTER TABLE rule_set_versions ADD COLUMN applies_until TEXT
    GENERATED ALWAYS AS (json_extract(content, '$.AppliesUntil')) VIRTUAL
    CONSTRAINT rule_set_versions_applies_until_is_date_after_from
        CHECK (applies_until IS NULL OR (
            date(applies_until, '+0 days') IS applies_until
            AND applies_from IS NOT NULL
            AND applies_until >= applies_from));

-- Serves the look-up of the highest published version in force on a date.
CREATE INDEX rule_set_versions_by_start ON rule_set_versions (rule_set_name, status, applies_from);
