-- PostgreSQL counterpart of migrations/sqlite/0003_search_terms.sql. Search
-- that knows inflection: every word of title and text with its German and
-- English stems, computed in Python (silkgraph.terms.index_text) exactly as for
-- SQLite, so that both backends match the same documents for the same query.
-- Stored as a tsvector of the 'simple' configuration (no further analysis),
-- title lexemes weighted A, text lexemes B, instead of an FTS5 table.
CREATE TABLE document_terms (
    seq   bigint PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    terms tsvector NOT NULL
);
CREATE INDEX document_terms_terms ON document_terms USING gin (terms);

CREATE TABLE entity_aliases (
    entity_id text COLLATE "C" NOT NULL,
    normal    text COLLATE "C" NOT NULL,
    alias     text COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_id, normal)
);
CREATE INDEX entity_aliases_normal ON entity_aliases (normal);
