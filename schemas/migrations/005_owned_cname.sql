-- 005_owned_cname.sql - the ledger also holds CNAME records (zones of style cname or target, issue 12):
-- for a CNAME row alias_dns_name holds the CNAME's value and alias_zone_id is NULL. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt with its rows. Embedded in state/store.c.
CREATE TABLE owned_records_new (
    zone_id        TEXT NOT NULL,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL CHECK (type IN ('A', 'AAAA', 'CNAME')),
    alias_zone_id  TEXT,
    alias_dns_name TEXT,
    service_arn    TEXT NOT NULL,
    account        TEXT,
    since_ms       INTEGER NOT NULL,
    PRIMARY KEY (zone_id, name, type)
);
INSERT INTO owned_records_new (zone_id, name, type, alias_zone_id, alias_dns_name, service_arn, account, since_ms)
    SELECT zone_id, name, type, alias_zone_id, alias_dns_name, service_arn, account, since_ms FROM owned_records;
DROP TABLE owned_records;
ALTER TABLE owned_records_new RENAME TO owned_records;
CREATE INDEX owned_records_service ON owned_records (service_arn);
