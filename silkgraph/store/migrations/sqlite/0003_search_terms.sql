-- Search that knows inflection: every word of title and text with its
-- German and English stems (silkgraph.terms.index_text), in a second
-- full-text index beside documents_fts, which stays as it was.
CREATE TABLE document_terms (
    seq   INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    title TEXT NOT NULL,
    text  TEXT NOT NULL
);

CREATE VIRTUAL TABLE document_terms_fts USING fts5 (
    title, text,
    content = 'document_terms', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER document_terms_fts_insert AFTER INSERT ON document_terms BEGIN
    INSERT INTO document_terms_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER document_terms_fts_delete AFTER DELETE ON document_terms BEGIN
    INSERT INTO document_terms_fts (document_terms_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER document_terms_fts_update AFTER UPDATE ON document_terms BEGIN
    INSERT INTO document_terms_fts (document_terms_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO document_terms_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Every name an entity has been seen under in the stored texts, in the
-- folded form of silkgraph.terms.normal, for alias search beside the KB's.
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL,
    normal    TEXT NOT NULL,
    alias     TEXT NOT NULL,
    PRIMARY KEY (entity_id, normal)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_normal ON entity_aliases (normal);
