"""Manual review: decisions, notes and corrections as an append-only history, queues, export and import.
May import: newsdesk.models, newsdesk.store, newsdesk.analysis."""
