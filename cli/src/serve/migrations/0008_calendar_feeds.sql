-- covered serve, schema 8: each account's calendar feed (`GET /api/calendar/<token>.ics`,
-- the due times of the requests it follows and its contracts' ends, for calendar apps
-- that fetch it without a session). One feed an account; a new one replaces it. Only the
-- SHA-256 of the feed's token (hex) is kept, as a session's: the feed is found by it, so
-- the database never holds what opens it.

CREATE TABLE calendar_feeds (
    account TEXT PRIMARY KEY REFERENCES accounts (login),
    token_hash TEXT NOT NULL UNIQUE,
    created_ms BIGINT NOT NULL
);
