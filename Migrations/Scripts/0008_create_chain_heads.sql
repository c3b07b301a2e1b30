-- Anyone who can write the database file can rebuild the whole decision chain with fresh
-- hashes, or cut decisions off its end, and the chain alone still verifies. So after each
-- appended decision the portal stores the head of the chain (the decision's sequence and
-- content hash) signed with an ECDSA P-256 key that is kept in a file outside the database.
-- ChainHeadSigner in the portal documents the exact text that is signed.
--
-- signed_at is the round-trip ("O") UTC timestamp of signing, and is part of the signed text.
-- key_id is the lowercase hex SHA-256 of the public key's SubjectPublicKeyInfo (DER), so that a
-- verifier can tell a signature made with another key from a forged one. signature is the
-- IEEE P1363 form (r then s, 64 bytes) in lowercase hex.
-- There is no foreign key to decisions on purpose: a head must outlive the decisions it
-- covers, because a signed head whose decision is gone is how truncation shows.

CREATE TABLE chain_heads (
    sequence     INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1),
    content_hash TEXT    NOT NULL CHECK (length(content_hash) = 64),
    signed_at    TEXT    NOT NULL,
    key_id       TEXT    NOT NULL CHECK (length(key_id) = 64),
    signature    TEXT    NOT NULL
);

CREATE TRIGGER chain_heads_no_update
BEFORE UPDATE ON chain_heads
BEGIN
    SELECT RAISE(ABORT, 'signed chain heads are append-only');
END;

CREATE TRIGGER chain_heads_no_delete
BEFORE DELETE ON chain_heads
BEGIN
    SELECT RAISE(ABORT, 'signed chain heads are append-only');
END;
