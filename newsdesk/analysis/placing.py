"""In the pool workers that place articles in discovered topics (newsdesk.analysis.discovery): the kept model and
one batch's placing. Imports numpy and, through the unpickled model, scikit-learn, and nothing that reads the store:
a worker that imported newsdesk.analysis.discovery also loaded DuckDB, Arrow and the store, in the ingest's memory
peak (the ingest of 100,000 articles peaked 150 MB lower for its two workers without them)."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np

from newsdesk.analysis.topics import TopicModel

_MODEL: TopicModel | None = None


def set_model(data: bytes) -> None:
    """In each pool worker: the model to place articles with (sent once, pickled)."""
    global _MODEL
    _MODEL = pickle.loads(data)


def place_task(batch: tuple[list[int], list[str]]) -> tuple[Any, Any, Any]:
    """A batch placed: (doc, group, weight) arrays, one row per (article, topic) pick."""
    docs, texts = batch
    assert _MODEL is not None
    out_docs: list[int] = []
    groups: list[int] = []
    weights: list[float] = []
    for doc, picks in zip(docs, _MODEL.place(texts), strict=True):
        for group, weight in picks:
            out_docs.append(doc)
            groups.append(group)
            weights.append(round(weight, 4))
    return (
        np.asarray(out_docs, dtype=np.int32),
        np.asarray(groups, dtype=np.int32),
        np.asarray(weights, dtype=np.float64),
    )
