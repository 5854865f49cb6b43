-- covered serve, schema 4: the vendor's desk. Who handles a request (`assignee`, a vendor
-- staff login; NULL: nobody yet), and the desk's keys, written with every write of a
-- request from covered-core's answer on its record (`serve/desk.rs`): the Unix
-- milliseconds of the due of its clock that falls due next (`desk_due_ms`; NULL when the
-- lifecycle does not mark its status open, 9223372036854775807 when no clock of it runs),
-- from when that clock is at risk and breached (NULL while it stands still), its id, and
-- a digest of the data they were computed on (other data: computed again at start).
-- Internal notes are events of kind 'note'.

ALTER TABLE requests ADD COLUMN assignee TEXT REFERENCES accounts (login);
ALTER TABLE requests ADD COLUMN desk_due_ms BIGINT;
ALTER TABLE requests ADD COLUMN desk_risk_ms BIGINT;
ALTER TABLE requests ADD COLUMN desk_breach_ms BIGINT;
ALTER TABLE requests ADD COLUMN desk_clock TEXT;
ALTER TABLE requests ADD COLUMN desk_data TEXT;

-- The desk reads the open requests in this order, and counts and filters them, from the
-- index alone.
CREATE INDEX requests_on_desk ON requests
    (desk_due_ms, id, desk_risk_ms, desk_breach_ms, assignee, contract, severity, status)
    WHERE desk_due_ms IS NOT NULL;
