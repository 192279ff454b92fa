-- Analysts' corrections from the web workbench (silkgraph.web.corrections):
-- recorded, not applied. Created here like every other table; IF NOT EXISTS
-- because earlier versions made it at run time on first use, and a store
-- that has it already keeps its rows.
CREATE TABLE IF NOT EXISTS web_corrections (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    item       TEXT NOT NULL,
    action     TEXT NOT NULL,
    value      TEXT,
    note       TEXT,
    created_at TEXT NOT NULL
);
