-- covered serve, schema 7: files attached to a request or to one of its comments
-- (screenshots, logs). What a file is (its name, type by content, size, digest) is a row
-- of `attachments`; its bytes are a row of `attachment_bodies` of their own (base64, as
-- every column is TEXT or BIGINT), read only when the file is downloaded — so lists never
-- carry them, and a backup of the database or a second server on it has them too.

CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    request TEXT NOT NULL REFERENCES requests (id),
    -- The comment (an event's id) it came with; NULL: attached to the request itself.
    comment TEXT,
    account TEXT NOT NULL REFERENCES accounts (login),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    digest TEXT NOT NULL,
    at TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    -- Its place among the request's files, in the order they came.
    seq BIGINT NOT NULL
);

CREATE INDEX attachments_by_request ON attachments (request, seq);

CREATE TABLE attachment_bodies (
    id TEXT PRIMARY KEY REFERENCES attachments (id),
    body TEXT NOT NULL
);
