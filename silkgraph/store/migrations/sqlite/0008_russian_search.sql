-- Russian stems in the analysed search index: "переговорах" finds "переговоры". The index
-- (document_terms) is made in Python (silkgraph.terms.index_text), so the schema does not
-- change; the store indexes its Russian documents again after this migration (the backfill
-- of SQLStore). The number is shared with PostgreSQL's 0008, which adds a Russian text
-- search configuration.
SELECT 1;
