-- What keeps the graph's cost per document flat as the store grows.
--
-- 1. graph_event_participants repeats the columns of its event that the merge
--    looks candidates up by: family, days, how long the date is (span_days:
--    1, 31, 92 or 366 days at most), place and number of participants. "The
--    events of Kazakhstan in the days around 2025-06-14" is then one range of
--    one index, read without touching the table, instead of every event
--    Kazakhstan ever took part in. silkgraph.graph writes them with the
--    participants.
-- 2. entity_pairs and entity_sources hold the relation network already
--    counted: independent sources (near-duplicate clusters) per pair of
--    entities, kind of link and calendar year, and per entity and year.
--    year '*' counts over all time (a source is counted once there, however
--    many years it spans); year '' holds what has no date.
--
-- The backfill for stores made before this version rebuilds the graph.

ALTER TABLE graph_event_participants ADD COLUMN family TEXT;
ALTER TABLE graph_event_participants ADD COLUMN date_start TEXT;
ALTER TABLE graph_event_participants ADD COLUMN date_end TEXT;
ALTER TABLE graph_event_participants ADD COLUMN place TEXT;
ALTER TABLE graph_event_participants ADD COLUMN participants INTEGER;
ALTER TABLE graph_event_participants ADD COLUMN span_days INTEGER;
DROP INDEX graph_event_participants_entity;
CREATE INDEX graph_event_participants_lookup
    ON graph_event_participants (entity_id, family, span_days, date_start, date_end, participants, place);

CREATE TABLE entity_pairs (
    year    TEXT NOT NULL,      -- YYYY, '' for undated, '*' for all time
    kind    TEXT NOT NULL,      -- event | fact | cooccurrence | any
    actors  INTEGER NOT NULL,   -- 1 when both are actors (silkgraph.network.NETWORK_TYPES)
    a       TEXT NOT NULL,      -- a < b
    b       TEXT NOT NULL,
    sources INTEGER NOT NULL,
    PRIMARY KEY (year, kind, actors, a, b)
) WITHOUT ROWID;
CREATE INDEX entity_pairs_a ON entity_pairs (a, year, kind);
CREATE INDEX entity_pairs_b ON entity_pairs (b, year, kind);

CREATE TABLE entity_sources (
    year      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    sources   INTEGER NOT NULL,
    PRIMARY KEY (year, entity_id)
) WITHOUT ROWID;

CREATE INDEX graph_events_start ON graph_events (date_start, date_end, id);  -- the timeline's order
-- No query uses these any more, and every index costs each write of an event.
DROP INDEX graph_events_date;
DROP INDEX graph_events_family_start;

-- 3. An entity's page and timeline list its newest events, figures and
--    documents: the dates go with the entity's rows, so that each list is
--    one walk along an index, however many thousands the entity has.
CREATE INDEX graph_event_participants_dates ON graph_event_participants (entity_id, date_start, date_end, graph_event);
CREATE INDEX graph_events_place ON graph_events (place, date_start, date_end, id);
ALTER TABLE graph_fact_subjects ADD COLUMN period TEXT;
CREATE INDEX graph_fact_subjects_period ON graph_fact_subjects (entity_id, period);
DROP INDEX graph_fact_subjects_entity;  -- the index above serves its look-ups too
ALTER TABLE document_entities ADD COLUMN published TEXT;
UPDATE document_entities SET published = (SELECT published FROM documents WHERE documents.id = document_entities.doc_id);
CREATE INDEX document_entities_published ON document_entities (entity_id, published);
DROP INDEX document_entities_entity;  -- the index above serves its look-ups too
