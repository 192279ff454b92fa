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
ALTER TABLE graph_facts ADD COLUMN pair text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE graph_facts ADD COLUMN claim_modality text COLLATE "C";
UPDATE graph_facts SET pair = COALESCE((
    SELECT string_agg(s.entity_id, ' ' ORDER BY s.ord) FROM graph_fact_subjects AS s
    WHERE s.graph_fact = graph_facts.id
), '');

-- How a graph fact's claims put it and who said it: per fact, modality and period source, the
-- claims that give them; per speaker, the claims said in a quote of theirs (a quote with a known
-- speaker overlaps the claim's sentence). Read by the figures instead of every claim of a fact.
CREATE TABLE graph_fact_claims (
    graph_fact    text COLLATE "C" NOT NULL,
    modality      text COLLATE "C" NOT NULL,
    period_source text COLLATE "C" NOT NULL,   -- '' when the claim does not say
    reports       bigint NOT NULL,
    PRIMARY KEY (graph_fact, modality, period_source)
);
INSERT INTO graph_fact_claims (graph_fact, modality, period_source, reports)
    SELECT m.graph_fact, f.modality, COALESCE(f.period_source, ''), COUNT(*)
    FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id
    GROUP BY m.graph_fact, f.modality, COALESCE(f.period_source, '');
CREATE TABLE graph_fact_speakers (
    graph_fact text COLLATE "C" NOT NULL,
    speaker    text COLLATE "C" NOT NULL,
    reports    bigint NOT NULL,
    PRIMARY KEY (graph_fact, speaker)
);
INSERT INTO graph_fact_speakers (graph_fact, speaker, reports)
    SELECT m.graph_fact, q.speaker, COUNT(*) FROM graph_fact_members AS m JOIN facts AS f ON f.id = m.fact_id
    JOIN quotes AS q ON q.doc_id = f.doc_id AND q.start < f.evidence_end AND q."end" > f.evidence_start
    WHERE q.speaker IS NOT NULL GROUP BY m.graph_fact, q.speaker;

CREATE FUNCTION graph_fact_claim_modality(fact text) RETURNS text LANGUAGE sql STABLE AS $body$
    SELECT c.modality FROM graph_fact_claims AS c WHERE c.graph_fact = fact GROUP BY c.modality
    ORDER BY SUM(c.reports) DESC, CASE c.modality WHEN 'reported' THEN 0 WHEN 'estimate' THEN 1
        WHEN 'planned' THEN 2 WHEN 'target' THEN 3 ELSE 99 END, c.modality LIMIT 1
$body$;
UPDATE graph_facts SET claim_modality = graph_fact_claim_modality(id);
CREATE INDEX graph_facts_series ON graph_facts (pair, type, unit, claim_modality, period, id);

CREATE TABLE figure_series (
    pair     text COLLATE "C" NOT NULL,
    type     text COLLATE "C" NOT NULL,
    unit     text COLLATE "C" NOT NULL,
    modality text COLLATE "C" NOT NULL,     -- the facts' claim_modality, else their modality
    facts    bigint NOT NULL,
    sources  bigint NOT NULL,   -- the facts' independent sources, summed
    PRIMARY KEY (pair, type, unit, modality)
);
INSERT INTO figure_series (pair, type, unit, modality, facts, sources)
    SELECT pair, type, unit, COALESCE(claim_modality, modality), COUNT(*), SUM(sources) FROM graph_facts
    GROUP BY pair, type, unit, COALESCE(claim_modality, modality);

CREATE FUNCTION graph_fact_subjects_pair() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    UPDATE graph_facts SET pair = CASE WHEN pair = '' THEN NEW.entity_id ELSE pair || ' ' || NEW.entity_id END
        WHERE id = NEW.graph_fact;
    RETURN NULL;
END
$body$;
CREATE TRIGGER graph_fact_subjects_pair AFTER INSERT ON graph_fact_subjects
    FOR EACH ROW EXECUTE FUNCTION graph_fact_subjects_pair();

CREATE FUNCTION graph_fact_members_claims() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    INSERT INTO graph_fact_claims (graph_fact, modality, period_source, reports)
        SELECT NEW.graph_fact, f.modality, COALESCE(f.period_source, ''), 1 FROM facts AS f WHERE f.id = NEW.fact_id
        ON CONFLICT (graph_fact, modality, period_source) DO UPDATE SET reports = graph_fact_claims.reports + 1;
    INSERT INTO graph_fact_speakers (graph_fact, speaker, reports)
        SELECT NEW.graph_fact, q.speaker, COUNT(*) FROM facts AS f
        JOIN quotes AS q ON q.doc_id = f.doc_id AND q.start < f.evidence_end AND q."end" > f.evidence_start
        WHERE f.id = NEW.fact_id AND q.speaker IS NOT NULL GROUP BY q.speaker
        ON CONFLICT (graph_fact, speaker) DO UPDATE SET reports = graph_fact_speakers.reports + excluded.reports;
    UPDATE graph_facts SET claim_modality = graph_fact_claim_modality(NEW.graph_fact) WHERE id = NEW.graph_fact;
    RETURN NULL;
END
$body$;
CREATE TRIGGER graph_fact_members_claims AFTER INSERT ON graph_fact_members
    FOR EACH ROW EXECUTE FUNCTION graph_fact_members_claims();

CREATE FUNCTION figure_series_follow() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE figure_series SET facts = facts - 1, sources = sources - OLD.sources
            WHERE pair = OLD.pair AND type = OLD.type AND unit = OLD.unit
            AND modality = COALESCE(OLD.claim_modality, OLD.modality);
        DELETE FROM figure_series WHERE pair = OLD.pair AND type = OLD.type AND unit = OLD.unit
            AND modality = COALESCE(OLD.claim_modality, OLD.modality) AND facts <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO figure_series (pair, type, unit, modality, facts, sources)
            VALUES (NEW.pair, NEW.type, NEW.unit, COALESCE(NEW.claim_modality, NEW.modality), 1, NEW.sources)
            ON CONFLICT (pair, type, unit, modality)
            DO UPDATE SET facts = figure_series.facts + 1, sources = figure_series.sources + excluded.sources;
    END IF;
    RETURN NULL;
END
$body$;
CREATE TRIGGER figure_series_insert_delete AFTER INSERT OR DELETE ON graph_facts
    FOR EACH ROW EXECUTE FUNCTION figure_series_follow();
CREATE TRIGGER figure_series_update AFTER UPDATE OF pair, type, unit, modality, claim_modality, sources
    ON graph_facts FOR EACH ROW
    WHEN (OLD.pair IS DISTINCT FROM NEW.pair OR OLD.type IS DISTINCT FROM NEW.type
        OR OLD.unit IS DISTINCT FROM NEW.unit
        OR COALESCE(OLD.claim_modality, OLD.modality) IS DISTINCT FROM COALESCE(NEW.claim_modality, NEW.modality)
        OR OLD.sources IS DISTINCT FROM NEW.sources)
    EXECUTE FUNCTION figure_series_follow();
