-- Per-event and per-fact aggregates of the distinct values their reports give, so that
-- a report joining an event costs the same whatever the number of reports before it;
-- why each report joined its event; and the analysts' merge decisions, kept on rebuild.

CREATE TABLE graph_support (
    node      TEXT NOT NULL,      -- graph event or graph fact id
    attr      TEXT NOT NULL,      -- type | date | weak_date | place | participant | modality | label | source
                                  -- | claim | fact_type | document
    value     TEXT NOT NULL,
    sources   INTEGER NOT NULL,   -- independent sources (near-duplicate clusters) giving the value
    reports   INTEGER NOT NULL,   -- reports giving it
    first_seq INTEGER NOT NULL,   -- the first report giving it (document seq, item ord)
    first_ord INTEGER NOT NULL,
    example   TEXT,               -- label: its text; date: JSON list of the first documents giving it
    PRIMARY KEY (node, attr, value)
) WITHOUT ROWID;

CREATE TABLE graph_support_sources (
    node    TEXT NOT NULL,
    attr    TEXT NOT NULL,
    value   TEXT NOT NULL,
    cluster TEXT NOT NULL,
    PRIMARY KEY (node, attr, value, cluster)
) WITHOUT ROWID;

-- What each near-duplicate cluster with more than one member has added to the relation
-- network already (silkgraph.network): a copy adds only what is new.
CREATE TABLE cluster_contributions (
    cluster TEXT NOT NULL,
    year    TEXT NOT NULL,
    kind    TEXT NOT NULL,        -- event | fact | cooccurrence | any | mention
    a       TEXT NOT NULL,
    b       TEXT NOT NULL,        -- '' for a mention
    PRIMARY KEY (cluster, year, kind, a, b)
) WITHOUT ROWID;

ALTER TABLE graph_event_members ADD COLUMN reason TEXT;   -- JSON: what matched when the report joined
ALTER TABLE graph_events ADD COLUMN date_weak INTEGER NOT NULL DEFAULT 0;  -- date known from publication days only

-- Analysts' corrections of the merge: keep two reports apart (split) or together (join).
-- Reports are named "<document id>#<ord>"; not part of the graph, so a rebuild keeps them.
CREATE TABLE merge_decisions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('split', 'join')),
    report_a   TEXT NOT NULL,
    report_b   TEXT NOT NULL,
    note       TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX merge_decisions_a ON merge_decisions (report_a);
CREATE INDEX merge_decisions_b ON merge_decisions (report_b);

-- The events a near-duplicate cluster has reports in (attr 'source'): found by the cluster.
CREATE INDEX graph_support_value ON graph_support (attr, value);
