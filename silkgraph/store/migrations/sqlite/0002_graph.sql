-- The knowledge graph across documents. Everything here is derived from the
-- tables of 0001 and can be rebuilt from them (silkgraph.graph.rebuild); it
-- is written in the same transaction as the document it comes from.

-- Near-duplicate clusters: a syndicated copy joins the cluster of the
-- earlier document it copies. Source counts count clusters, not documents.
CREATE TABLE doc_clusters (
    doc_id       TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    cluster      TEXT NOT NULL,   -- id of the first document of the cluster
    duplicate_of TEXT,            -- the most similar earlier document; NULL for an original
    similarity   REAL             -- estimated Jaccard similarity to duplicate_of
);
CREATE INDEX doc_clusters_cluster ON doc_clusters (cluster);

CREATE TABLE doc_signatures (
    doc_id   TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    minhash  BLOB NOT NULL,
    shingles INTEGER NOT NULL
);

-- LSH buckets: documents sharing a (band, bucket) are compared.
CREATE TABLE doc_lsh (
    band   INTEGER NOT NULL,
    bucket TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, doc_id)
) WITHOUT ROWID;
CREATE INDEX doc_lsh_doc ON doc_lsh (doc_id);

-- One row per real-world event; its reports are the rows of `events` that
-- graph_event_members assigns to it. Columns are aggregates over them.
CREATE TABLE graph_events (
    id           TEXT PRIMARY KEY,   -- "ev-<doc id>-<ord>" of its first report
    family       TEXT NOT NULL,      -- encounter | agreement | project | statement | other
    type         TEXT NOT NULL,
    date         TEXT,
    date_start   TEXT,               -- first and last day `date` may mean (ISO days), for range look-ups
    date_end     TEXT,
    place        TEXT,
    label        TEXT,
    modality     TEXT NOT NULL,
    contested    INTEGER NOT NULL DEFAULT 0,
    alternatives TEXT,               -- JSON [{date, documents}] when reports disagree on the date
    sources      INTEGER NOT NULL,   -- independent sources: distinct near-duplicate clusters
    documents    INTEGER NOT NULL,
    first_seq    INTEGER NOT NULL,
    first_ord    INTEGER NOT NULL
);
CREATE INDEX graph_events_date ON graph_events (date);
CREATE INDEX graph_events_family_start ON graph_events (family, date_start);

CREATE TABLE graph_event_members (
    event_id    INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    graph_event TEXT NOT NULL REFERENCES graph_events (id)
);
CREATE INDEX graph_event_members_graph_event ON graph_event_members (graph_event);

CREATE TABLE graph_event_participants (
    graph_event TEXT NOT NULL REFERENCES graph_events (id),
    entity_id   TEXT NOT NULL,
    sources     INTEGER NOT NULL,   -- independent sources naming this participant
    PRIMARY KEY (graph_event, entity_id)
) WITHOUT ROWID;
CREATE INDEX graph_event_participants_entity ON graph_event_participants (entity_id);

-- One row per fact slot (what is measured, of whom, when); its claims are
-- the rows of `facts` that graph_fact_members assigns to it.
CREATE TABLE graph_facts (
    id        TEXT PRIMARY KEY,
    family    TEXT NOT NULL,        -- trade | growth | deal | count | other
    type      TEXT NOT NULL,
    unit      TEXT NOT NULL,
    period    TEXT,
    modality  TEXT NOT NULL,        -- actual | target
    value     REAL NOT NULL,        -- the best supported claim's value
    qualifier TEXT,
    contested INTEGER NOT NULL DEFAULT 0,
    sources   INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    first_ord INTEGER NOT NULL
);
CREATE INDEX graph_facts_period ON graph_facts (period);

CREATE TABLE graph_fact_members (
    fact_id    INTEGER PRIMARY KEY REFERENCES facts (id) ON DELETE CASCADE,
    graph_fact TEXT NOT NULL REFERENCES graph_facts (id)
);
CREATE INDEX graph_fact_members_graph_fact ON graph_fact_members (graph_fact);

CREATE TABLE graph_fact_subjects (
    graph_fact TEXT NOT NULL REFERENCES graph_facts (id),
    ord        INTEGER NOT NULL,
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (graph_fact, ord)
) WITHOUT ROWID;
CREATE INDEX graph_fact_subjects_entity ON graph_fact_subjects (entity_id);
