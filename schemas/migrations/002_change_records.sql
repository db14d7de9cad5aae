-- 002_change_records.sql - the audit trail: every change of every batch, the record before and after;
-- the changes a run's safety threshold held back.
-- Embedded in state/store.c (a unit test checks the copy is identical).
-- A row goes with its batch's journal row, and so with its run.
CREATE TABLE change_records (
    change_id   TEXT NOT NULL REFERENCES change_journal (change_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    zone_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before      TEXT,
    after       TEXT,
    service_arn TEXT,
    account     TEXT,
    PRIMARY KEY (change_id, seq)
);
CREATE INDEX change_records_name ON change_records (name, zone_id);
-- A run's created/updated/deleted count what Route 53 accepted; what a safety threshold held back is here.
ALTER TABLE runs ADD COLUMN safety_held INTEGER;
