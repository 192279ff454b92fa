-- PostgreSQL counterpart of migrations/sqlite/0004_scale.sql: look-up columns
-- for the event merge, and the relation network counted as documents arrive.

ALTER TABLE graph_event_participants ADD COLUMN family text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN date_start text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN date_end text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN place text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN participants integer;
ALTER TABLE graph_event_participants ADD COLUMN span_days integer;
DROP INDEX graph_event_participants_entity;
CREATE INDEX graph_event_participants_lookup
    ON graph_event_participants (entity_id, family, span_days, date_start, date_end, participants, place);

CREATE TABLE entity_pairs (
    year    text COLLATE "C" NOT NULL,
    kind    text COLLATE "C" NOT NULL,
    actors  integer NOT NULL,
    a       text COLLATE "C" NOT NULL,
    b       text COLLATE "C" NOT NULL,
    sources integer NOT NULL,
    PRIMARY KEY (year, kind, actors, a, b)
);
CREATE INDEX entity_pairs_a ON entity_pairs (a, year, kind);
CREATE INDEX entity_pairs_b ON entity_pairs (b, year, kind);

CREATE TABLE entity_sources (
    year      text COLLATE "C" NOT NULL,
    entity_id text COLLATE "C" NOT NULL,
    sources   integer NOT NULL,
    PRIMARY KEY (year, entity_id)
);

CREATE INDEX graph_events_start ON graph_events (date_start, date_end, id);  -- the timeline's order
-- No query uses these any more, and every index costs each write of an event.
DROP INDEX graph_events_date;
DROP INDEX graph_events_family_start;

-- 3. An entity's page and timeline list its newest events, figures and
--    documents: the dates go with the entity's rows, so that each list is
--    one walk along an index, however many thousands the entity has.
CREATE INDEX graph_event_participants_dates ON graph_event_participants (entity_id, date_start, date_end, graph_event);
CREATE INDEX graph_events_place ON graph_events (place, date_start, date_end, id);
ALTER TABLE graph_fact_subjects ADD COLUMN period text COLLATE "C";
CREATE INDEX graph_fact_subjects_period ON graph_fact_subjects (entity_id, period);
DROP INDEX graph_fact_subjects_entity;  -- the index above serves its look-ups too
ALTER TABLE document_entities ADD COLUMN published text COLLATE "C";
UPDATE document_entities SET published = (SELECT published FROM documents WHERE documents.id = document_entities.doc_id);
CREATE INDEX document_entities_published ON document_entities (entity_id, published);
DROP INDEX document_entities_entity;  -- the index above serves its look-ups too
