"""Extraction: one stored document to an Article (HTML pages through trafilatura with newspaper3k behind it, text dumps,
dates, metadata, language). Pure functions of one document. May import: newsdesk.models and each other."""
