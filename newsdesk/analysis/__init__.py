"""Analysis over the stored corpus: the dashboard's reads (queries), coverage statistics (analytics), rule and
discovered topics, quality flags. May import: newsdesk.models, newsdesk.extract, newsdesk.store."""
