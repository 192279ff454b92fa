-- PostgreSQL counterpart of migrations/sqlite/0002_graph.sql: the knowledge
-- graph across documents, derived from the tables of 0001 and rebuildable
-- from them (silkgraph.graph.rebuild). Same columns in the same order;
-- BLOB is bytea, REAL double precision, text compares by code point.

CREATE TABLE doc_clusters (
    doc_id       text COLLATE "C" PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    cluster      text COLLATE "C" NOT NULL,
    duplicate_of text COLLATE "C",
    similarity   double precision
);
CREATE INDEX doc_clusters_cluster ON doc_clusters (cluster);

CREATE TABLE doc_signatures (
    doc_id   text COLLATE "C" PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    minhash  bytea NOT NULL,
    shingles integer NOT NULL
);

CREATE TABLE doc_lsh (
    band   integer NOT NULL,
    bucket text COLLATE "C" NOT NULL,
    doc_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, doc_id)
);
CREATE INDEX doc_lsh_doc ON doc_lsh (doc_id);

CREATE TABLE graph_events (
    id           text COLLATE "C" PRIMARY KEY,
    family       text COLLATE "C" NOT NULL,
    type         text COLLATE "C" NOT NULL,
    date         text COLLATE "C",
    date_start   text COLLATE "C",
    date_end     text COLLATE "C",
    place        text COLLATE "C",
    label        text COLLATE "C",
    modality     text COLLATE "C" NOT NULL,
    contested    integer NOT NULL DEFAULT 0,
    alternatives text COLLATE "C",
    sources      integer NOT NULL,
    documents    integer NOT NULL,
    first_seq    bigint NOT NULL,
    first_ord    integer NOT NULL
);
CREATE INDEX graph_events_date ON graph_events (date);
CREATE INDEX graph_events_family_start ON graph_events (family, date_start);

CREATE TABLE graph_event_members (
    event_id    bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    graph_event text COLLATE "C" NOT NULL REFERENCES graph_events (id)
);
CREATE INDEX graph_event_members_graph_event ON graph_event_members (graph_event);

CREATE TABLE graph_event_participants (
    graph_event text COLLATE "C" NOT NULL REFERENCES graph_events (id),
    entity_id   text COLLATE "C" NOT NULL,
    sources     integer NOT NULL,
    PRIMARY KEY (graph_event, entity_id)
);
CREATE INDEX graph_event_participants_entity ON graph_event_participants (entity_id);

CREATE TABLE graph_facts (
    id        text COLLATE "C" PRIMARY KEY,
    family    text COLLATE "C" NOT NULL,
    type      text COLLATE "C" NOT NULL,
    unit      text COLLATE "C" NOT NULL,
    period    text COLLATE "C",
    modality  text COLLATE "C" NOT NULL,
    value     double precision NOT NULL,
    qualifier text COLLATE "C",
    contested integer NOT NULL DEFAULT 0,
    sources   integer NOT NULL,
    documents integer NOT NULL,
    first_seq bigint NOT NULL,
    first_ord integer NOT NULL
);
CREATE INDEX graph_facts_period ON graph_facts (period);

CREATE TABLE graph_fact_members (
    fact_id    bigint PRIMARY KEY REFERENCES facts (id) ON DELETE CASCADE,
    graph_fact text COLLATE "C" NOT NULL REFERENCES graph_facts (id)
);
CREATE INDEX graph_fact_members_graph_fact ON graph_fact_members (graph_fact);

CREATE TABLE graph_fact_subjects (
    graph_fact text COLLATE "C" NOT NULL REFERENCES graph_facts (id),
    ord        integer NOT NULL,
    entity_id  text COLLATE "C" NOT NULL,
    PRIMARY KEY (graph_fact, ord)
);
CREATE INDEX graph_fact_subjects_entity ON graph_fact_subjects (entity_id);
