"""The Topics page with Streamlit's AppTest, on a private copy of the seeded fixture corpus (tests/conftest.py):
the rule topics table and editor (live count, errors, save, add, delete with confirmation), the dashboard's chart
after a save, and discovered topics (rename, merge, split, number of topics). Expected values come from our own
SQL on the store and from RuleMatcher, not from the page's queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from components.widgets.safe import safe_text
from newsdesk.analysis.topics import RuleMatcher, RuleTopic, load_rules
from tests.conftest import APP_TOPICS_TOML, APP_XSS_TITLE
from tests.helpers import APP, checked, copy_db, sql, use_corpus

TIMEOUT = 90
TOPICS = """
from components import bootstrap
from components.pages import topics as topics_page
bootstrap.open_store()
topics_page.render()
"""


@pytest.fixture
def topics_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_dirs: Path, app_db: Path) -> Iterator[Path]:
    """A copy of the fixture database and of its topics file per test: saves never leak into other tests."""
    db = copy_db(app_db, tmp_path / "topics.duckdb")
    topics = tmp_path / "topics.toml"
    topics.write_text(APP_TOPICS_TOML, encoding="utf-8")
    use_corpus(monkeypatch, db, app_dirs / "articles", topics)
    yield db


def _open() -> AppTest:
    return checked(AppTest.from_string(TOPICS, default_timeout=TIMEOUT).run())


def _field(at: AppTest, label: str):  # -> a text_input or text_area element
    found = [w for w in [*at.text_area, *at.text_input] if w.label == label]
    assert found, f"no field {label!r}"
    return found[0]


def _button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def _add_topic(at: AppTest, name: str, query: str) -> None:
    """Fill in the editor's new-topic form and press Add topic (what happens next is each test's to check)."""
    at.selectbox(key="tp_rule_pick").set_value("\u0000new").run()
    _field(at, "Name").input(name).run()
    _field(at, "Query").input(query).run()
    _button(at, "Add topic").click().run()


def _plain(markdown: str) -> str:
    """Markdown as read on screen: safe_text's backslash escapes dropped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _errors(at: AppTest) -> list[str]:
    return [_plain(e.value) for e in at.error]


def _successes(at: AppTest) -> list[str]:
    return [_plain(e.value) for e in at.success]


def _warnings(at: AppTest) -> list[str]:
    return [_plain(e.value) for e in at.warning]


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [w.value for w in at.warning] + [i.value for i in at.info]
    return _plain("\n".join(str(p) for p in parts))


def _corpus(db: Path) -> list[tuple[str, str, str, object]]:
    return sql(db, "SELECT id, coalesce(title, ''), coalesce(text, ''), published_day FROM articles")


def _expected_ids(db: Path, query: str) -> set[str]:
    matcher = RuleMatcher([RuleTopic("Q", query)])
    return {aid for aid, title, text, _ in _corpus(db) if matcher.match(title, text)}


def test_table_lists_the_file_with_counts(topics_env: Path) -> None:
    at = _open()
    (table, *_) = at.dataframe
    df = table.value
    rules = load_rules(Path(str(topics_env)).with_name("topics.toml"))
    assert list(df["Topic"]) == [r.name for r in rules]
    assert list(df["Query"]) == [r.query for r in rules]
    for name, count in zip(df["Topic"], df["Articles"], strict=True):
        ((n,),) = sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = ?", [f"rule:{name}"])
        assert count == n > 0
    assert at.selectbox(key="tp_rule_pick").value == rules[0].name
    assert _field(at, "Query").value == rules[0].query


def test_live_count_and_sample_headlines_before_saving(topics_env: Path) -> None:
    at = _open()
    at.selectbox(key="tp_rule_pick").set_value("Economy").run()
    _field(at, "Query").input("inflation OR hospital").run()
    checked(at)
    expected = _expected_ids(topics_env, "inflation OR hospital")
    ((saved,),) = sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Economy'")
    text = _texts(at)
    assert f"Matches **{len(expected)}** of {len(_corpus(topics_env))} stored articles" in text
    diff = len(expected) - saved
    assert f"The saved query matches {saved}: this one, {abs(diff)} {'more' if diff > 0 else 'fewer'}." in text
    assert "Unsaved changes." in text
    # Nothing is written before Save.
    assert "inflation OR hospital" not in Path(str(topics_env)).with_name("topics.toml").read_text(encoding="utf-8")


