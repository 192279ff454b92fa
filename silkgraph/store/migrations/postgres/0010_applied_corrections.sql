-- Analysts' corrections are applied where the data is read (silkgraph.store.corrections):
-- who made each one, who took it back and when (a reverted correction stays in the audit
-- log but no longer applies), what the item was before, and the stored items it touches.

ALTER TABLE web_corrections ADD COLUMN author text COLLATE "C";
ALTER TABLE web_corrections ADD COLUMN original text COLLATE "C";   -- JSON: the item as shown when corrected
ALTER TABLE web_corrections ADD COLUMN reverted_at text COLLATE "C";
ALTER TABLE web_corrections ADD COLUMN reverted_by text COLLATE "C";
CREATE INDEX web_corrections_kind ON web_corrections (kind, reverted_at);

-- The stored rows of one document a correction touches: an event report or fact claim
-- (by its ord), a quote (by its ord), a mention (by its start). Not part of the graph:
-- a rebuild reads them to apply the corrections again.
CREATE TABLE correction_targets (
    correction_id bigint NOT NULL REFERENCES web_corrections (id) ON DELETE CASCADE,
    doc_id        text COLLATE "C" NOT NULL,
    target        text COLLATE "C" NOT NULL CHECK (target IN ('event', 'fact', 'quote', 'mention')),
    ord           integer NOT NULL,
    PRIMARY KEY (correction_id, doc_id, target, ord)
);
CREATE INDEX correction_targets_doc ON correction_targets (doc_id, target);

-- A merge or split of events made as a correction keeps its decisions here; reverting it removes them.
ALTER TABLE merge_decisions ADD COLUMN correction_id bigint;
CREATE INDEX merge_decisions_correction ON merge_decisions (correction_id);
