-- covered serve, schema 5: email. Accounts get an address, a language and whether they
-- want every notice or only the resolution's (`notify_all` 0). `mail` holds one row per
-- message: written with the change that causes it (in the same transaction), or, for a
-- timed event of the outbox, when the sender picks the event up (`outbox.mailed_ms`).
-- Its id is the source (the outbox's event key, the event's id, or `<request>/submitted`)
-- and the recipient's side, so no message is written — and so sent — twice. The sender
-- sends the pending ones whose `next_attempt_ms` has come, backing off after a failure,
-- and gives up (`failed`, with `last_error`) after a number of attempts.

ALTER TABLE accounts ADD COLUMN email TEXT;
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'ko';
ALTER TABLE accounts ADD COLUMN notify_all BIGINT NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN mailed_ms BIGINT;

CREATE TABLE mail (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    request TEXT NOT NULL REFERENCES requests (id),
    contract TEXT NOT NULL,
    sr TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    written_ms BIGINT NOT NULL,
    delivery TEXT NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,
    delivered_ms BIGINT,
    last_error TEXT
);

CREATE INDEX mail_by_delivery ON mail (delivery, next_attempt_ms);
CREATE INDEX mail_by_request ON mail (request, written_ms);
CREATE INDEX outbox_to_mail ON outbox (mailed_ms);
