"""Two dashboards and an ingest on one store, as people run them: the dashboard stays open while
`python -m newsdesk ingest` adds articles from a terminal, the new articles appear on the open page without a
reload or a click, and a second dashboard process started on the same store reads them too."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser_support
from tests.browser_support import FIRST_LOAD_MS, REPO, AppServer, app_problems, list_caption, shot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NEW_ARTICLES = 3
APPEAR_MS = 40_000  # the page looks every 3 s and reruns once the ingest is done; generous for a busy machine


@pytest.fixture(scope="module")
def live(browser_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, Path]]:
    """Its own server on its own copy of the demo corpus (other modules' servers must not see these articles)."""
    root = tmp_path_factory.mktemp("live")
    server = browser_support.start_server(root)
    try:
        yield server, root
    finally:
        server.stop()


def _articles_metric(page) -> str:
    cell = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile("^Articles$"))
    )
    return cell.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _new_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "late-wire.jsonl"
    records = [
        {
            "url": f"https://late-wire.example/news/{i}",
            "title": f"Late wire story {i} on the harbour ferry timetable",
            "published": f"2025-05-0{i + 1}",
            "text": "The ferry timetable changes next month, the harbour authority said on Monday. " * 8,
        }
        for i in range(NEW_ARTICLES)
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return folder


def test_articles_ingested_from_a_terminal_appear_in_open_dashboards(live, browser_context) -> None:
    server, root = live
    before = server.facts.articles
    page = browser_context.new_page()
    page.goto(server.url + "/")
    list_caption(page, timeout=FIRST_LOAD_MS)
    assert _articles_metric(page) == f"{before:,}"

    folder = _new_files(root / "late")
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", str(folder), "--db", str(server.db), "--quiet"],
        cwd=REPO,
        env=browser_support.app_env(server.db, server.articles),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr  # the open dashboard holds no lock the CLI waits for
    assert f"{NEW_ARTICLES} articles stored" in done.stdout

    after = f"{before + NEW_ARTICLES:,}"
    page.wait_for_function(
        """([want]) => Array.from(document.querySelectorAll('[data-testid="stMetric"]')).some(
               m => m.innerText.startsWith('Articles') && m.innerText.includes(want))""",
        arg=[after],
        timeout=APPEAR_MS,
    )  # no reload, no click: the open page notices the new batch by itself
    page.get_by_text(f"Review these {before + NEW_ARTICLES:,} articles").first.wait_for(timeout=APPEAR_MS)  # redrawn
    page.get_by_text("new articles appear as each batch is stored").wait_for(state="detached", timeout=APPEAR_MS)
    assert app_problems(page) == []
    shot(page, "live-after-ingest.png")

    second_root = root / "second"
    second_root.mkdir()
    env = browser_support.app_env(server.db, server.articles)
    second = browser_support.serve(second_root, server.articles, server.db, env)
    try:
        other = browser_context.new_page()
        other.goto(second.url + "/")
        list_caption(other, timeout=FIRST_LOAD_MS)
        assert _articles_metric(other) == after
        assert app_problems(other) == []
        other.close()
    finally:
        second.stop()
    page.close()
