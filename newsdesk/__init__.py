"""Newsdesk: read, chart and review a stored corpus of news articles. UI-free logic lives here, one folder a stage:
sources/ (read) -> extract/ -> store/ -> analysis/ -> review/; pipeline.py is one document's way through the first
two, ingest.py files into the store, cli.py the command line. May import: nothing of components/ (or Streamlit)."""

__version__ = "0.1.0"
