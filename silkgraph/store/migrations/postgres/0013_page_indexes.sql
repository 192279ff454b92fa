-- What the workbench's pages count and filter by, kept so that a page of a large store reads
-- a row or an index instead of every stored row.

-- Rows of the stored analyses' tables (the store's counts), kept by triggers in the transaction
-- that writes the rows, whoever writes them.
CREATE TABLE store_counts (
    name  text PRIMARY KEY,   -- a table: documents, mentions, events, facts, quotes
    total bigint NOT NULL
);
INSERT INTO store_counts (name, total) SELECT 'documents', COUNT(*) FROM documents;
INSERT INTO store_counts (name, total) SELECT 'mentions', COUNT(*) FROM mentions;
INSERT INTO store_counts (name, total) SELECT 'events', COUNT(*) FROM events;
INSERT INTO store_counts (name, total) SELECT 'facts', COUNT(*) FROM facts;
INSERT INTO store_counts (name, total) SELECT 'quotes', COUNT(*) FROM quotes;

CREATE FUNCTION store_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    UPDATE store_counts SET total = total + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END)
        WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END
$body$;

CREATE TRIGGER documents_counted AFTER INSERT OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION store_counts_follow();
CREATE TRIGGER mentions_counted AFTER INSERT OR DELETE ON mentions
    FOR EACH ROW EXECUTE FUNCTION store_counts_follow();
CREATE TRIGGER events_counted AFTER INSERT OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION store_counts_follow();
CREATE TRIGGER facts_counted AFTER INSERT OR DELETE ON facts
    FOR EACH ROW EXECUTE FUNCTION store_counts_follow();
CREATE TRIGGER quotes_counted AFTER INSERT OR DELETE ON quotes
    FOR EACH ROW EXECUTE FUNCTION store_counts_follow();

-- Documents per language (the store's counts, search's language filter), and the figures with
-- most independent sources first (the figures page without subjects charts those).
CREATE INDEX documents_language ON documents (language);
CREATE INDEX graph_facts_sources ON graph_facts (sources DESC, id);