def test_a_big_corpus_shows_an_estimate_and_says_so(topics_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past PREVIEW_EXACT_MAX articles the live count is an estimate from a sample of parts, labelled as such."""
    from newsdesk.ingest import add_articles
    from newsdesk.models import Article
    from newsdesk.store import Store, views

    first_part = {aid for (aid,) in sql(topics_env, "SELECT id FROM articles")}
    before = len(first_part)
    s = Store(topics_env)
    try:  # a second ingest: a second article part, left out of a one-part sample
        add_articles(s, [Article(source=f"late-{k}.txt", title=f"Late hospital news {k}", text="A hospital opened.")
                         for k in range(3)])  # fmt: skip
    finally:
        s.close()
    monkeypatch.setattr(views, "PREVIEW_EXACT_MAX", 1)
    monkeypatch.setattr(views, "PREVIEW_SAMPLE_ROWS", 1)
    at = _open()
    at.selectbox(key="tp_rule_pick").set_value("Economy").run()
    _field(at, "Query").input("inflation OR hospital").run()
    checked(at)
    text = _texts(at)
    old_hits = len(_expected_ids(topics_env, "inflation OR hospital") & first_part)
    assert f"Estimated from {before:,} articles spread over the corpus" in text
    assert f"Matches about **{round(old_hits * (before + 3) / before):,}** of {before + 3:,} stored articles" in text
    assert "Newest matching articles in the sample:" in text


def test_hostile_headlines_in_the_preview_are_escaped(topics_env: Path) -> None:
    at = _open()
    at.selectbox(key="tp_rule_pick").set_value("Economy").run()
    _field(at, "Query").input("markets OR bell").run()
    shown = checked(at) and "\n".join(m.value for m in at.markdown)
    assert safe_text(APP_XSS_TITLE) in shown and "&lt;img" in shown
    assert "<img" not in shown and APP_XSS_TITLE not in shown


@pytest.mark.parametrize(
    ("query", "message", "caret"),
    [
        ("(inflation OR emissions", "unclosed '('", "^"),
        ("inflation)", "unmatched ')'", "         ^"),
        ('inflation AND "emissions', "unclosed quote", "              ^"),
    ],
)
def test_a_bad_query_says_what_and_where(topics_env: Path, query: str, message: str, caret: str) -> None:
    at = _open()
    _field(at, "Query").input(query).run()
    checked(at)
    assert any(message in e for e in _errors(at)), _errors(at)
    (code,) = at.code
    assert code.value == f"{query}\n{caret}"
    _button(at, "Save changes").click().run()
    assert any("The query has a problem" in e for e in _errors(checked(at)))
    assert query not in Path(str(topics_env)).with_name("topics.toml").read_text(encoding="utf-8")


def test_save_rewrites_the_file_and_the_dashboard_chart_follows(topics_env: Path) -> None:
    topics_file = Path(str(topics_env)).with_name("topics.toml")
    dashboard = checked(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    before = _chart_counts(dashboard)

    at = _open()
    at.selectbox(key="tp_rule_pick").set_value("Health").run()
    _field(at, "Query").input("hospital OR tournament").run()
    _field(at, "Description (optional)").input("Hospitals and, for this test, tournaments").run()
    _button(at, "Save changes").click().run()
    checked(at)
    assert any("Saved rule topic **Health**" in s for s in _successes(at)), _texts(at)
    saved = {r.name: r for r in load_rules(topics_file)}
    assert saved["Health"] == RuleTopic("Health", "hospital OR tournament", "Hospitals and, for this test, tournaments")
    expected = _expected_ids(topics_env, "hospital OR tournament")
    rows = {r[0] for r in sql(topics_env, "SELECT article_id FROM article_topics WHERE topic_id = 'rule:Health'")}
    assert rows == expected
    assert _field(at, "Query").value == "hospital OR tournament"  # the editor shows what was saved
    assert "Unsaved changes." not in _texts(at)

    dashboard.run()
    after = _chart_counts(checked(dashboard))
    dated = {aid for aid, _, _, day in _corpus(topics_env) if day is not None}
    assert after["Health"] == len(expected & dated) > before["Health"]
    assert after["Sport"] == before["Sport"]


def _chart_counts(at: AppTest) -> dict[str, int]:
    """Articles per topic in the coverage chart's data (summed over its periods)."""
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            frame = dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)
            if {"period", "topic", "count"} <= set(frame.columns):
                return {str(k): int(v) for k, v in frame.groupby("topic")["count"].sum().items()}
    raise AssertionError("no coverage chart data on the dashboard")


