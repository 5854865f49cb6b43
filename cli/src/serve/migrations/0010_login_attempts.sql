-- covered serve, schema 10: the login throttle. Every login attempt is counted here
-- before its password is checked, in two buckets: the login tried from one address
-- ('pair <address> <login>') and the address itself ('addr <address>'). A bucket's
-- failures make its next attempt wait longer and longer (exponential back-off): the
-- address that guesses is slowed down, while the account's owner, from another address,
-- logs in as ever. A right password empties its pair and takes one off its address. Kept
-- in the database, so that it holds across restarts and for every server on it; counted
-- by a compare-and-set update, so that parallel attempts each count.

CREATE TABLE login_attempts (
    bucket TEXT PRIMARY KEY,
    -- The login tried (NULL in an address's own bucket) and the address ('-': unknown).
    login TEXT,
    ip TEXT NOT NULL,
    -- Attempts counted since the bucket was last emptied (or left alone for an hour).
    failures BIGINT NOT NULL,
    -- When the last one was counted, and before when none is counted or checked (Unix ms).
    last_ms BIGINT NOT NULL,
    next_ms BIGINT NOT NULL
);

CREATE INDEX login_attempts_last ON login_attempts (last_ms);
