-- Where a report's date and a figure's period come from (silkgraph.model.DATE_SOURCES): a date
-- expression of the text ('text'), or the publication date alone ('publication'), which says
-- when the article appeared, not when the event happened. NULL for rows stored before.
ALTER TABLE events ADD COLUMN date_source TEXT CHECK (date_source IN ('text', 'publication'));
ALTER TABLE facts ADD COLUMN period_source TEXT CHECK (period_source IN ('text', 'publication'));
