-- PostgreSQL counterpart of migrations/sqlite/0004_scale.sql: look-up columns
-- for the event merge, and the relation network counted as documents arrive.

ALTER TABLE graph_event_participants ADD COLUMN family text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN date_start text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN date_end text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN place text COLLATE "C";
ALTER TABLE graph_event_participants ADD COLUMN participants integer;
ALTER TABLE graph_event_participants ADD COLUMN span_days integer;
DROP INDEX graph_event_participants_entity;
CREATE INDEX graph_event_participants_lookup ON graph_event_participants (entity_id, family, span_days, date_start);
CREATE INDEX graph_event_participants_place ON graph_event_participants (place, entity_id, family);

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

CREATE INDEX graph_events_start ON graph_events (date_start, date_end, id);
