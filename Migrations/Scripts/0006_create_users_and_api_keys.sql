-- Portal accounts, API keys and the access log.
--
-- A user signs in with a name and a password. password_hash is the output of ASP.NET Core
-- Identity's PasswordHasher, which embeds its own salt and iteration count. failed_sign_ins
-- counts failures since the last success, and locked_until (UTC, round-trip format) ends a
-- lock-out. Users are disabled, never deleted, so that the access log keeps naming real accounts.

CREATE TABLE users (
    name            TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
    role            TEXT    NOT NULL CHECK (role IN ('regulator', 'auditor', 'admin')),
    password_hash   TEXT    NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    locked_until    TEXT    NULL,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
);

-- An API key is sent as "Authorization: Bearer pek_<id>_<secret>". Only the lowercase hex
-- SHA-256 of the whole key is stored: the secret is 32 random bytes, so a slow password hash
-- would add cost to every request and no protection.
CREATE TABLE api_keys (
    id          TEXT NOT NULL PRIMARY KEY,
    description TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('regulator', 'auditor', 'admin')),
    key_sha256  TEXT NOT NULL UNIQUE CHECK (length(key_sha256) = 64),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT NULL,
    revoked_by  TEXT NULL,
    last_used_at TEXT NULL
);

-- Sign-ins (failed ones too), sign-outs, API-key use, account and key changes and exports.
-- Rows are only ever added.
CREATE TABLE access_log (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    occurred_at    TEXT    NOT NULL,
    event          TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    remote_address TEXT    NULL,
    detail         TEXT    NULL
);

CREATE INDEX access_log_by_event ON access_log (event, id DESC);

CREATE TRIGGER access_log_no_update
BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'access log entries are immutable');
END;

CREATE TRIGGER access_log_no_delete
BEFORE DELETE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'access log entries are immutable');
END;
