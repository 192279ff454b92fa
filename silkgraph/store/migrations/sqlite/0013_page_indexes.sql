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
-- A speaker's articles and their days without reading a quote or a text (a briefing's quotes,
-- newest first).
CREATE INDEX quotes_speaker_document ON quotes (speaker, doc_id);
CREATE INDEX documents_id_published ON documents (id, published);

-- Figure series (silkgraph.query.figures): the facts of one subject set, figure type, unit and
-- claim modality, with their independent sources summed, so that a page ranks the series of an
-- entity, or of the whole store, without summarising each of its tens of thousands of figures.
-- graph_facts keeps what a fact's series is: `pair`, its subject ids in order (space-separated,
-- '' for none), and `claim_modality`, what most of its claims are (reported, estimate, planned,
-- target; of equally many, the first of these): both kept by triggers as subjects and claims
-- join it, so that every writer of the graph (ingest, rebuild) keeps them the same way.
ALTER TABLE graph_facts ADD COLUMN pair TEXT NOT NULL DEFAULT '';
ALTER TABLE graph_facts ADD COLUMN claim_modality TEXT;
UPDATE graph_facts SET pair = COALESCE((
    SELECT group_concat(entity_id, ' ') FROM (
        SELECT entity_id FROM graph_fact_subjects AS s WHERE s.graph_fact = graph_facts.id ORDER BY s.ord)
), '');
-- How a graph fact's claims put it and who said it: per fact, modality and period source, the
-- claims that give them; per speaker, the claims said in a quote of theirs (a quote with a known
-- speaker overlaps the claim's sentence). Read by the figures instead of every claim of a fact.
CREATE TABLE graph_fact_claims (
    graph_fact    TEXT NOT NULL,
    modality      TEXT NOT NULL,
    period_source TEXT NOT NULL,   -- '' when the claim does not say
    reports       INTEGER NOT NULL,
    PRIMARY KEY (graph_fact, modality, period_source)
) WITHOUT ROWID;
INSERT INTO graph_fact_claims (graph_fact, modality, period_source, reports)
    SELECT m.graph_fact, f.modality, COALESCE(f.period_source, ''), COUNT(*)
    FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id
    GROUP BY m.graph_fact, f.modality, COALESCE(f.period_source, '');
CREATE TABLE graph_fact_speakers (
    graph_fact TEXT NOT NULL,
    speaker    TEXT NOT NULL,
    reports    INTEGER NOT NULL,
    PRIMARY KEY (graph_fact, speaker)
) WITHOUT ROWID;
INSERT INTO graph_fact_speakers (graph_fact, speaker, reports)
    SELECT m.graph_fact, q.speaker, COUNT(*) FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id
    JOIN quotes AS q ON q.doc_id = f.doc_id AND q.start < f.evidence_end AND q."end" > f.evidence_start
    WHERE q.speaker IS NOT NULL GROUP BY m.graph_fact, q.speaker;
UPDATE graph_facts SET claim_modality = (
    SELECT c.modality FROM graph_fact_claims AS c WHERE c.graph_fact = graph_facts.id GROUP BY c.modality
    ORDER BY SUM(c.reports) DESC, CASE c.modality WHEN 'reported' THEN 0 WHEN 'estimate' THEN 1
        WHEN 'planned' THEN 2 WHEN 'target' THEN 3 ELSE 99 END, c.modality LIMIT 1
);
CREATE INDEX graph_facts_series ON graph_facts (pair, type, unit, claim_modality, period, id);

CREATE TABLE figure_series (
    pair     TEXT NOT NULL,
    type     TEXT NOT NULL,
    unit     TEXT NOT NULL,
    modality TEXT NOT NULL,     -- the facts' claim_modality, else their modality
    facts    INTEGER NOT NULL,
    sources  INTEGER NOT NULL,  -- the facts' independent sources, summed
    PRIMARY KEY (pair, type, unit, modality)
);
INSERT INTO figure_series (pair, type, unit, modality, facts, sources)
    SELECT pair, type, unit, COALESCE(claim_modality, modality), COUNT(*), SUM(sources) FROM graph_facts
    GROUP BY pair, type, unit, COALESCE(claim_modality, modality);

CREATE TRIGGER graph_fact_subjects_pair AFTER INSERT ON graph_fact_subjects BEGIN
    UPDATE graph_facts SET pair = CASE WHEN pair = '' THEN new.entity_id ELSE pair || ' ' || new.entity_id END
        WHERE id = new.graph_fact;
END;

CREATE TRIGGER graph_fact_members_claims AFTER INSERT ON graph_fact_members BEGIN
    INSERT INTO graph_fact_claims (graph_fact, modality, period_source, reports)
        SELECT new.graph_fact, f.modality, COALESCE(f.period_source, ''), 1 FROM facts AS f WHERE f.id = new.fact_id
        ON CONFLICT (graph_fact, modality, period_source) DO UPDATE SET reports = reports + 1;
    INSERT INTO graph_fact_speakers (graph_fact, speaker, reports)
        SELECT new.graph_fact, q.speaker, COUNT(*) FROM facts AS f
        JOIN quotes AS q ON q.doc_id = f.doc_id AND q.start < f.evidence_end AND q."end" > f.evidence_start
        WHERE f.id = new.fact_id AND q.speaker IS NOT NULL GROUP BY q.speaker
        ON CONFLICT (graph_fact, speaker) DO UPDATE SET reports = reports + excluded.reports;
    UPDATE graph_facts SET claim_modality = (
        SELECT c.modality FROM graph_fact_claims AS c WHERE c.graph_fact = new.graph_fact GROUP BY c.modality
        ORDER BY SUM(c.reports) DESC, CASE c.modality WHEN 'reported' THEN 0 WHEN 'estimate' THEN 1
            WHEN 'planned' THEN 2 WHEN 'target' THEN 3 ELSE 99 END, c.modality LIMIT 1
    ) WHERE id = new.graph_fact;
END;

CREATE TRIGGER figure_series_insert AFTER INSERT ON graph_facts BEGIN
    INSERT INTO figure_series (pair, type, unit, modality, facts, sources)
        VALUES (new.pair, new.type, new.unit, COALESCE(new.claim_modality, new.modality), 1, new.sources)
        ON CONFLICT (pair, type, unit, modality)
        DO UPDATE SET facts = facts + 1, sources = sources + excluded.sources;
END;

CREATE TRIGGER figure_series_delete AFTER DELETE ON graph_facts BEGIN
    UPDATE figure_series SET facts = facts - 1, sources = sources - old.sources
        WHERE pair = old.pair AND type = old.type AND unit = old.unit
        AND modality = COALESCE(old.claim_modality, old.modality);
    DELETE FROM figure_series WHERE pair = old.pair AND type = old.type AND unit = old.unit
        AND modality = COALESCE(old.claim_modality, old.modality) AND facts <= 0;
END;

CREATE TRIGGER figure_series_update AFTER UPDATE OF pair, type, unit, modality, claim_modality, sources
    ON graph_facts
    WHEN old.pair IS NOT new.pair OR old.type IS NOT new.type OR old.unit IS NOT new.unit
        OR COALESCE(old.claim_modality, old.modality) IS NOT COALESCE(new.claim_modality, new.modality)
        OR old.sources IS NOT new.sources
BEGIN
    UPDATE figure_series SET facts = facts - 1, sources = sources - old.sources
        WHERE pair = old.pair AND type = old.type AND unit = old.unit
        AND modality = COALESCE(old.claim_modality, old.modality);
    DELETE FROM figure_series WHERE pair = old.pair AND type = old.type AND unit = old.unit
        AND modality = COALESCE(old.claim_modality, old.modality) AND facts <= 0;
    INSERT INTO figure_series (pair, type, unit, modality, facts, sources)
        VALUES (new.pair, new.type, new.unit, COALESCE(new.claim_modality, new.modality), 1, new.sources)
        ON CONFLICT (pair, type, unit, modality)
        DO UPDATE SET facts = facts + 1, sources = sources + excluded.sources;
END;
