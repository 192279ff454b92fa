"""Following sources: a sources file, polite fetching, listings, and the watcher.

sources.py  the YAML sources file (add, list, remove)
fetch.py    the HTTP client: conditional GETs, limits, retries, robots.txt, per-host politeness
discover.py items of RSS/Atom feeds, (news) sitemaps and index pages
intake.py   the ingest use case the watcher stores through
watch.py    polls due sources, stores new articles, evaluates watchlists
"""
