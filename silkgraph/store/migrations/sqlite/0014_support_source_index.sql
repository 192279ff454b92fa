-- The events a near-duplicate cluster has reports in are found by (attr 'source', cluster): the
-- one look-up of graph_support by value. Indexing the values of every attribute (participants,
-- types, documents, claims...) for it cost each report a dozen writes into an index that grows
-- with the store; only the rows of 'source' are indexed now.
DROP INDEX graph_support_value;
CREATE INDEX graph_support_source ON graph_support (value) WHERE attr = 'source';
