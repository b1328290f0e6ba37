"""The sidebar's review filters: one toggle leaves irrelevant articles out of the chart and the list; status and
quality-flag filters narrow both."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from newsdesk.review import decisions as review
from newsdesk.store import Store
from tests.helpers import copy_db, use_corpus

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _run(at: AppTest | None = None, **state: object) -> AppTest:
    at = at or AppTest.from_file(APP, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _listed(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("Showing"))
    return int(re.search(r"of ([\d,]+)", caption).group(1).replace(",", ""))  # type: ignore[union-attr]


def _chart_totals(at: AppTest) -> int:
    """Articles behind the chart: the sum over periods of each period's total (the same for every topic)."""
    (chart,) = at.get("vega_lite_chart")
    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    df = pd.concat([f for f in frames if {"period_key", "total"} <= set(f.columns)])
    return int(df.drop_duplicates("period_key")["total"].sum())


def _dated_ids(db: Path, n: int) -> list[str]:
    store = Store(db)
    try:
        rows = (
            store.cursor()
            .execute("SELECT id FROM articles WHERE published_day IS NOT NULL ORDER BY id LIMIT ?", [n])
            .fetchall()
        )
        ids = [r[0] for r in rows]
        cur = store.cursor()
        for article_id in ids:
            review.decide(cur, article_id, "irrelevant", reviewer="Test")
        return ids
    finally:
        store.close()


@pytest.fixture
def private_db(app_env: Path, app_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app on its own copy of the fixture corpus: the decisions made here never reach other tests."""
    db = copy_db(app_env, tmp_path / "corpus.duckdb")
    use_corpus(monkeypatch, db, app_dirs / "articles", app_dirs / "topics.toml")
    return db


def test_hide_irrelevant_toggle_leaves_them_out_of_chart_and_list(private_db: Path) -> None:
    _dated_ids(private_db, 3)
    at = _run()
    listed, charted = _listed(at), _chart_totals(at)
    at = _run(at, flt_hide_irrelevant=True)
    assert _listed(at) == listed - 3
    assert _chart_totals(at) == charted - 3
    at = _run(at, flt_hide_irrelevant=False)
    assert _listed(at) == listed


def test_status_filter_lists_only_that_status(private_db: Path) -> None:
    _dated_ids(private_db, 4)
    at = _run(flt_status=["irrelevant"])
    assert _listed(at) == 4
    at = _run(at, flt_status=["unreviewed"])
    articles = next(m.value for m in _run().metric if m.label == "Articles")
    assert _listed(at) == int(str(articles).replace(",", "")) - 4
