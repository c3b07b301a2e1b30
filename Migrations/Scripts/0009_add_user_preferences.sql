-- Each user's display preferences, set on the profile page.
--
-- language is a culture the portal is translated into, or NULL to follow the language the
-- browser asks for. time_zone is an IANA time-zone id: times are stored in UTC everywhere and
-- shown to the user in this zone.

ALTER TABLE users ADD COLUMN language TEXT NULL CHECK (language IS NULL OR language IN ('en', 'zh-Hans'));
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
