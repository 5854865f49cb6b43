-- covered serve, schema 6: the audit trail. One row per thing done — a login (and a
-- failed one), a logout, a submission, a status change, a comment, a rating or
-- complaint, an account or institution added from the accounts file — written in the
-- same transaction as the change it records, so there is no change without its row.
--
-- Rows form a hash chain: `hash` is BLAKE2b-256 over the row's fields and `prev_hash`
-- (the previous row's `hash`; 64 zeros before the first), so an edited, deleted or
-- reordered row shows (`covered audit verify`). `audit_head` is a single row holding the
-- last sequence number and hash: every append updates it first, which serialises
-- appends (a row lock on PostgreSQL; SQLite has one writer), so the chain never forks,
-- and it tells a log whose last rows were deleted from a complete one.
--
-- `who` is the account's login (or the login tried, for a failed login; `system` for
-- the accounts file); `at` local ISO time with offset, `at_ms` Unix milliseconds, both
-- by the server's clock; `detail` a small JSON object (never a password or token);
-- `ip` the client's address as the server saw it.

CREATE TABLE audit (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    who TEXT NOT NULL,
    kind TEXT NOT NULL,
    request TEXT,
    contract TEXT,
    sr TEXT,
    detail TEXT NOT NULL,
    ip TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX audit_by_request ON audit (request, seq);
CREATE INDEX audit_by_who ON audit (who, seq);
CREATE INDEX audit_by_time ON audit (at_ms);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
