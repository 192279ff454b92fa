-- Initial schema: one row per document, and the analysis of each document
-- in child tables that carry an `ord` column so that `get` returns entities,
-- events, facts and quotes in the order they were added.

-- `seq` is the rowid the full-text index points at. A plain rowid (without
-- INTEGER PRIMARY KEY) may be renumbered by VACUUM, which would silently
-- detach the external-content index from its rows.
CREATE TABLE documents (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL UNIQUE,
    title       TEXT,
    url         TEXT,
    published   TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    source      TEXT,
    added_at    TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);

-- Shared across documents: the best current knowledge about an entity.
CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    type     TEXT NOT NULL,
    wikidata TEXT
);

-- An entity as one document's analysis had it. Name, type and Wikidata id
-- are kept here too, so that a later document renaming the shared entity
-- does not rewrite what an earlier analysis said.
CREATE TABLE document_entities (
    doc_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    wikidata  TEXT,
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX document_entities_entity ON document_entities (entity_id);

CREATE TABLE mentions (
    doc_id     TEXT NOT NULL,
    entity_ord INTEGER NOT NULL,
    ord        INTEGER NOT NULL,
    entity_id  TEXT NOT NULL REFERENCES entities (id),
    start      INTEGER NOT NULL CHECK (start >= 0),
    "end"      INTEGER NOT NULL CHECK ("end" >= start),
    text       TEXT NOT NULL,
    PRIMARY KEY (doc_id, entity_ord, ord),
    FOREIGN KEY (doc_id, entity_ord) REFERENCES document_entities (doc_id, ord) ON DELETE CASCADE
);
CREATE INDEX mentions_entity ON mentions (entity_id);

-- Participants, places, subjects and speakers are entity ids but carry no
-- foreign key: an analysis may name an id it lists no entity for, and the
-- store keeps what it is given rather than reject the document.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    type           TEXT NOT NULL,
    date           TEXT,
    place          TEXT,
    label          TEXT,
    modality       TEXT NOT NULL,
    evidence_start INTEGER NOT NULL CHECK (evidence_start >= 0),
    evidence_end   INTEGER NOT NULL CHECK (evidence_end >= evidence_start),
    UNIQUE (doc_id, ord)
);
CREATE INDEX events_date ON events (date);

CREATE TABLE event_participants (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (event_id, ord)
);
CREATE INDEX event_participants_entity ON event_participants (entity_id);

CREATE TABLE facts (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord            INTEGER NOT NULL,
    type           TEXT NOT NULL,
    value          REAL NOT NULL,
    unit           TEXT NOT NULL,
    period         TEXT,
    qualifier      TEXT,
    modality       TEXT NOT NULL,
    label          TEXT,
    evidence_start INTEGER NOT NULL CHECK (evidence_start >= 0),
    evidence_end   INTEGER NOT NULL CHECK (evidence_end >= evidence_start),
    UNIQUE (doc_id, ord)
);

CREATE TABLE fact_subjects (
    fact_id   INTEGER NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (fact_id, ord)
);
CREATE INDEX fact_subjects_entity ON fact_subjects (entity_id);

CREATE TABLE quotes (
    doc_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord     INTEGER NOT NULL,
    speaker TEXT,
    text    TEXT NOT NULL,
    start   INTEGER NOT NULL CHECK (start >= 0),
    "end"   INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (doc_id, ord)
);
CREATE INDEX quotes_speaker ON quotes (speaker);

-- Full-text index over title and text, external content on documents.seq.
-- Kept in sync by triggers so that any insert, update or delete of a
-- document, from this code or from a SQL shell, keeps the index consistent.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE OF seq, title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
