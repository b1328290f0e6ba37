"""Chart data are correct: counts and shares recomputed straight from the store (plain SQL reads of its tables and
pandas, none of the app's queries) for several filter combinations and every granularity, compared with the data
each chart is given: topic lines, areas, small multiples by site, the topic x site heatmap, one site against all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from components.widgets import charts
from newsdesk.analysis import queries
from newsdesk.analysis.queries import Filters
from tests import coverage_corpus as cc
from tests.helpers import StoreSQL

D = dt.date
GRANULARITIES = ("day", "week", "month", "quarter", "year")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coverage_data")
    cc.build(root / "c.duckdb", root / "topics.toml")
    return root / "c.duckdb"


@pytest.fixture(scope="module")
def store(db: Path) -> dict[str, pd.DataFrame]:
    """The store's tables as they are, read with plain SQL."""
    con = StoreSQL(db)
    try:
        return {
            "articles": con.execute("SELECT id, site, published_day, title, text FROM articles").df(),
            "links": con.execute("SELECT article_id, topic_id FROM article_topics").df(),
            "topics": con.execute("SELECT id, kind, name FROM topics").df(),
        }
    finally:
        con.close()


@pytest.fixture
def cur(db: Path):
    con = StoreSQL(db)
    try:
        yield con.cursor()
    finally:
        con.close()


def _start(day: dt.date, granularity: str) -> dt.date:
    """The first day of the period holding `day`, written out by calendar rules."""
    if granularity == "day":
        return day
    if granularity == "week":
        return day - dt.timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day.replace(month=1, day=1)


