"""Newsdesk: read, chart and review a stored corpus of news articles. UI-free logic lives here."""

__version__ = "0.1.0"
