-- covered serve, schema 10: the outbox also holds the close of a request the customer
-- left unanswered (kind 'close', key `<request>/close`: the notification policy's
-- `close_unanswered`), written in the transaction that makes the lifecycle's move.
-- The kind's CHECK is part of the table, so the table is built again (the one way
-- SQLite and PostgreSQL share), its rows, columns and indexes as they were.

CREATE TABLE outbox_next (
    event_key TEXT PRIMARY KEY,
    request TEXT NOT NULL REFERENCES requests (id),
    contract TEXT NOT NULL,
    sr TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach', 'escalation', 'close')),
    clock TEXT,
    percent BIGINT,
    step BIGINT,
    at TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    written_ms BIGINT NOT NULL,
    body TEXT NOT NULL,
    delivery TEXT NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    delivered_ms BIGINT,
    last_error TEXT,
    mailed_ms BIGINT
);

INSERT INTO outbox_next (event_key, request, contract, sr, kind, clock, percent, step, at,
    at_ms, written_ms, body, delivery, attempts, delivered_ms, last_error, mailed_ms)
SELECT event_key, request, contract, sr, kind, clock, percent, step, at, at_ms,
    written_ms, body, delivery, attempts, delivered_ms, last_error, mailed_ms FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

CREATE INDEX outbox_by_request ON outbox (request, at_ms);
CREATE INDEX outbox_by_time ON outbox (contract, at_ms);
CREATE INDEX outbox_by_delivery ON outbox (delivery, at_ms);
CREATE INDEX outbox_to_mail ON outbox (mailed_ms);
