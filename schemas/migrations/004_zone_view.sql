-- 004_zone_view.sql - the last full view of each zone, kept between full reads (issue 11): a
-- converged cycle checks it against GetHostedZone's record count (and the zone tags) instead of
-- listing every record. Embedded in state/store.c.
CREATE TABLE zone_view (
    zone_id     TEXT PRIMARY KEY,
    rrset_count INTEGER NOT NULL,
    read_ms     INTEGER NOT NULL,
    cycles      INTEGER NOT NULL,
    has_tags    INTEGER NOT NULL,
    stale       TEXT
);
CREATE TABLE zone_view_records (
    zone_id           TEXT NOT NULL REFERENCES zone_view (zone_id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    type              TEXT NOT NULL,
    set_identifier    TEXT NOT NULL DEFAULT '',
    ttl               INTEGER NOT NULL,
    vals              TEXT,
    alias_zone_id     TEXT,
    alias_dns_name    TEXT,
    alias_eval_health INTEGER NOT NULL,
    PRIMARY KEY (zone_id, name, type, set_identifier)
);
CREATE TABLE zone_view_tags (
    zone_id TEXT NOT NULL REFERENCES zone_view (zone_id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (zone_id, key)
);
