-- covered serve, schema 9: incident reports. After a fault of a severity the notification
-- policy names (`notifications.json`'s `incident_report`) is restored, the vendor files a
-- report on it: one row per request, saved again to update it. `timeline` is JSON text,
-- `[{"at": "YYYY-MM-DDTHH:MM", "text": "…"}, …]`; `restored_at` local time to the minute;
-- `author` the vendor staff login who saved it last.

CREATE TABLE incident_reports (
    request TEXT PRIMARY KEY REFERENCES requests (id),
    summary TEXT NOT NULL,
    impact TEXT NOT NULL,
    cause TEXT NOT NULL,
    timeline TEXT NOT NULL,
    restored_at TEXT,
    follow_up TEXT NOT NULL,
    author TEXT NOT NULL REFERENCES accounts (login),
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

-- The scheduler looks for restored requests of the report's severities whose report is
-- late: resolved ones, by severity.
CREATE INDEX requests_resolved_by_severity ON requests (severity, id)
    WHERE resolved IS NOT NULL;

-- A late report is a timed event of its own kind in the outbox (`report`). The kinds are
-- covered-core's (`timed::What`), so the outbox no longer lists them in a CHECK: the table
-- is built again without it (SQLite can't drop a CHECK), its rows and indexes kept.
CREATE TABLE outbox_next (
    event_key TEXT PRIMARY KEY,
    request TEXT NOT NULL REFERENCES requests (id),
    contract TEXT NOT NULL,
    sr TEXT NOT NULL,
    kind TEXT NOT NULL,
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
SELECT event_key, request, contract, sr, kind, clock, percent, step, at, at_ms, written_ms,
    body, delivery, attempts, delivered_ms, last_error, mailed_ms FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

CREATE INDEX outbox_by_request ON outbox (request, at_ms);
CREATE INDEX outbox_by_time ON outbox (contract, at_ms);
CREATE INDEX outbox_by_delivery ON outbox (delivery, at_ms);
CREATE INDEX outbox_to_mail ON outbox (mailed_ms);
