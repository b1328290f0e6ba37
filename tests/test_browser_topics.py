"""The Topics page in a real browser, on the demo corpus served by `streamlit run` with a private copy of the topics
file: edit a rule topic's query, see the live count, save, and find the dashboard's chart changed.

Needs Debian's Chromium (NEWSDESK_CHROMIUM overrides the path); without it every test here skips with the reason.
Screenshots go to tests/screenshots/ (gitignored) for a human look.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdesk.analysis.topics import RuleMatcher, RuleTopic, load_rules
from tests import browser_support
from tests.browser_support import FIRST_LOAD_MS, RERUN_MS, AppServer, app_problems, shot, wait_for_text
from tests.helpers import StoreSQL

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CHART = '[data-testid="stVegaLiteChart"]'
POINTS = f"{CHART} g.mark-symbol path[aria-label]"
EDITED = "Elections"  # the first topic of data/topics.toml: the editor opens on it
NEW_QUERY = 'referendum OR "polling station*"'


@dataclass
class TopicsServer:
    server: AppServer
    topics: Path
    matches: int  # articles NEW_QUERY matches, dated or not
    dated_matches: int  # of which dated: what the chart counts


def _expected(db: Path) -> tuple[int, int]:
    """Articles NEW_QUERY matches, and how many of them have a date, by RuleMatcher on the store (read before the
    server holds its lock)."""
    con = StoreSQL(db)
    try:
        rows = con.execute("SELECT coalesce(title, ''), coalesce(text, ''), published_day FROM articles").fetchall()
    finally:
        con.close()
    matcher = RuleMatcher([RuleTopic("Q", NEW_QUERY)])
    hits = [day for title, text, day in rows if matcher.match(title, text)]
    return len(hits), sum(1 for day in hits if day is not None)


@pytest.fixture(scope="module")
def topics_server(browser_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TopicsServer]:
    """`streamlit run app.py` on a copy of the demo corpus whose topics file is a tmp copy (saves stay there)."""
    root = tmp_path_factory.mktemp("browser_topics")
    articles, db = browser_support.build_corpus(root)
    topics = root / "topics.toml"
    shutil.copy(browser_support.TOPICS_FILE, topics)
    matches, dated = _expected(db)
    env = browser_support.app_env(db, articles)
    env["NEWSDESK_TOPICS"] = str(topics)
    server = browser_support.serve(root, articles, db, env)
    try:
        yield TopicsServer(server, topics, matches, dated)
    finally:
        server.stop()


@pytest.fixture
def tab(browser_context) -> Iterator:
    """A fresh tab (its own Streamlit session) that records dialogs, page errors and requests off loopback."""
    tab = browser_context.new_page()
    tab.set_default_timeout(RERUN_MS)
    tab.events = browser_support.record_page_events(tab)
    try:
        yield tab
    finally:
        tab.close()


def _field(label: str, name: str) -> str:
    match = re.search(rf"(?:^|; ){re.escape(name)}: ([^;]+)", label)
    assert match, f"{name} not in {label}"
    return match.group(1).strip()


def _chart_total(page, topic: str) -> int:
    """Articles of `topic` in the coverage chart, summed over its periods, read off the points' labels."""
    page.locator(POINTS).first.wait_for(timeout=FIRST_LOAD_MS)
    labels = page.locator(POINTS).evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    per_period = {
        _field(label, "Period"): int(_field(label, "Articles").replace(",", ""))
        for label in labels
        if label and _field(label, "Topic") == topic
    }
    assert per_period, f"no point of {topic} in the chart"
    return sum(per_period.values())


def test_edit_a_rule_topic_and_the_dashboard_chart_changes(tab, topics_server: TopicsServer) -> None:
    page, server = tab, topics_server.server
    page.goto(server.url + "/")
    before = _chart_total(page, EDITED)

    page.get_by_role("link", name="Topics").click()
    page.get_by_role("tab", name="Rule topics").wait_for(timeout=FIRST_LOAD_MS)
    query = page.get_by_label("Query", exact=True)
    query.wait_for()
    original = query.input_value()
    assert original == next(r.query for r in load_rules(browser_support.TOPICS_FILE) if r.name == EDITED)
    wait_for_text(page, '[data-testid="stMarkdownContainer"]', r"^Matches [\d,]+ of [\d,]+ stored articles")
    shot(page, "topics-rules.png")
    page.get_by_role("tab", name="Discovered topics").click()
    page.get_by_text("Rename a topic").wait_for()
    shot(page, "topics-discovered.png")
    page.get_by_role("tab", name="Rule topics").click()

    query.fill(NEW_QUERY)
    query.press("Control+Enter")
    live = wait_for_text(
        page, '[data-testid="stMarkdownContainer"]', rf"^Matches {topics_server.matches:,} of [\d,]+ stored articles"
    )
    assert live
    page.get_by_text("Unsaved changes.").wait_for()
    assert NEW_QUERY not in topics_server.topics.read_text(encoding="utf-8")  # nothing written yet
    page.get_by_role("button", name="Save changes").scroll_into_view_if_needed()
    shot(page, "topics-preview.png")

    page.get_by_role("button", name="Save changes").click()
    wait_for_text(page, '[data-testid="stAlertContentSuccess"]', rf"Saved rule topic {EDITED}\.")
    assert f"query = '{NEW_QUERY}'" in topics_server.topics.read_text(encoding="utf-8")
    assert next(r.query for r in load_rules(topics_server.topics) if r.name == EDITED) == NEW_QUERY
    shot(page, "topics-saved.png")

    page.get_by_role("link", name="Dashboard").click()
    page.locator(POINTS).first.wait_for(timeout=FIRST_LOAD_MS)
    after = _chart_total(page, EDITED)
    assert after == topics_server.dated_matches != before
    shot(page, "topics-dashboard-after.png")

    assert app_problems(page) == [], "the app shows an error"
    assert page.events["dialogs"] == [] and page.events["errors"] == [] and page.events["offsite"] == []
