"""Corrected values win everywhere: the article list, coverage, the reader's article, counts and the CLI export,
with the extracted values still beside them; irrelevant articles leave the charts with one filter."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsdesk import cli
from newsdesk.analysis import queries
from newsdesk.analysis.queries import Filters, iter_export
from newsdesk.review import decisions as review
from newsdesk.store import Store


@pytest.fixture
def store(app_store: Store) -> Store:
    return app_store


def _article_in(store: Store, month: int, topic: str) -> tuple[str, dt.date]:
    """An article of 2024-`month` matched by exactly one rule topic, `topic`."""
    row = (
        store.cursor()
        .execute(
            """SELECT a.id, a.published_day FROM articles a JOIN article_topics t ON t.article_id = a.id
           WHERE month(a.published_day) = ? AND t.topic_id LIKE 'rule:%'
           GROUP BY a.id, a.published_day HAVING list(t.topic_id) = [?] ORDER BY a.id LIMIT 1""",
            [month, topic],
        )
        .fetchone()
    )
    assert row is not None
    return row[0], row[1]


def _cell(df: object, period: dt.date, topic_id: str) -> tuple[int, int]:
    import pandas as pd

    assert isinstance(df, pd.DataFrame)
    row = df[(df["period"] == pd.Timestamp(period)) & (df["topic_id"] == topic_id)]
    return int(row["count"].iloc[0]), int(row["total"].iloc[0])


def test_date_correction_moves_the_article_between_periods(store: Store) -> None:
    cur = store.cursor()
    aid, _ = _article_in(store, 3, "rule:Economy")
    jan, mar = dt.date(2024, 1, 1), dt.date(2024, 3, 1)
    before = queries.coverage(cur, Filters(), "month")
    review.correct(cur, aid, "published_day", dt.date(2024, 1, 15), reviewer="ann")
    after = queries.coverage(cur, Filters(), "month")
    assert _cell(after, jan, "rule:Economy") == tuple(x + 1 for x in _cell(before, jan, "rule:Economy"))
    assert _cell(after, mar, "rule:Economy") == tuple(x - 1 for x in _cell(before, mar, "rule:Economy"))
    art = queries.get_article(cur, aid)
    assert art is not None
    assert (art["published_day"], art["published"], art["published_source"]) == (
        dt.date(2024, 1, 15),
        "2024-01-15",
        "reviewer",
    )
    assert art["published_day_extracted"].month == 3
    listed = queries.list_articles(cur, Filters(start=jan, end=dt.date(2024, 1, 31)), limit=500)
    assert aid in set(listed["id"])


def test_dating_an_undated_article_changes_the_undated_count(store: Store) -> None:
    cur = store.cursor()
    undated = queries.undated_count(cur, Filters())
    aid = cur.execute("SELECT id FROM articles WHERE published_day IS NULL ORDER BY id LIMIT 1").fetchone()[0]
    review.correct(cur, aid, "published_day", "2024-02-02", reviewer="ann")
    assert queries.undated_count(cur, Filters()) == undated - 1
    assert queries.corpus_stats(store)["undated"] == undated - 1


def test_topics_correction_replaces_rule_topics_everywhere(store: Store) -> None:
    cur = store.cursor()
    aid, day = _article_in(store, 2, "rule:Economy")
    feb = dt.date(2024, 2, 1)
    before = queries.coverage(cur, Filters(), "month")
    topics_before = queries.topics(cur, "rule").set_index("id")["articles"]
    review.correct(cur, aid, "topics", ["Sport"], reviewer="ann")
    after = queries.coverage(cur, Filters(), "month")
    assert _cell(after, feb, "rule:Economy")[0] == _cell(before, feb, "rule:Economy")[0] - 1
    assert _cell(after, feb, "rule:Sport")[0] == _cell(before, feb, "rule:Sport")[0] + 1
    assert _cell(after, feb, "rule:Sport")[1] == _cell(before, feb, "rule:Sport")[1]  # totals unchanged
    topics_after = queries.topics(cur, "rule").set_index("id")["articles"]
    assert topics_after["rule:Economy"] == topics_before["rule:Economy"] - 1
    assert topics_after["rule:Sport"] == topics_before["rule:Sport"] + 1
    listed = queries.list_articles(cur, Filters(topics=("rule:Sport",)), limit=500).set_index("id")
    assert listed.loc[aid, "topics"].tolist() == ["Sport"]
    assert listed.loc[aid, "discovered"].tolist()  # discovered topics stay
    art = queries.get_article(cur, aid)
    assert art is not None
    rule_rows = [t for t in art["topic_rows"] if t["kind"] == "rule"]
    assert [(t["id"], t["evidence"]) for t in rule_rows] == [("rule:Sport", "set by a reviewer")]
    assert aid not in set(queries.list_articles(cur, Filters(topics=("rule:Economy",)), limit=500)["id"])
    review.correct(cur, aid, "topics", None, reviewer="ann")  # cleared: the matched topics are back
    assert queries.coverage(cur, Filters(), "month").equals(before)


def test_title_authors_section_corrections_in_list_reader_and_search(store: Store) -> None:
    cur = store.cursor()
    aid, _ = _article_in(store, 1, "rule:Health")
    extracted = cur.execute("SELECT title, authors, section FROM articles WHERE id = ?", [aid]).fetchone()
    review.correct(cur, aid, "title", "Quarantine ward reopens", reviewer="ann")
    review.correct(cur, aid, "authors", ["Dana Cruz"], reviewer="ann")
    review.correct(cur, aid, "section", "Local", reviewer="ann")
    listed = queries.list_articles(cur, Filters(search="quarantine"), limit=10)
    assert listed["id"].tolist() == [aid] and listed["title"].tolist() == ["Quarantine ward reopens"]
    art = queries.get_article(cur, aid)
    assert art is not None
    assert (art["title"], art["authors"], art["section"]) == ("Quarantine ward reopens", ["Dana Cruz"], "Local")
    assert (art["title_extracted"], art["authors_extracted"], art["section_extracted"]) == extracted


def test_hide_irrelevant_leaves_them_out_of_charts_and_counts(store: Store) -> None:
    cur = store.cursor()
    aid, _ = _article_in(store, 3, "rule:Climate")
    mar = dt.date(2024, 3, 1)
    full = queries.coverage(cur, Filters(hide_irrelevant=True), "month")
    review.decide(cur, aid, "irrelevant", reviewer="ann")
    assert queries.coverage(cur, Filters(), "month").equals(full)  # the toggle off: nothing hidden
    hidden = queries.coverage(cur, Filters(hide_irrelevant=True), "month")
    count, total = _cell(full, mar, "rule:Climate")
    assert _cell(hidden, mar, "rule:Climate") == (count - 1, total - 1)
    n = queries.count_articles(cur, Filters())
    assert queries.count_articles(cur, Filters(hide_irrelevant=True)) == n - 1
    assert queries.count_articles(cur, Filters(statuses=("irrelevant",))) == 1


def test_export_cli_and_iter_articles_carry_corrections_and_state(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    cur = store.cursor()
    aid, _ = _article_in(store, 2, "rule:Health")
    title_x = cur.execute("SELECT title FROM articles WHERE id = ?", [aid]).fetchone()[0]
    review.decide(cur, aid, "needs_fix", reviewer="ann", note="headline had the site name")
    review.correct(cur, aid, "title", "Clean headline", reviewer="ann")
    review.correct(cur, aid, "topics", ["Climate"], reviewer="ann")
    rows = {r["id"]: r for r in iter_export(store.cursor())}
    row = rows[aid]
    assert (row["title"], row["title_extracted"]) == ("Clean headline", title_x)
    assert (row["review_status"], row["review_note"], row["reviewed_by"]) == (
        "needs_fix",
        "headline had the site name",
        "ann",
    )
    assert row["rule_topics"] == ["Climate"]
    assert sum(r["review_status"] == "unreviewed" for r in rows.values()) == len(rows) - 1
    db = str(store.path)
    store.close()
    assert cli.main(["export", "--db", db]) == 0
    exported = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert exported[aid]["title"] == "Clean headline" and exported[aid]["review_status"] == "needs_fix"


def test_list_pages_read_from_a_day_cutoff_equal_a_full_sort_with_corrected_dates(store: Store) -> None:
    """The list reads a page from the day by which enough articles are dated (queries._day_cutoff); a date a reviewer
    moved to after every other, or before, must still place the article where the full sort puts it."""
    cur = store.cursor()
    newest, oldest = cur.execute("SELECT max(published_day), min(published_day) FROM articles").fetchone()
    late, _ = _article_in(store, 3, "rule:Economy")
    early = cur.execute("SELECT id FROM articles WHERE published_day IS NOT NULL AND id <> ? ORDER BY published_day "
                        "DESC, id LIMIT 1", [late]).fetchone()[0]  # fmt: skip
    review.correct(cur, late, "published_day", newest + dt.timedelta(days=30), reviewer="ann")
    review.correct(cur, early, "published_day", oldest - dt.timedelta(days=30), reviewer="ann")
    full = cur.execute(
        "SELECT id, published_day FROM article_view ORDER BY published_day DESC NULLS LAST, id"
    ).fetchall()
    ascending = cur.execute(
        "SELECT id, published_day FROM article_view ORDER BY published_day ASC NULLS LAST, id"
    ).fetchall()
    assert full[0][0] == late and ascending[0][0] == early
    for expected, descending in ((full, True), (ascending, False)):
        for limit, offset in ((5, 0), (7, 3), (50, 40), (10, len(expected) - 4), (10, len(expected) + 5)):
            page = queries.list_articles(cur, Filters(), descending=descending, limit=limit, offset=offset)
            assert list(page["id"]) == [i for i, _ in expected[offset : offset + limit]], (descending, offset)
