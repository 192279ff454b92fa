-- The store's generation: a number that every committed write transaction of
-- Silkgraph raises by one (SQLStore.write, add, add_many). Whatever is computed
-- from the store -- an HTTP response, its ETag -- stays valid while the number
-- stays the same, in every process that reads the store.

CREATE TABLE store_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO store_generation (id, generation) VALUES (1, 1);
