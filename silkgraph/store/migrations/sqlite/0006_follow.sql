-- Following sources and alerting on what they bring.
--
-- follow_sources: the state of each followed source between runs of the
--   watcher (its definition lives in the sources file): when it was last
--   polled, last succeeded and failed (and why), the validators of its last
--   complete listing (ETag, Last-Modified) for conditional requests, and when
--   it is due again. Written only when a poll has handled every item, so a
--   watcher killed half-way polls the whole listing again next time.
-- follow_items: every item URL a source listed and what became of it, so a
--   restart fetches no page twice: stored / duplicate (its text was stored
--   already) / rejected (no article there: never fetched again) / failed
--   (fetched again on a later poll, up to a limit of attempts).
-- watchlists: saved rules (JSON, see silkgraph.alerts.rules) and where their
--   alerts go (JSON: webhook URL and secret, e-mail addresses).
-- alerts: one per watchlist and thing it fired on ("event:<graph event>",
--   "fact:<graph fact>", "document:<near-duplicate cluster>"), so that five
--   articles on one summit make one alert whose sources grow.
-- alert_sources: the documents behind an alert, with the evidence span.
-- alert_deliveries: the outbox of webhook and e-mail deliveries, retried
--   with backoff until sent or given up.

CREATE TABLE follow_sources (
    name          TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    kind          TEXT NOT NULL,           -- feed | sitemap | index
    last_attempt  TEXT,
    last_success  TEXT,
    last_error    TEXT,                    -- one line, fit to show a user; NULL after a success
    last_error_at TEXT,
    last_status   INTEGER,                 -- HTTP status of the last listing request
    failures      INTEGER NOT NULL DEFAULT 0,  -- consecutive failed polls
    etag          TEXT,
    last_modified TEXT,
    next_due      TEXT,
    notes         TEXT                     -- what the last poll found odd but could work around
);

CREATE TABLE follow_items (
    source     TEXT NOT NULL,
    url        TEXT NOT NULL,
    status     TEXT NOT NULL,              -- stored | duplicate | rejected | failed
    doc_id     TEXT,
    reason     TEXT,
    attempts   INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, url)
) WITHOUT ROWID;
CREATE INDEX follow_items_fetched ON follow_items (source, fetched_at);
CREATE INDEX follow_items_url ON follow_items (url);  -- a page another source brought in already

CREATE TABLE watchlists (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    rule       TEXT NOT NULL,
    deliver    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    watchlist  TEXT NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,              -- event | fact | document
    target     TEXT NOT NULL,              -- graph event, graph fact or document id
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    read       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (watchlist, key)
);
CREATE INDEX alerts_inbox ON alerts (read, updated_at);
CREATE INDEX alerts_watchlist ON alerts (watchlist, updated_at);

CREATE TABLE alert_sources (
    alert_id       INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    doc_id         TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    evidence_start INTEGER,
    evidence_end   INTEGER,
    added_at       TEXT NOT NULL,
    PRIMARY KEY (alert_id, doc_id)
) WITHOUT ROWID;

CREATE TABLE alert_deliveries (
    alert_id   INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,              -- webhook | email
    status     TEXT NOT NULL,              -- pending | sent | failed
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_try   TEXT NOT NULL,
    PRIMARY KEY (alert_id, channel)
) WITHOUT ROWID;
CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_try);
