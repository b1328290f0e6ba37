"""analysis.analytics: intervals, incomplete periods, moving averages, spikes, distinctive terms, representative
articles and the chart CSV; the summary functions on a seeded store (tests/coverage_corpus.py)."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsdesk.analysis import analytics, queries
from newsdesk.analysis.queries import Filters
from tests import coverage_corpus as cc
from tests.helpers import StoreSQL

D = dt.date


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval written out from its textbook form (not the vectorised one under test)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (5, 10), (3, 3), (1, 200), (120, 400)])
def test_wilson_interval_matches_the_formula(k: int, n: int) -> None:
    lo, hi = analytics.wilson_interval([k], [n])
    assert (lo[0], hi[0]) == pytest.approx(_wilson(k, n))
    assert lo[0] <= k / n <= hi[0]


def test_wilson_interval_is_wide_for_few_articles_and_nan_for_none() -> None:
    lo, hi = analytics.wilson_interval([3, 300, 0], [10, 1000, 0])
    assert hi[0] - lo[0] > 3 * (hi[1] - lo[1])  # 3 of 10 says far less than 300 of 1000
    assert np.isnan(lo[2]) and np.isnan(hi[2])


@pytest.mark.parametrize(
    ("granularity", "last_day", "expected"),
    [
        ("month", D(2024, 3, 15), [False, False, True]),
        ("month", D(2024, 3, 31), [False, False, False]),
        ("quarter", D(2024, 6, 30), [False, False, False]),
        ("year", D(2024, 6, 30), [True, True, True]),
        ("month", None, [False, False, False]),
    ],
)
def test_incomplete_periods(granularity: str, last_day: dt.date | None, expected: list[bool]) -> None:
    periods = pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]))
    if granularity in ("quarter", "year"):
        periods = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-01", "2024-04-01"]))
        expected = expected if granularity == "year" else [False, False, False]
    assert list(analytics.incomplete(periods, granularity, last_day)) == expected  # type: ignore[arg-type]


def _series(counts: list[int], totals: list[int], topic: str = "rule:A", start: str = "2024-01-01") -> pd.DataFrame:
    periods = pd.date_range(start, periods=len(counts), freq="MS")
    return pd.DataFrame(
        {
            "period": periods,
            "topic_id": topic,
            "topic": topic.split(":")[1],
            "count": counts,
            "total": totals,
            "share": [c / t if t else 0.0 for c, t in zip(counts, totals, strict=True)],
        }
    )


def test_moving_average_pools_counts_over_totals() -> None:
    df = analytics.enrich(_series([1, 9, 2, 0], [10, 10, 100, 10]), "month", last_day=None, steps=3)
    # trailing windows: [1], [1, 9], [1, 9, 2], [9, 2, 0]
    assert list(df["count_avg"]) == pytest.approx([1.0, 5.0, 4.0, 11 / 3])
    assert list(df["share_avg"]) == pytest.approx([0.1, 0.5, 12 / 120, 11 / 120])
    lo, hi = analytics.wilson_interval([11], [120])
    assert (df["share_lo"].iloc[3], df["share_hi"].iloc[3]) == pytest.approx((lo[0], hi[0]))


def test_no_smoothing_keeps_the_raw_values_per_series() -> None:
    both = pd.concat([_series([1, 2], [10, 10]), _series([5, 0], [10, 10], topic="rule:B")])
    df = analytics.enrich(both, "month", last_day=D(2024, 2, 10), steps=0, by=("topic_id",))
    assert list(df["count_avg"]) == [1.0, 2.0, 5.0, 0.0]
    assert list(df["share_avg"]) == pytest.approx([0.1, 0.2, 0.5, 0.0])
    assert list(df["partial"]) == [False, True, False, True]


FLAT = [4, 5, 4, 6, 5, 4, 5, 5, 4, 5]


def test_a_clear_jump_is_a_spike() -> None:
    counts = [*FLAT, 30, 5]
    spikes = analytics.detect_spikes(_series(counts, [100] * len(counts)))
    assert len(spikes) == 1
    row = spikes.iloc[0]
    assert row["period"] == pd.Timestamp("2024-11-01") and row["count"] == 30
    assert row["baseline"] == pytest.approx(0.05) and row["ratio"] == pytest.approx(6.0)


def test_a_handful_of_articles_is_never_a_spike() -> None:
    # 4 of 10 articles is a 40% share against a 5% baseline: high enough, but four articles are too few to call
    counts, totals = [*FLAT, 4], [100] * len(FLAT) + [10]
    assert analytics.detect_spikes(_series(counts, totals)).empty
    assert list(analytics.detect_spikes(_series(counts, totals), min_count=4)["count"]) == [4]
    # and 3 of 3 (a 100% share) is within what chance gives a period that thin: not even with no count floor
    assert analytics.detect_spikes(_series([*FLAT, 3], [100] * len(FLAT) + [3]), min_count=0).empty


def test_noise_and_busy_months_are_not_spikes() -> None:
    rng = np.random.default_rng(3)
    totals = rng.integers(80, 400, 36)
    counts = rng.binomial(totals, 0.08)  # the same share whatever the month's volume
    assert analytics.detect_spikes(_series(list(counts), list(totals))).empty


def test_a_run_of_high_periods_is_one_spike_at_its_peak() -> None:
    counts = [*FLAT, 25, 40, 30, 5]
    spikes = analytics.detect_spikes(_series(counts, [100] * len(counts)))
    assert list(spikes["count"]) == [40]


def test_a_topic_appearing_from_nothing_is_a_spike_with_infinite_ratio() -> None:
    counts = [0] * 8 + [20, 0]
    spikes = analytics.detect_spikes(_series(counts, [100] * len(counts)))
    assert list(spikes["count"]) == [20] and np.isinf(spikes["ratio"].iloc[0])


def test_spikes_need_history_and_are_per_series() -> None:
    short = _series([5, 5, 40], [100, 100, 100])
    assert analytics.detect_spikes(short).empty
    both = pd.concat([_series([*FLAT, 30], [100] * 11), _series([*FLAT, 5], [100] * 11, topic="rule:B")])
    assert list(analytics.detect_spikes(both)["topic_id"]) == ["rule:A"]


def _counts(pairs: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"term": list(pairs), "docs": list(pairs.values())})


def test_distinctive_terms_rank_what_the_selection_has_and_the_rest_lacks() -> None:
    selected = _counts({"levee": 8, "breach": 6, "council": 5, "said": 5, "once": 1})
    rest = _counts({"levee": 4, "breach": 2, "council": 500, "said": 480, "budget": 300})
    terms = analytics.distinctive_terms(selected, 10, rest, 1000)
    assert list(terms["term"][:2]) == ["levee", "breach"]
    assert "council" not in set(terms["term"]) and "said" not in set(terms["term"])  # as common elsewhere
    assert "once" not in set(terms["term"])  # in fewer than MIN_TERM_DOCS selected articles
    levee = terms.set_index("term").loc["levee"]
    assert levee["share"] == pytest.approx(0.8) and levee["rest_share"] == pytest.approx(0.004)
    assert (terms["z"] > 0).all() and terms["z"].is_monotonic_decreasing


def test_the_prior_keeps_a_rare_term_below_a_well_supported_one() -> None:
    selected = _counts({"rare": 2, "solid": 40})
    rest = _counts({"solid": 50, "other": 5000})
    terms = analytics.distinctive_terms(selected, 50, rest, 5000)
    assert list(terms["term"]) == ["solid", "rare"]


def test_no_selection_no_terms() -> None:
    assert analytics.distinctive_terms(_counts({}), 0, _counts({"a": 1}), 10).empty


def test_rest_counts_take_the_selection_out_of_the_background() -> None:
    bg = _counts({"levee": 5, "council": 9})
    sel_in_bg = pd.DataFrame({"id": ["a", "a", "b"], "term": ["levee", "council", "levee"]})
    rest = analytics.rest_counts(bg, sel_in_bg).set_index("term")["docs"].to_dict()
    assert rest == {"levee": 3, "council": 8}


def test_representative_is_the_article_nearest_the_centroid() -> None:
    docs = {
        "typical": ["levee", "breach", "river", "sandbags"],
        "also": ["levee", "breach", "river", "mayor"],
        "odd": ["football", "match", "levee"],
        "long": ["levee", "breach", "river", "sandbags", *[f"w{i}" for i in range(40)]],
    }
    rows = pd.DataFrame([(d, t) for d, ts in docs.items() for t in ts], columns=["id", "term"])
    weights = pd.Series(1.0, index=sorted(set(rows["term"])))
    top = analytics.representative(rows, weights, top=4)
    assert list(top["id"][:2]) == ["typical", "also"]
    assert set(top["id"][2:]) == {"long", "odd"}  # the long one's own 40 words do not pull the centroid to it
    scored = analytics.representative(rows, weights, scores=pd.Series({"typical": 0.1}), top=1)
    assert list(scored["id"]) == ["also"]  # a marginal member of the topic does not represent it


def test_chart_csv_has_media_clouds_columns() -> None:
    frame = _series([1, 2], [10, 20])
    frame["share_avg"] = [0.1, 0.1]
    text = analytics.chart_csv(frame, extra=["share_avg", "missing"])
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == ["period", "topic", "count", "total_count", "share", "share_avg"]
    assert list(back["period"]) == ["2024-01-01", "2024-02-01"]
    assert list(back["count"]) == [1, 2] and list(back["total_count"]) == [10, 20]
    assert list(back["share"]) == pytest.approx([0.1, 0.1])


def test_chart_csv_puts_site_after_period_and_keeps_text_periods() -> None:
    frame = pd.DataFrame(
        {"period": ["2023-01-02/2024-12-18"], "site": ["a.example"], "topic": ["Sport"], "count": [3],
         "total": [9], "share": [1 / 3]}
    )  # fmt: skip
    back = pd.read_csv(io.StringIO(analytics.chart_csv(frame)))
    assert list(back.columns) == ["period", "site", "topic", "count", "total_count", "share"]
    assert back["period"].iloc[0] == "2023-01-02/2024-12-18"


# ------------------------------------------------------------------------------------------- on a seeded store
@pytest.fixture(scope="module")
def cur(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("analytics")
    cc.build(root / "c.duckdb", root / "topics.toml")
    con = StoreSQL(root / "c.duckdb")
    try:
        yield con.cursor()
    finally:
        con.close()


@pytest.fixture(scope="module")
def bg(cur) -> analytics.Background:
    return analytics.background(cur)


def test_background_is_the_whole_corpus_when_it_is_small(cur, bg: analytics.Background) -> None:
    (n,) = cur.execute("SELECT count(*) FROM articles").fetchone()
    assert bg.docs == n
    (with_levee,) = cur.execute(
        "SELECT count(*) FROM articles WHERE lower(title || ' ' || left(text, ?)) LIKE '%levee%'",
        [analytics.TEXT_CHARS],
    ).fetchone()
    assert int(bg.terms.set_index("term").loc["levee", "docs"]) == with_levee
    assert not set(bg.terms["term"]) & set(analytics.stop_words())


def test_the_planted_surge_is_summarised_by_its_own_words(cur, bg: analytics.Background) -> None:
    june = Filters(start=D(2024, 6, 1), end=D(2024, 6, 30), topics=(f"rule:{cc.SPIKE_TOPIC}",))
    summary = analytics.summarize(cur, june, bg, topic_id=f"rule:{cc.SPIKE_TOPIC}")
    (n,) = cur.execute(
        """SELECT count(*) FROM articles a JOIN article_topics x ON x.article_id = a.id
           WHERE x.topic_id = ? AND a.published_day BETWEEN '2024-06-01' AND '2024-06-30'""",
        [f"rule:{cc.SPIKE_TOPIC}"],
    ).fetchone()
    assert summary.articles == summary.sampled == n >= cc.N_SPIKE
    top = list(summary.terms["term"][:6])
    assert {"levee", "breach"} <= set(top), top
    assert not {"council", "said", "tuesday"} & set(top)
    assert 0 < len(summary.representative) <= analytics.TOP_ARTICLES
    ids = list(summary.representative["id"])
    inside = {r[0] for r in cur.execute(
        """SELECT a.id FROM articles a JOIN article_topics x ON x.article_id = a.id
           WHERE x.topic_id = ? AND a.published_day BETWEEN '2024-06-01' AND '2024-06-30'""",
        [f"rule:{cc.SPIKE_TOPIC}"],
    ).fetchall()}  # fmt: skip
    assert set(ids) <= inside
    assert summary.representative["title"].str.startswith("Levee breach").all()
    titles = summary.representative["title"].str.casefold()
    assert not titles.duplicated().any()


def test_the_rest_of_the_corpus_excludes_the_selection(cur, bg: analytics.Background) -> None:
    everything = analytics.summarize(cur, Filters(), bg)
    assert everything.articles == bg.docs
    assert everything.terms.empty  # nothing is left to compare with


def test_sampling_caps_what_a_large_selection_reads(cur, bg: analytics.Background) -> None:
    summary = analytics.summarize(cur, Filters(), bg, limit=50)
    assert summary.sampled == 50 < summary.articles


def test_spike_headlines_name_an_article_of_the_spike(cur, bg: analytics.Background) -> None:
    topic = f"rule:{cc.SPIKE_TOPIC}"
    heads = analytics.spike_headlines(cur, Filters(), [(topic, D(2024, 6, 1), D(2024, 6, 30))], bg)
    assert list(heads["topic_id"]) == [topic] and heads["headline"].iloc[0].startswith("Levee breach")
    (published,) = cur.execute("SELECT published_day FROM articles WHERE id = ?", [heads["id"].iloc[0]]).fetchone()
    assert D(2024, 6, 1) <= published <= D(2024, 6, 30)
    # a date filter that misses the period leaves nothing to name
    none = analytics.spike_headlines(cur, Filters(end=D(2024, 1, 31)), [(topic, D(2024, 6, 1), D(2024, 6, 30))], bg)
    assert none.empty


def test_detect_spikes_finds_the_planted_surge_in_the_store(cur) -> None:
    for granularity, period in (("month", "2024-06-01"), ("quarter", "2024-04-01")):
        spikes = analytics.detect_spikes(queries.coverage(cur, Filters(), granularity))
        hits = spikes[spikes["topic"] == cc.SPIKE_TOPIC]
        assert list(hits["period"]) == [pd.Timestamp(period)], (granularity, spikes)


def test_stop_words_are_folded(tmp_path: Path) -> None:
    words = analytics.stop_words()
    assert "the" in words and "said" in words and "über" not in words
    assert all(w == w.lower() for w in words)


def _headline_in_python(cur, topic: str, lo: dt.date, hi: dt.date, bg: analytics.Background, limit: int, terms: int):
    """The spike headline worked out the long way: the cell's sample and its terms in pandas, then
    `representative` (the function the selection panel uses), for comparing with the SQL of cell_headlines."""
    rows = cur.execute(
        """WITH hits AS (
               SELECT a.doc, a.id, atp.score FROM article_index a
               JOIN topic_index atp ON atp.doc = a.doc AND atp.topic_id = ?
               WHERE a.published_day BETWEEN ? AND ? ORDER BY hash(a.id), a.id LIMIT ?)
           SELECT h.id, h.score, unnest(t.terms) AS term FROM hits h JOIN doc_terms t ON t.doc = h.doc
           ORDER BY hash(h.id), h.id, term""",
        [topic, lo, hi, limit],
    ).df()
    if rows.empty:
        return None
    scores = rows.drop_duplicates("id").set_index("id")["score"].astype(float)
    rep = analytics.representative(rows[["id", "term"]], bg.idf, scores=scores, top=1, centroid_terms=terms)
    return None if rep.empty else str(rep["id"].iloc[0])


@pytest.mark.parametrize(("limit", "terms"), [(300, analytics.CENTROID_TERMS), (12, 6), (4, 2)])
def test_spike_headlines_in_sql_pick_what_representative_picks(cur, bg: analytics.Background, limit, terms) -> None:
    months = [D(2024, m, 1) for m in range(1, 13)]
    topics = [r[0] for r in cur.execute("SELECT id FROM topics ORDER BY id").fetchall()]
    cells = [(t, m, queries.period_bounds(m, "month")[1]) for t in topics for m in months]
    got = queries.cell_headlines(cur, Filters(), cells, bg.weights, limit=limit, centroid_terms=terms)
    by_cell = dict(zip(got["cell"], got["id"], strict=True))
    compared = 0
    for k, (topic, lo, hi) in enumerate(cells):
        expected = _headline_in_python(cur, topic, lo, hi, bg, limit, terms)
        assert by_cell.get(k) == expected, (topic, lo)
        compared += expected is not None
    assert compared >= 20  # most cells hold articles: the comparison is not vacuous