def test_add_a_topic_then_delete_it_after_confirming(topics_env: Path) -> None:
    topics_file = Path(str(topics_env)).with_name("topics.toml")
    at = _open()
    _add_topic(at, "Council", 'council OR "review the plan"')
    checked(at)
    assert any("Added rule topic **Council**" in s for s in _successes(at))
    assert [r.name for r in load_rules(topics_file)][-1] == "Council"
    ((n,),) = sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Council'")
    assert n == len(_expected_ids(topics_env, 'council OR "review the plan"')) > 0
    assert at.selectbox(key="tp_rule_pick").value == "Council"

    _button(at, "Delete…").click().run()
    assert any("Delete rule topic **Council**?" in w for w in _warnings(checked(at)))
    assert "Council" in [r.name for r in load_rules(topics_file)]  # not before the confirmation
    _button(at, "Cancel").click().run()
    assert not any("Delete rule topic" in w for w in _warnings(checked(at)))
    _button(at, "Delete…").click().run()
    _button(checked(at), "Yes, delete").click().run()
    checked(at)
    assert any("Deleted rule topic **Council**" in s for s in _successes(at))
    assert "Council" not in [r.name for r in load_rules(topics_file)]
    assert sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Council'") == [(0,)]


def test_duplicate_and_empty_names_are_refused(topics_env: Path) -> None:
    topics_file = Path(str(topics_env)).with_name("topics.toml")
    at = _open()
    _add_topic(at, "sport", "league")
    assert any("already called 'sport'" in e for e in _errors(checked(at)))
    _field(at, "Name").input("").run()
    _button(at, "Add topic").click().run()
    assert any("The name is empty" in e for e in _errors(checked(at)))
    assert topics_file.read_text(encoding="utf-8") == APP_TOPICS_TOML


def test_a_file_edited_by_hand_meanwhile_is_read_again_and_kept(topics_env: Path) -> None:
    topics_file = Path(str(topics_env)).with_name("topics.toml")
    at = _open()
    at.selectbox(key="tp_rule_pick").set_value("Economy").run()
    topics_file.write_text(APP_TOPICS_TOML + '[[topic]]\nname = "Hand"\nquery = "hand"\n', encoding="utf-8")
    _field(at, "Query").input("inflation OR prices").run()
    checked(at)
    assert any("changed on disk" in i.value for i in at.info), _texts(at)
    assert "Hand" in list(at.dataframe[0].value["Topic"])
    assert _field(at, "Query").value == "inflation OR prices"  # the unsaved edit is still there
    assert any("do not carry the rule topics" in w for w in _warnings(at))

    _button(at, "Save changes").click().run()
    assert any("Saved rule topic **Economy**" in s for s in _successes(checked(at)))
    rules = {r.name: r.query for r in load_rules(topics_file)}
    assert rules["Hand"] == "hand" and rules["Economy"] == "inflation OR prices"  # the hand edit is kept
    assert sql(topics_env, "SELECT count(*) FROM topics WHERE id = 'rule:Hand'") == [(1,)]
    assert not any("do not carry the rule topics" in w for w in _warnings(at))


def test_apply_a_file_edited_outside_the_app(topics_env: Path) -> None:
    topics_file = Path(str(topics_env)).with_name("topics.toml")
    topics_file.write_text(APP_TOPICS_TOML + '[[topic]]\nname = "Hand"\nquery = "hand"\n', encoding="utf-8")
    at = _open()
    assert any("do not carry the rule topics" in w for w in _warnings(at))
    _button(at, "Apply the file now").click().run()
    assert any("Applied the topics file" in s for s in _successes(checked(at)))
    assert sql(topics_env, "SELECT count(*) FROM topics WHERE id = 'rule:Hand'") == [(1,)]
    assert not any("do not carry the rule topics" in w for w in _warnings(at))


