"""newsdesk.analysis.topic_admin: saving rule topics (file and store) and the choices laid over discovered topics."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analysis import discovery, topic_admin
from newsdesk.analysis.topics import RULES_HEADER, QueryError, RuleMatcher, RuleTopic, TopicsFileError, load_rules
from newsdesk.ingest import add_articles
from newsdesk.store import Store
from newsdesk.store.core import TOPIC_ROW_SCHEMA
from newsdesk.store.schema import tuples_table
from tests.conftest import APP_TOPICS_TOML, app_corpus

HAND_WRITTEN = """\
# My newsroom's topics.
# Keep this header.

# The money desk asked for this one.
[[topic]]
name = "Economy"
query = 'inflation OR "interest rate*"'
description = "Prices and rates"
colour = "#336699"

[[topic]]
name = "Climate"   # inline comments are not kept
query = "emissions OR \\"climate change\\""

# Sport: tournaments only for now.
[[topic]]
name = "Sport"
query = 'tournament*'
"""


def _rules_file(tmp_path: Path, text: str = HAND_WRITTEN) -> topic_admin.RulesFile:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return topic_admin.read_rules_file(path)


def test_rewrite_keeps_header_comments_unknown_keys_and_readable_queries(tmp_path: Path) -> None:
    current = _rules_file(tmp_path)
    assert current.names() == ["Economy", "Climate", "Sport"]
    rules = [*current.rules, RuleTopic("Health", 'hospital* AND NOT "field hospital"', "Hospitals, not the army's")]
    written = topic_admin.write_rules_file(current, rules)
    text = current.path.read_text(encoding="utf-8")
    assert text.startswith("# My newsroom's topics.\n# Keep this header.\n")
    assert '# The money desk asked for this one.\n[[topic]]\nname = "Economy"' in text
    assert '# Sport: tournaments only for now.\n[[topic]]\nname = "Sport"' in text
    assert "query = 'inflation OR \"interest rate*\"'" in text  # a literal string: no escaped quotes
    assert "query = 'emissions OR \"climate change\"'" in text  # rewritten as one
    assert 'colour = "#336699"' in text
    assert "inline comments" not in text  # said so in the UI: only whole-line comments above a topic stay
    assert written.rules == tuple(rules) == tuple(load_rules(current.path))
    assert tomllib.loads(text)["topic"][0]["colour"] == "#336699"


def test_a_renamed_topic_keeps_its_comment_and_keys(tmp_path: Path) -> None:
    current = _rules_file(tmp_path)
    rules = [RuleTopic("Money", r.query, r.description) if r.name == "Economy" else r for r in current.rules]
    topic_admin.write_rules_file(current, rules, {"Economy": "Money"})
    text = current.path.read_text(encoding="utf-8")
    assert '# The money desk asked for this one.\n[[topic]]\nname = "Money"' in text
    first = tomllib.loads(text)["topic"][0]
    assert first == {"name": "Money", "query": 'inflation OR "interest rate*"', "description": "Prices and rates",
                     "colour": "#336699"}  # fmt: skip


def test_a_query_with_a_single_quote_is_still_valid_toml(tmp_path: Path) -> None:
    current = _rules_file(tmp_path, "")
    rules = [RuleTopic("Quotes", "don't OR \"can't stop\"", 'says "hi"\nand more')]
    topic_admin.write_rules_file(current, rules)
    assert load_rules(current.path) == rules
    assert current.path.read_text(encoding="utf-8").startswith(RULES_HEADER)


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    current = _rules_file(tmp_path)
    current.path.write_text(HAND_WRITTEN.replace("tournament*", "tournament* OR league"), encoding="utf-8")
    with pytest.raises(topic_admin.FileChangedError, match="changed on disk"):
        topic_admin.write_rules_file(current, current.rules)
    assert "league" in current.path.read_text(encoding="utf-8")


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    current = topic_admin.read_rules_file(tmp_path / "new" / "topics.toml")
    assert current.rules == () and current.digest == ""
    topic_admin.write_rules_file(current, [RuleTopic("A", "alpha")])
    assert load_rules(tmp_path / "new" / "topics.toml") == [RuleTopic("A", "alpha")]


def test_a_broken_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(TopicsFileError, match="not valid TOML"):
        _rules_file(tmp_path, "[[topic]\nname = ")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (RuleTopic("", "x"), "The name is empty"),
        (RuleTopic(" Sport", "x"), "starts or ends with spaces"),
        (RuleTopic("economy", "x"), "already called 'economy'"),
        (RuleTopic("New", "   "), "The query is empty"),
        (RuleTopic("New", "(inflation OR rates"), "at character 1): unclosed '('"),
        (RuleTopic("New", "inflation)"), "at character 10): unmatched ')'"),
        (RuleTopic("New", 'inflation AND "rates'), "unclosed quote"),
    ],
)
def test_validation_messages(tmp_path: Path, rule: RuleTopic, expected: str) -> None:
    others = list(_rules_file(tmp_path).rules)
    problems = topic_admin.validate_rule(rule, others)
    assert any(expected in p for p in problems), problems


def test_a_valid_rule_has_no_problems(tmp_path: Path) -> None:
    others = list(_rules_file(tmp_path).rules)
    assert topic_admin.validate_rule(RuleTopic("Health", 'hospital* OR "public health"'), others) == []


# ----------------------------------------------------------------------------------------------- the store
@pytest.fixture
def store(tmp_path: Path):  # -> Store
    rules_path = tmp_path / "rules.toml"
    rules_path.write_text(APP_TOPICS_TOML, encoding="utf-8")
    s = Store(tmp_path / "db.duckdb")
    add_articles(s, app_corpus(), rules=load_rules(rules_path))
    try:
        yield s
    finally:
        s.close()


def _rule_rows(store: Store) -> set[tuple[str, str, str]]:
    rows = (
        store.cursor()
        .execute("SELECT article_id, topic_id, evidence FROM article_topics WHERE topic_id LIKE 'rule:%'")
        .fetchall()
    )
    return {(a, t, e) for a, t, e in rows}


def _expected_rows(store: Store, rules: list[RuleTopic]) -> set[tuple[str, str, str]]:
    matcher = RuleMatcher(rules)
    rows = store.cursor().execute("SELECT id, coalesce(title, ''), coalesce(text, '') FROM articles").fetchall()
    return {(aid, f"rule:{n}", ev) for aid, title, text in rows for n, ev in matcher.match(title, text)}


@pytest.mark.parametrize("python_below", [topic_admin.PYTHON_BELOW, 0], ids=["python", "sql"])
def test_rule_changes_apply_incrementally_with_rulematchers_rows(
    store: Store, monkeypatch: pytest.MonkeyPatch, python_below: int
) -> None:
    monkeypatch.setattr(topic_admin, "PYTHON_BELOW", python_below)
    rules = list(store.cursor().execute("SELECT name, query FROM topics WHERE kind = 'rule' ORDER BY name").fetchall())
    current = [RuleTopic(n, q) for n, q in rules]
    assert _rule_rows(store) == _expected_rows(store, current)

    v0 = store.data_version()
    changed = [RuleTopic(r.name, r.query + " OR rally", r.description) if r.name == "Economy" else r for r in current]
    applied = topic_admin.set_rules(store, changed)
    assert applied.matched == ("Economy",) and not applied.removed and len(applied.kept) == len(current) - 1
    assert _rule_rows(store) == _expected_rows(store, changed)
    assert store.data_version() > v0

    renamed = [RuleTopic("Weather", r.query) if r.name == "Climate" else r for r in changed]
    renamed = [r for r in renamed if r.name != "Sport"] + [RuleTopic("Council", '"review the plan" OR council')]
    applied = topic_admin.set_rules(store, renamed)
    assert applied.renamed == (("Climate", "Weather"),)
    assert applied.removed == ("Sport",) and applied.matched == ("Council",)
    assert _rule_rows(store) == _expected_rows(store, renamed)
    names = {r[0] for r in store.cursor().execute("SELECT name FROM topics WHERE kind = 'rule'").fetchall()}
    assert names == {r.name for r in renamed}

    described = [RuleTopic(r.name, r.query, "now described") for r in renamed]
    applied = topic_admin.set_rules(store, described)
    assert applied.matched == () and applied.rows == 0  # descriptions only: nothing matched again
    assert store.cursor().execute("SELECT DISTINCT description FROM topics WHERE kind = 'rule'").fetchall() == [
        ("now described",)
    ]


def test_sql_for_a_few_rules_on_a_big_corpus_python_otherwise(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = topic_admin.rulesql.match_rules

    def spy(cur, rules, *, source="articles"):  # type: ignore[no-untyped-def]
        calls.append(len(rules))
        return real(cur, rules, source=source)

    monkeypatch.setattr(topic_admin.rulesql, "match_rules", spy)
    monkeypatch.setattr(topic_admin, "PYTHON_BELOW", 0)
    monkeypatch.setattr(topic_admin, "SQL_MAX_RULES", 2)
    two = [RuleTopic("A", "hospital"), RuleTopic("B", "inflation")]
    three = [*two, RuleTopic("C", "tournament")]
    for rules in (two, three):
        assert topic_admin.match_rules(store.cursor(), rules).num_rows == len(_expected_rows(store, rules))
    assert calls == [2]
    monkeypatch.setattr(topic_admin, "PYTHON_BELOW", len(app_corpus()) + 1)
    topic_admin.match_rules(store.cursor(), two)
    assert calls == [2]


def test_an_untrusted_store_is_matched_again_whole(store: Store) -> None:
    with store.writer("a test") as w:  # no record of the rules applied, and a row no rule gave
        w.set_meta("rules_hash", None)
        w.add_part("rule_topics", tuples_table(TOPIC_ROW_SCHEMA, [(10**6, "stray", "rule:Gone", 1.0, "x")]))
    rules = [RuleTopic("Health", "hospital")]
    applied = topic_admin.set_rules(store, rules)
    assert applied.matched == ("Health",)
    assert _rule_rows(store) == _expected_rows(store, rules)


def test_save_rules_writes_the_file_and_updates_the_store(store: Store, tmp_path: Path) -> None:
    current = _rules_file(tmp_path)
    new = [*current.rules, RuleTopic("Council", "council")]
    result = topic_admin.save_rules(store, current, new)
    assert "Council" in load_rules(current.path)[-1].name
    assert result.applied.matched == tuple(r.name for r in new)  # the store held the fixture's rules, not these
    assert _rule_rows(store) == _expected_rows(store, new)
    assert topic_admin.rules_applied(store.cursor(), new)
    with pytest.raises(topic_admin.RuleValidationError, match="already called"):
        topic_admin.save_rules(store, result.file, [*new, RuleTopic("council", "x")])
    with pytest.raises(topic_admin.RuleValidationError, match="unclosed"):
        topic_admin.save_rules(store, result.file, [RuleTopic("Bad", "(x")])
    assert load_rules(current.path) == new  # nothing written after a refused save


def test_preview_counts_and_samples(store: Store) -> None:
    (n,) = store.cursor().execute("SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Health'").fetchone()
    count = topic_admin.preview(store.cursor(), "hospital", sample=4)
    assert count.matches == n and len(count.sample_ids) == 4
    assert count.total == len(app_corpus())
    with pytest.raises(QueryError):
        topic_admin.preview(store.cursor(), "(hospital")


def test_preview_of_a_big_corpus_is_an_estimate_from_parts_spread_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past PREVIEW_EXACT_MAX articles an edited query is counted on whole parts spread over the ingest order and
    scaled up; the sample's articles are matched exactly as RuleMatcher would."""
    from newsdesk.store import views

    corpus = app_corpus()
    quarters = [corpus[k::4] for k in range(4)]  # four ingests: four article parts
    s = Store(tmp_path / "db")
    try:
        for chunk in quarters:
            add_articles(s, chunk)
        exact = topic_admin.preview_query(s.cursor(), "hospital OR council", sample=3)
        assert exact.sampled == 0 and exact.total == len(corpus)
    finally:
        s.close()
    monkeypatch.setattr(views, "PREVIEW_EXACT_MAX", len(corpus) // 2)
    monkeypatch.setattr(views, "PREVIEW_SAMPLE_ROWS", len(quarters[0]) + 1)  # two parts
    s = Store(tmp_path / "db", hot=True)
    try:
        got = topic_admin.preview_query(s.cursor(), "hospital OR council", sample=3)
        in_sample = [r[0] for r in s.cursor().execute("SELECT id FROM preview_sample").fetchall()]
    finally:
        s.close()
    first_and_third = {a.id for a in quarters[0] + quarters[2]}  # the spread order: part 0, then part 2
    assert set(in_sample) == first_and_third and got.sampled == len(first_and_third)
    matcher = RuleMatcher([RuleTopic("q", "hospital OR council")])
    hits = [a for a in corpus if a.id in first_and_third and matcher.match(a.title or "", a.text)]
    assert got.total == len(corpus) and got.matches == round(len(hits) * len(corpus) / len(first_and_third))
    assert got.matches > 0
    from newsdesk.models import published_day

    def newest_first(a: Any) -> tuple[int, str]:
        day = published_day(a.published)
        return (-day.toordinal() if day else 1, a.id)

    newest = sorted(hits, key=newest_first)[:3]
    assert [t for _, t, _ in got.samples] == [a.title for a in newest]  # newest first, as the exact preview


# --------------------------------------------------------------------------------------- discovered topics
def _shown(store: Store) -> dict[str, tuple[str, int]]:
    rows = (
        store.cursor()
        .execute(
            """SELECT t.id, t.name, count(a.article_id) FROM topics t LEFT JOIN article_topics a ON a.topic_id = t.id
           WHERE t.kind = 'discovered' GROUP BY ALL"""
        )
        .fetchall()
    )
    return {i: (n, c) for i, n, c in rows}


def test_rename_merge_split_and_keep_them(store: Store, tmp_path: Path) -> None:
    before = _shown(store)
    assert len(before) >= 3
    first, second, third = sorted(before)[:3]
    topic_admin.rename_topic(store, first, "Money matters")
    assert _shown(store)[first] == ("Money matters", before[first][1])
    with pytest.raises(topic_admin.ChoiceError, match="already called"):
        topic_admin.rename_topic(store, second, "money MATTERS")
    with pytest.raises(topic_admin.ChoiceError, match="empty"):
        topic_admin.rename_topic(store, second, "  ")

    union = (
        store.cursor()
        .execute("SELECT count(DISTINCT article_id) FROM article_topics WHERE topic_id IN (?, ?)", [second, third])
        .fetchone()[0]
    )
    v0 = store.data_version()
    topic_admin.merge_topics(store, [second, third], "Second and third")
    shown = _shown(store)
    assert second in shown and third not in shown and len(shown) == len(before) - 1
    assert shown[second] == ("Second and third", union)
    assert store.data_version() > v0
    scores = store.cursor().execute("SELECT max(score) FROM article_topics WHERE topic_id = ?", [second]).fetchone()
    assert 0 < scores[0] <= 1.0001  # shares of an article's topic weight, summed over the merged topics

    # Kept across a restart and a re-run of discovery on the same corpus.
    path = store.path
    store.close()
    reopened = Store(path)
    try:
        discovery.rediscover(reopened)
        again = _shown(reopened)
        assert again[first][0] == "Money matters" and again[second] == ("Second and third", union)
        assert topic_admin.choice_status(reopened.cursor()).stale == ()

        topic_admin.split_topic(reopened, second)
        assert set(_shown(reopened)) == set(before)
        assert _shown(reopened)[first][0] == "Money matters"
    finally:
        reopened.close()


def test_a_different_discovery_reports_stale_choices_and_comes_back(store: Store) -> None:
    before = _shown(store)
    first, second = sorted(before)[:2]
    topic_admin.rename_topic(store, first, "Kept name")
    topic_admin.merge_topics(store, [second, sorted(before)[2]], "Kept merge")
    n_auto = len(topic_admin.raw_topics(store.cursor()))

    found = discovery.set_topic_count(store, n_auto + 3)
    assert topic_admin.load_choices(store.cursor()).n_topics == n_auto + 3
    assert found > len(before) - 1
    status = topic_admin.choice_status(store.cursor())
    names = [n for n, _ in _shown(store).values()]
    assert status.stale, "a different number of topics gives other topics"
    stale = " ".join(status.stale)
    for chosen in ("Kept name", "Kept merge"):
        assert (chosen in stale) != (chosen in names), chosen  # re-applied and shown, or reported: never both

    discovery.set_topic_count(store, None)  # back to automatic: the same topics as before, choices apply again
    assert topic_admin.choice_status(store.cursor()).stale == ()
    names = [n for n, _ in _shown(store).values()]
    assert "Kept name" in names and "Kept merge" in names

    discovery.set_topic_count(store, n_auto + 3)
    assert topic_admin.forget_stale_choices(store) >= 1
    assert topic_admin.choice_status(store.cursor()).stale == ()


def test_merge_needs_two_topics(store: Store) -> None:
    first = sorted(_shown(store))[0]
    with pytest.raises(topic_admin.ChoiceError, match="at least two"):
        topic_admin.merge_topics(store, [first], "Alone")
    with pytest.raises(topic_admin.ChoiceError, match="not a merge"):
        topic_admin.split_topic(store, first)


def test_choices_survive_a_reingest_of_a_changed_corpus_when_topics_are_found_again(store: Store) -> None:
    from newsdesk.models import Article

    first = sorted(_shown(store))[0]
    topic_admin.rename_topic(store, first, "Renamed")
    raw_before = topic_admin.raw_topics(store.cursor())
    add_articles(
        store, [Article(source="x", path="x", format="record", id="extra-1", title="Unrelated", text="gardening " * 30)]
    )
    raw_after = topic_admin.raw_topics(store.cursor())
    renamed_terms = next(t.terms for t in raw_before if f"disc:{t.id}" == first)
    names = [n for n, _ in _shown(store).values()]
    status = topic_admin.choice_status(store.cursor())
    if any(t.terms == renamed_terms for t in raw_after):
        assert "Renamed" in names and status.stale == ()
    else:  # the discovery changed: said so, and the name is not pinned on another topic
        assert "Renamed" not in names and len(status.stale) == 1
