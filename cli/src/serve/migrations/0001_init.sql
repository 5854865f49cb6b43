-- covered serve, schema 1. Written once for both SQLite and PostgreSQL: only TEXT and
-- BIGINT columns, ids made by the server, times as local ISO text (the catalog's zone)
-- next to Unix milliseconds for ordering.

CREATE TABLE institutions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- Which contracts an institution's accounts may see.
CREATE TABLE institution_contracts (
    institution TEXT NOT NULL REFERENCES institutions (id),
    contract TEXT NOT NULL,
    PRIMARY KEY (institution, contract)
);

CREATE TABLE accounts (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('customer', 'vendor')),
    institution TEXT REFERENCES institutions (id),
    branch TEXT,
    password_hash TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);

-- Sessions by the hash of their cookie token (the token itself is never stored).
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts (login),
    csrf TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);

-- One row per contract: the last SR number issued. Submissions to a contract update it
-- first, which serialises them (row lock), so quota checks never race.
CREATE TABLE contract_state (
    contract TEXT PRIMARY KEY,
    last_sr TEXT NOT NULL
);

CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    contract TEXT NOT NULL,
    sr TEXT NOT NULL,
    account TEXT NOT NULL REFERENCES accounts (login),
    idempotency_key TEXT,
    body_hash TEXT NOT NULL,
    branch TEXT,
    product TEXT NOT NULL,
    version TEXT NOT NULL,
    category TEXT NOT NULL,
    requester TEXT NOT NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    answers TEXT NOT NULL,
    wanted_by TEXT,
    paid BIGINT NOT NULL,
    coverage TEXT NOT NULL,
    severity TEXT,
    status TEXT NOT NULL,
    rework BIGINT NOT NULL,
    submitted TEXT NOT NULL,
    submitted_ms BIGINT NOT NULL,
    responded TEXT,
    resolved TEXT,
    closed TEXT,
    waiting_since TEXT,
    pauses TEXT NOT NULL,
    deadlines TEXT NOT NULL,
    verdict TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    contract_version TEXT NOT NULL,
    updated_ms BIGINT NOT NULL,
    UNIQUE (contract, sr),
    UNIQUE (account, idempotency_key)
);

CREATE INDEX requests_by_contract ON requests (contract, category);
CREATE INDEX requests_by_time ON requests (submitted_ms);

-- What happened to a request: submitted, status changes, comments.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    request TEXT NOT NULL REFERENCES requests (id),
    at TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    account TEXT NOT NULL REFERENCES accounts (login),
    kind TEXT NOT NULL,
    status TEXT,
    body TEXT
);

CREATE INDEX events_by_request ON events (request, at_ms);