def _discovered(db: Path) -> dict[str, tuple[str, int]]:
    rows = sql(
        db,
        """SELECT t.id, t.name, count(a.article_id) FROM topics t LEFT JOIN article_topics a ON a.topic_id = t.id
           WHERE t.kind = 'discovered' GROUP BY ALL""",
    )
    return {i: (n, c) for i, n, c in rows}


def test_discovered_topics_rename_merge_split(topics_env: Path) -> None:
    at = _open()
    before = _discovered(topics_env)
    assert len(before) >= 3
    table = at.dataframe[-1].value
    assert sorted(table["name"]) == sorted(n for n, _ in before.values())
    first, second, third = sorted(before)[:3]

    at.selectbox(key="tp_rename_pick").set_value(first).run()
    at.text_input(key=f"tp_rename_name_{first}").input("City hall").run()
    _button(at, "Rename").click().run()
    assert any("Renamed to **City hall**" in s for s in _successes(checked(at)))
    assert _discovered(topics_env)[first][0] == "City hall"
    assert "City hall" in list(at.dataframe[-1].value["name"])

    at.multiselect(key="tp_merge_pick").set_value([second, third]).run()
    at.text_input(key="tp_merge_name").input("Second and third").run()
    _button(at, "Merge").click().run()
    assert any("Merged 2 topics" in s for s in _successes(checked(at)))
    now = _discovered(topics_env)
    assert now[second][0] == "Second and third" and third not in now
    notes = dict(zip(at.dataframe[-1].value["name"], at.dataframe[-1].value["note"], strict=True))
    assert notes["Second and third"].startswith("merged from ")

    at.selectbox(key="tp_split_pick").set_value(second).run()
    _button(at, "Split").click().run()
    checked(at)
    assert set(_discovered(topics_env)) == set(before)


def test_choosing_the_number_of_topics_reruns_discovery_and_reports_stale_choices(topics_env: Path) -> None:
    at = _open()
    before = _discovered(topics_env)
    first = sorted(before)[0]
    at.selectbox(key="tp_rename_pick").set_value(first).run()
    at.text_input(key=f"tp_rename_name_{first}").input("Chosen name").run()
    _button(at, "Rename").click().run()

    at.toggle(key="tp_disc_auto").set_value(False).run()
    at.number_input(key="tp_disc_count").set_value(len(before) + 3).run()
    _button(checked(at), "Run discovery with this number").click().run()
    checked(at)
    assert any("Discovery found" in s and f"{len(before) + 3} asked for" in s for s in _successes(at))
    after = _discovered(topics_env)
    assert len(after) > len(before)
    names = [n for n, _ in after.values()]
    stale = [w for w in _warnings(at) if "no longer match" in w]
    assert bool(stale) != ("Chosen name" in names)  # re-applied to the same topic, or said to be stale

    at.toggle(key="tp_disc_auto").set_value(True).run()
    _button(checked(at), "Run discovery with this number").click().run()
    checked(at)
    assert "Chosen name" in [n for n, _ in _discovered(topics_env).values()]
    assert not [w for w in _warnings(at) if "no longer match" in w]


def test_renaming_a_rule_topic_keeps_its_articles(topics_env: Path) -> None:
    topics_file = Path(str(topics_env)).with_name("topics.toml")
    ((n,),) = sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Economy'")
    at = _open()
    at.selectbox(key="tp_rule_pick").set_value("Economy").run()
    _field(at, "Name").input("Markets").run()
    _button(at, "Save changes").click().run()
    assert any("renamed Economy → Markets" in s for s in _successes(checked(at))), _texts(at)
    assert [r.name for r in load_rules(topics_file)][0] == "Markets"
    assert sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Markets'") == [(n,)]
    assert sql(topics_env, "SELECT count(*) FROM article_topics WHERE topic_id = 'rule:Economy'") == [(0,)]
    assert at.selectbox(key="tp_rule_pick").value == "Markets"
