"""A pool function for tests/test_ingest.py, in a module that imports nothing of newsdesk."""

from __future__ import annotations


def shout(docs: list[str]) -> list[str]:
    """Each document upper-cased: what came back shows which task it belongs to."""
    return [d.upper() for d in docs]
