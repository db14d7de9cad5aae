-- 001_initial.sql - the ledger, inventory, runs, the change journal and the run lock.
-- Embedded in state/store.c (a unit test checks the copy is identical).
CREATE TABLE owned_records (
    zone_id        TEXT NOT NULL,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL CHECK (type IN ('A', 'AAAA')),
    alias_zone_id  TEXT,
    alias_dns_name TEXT,
    service_arn    TEXT NOT NULL,
    account        TEXT,
    since_ms       INTEGER NOT NULL,
    PRIMARY KEY (zone_id, name, type)
);
CREATE INDEX owned_records_service ON owned_records (service_arn);
CREATE TABLE inventory (
    account      TEXT NOT NULL,
    region       TEXT NOT NULL,
    ok           INTEGER NOT NULL,
    error        TEXT,
    services     INTEGER NOT NULL DEFAULT 0,
    checked_ms   INTEGER NOT NULL,
    last_ok_ms   INTEGER,
    PRIMARY KEY (account, region)
);
CREATE TABLE runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    mode            TEXT NOT NULL,
    started_ms      INTEGER NOT NULL,
    ended_ms        INTEGER,
    outcome         TEXT,
    exit_code       INTEGER,
    created         INTEGER, updated INTEGER, deleted INTEGER,
    tags_added      INTEGER, tags_removed INTEGER,
    skipped         INTEGER, conflicts INTEGER, held INTEGER, failed_accounts INTEGER,
    error           TEXT
);
CREATE TABLE run_api_calls (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    service    TEXT NOT NULL,
    operation  TEXT NOT NULL,
    calls      INTEGER NOT NULL,
    errors     INTEGER NOT NULL,
    PRIMARY KEY (run_id, service, operation)
);
CREATE TABLE change_journal (
    change_id   TEXT PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    zone_id     TEXT NOT NULL,
    batch       INTEGER NOT NULL,
    status      TEXT NOT NULL,
    summary     TEXT,
    submitted_ms INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL
);
CREATE TABLE run_lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    owner      TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    since_ms   INTEGER NOT NULL
);
