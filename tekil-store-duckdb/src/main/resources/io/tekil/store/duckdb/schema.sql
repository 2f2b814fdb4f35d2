-- Tekil's embedded schema. Statements are separated by semicolons and applied at every start (idempotent).
-- Comments (from two dashes to the end of the line) are removed first, so they may hold semicolons.
CREATE TABLE IF NOT EXISTS sources (
    name       VARCHAR PRIMARY KEY,
    channel    VARCHAR NOT NULL,
    write_key  VARCHAR NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
-- Append-only event log: promoted columns for queries, the full message in json.
CREATE TABLE IF NOT EXISTS events (
    source       VARCHAR NOT NULL,
    channel      VARCHAR NOT NULL,
    message_id   VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    name         VARCHAR,
    user_id      VARCHAR,
    anonymous_id VARCHAR,
    group_id     VARCHAR,
    previous_id  VARCHAR,
    ts           TIMESTAMP NOT NULL,
    sent_at      TIMESTAMP,
    received_at  TIMESTAMP NOT NULL,
    profile_key  VARCHAR NOT NULL,
    category     VARCHAR,
    price        DOUBLE,
    revenue      DOUBLE,
    currency     VARCHAR,
    -- the message: zstd unless store.duckdb.compact-messages=false when the database is created, which leaves
    -- DuckDB's default (dictionary and FSST): timelines read faster (an event read through the index decompresses
    -- a whole zstd block), at 2.4 times the disk and a quarter less ingestion (docs/benchmarks.md)
    json         VARCHAR NOT NULL ${message_compression},
    -- a 64-bit hash of profile_key (Event.profileKeyHash): a profile's timeline and facts are read through the
    -- hashes of its identifiers' keys, served by an ART index when store.duckdb.profile-index is on (DuckDbStorage)
    identity_hash BIGINT
);
ALTER TABLE events ADD COLUMN IF NOT EXISTS identity_hash BIGINT;
-- properties.revenue as the exact number segments read from the JSON, where it can stand in for it (ExactRevenue);
-- null otherwise, and for events stored before the column existed: segment queries then read the JSON
ALTER TABLE events ADD COLUMN IF NOT EXISTS revenue_number DECIMAL(38,10);
CREATE TABLE IF NOT EXISTS quarantine (
    source      VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    idx         INTEGER NOT NULL,
    message_id  VARCHAR,
    reason      VARCHAR NOT NULL,
    json        VARCHAR NOT NULL
);
-- The highest ingest log record loaded whole into the tables above (see IngestLog); written with each load
CREATE TABLE IF NOT EXISTS ingest_state (
    id              INTEGER PRIMARY KEY,
    loaded_sequence BIGINT NOT NULL
);
-- and how many events of the next record (the loader may split a record between two transactions: LogLoader)
ALTER TABLE ingest_state ADD COLUMN IF NOT EXISTS loaded_events INTEGER DEFAULT 0;
-- The identity graph's log (see IdentityStore): identifiers in first-seen order, links in log order.
CREATE TABLE IF NOT EXISTS identity_identifiers (
    seq   BIGINT PRIMARY KEY,
    type  VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_links (
    id          BIGINT PRIMARY KEY,
    from_type   VARCHAR NOT NULL,
    from_value  VARCHAR NOT NULL,
    to_type     VARCHAR NOT NULL,
    to_value    VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    message_id  VARCHAR,
    rule        VARCHAR NOT NULL,
    seen_at     TIMESTAMP NOT NULL,
    removed_at  TIMESTAMP
);
-- Where each identifier was first seen (null for identifiers stored before this was kept).
ALTER TABLE identity_identifiers ADD COLUMN IF NOT EXISTS source VARCHAR;
ALTER TABLE identity_identifiers ADD COLUMN IF NOT EXISTS message_id VARCHAR;
ALTER TABLE identity_identifiers ADD COLUMN IF NOT EXISTS rule VARCHAR;
ALTER TABLE identity_identifiers ADD COLUMN IF NOT EXISTS seen_at TIMESTAMP;
-- Unmerges, appended: the link log is never updated (identity_links.removed_at is only read, from logs written
-- before removals were appended here).
CREATE TABLE IF NOT EXISTS identity_link_removals (
    link_id     BIGINT NOT NULL,
    removed_at  TIMESTAMP NOT NULL
);
-- The merges and splits the identity log made, in order, for consumers that follow profiles from storage
-- (GET /api/profiles/changes): change is profile.merged (profile_id the survivor, other_ids the absorbed one) or
-- profile.split (profile_id the split one, other_ids the profiles it became), comma-separated.
CREATE TABLE IF NOT EXISTS profile_changes (
    seq        BIGINT PRIMARY KEY,
    change     VARCHAR NOT NULL,
    profile_id VARCHAR NOT NULL,
    other_ids  VARCHAR NOT NULL,
    link_id    BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
-- Traits per identifier (see ProfileStore), append-only: the newest row of an identifier (highest seq) is its
-- trait list; older rows are dropped when the store opens.
CREATE TABLE IF NOT EXISTS profile_traits (
    seq              BIGINT NOT NULL,
    identifier_type  VARCHAR NOT NULL,
    identifier_value VARCHAR NOT NULL,
    traits           VARCHAR NOT NULL
);
-- Segment membership changes (see MembershipStore), append-only in seq order; changed_at is UTC.
CREATE TABLE IF NOT EXISTS segment_changes (
    seq         BIGINT NOT NULL,
    segment_id  VARCHAR NOT NULL,
    profile_id  VARCHAR NOT NULL,
    entered     BOOLEAN NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    cause       VARCHAR NOT NULL
);
