-- What the workbench's pages count and filter by, kept so that a page of a large store reads
-- a row or an index instead of every stored row.

-- Rows of the stored analyses' tables (the store's counts), kept by triggers in the transaction
-- that writes the rows, whoever writes them.
CREATE TABLE store_counts (
    name  TEXT PRIMARY KEY,   -- a table: documents, mentions, events, facts, quotes
    total INTEGER NOT NULL
);
INSERT INTO store_counts (name, total) SELECT 'documents', COUNT(*) FROM documents;
INSERT INTO store_counts (name, total) SELECT 'mentions', COUNT(*) FROM mentions;
INSERT INTO store_counts (name, total) SELECT 'events', COUNT(*) FROM events;
INSERT INTO store_counts (name, total) SELECT 'facts', COUNT(*) FROM facts;
INSERT INTO store_counts (name, total) SELECT 'quotes', COUNT(*) FROM quotes;

CREATE TRIGGER documents_counted AFTER INSERT ON documents BEGIN
    UPDATE store_counts SET total = total + 1 WHERE name = 'documents';
END;
CREATE TRIGGER documents_uncounted AFTER DELETE ON documents BEGIN
    UPDATE store_counts SET total = total - 1 WHERE name = 'documents';
END;
CREATE TRIGGER mentions_counted AFTER INSERT ON mentions BEGIN
    UPDATE store_counts SET total = total + 1 WHERE name = 'mentions';
END;
CREATE TRIGGER mentions_uncounted AFTER DELETE ON mentions BEGIN
    UPDATE store_counts SET total = total - 1 WHERE name = 'mentions';
END;
CREATE TRIGGER events_counted AFTER INSERT ON events BEGIN
    UPDATE store_counts SET total = total + 1 WHERE name = 'events';
END;
CREATE TRIGGER events_uncounted AFTER DELETE ON events BEGIN
    UPDATE store_counts SET total = total - 1 WHERE name = 'events';
END;
CREATE TRIGGER facts_counted AFTER INSERT ON facts BEGIN
    UPDATE store_counts SET total = total + 1 WHERE name = 'facts';
END;
CREATE TRIGGER facts_uncounted AFTER DELETE ON facts BEGIN
    UPDATE store_counts SET total = total - 1 WHERE name = 'facts';
END;
CREATE TRIGGER quotes_counted AFTER INSERT ON quotes BEGIN
    UPDATE store_counts SET total = total + 1 WHERE name = 'quotes';
END;
CREATE TRIGGER quotes_uncounted AFTER DELETE ON quotes BEGIN
    UPDATE store_counts SET total = total - 1 WHERE name = 'quotes';
END;

-- Documents per language (the store's counts, search's language filter), and the figures with
-- most independent sources first (the figures page without subjects charts those).
CREATE INDEX documents_language ON documents (language);
CREATE INDEX graph_facts_sources ON graph_facts (sources DESC, id);
