-- covered serve, schema 3: the outbox. Every timed event of a filed request — a clock's
-- warning at one of the catalog's thresholds, its breach, an escalation step of its
-- severity — is written here once, by the server's scheduler, when it falls due: the
-- row's key is covered-core's stable event key (request, clock or step, threshold), so a
-- second write of the same event (after a restart, by a second server) does nothing.
-- `body` is the core's event as JSON (what happened, in Korean and English, the action
-- text and who is told). The delivery columns wait for a sender: `pending` until one
-- has sent it (`sent`) or given up (`failed`).

CREATE TABLE outbox (
    event_key TEXT PRIMARY KEY,
    request TEXT NOT NULL REFERENCES requests (id),
    contract TEXT NOT NULL,
    sr TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach', 'escalation')),
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
    last_error TEXT
);

CREATE INDEX outbox_by_request ON outbox (request, at_ms);
CREATE INDEX outbox_by_time ON outbox (contract, at_ms);
CREATE INDEX outbox_by_delivery ON outbox (delivery, at_ms);