def _next(start: dt.date, granularity: str) -> dt.date:
    if granularity == "day":
        return start + dt.timedelta(days=1)
    if granularity == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    m = start.month - 1 + months
    return dt.date(start.year + m // 12, m % 12 + 1, 1)


def _matching(store: dict[str, pd.DataFrame], f: Filters) -> pd.DataFrame:
    """Articles passing every filter but topics."""
    a = store["articles"].copy()
    a["day"] = pd.to_datetime(a["published_day"]).dt.date
    keep = pd.Series(True, index=a.index)
    if f.start:
        keep &= a["day"].notna() & (a["day"] >= f.start)
    if f.end:
        keep &= a["day"].notna() & (a["day"] <= f.end)
    if f.sites:
        keep &= a["site"].isin(f.sites)
    for word in f.search.split():
        w = word.lower()
        keep &= a["title"].fillna("").str.lower().str.contains(w, regex=False) | a["text"].fillna(
            ""
        ).str.lower().str.contains(w, regex=False)
    return a[keep]


def _shown(store: dict[str, pd.DataFrame], f: Filters) -> pd.DataFrame:
    t = store["topics"]
    return t[t["id"].isin(f.topics)] if f.topics else t[t["kind"] == "rule"]


def expected_coverage(
    store: dict[str, pd.DataFrame], f: Filters, granularity: str, *, by_site: bool = False
) -> dict[tuple, tuple[int, int]]:
    """{(period start[, site], topic name): (count, total)} over every period from the first to the last dated
    matching article, zeros included; per site, only sites with a name."""
    a = _matching(store, f)
    a = a[a["day"].notna()].copy()
    if by_site:
        a = a[a["site"].notna()]
    a["period"] = [_start(d, granularity) for d in a["day"]]
    first, last = min(a["period"]), max(a["period"])
    periods = []
    p = first
    while p <= last:
        periods.append(p)
        p = _next(p, granularity)
    links = store["links"].merge(a[["id", "period", "site"]], left_on="article_id", right_on="id")
    shown = _shown(store, f)
    groups = ["period", "site"] if by_site else ["period"]
    totals = a.groupby(groups).size().to_dict()
    counts = links.groupby([*groups, "topic_id"]).size().to_dict()
    sites = sorted(a["site"].unique()) if by_site else [None]
    out = {}
    for period in periods:
        for site in sites:
            key = (period, site) if by_site else (period,)
            total = int(totals.get(key if by_site else period, 0))
            for tid, name in zip(shown["id"], shown["name"], strict=True):
                out[(*key, name)] = (int(counts.get((*key, tid), 0)), total)
    return out


def _chart_rows(chart) -> pd.DataFrame:
    """The rows the chart is given: its top-level dataset."""
    spec = chart.to_dict()
    return pd.DataFrame(spec["datasets"][spec["data"]["name"]])


def _as_dict(rows: pd.DataFrame, *, by_site: bool = False) -> dict[tuple, tuple[int, int]]:
    out = {}
    for r in rows.itertuples(index=False):
        key = (dt.date.fromisoformat(r.period_key), r.site, r.topic) if by_site else (
            dt.date.fromisoformat(r.period_key), r.topic)  # fmt: skip
        out[key] = (int(r.count), int(r.total))
    return out


# Every granularity on the whole corpus; each narrower filter at two granularities (a day-by-day check of each
# would only repeat the same SQL at many times the cost).
CASES = [pytest.param(Filters(), g, id=f"all-{g}") for g in GRANULARITIES] + [
    pytest.param(f, g, id=f"{name}-{g}")
    for name, f, gs in [
        ("one-site", Filters(sites=("alpha.example",)), ("day", "quarter")),
        ("two-sites-from-may", Filters(sites=("beta.example", "gamma.example"), start=D(2023, 5, 10)),
         ("week", "year")),
        ("two-topics", Filters(topics=("rule:Economy", "rule:Floods")), ("month", "quarter")),
        ("search", Filters(search="HOSPITAL"), ("week", "month")),
        ("dates-topic", Filters(start=D(2024, 2, 14), end=D(2024, 8, 3), topics=("rule:Health",)), ("day", "year")),
    ]
    for g in gs
]  # fmt: skip


@pytest.mark.parametrize(("f", "granularity"), CASES)
def test_lines_chart_is_given_the_stores_counts_and_shares(cur, store, f: Filters, granularity: str) -> None:
    cov = queries.coverage(cur, f, granularity)  # type: ignore[arg-type]
    frame = charts.chart_frame(cov, granularity, last_day=cc.LAST)
    chart = charts.coverage_chart(frame, all_topics=list(cc.TOPIC_WORDS), measure="share", granularity=granularity)
    rows = _chart_rows(chart)
    expected = expected_coverage(store, f, granularity)
    assert _as_dict(rows) == expected
    assert sum(c for c, _ in expected.values()) > 0
    shares = {k: c / t if t else 0.0 for k, (c, t) in expected.items()}
    got = {(dt.date.fromisoformat(r.period_key), r.topic): r.share for r in rows.itertuples(index=False)}
    assert got == pytest.approx(shares)


@pytest.mark.parametrize("granularity", ["week", "quarter"])
@pytest.mark.parametrize("stream", [False, True])
def test_area_charts_are_given_the_same_rows(cur, store, granularity: str, stream: bool) -> None:
    f = Filters(sites=("alpha.example", "delta.example"))
    cov = queries.coverage(cur, f, granularity)  # type: ignore[arg-type]
    chart = charts.area_chart(cov, all_topics=list(cc.TOPIC_WORDS), measure="count", granularity=granularity,
                              stream=stream)  # fmt: skip
    rows = _chart_rows(chart)
    assert _as_dict(rows) == expected_coverage(store, f, granularity)
    # each band is as thick as the count it stands for
    assert list(rows["y1"] - rows["y0"]) == pytest.approx(list(rows["count"].astype(float)))


@pytest.mark.parametrize("granularity", ["month", "quarter", "year"])
@pytest.mark.parametrize("f", [Filters(), Filters(search="inflation"), Filters(start=D(2024, 1, 1))], ids=str)
def test_site_multiples_are_given_each_sites_counts(cur, store, f: Filters, granularity: str) -> None:
    by_site = queries.coverage_by_site(cur, f, granularity)  # type: ignore[arg-type]
    chart = charts.site_multiples_chart(by_site, all_topics=list(cc.TOPIC_WORDS), granularity=granularity)
    rows = _chart_rows(chart)
    assert _as_dict(rows, by_site=True) == expected_coverage(store, f, granularity, by_site=True)
    assert set(rows["site"]) == set(cc.SITES)  # articles without a site are not a site


def test_site_views_keep_the_sites_with_most_articles(cur, store) -> None:
    a = store["articles"]
    dated = a[a["published_day"].notna() & a["site"].notna()]
    top_two = set(dated.groupby("site").size().sort_values(ascending=False).index[:2])
    got = queries.coverage_by_site(cur, Filters(), "quarter", max_sites=2)
    assert set(got["site"]) == top_two


@pytest.mark.parametrize("f", [Filters(), Filters(sites=("gamma.example",), end=D(2023, 12, 31))], ids=str)
def test_heatmap_is_given_topic_by_site_counts(cur, store, f: Filters) -> None:
    counts = queries.topic_site_counts(cur, f)
    rows = _chart_rows(charts.heatmap_chart(counts, all_topics=list(cc.TOPIC_WORDS)))
    a = _matching(store, f)
    a = a[a["site"].notna()]
    links = store["links"].merge(a[["id", "site"]], left_on="article_id", right_on="id")
    names = dict(zip(store["topics"]["id"], store["topics"]["name"], strict=True))
    n = links.groupby(["site", "topic_id"]).size()
    totals = a.groupby("site").size()
    expected = {
        (site, names[tid]): (int(n.get((site, tid), 0)), int(totals[site]))
        for site in totals.index
        for tid in store["topics"].loc[store["topics"]["kind"] == "rule", "id"]
    }
    got = {(r.site, r.topic): (int(r["count"]), int(r["total"])) for _, r in rows.iterrows()}
    assert got == expected
    assert rows["share"].to_numpy() == pytest.approx((rows["count"] / rows["total"]).to_numpy())


@pytest.mark.parametrize("granularity", ["month", "quarter"])
def test_one_site_against_all_is_given_both_series(cur, store, granularity: str) -> None:
    topic, site = "rule:Climate", "beta.example"
    sidebar = Filters(start=D(2023, 3, 1), sites=("alpha.example",))  # the all-sites line ignores the site filter
    one = queries.coverage(cur, Filters(start=sidebar.start, sites=(site,), topics=(topic,)), granularity)
    everywhere = queries.coverage(cur, Filters(start=sidebar.start, topics=(topic,)), granularity)
    frame = charts.site_vs_all_frame(one, everywhere, site)
    chart = charts.site_vs_all_chart(frame, topic="Climate", site=site, all_topics=list(cc.TOPIC_WORDS),
                                     granularity=granularity)  # fmt: skip
    rows = _chart_rows(chart)
    got_all = _as_dict(rows[rows["site"] == ""])
    got_site = _as_dict(rows[rows["site"] == site])
    want_all = expected_coverage(store, Filters(start=sidebar.start, topics=(topic,)), granularity)
    want_site = expected_coverage(store, Filters(start=sidebar.start, sites=(site,), topics=(topic,)), granularity)
    assert got_all == want_all
    # the site's line runs on the all-sites axis: periods it did not publish in are zeros
    assert set(got_site) == set(want_all)
    assert {k: v for k, v in got_site.items() if k in want_site} == want_site
    assert all(v == (0, 0) for k, v in got_site.items() if k not in want_site)


def test_the_last_incomplete_period_is_marked(cur) -> None:
    for granularity, partial in (("month", "2024-12-01"), ("quarter", "2024-10-01"), ("year", "2024-01-01")):
        cov = queries.coverage(cur, Filters(), granularity)
        frame = charts.chart_frame(cov, granularity, last_day=cc.LAST)
        assert set(frame.loc[frame["partial"], "period_key"]) == {partial}, granularity
    cov = queries.coverage(cur, Filters(end=D(2024, 6, 30)), "quarter")
    frame = charts.chart_frame(cov, "quarter", last_day=D(2024, 6, 30))
    assert not frame["partial"].any()  # the date filter ends with the quarter


@pytest.mark.parametrize(
    ("day", "granularity", "bounds"),
    [
        (D(2024, 2, 29), "day", (D(2024, 2, 29), D(2024, 2, 29))),
        (D(2024, 2, 29), "week", (D(2024, 2, 26), D(2024, 3, 3))),
        (D(2024, 2, 1), "month", (D(2024, 2, 1), D(2024, 2, 29))),
        (D(2024, 12, 1), "month", (D(2024, 12, 1), D(2024, 12, 31))),
        (D(2024, 4, 1), "quarter", (D(2024, 4, 1), D(2024, 6, 30))),
        (D(2024, 11, 17), "quarter", (D(2024, 10, 1), D(2024, 12, 31))),
        (D(2023, 1, 1), "year", (D(2023, 1, 1), D(2023, 12, 31))),
    ],
)
def test_period_bounds(day: dt.date, granularity: str, bounds: tuple[dt.date, dt.date]) -> None:
    assert queries.period_bounds(day, granularity) == bounds  # type: ignore[arg-type]
    assert _start(day, granularity) == bounds[0]
    assert _next(bounds[0], granularity) - dt.timedelta(days=1) == bounds[1]


def test_unknown_granularity_is_refused(cur) -> None:
    with pytest.raises(ValueError, match="granularity"):
        queries.coverage(cur, Filters(), "decade")  # type: ignore[arg-type]
