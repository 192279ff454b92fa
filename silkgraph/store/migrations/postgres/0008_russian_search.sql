-- Russian documents are searched with Russian stems, as German and English ones are with
-- theirs: "переговорах" finds "переговоры". Until this version they were searched unstemmed
-- (silkgraph_simple). The generated columns are made again with the new configuration;
-- PostgreSQL fills them for every stored document.
CREATE TEXT SEARCH CONFIGURATION silkgraph_russian (COPY = pg_catalog.russian);
ALTER TEXT SEARCH CONFIGURATION silkgraph_russian
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, russian_stem;
ALTER TEXT SEARCH CONFIGURATION silkgraph_russian
    ALTER MAPPING FOR numhword, numword WITH unaccent, simple;

DROP INDEX documents_search;
ALTER TABLE documents DROP COLUMN search, DROP COLUMN search_config;
ALTER TABLE documents
    ADD COLUMN search_config regconfig GENERATED ALWAYS AS (
        CASE WHEN lower(language) LIKE 'de%' THEN 'silkgraph_german'::regconfig
             WHEN lower(language) LIKE 'en%' THEN 'silkgraph_english'::regconfig
             WHEN lower(language) LIKE 'ru%' THEN 'silkgraph_russian'::regconfig
             ELSE 'silkgraph_simple'::regconfig END) STORED,
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(
            CASE WHEN lower(language) LIKE 'de%' THEN 'silkgraph_german'::regconfig
                 WHEN lower(language) LIKE 'en%' THEN 'silkgraph_english'::regconfig
                 WHEN lower(language) LIKE 'ru%' THEN 'silkgraph_russian'::regconfig
                 ELSE 'silkgraph_simple'::regconfig END, coalesce(title, '')), 'A')
        || setweight(to_tsvector(
            CASE WHEN lower(language) LIKE 'de%' THEN 'silkgraph_german'::regconfig
                 WHEN lower(language) LIKE 'en%' THEN 'silkgraph_english'::regconfig
                 WHEN lower(language) LIKE 'ru%' THEN 'silkgraph_russian'::regconfig
                 ELSE 'silkgraph_simple'::regconfig END, text), 'B')) STORED;
CREATE INDEX documents_search ON documents USING gin (search);
