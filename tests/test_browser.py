"""The dashboard in a real browser: what a person sees and clicks, on the demo corpus served by `streamlit run`.

Needs Debian's Chromium (NEWSDESK_CHROMIUM overrides the path); without it every test here skips with the reason.
Screenshots go to tests/screenshots/ (gitignored) for a human look.
"""

from __future__ import annotations

import html
import re
import time
import uuid
from pathlib import Path

import pytest

from tests.browser_support import (
    FIRST_LOAD_MS,
    REPO,
    RERUN_MS,
    AppServer,
    app_problems,
    article_grid,
    click_list_row,
    grid_rows,
    list_caption,
    reader_dialog,
    rows_when,
    search,
    settled,
    shot,
    shown_total,
    wait_for_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

DEMO_ARTICLES = 659  # articles in data/articles/demo once ingested (10 duplicates across its 476 files)
MIN_ROWS_IN_VIEW = 10  # the list is 420 px high: ~11 rows drawn, and only drawn rows are in the accessible table
# The top-most point of the month view, which shows shares by default: Conflict in March 2024 (21 of 34 articles,
# 62%), just above the Elections surge of October 2024 (25 of 41, 61%), which tops the count view.
SPIKE_TOPIC = "Conflict"
SPIKE_PERIOD = "March 2024"
SPIKE_MONTH = "2024-03"
CLOSE_WAIT_S = 5.0
REOPEN_TRIES = 3
DIALOG_X = 'button[aria-label="Close"]'  # st.dialog's own dismiss button, top right
META_LABELS = ("Published", "Site", "Words", "Topics")
HOSTILE_SCRIPT = '<script>alert("x")</script>'
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LEAD = "One resident pasted this into the public comment form:"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def _open_dashboard(page, server: AppServer) -> str:
    page.goto(server.url + "/")
    return list_caption(page, timeout=FIRST_LOAD_MS)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _metric(page, label: str) -> str:
    cell = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    )
    return cell.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _assert_clean(page, events: dict) -> None:
    assert app_problems(page) == [], "the app shows an error"
    assert events["dialogs"] == [], "a JavaScript dialog opened"
    assert events["errors"] == [], "the page threw"
    assert events["offsite"] == [], "the page requested something off the loopback host"


def test_dashboard_shows_corpus_chart_and_list(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page, server = browser_page, browser_server
    assert server.facts.articles == DEMO_ARTICLES
    caption = _open_dashboard(page, server)

    assert _metric(page, "Articles") == f"{server.article_count:,}"
    assert _metric(page, "Ingest errors") == f"{len(server.uploaded)}"  # each upload test adds one broken file

    chart = page.locator('[data-testid="stVegaLiteChart"]')
    chart.locator("svg.marks").wait_for()
    box = chart.locator("svg.marks").bounding_box()
    assert box and box["width"] > 400 and box["height"] > 200, box
    points = chart.locator("g.mark-symbol path[aria-label]")
    assert points.count() > 100, "too few points for 30 months of a dozen topics"
    lines = chart.locator("g.mark-line path").evaluate_all(
        "ps => ps.filter(p => (p.getAttribute('d') || '').length > 20).length"
    )
    assert lines >= 10, "the coverage lines are not drawn"
    legend = chart.locator("g.role-legend").text_content() or ""
    assert SPIKE_TOPIC in legend

    assert shown_total(caption) == server.article_count
    rows = grid_rows(article_grid(page))
    assert len(rows) >= MIN_ROWS_IN_VIEW, rows
    assert rows[0][1] == server.facts.first_title
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r[0]) for r in rows[:20]), rows[:3]
    shot(page, "dashboard.png")
    _assert_clean(page, browser_events)


def test_clicking_a_row_opens_the_reader(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page, server = browser_page, browser_server
    _open_dashboard(page, server)
    facts = server.facts
    clicked_title = grid_rows(article_grid(page))[0][1]
    assert clicked_title == facts.first_title, "the list is not newest first"

    click_list_row(page, 0)
    dialog = reader_dialog(page)
    heading = dialog.get_by_role("heading", name=facts.first_title, exact=True)
    assert heading.is_visible()
    shown = _normal(dialog.inner_text())
    paragraphs = [_normal(p) for p in re.split(r"\n\s*\n", facts.first_text) if p.strip()]
    assert len(paragraphs) >= 2
    for para in paragraphs:
        assert para in shown, f"paragraph missing from the reader: {para[:80]}"
    labels = dialog.locator("strong").all_inner_texts()
    for label in META_LABELS:
        assert label in labels, f"metadata panel has no {label}: {labels}"
    assert f"Words {facts.first_words:,}" in shown
    shot(page, "reader.png")

    dialog.locator(DIALOG_X).click()  # the X
    page.get_by_role("dialog").wait_for(state="detached")
    _assert_clean(page, browser_events)


def _dialog_gone(page) -> bool:
    """Whether the reader closes within a bounded wait (a rerun takes under 2 s; this waits 2.5x that)."""
    deadline = time.monotonic() + CLOSE_WAIT_S
    while page.get_by_role("dialog").count() and time.monotonic() < deadline:
        time.sleep(0.1)
    return page.get_by_role("dialog").count() == 0


def test_closing_the_reader_then_reopening_it(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page = browser_page
    _open_dashboard(page, browser_server)
    click_list_row(page, 0)
    dialog = reader_dialog(page)
    dialog.locator('[data-testid="stButton"]').get_by_role("button", name="Close").click()
    assert _dialog_gone(page), "the reader is still open after its Close button was clicked"
    # Closing redraws the list with no row ticked, so a click on the same row brings the article back. The click
    # may land on the list being replaced by that rerun (the page gives no sign of it), so it is tried again.
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(REOPEN_TRIES):
        settled(page)  # a late rerun of an earlier click shows its dialog before another click could toggle it away
        if not page.get_by_role("dialog").count():
            click_list_row(page, 0)
        try:
            reopened = reader_dialog(page, timeout=int(CLOSE_WAIT_S * 1000))
            settled(page)
            reopened.locator('[data-testid="stHeading"]').first.wait_for(timeout=int(CLOSE_WAIT_S * 1000))
            break
        except PlaywrightError:
            if attempt == REOPEN_TRIES - 1:
                raise
    assert reopened.locator('[data-testid="stHeading"]').first.inner_text().strip()


def _hostile_page(title: str) -> str:
    """A saved news page whose second paragraph shows markup as text (escaped in the source, like a real page)."""
    quoted = html.escape(f"{HOSTILE_LEAD} {HOSTILE_SCRIPT} and also {HOSTILE_IMG} which the clerk read out loud.")
    paragraphs = [
        "The harbour council met on Tuesday evening to vote on replacing the old harbour lights along the eastern "
        "quay, a plan that residents and fishermen have debated for more than three years.",
        quoted,
        "The new lights will cost about two hundred thousand crowns and should be installed before the winter "
        "storms arrive, the harbour master told the meeting after the vote was counted.",
        "Fishermen welcomed the decision, saying the old lamps had failed several times last winter and that boats "
        "returning after dark had struggled to find the channel entrance.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour News</title>
<meta property="og:title" content="{title}">
<meta name="author" content="Ines Calloway">
<meta property="article:published_time" content="2025-05-14T09:00:00+00:00">
</head><body><header><nav><a href="/">Home</a> | <a href="/news">News</a></nav></header>
<article><h1>{title}</h1>
{body}
</article><footer>Copyright Harbour News</footer></body></html>"""


def test_upload_then_read_hostile_article(
    browser_page, browser_server: AppServer, browser_events: dict, tmp_path: Path
) -> None:
    page, server = browser_page, browser_server
    title = f"Zephyrine quorum {uuid.uuid4().hex[:8]} votes on harbour lights"
    hostile = tmp_path / "harbour-lights.html"
    hostile.write_text(_hostile_page(title), encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_bytes(PNG_BYTES)

    _open_dashboard(page, server)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Ingest").click()
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files([hostile, broken])
    page.get_by_role("button", name="Save and ingest 2 files").click()
    page.locator('[data-testid="stAlertContentSuccess"]').wait_for()
    server.uploaded.append(title)
    assert _metric(page, "Articles stored") == "1"
    assert _metric(page, "Errors") == "1"
    assert _metric(page, "Ingest errors") == "1"  # the header counts it too
    errors_row = wait_for_text(page, '[data-testid="stDataFrame"] tbody tr', r"broken\.html")
    assert "uploads/broken.html" in errors_row and len(errors_row.split("broken.html", 1)[1].strip()) > 10
    assert (server.articles / "uploads" / "harbour-lights.html").is_file()
    assert not (REPO / "data" / "articles" / "uploads" / "harbour-lights.html").exists()
    shot(page, "ingest.png")

    page.locator('[data-testid="stSidebarNav"] a', has_text="Dashboard").click()
    list_caption(page)
    search(page, title)
    list_caption(page, r"Showing 1–1 of 1 ")
    rows = rows_when(article_grid(page), lambda rs: len(rs) == 1)
    assert [r[1] for r in rows] == [title]
    click_list_row(page, 0)
    dialog = reader_dialog(page)
    assert dialog.get_by_role("heading", name=title, exact=True).is_visible()
    dialog.get_by_text(HOSTILE_LEAD).first.wait_for()  # the text is drawn a moment after the heading
    shown = _normal(dialog.inner_text())
    assert HOSTILE_LEAD in shown
    shot(page, "hostile.png")

    # Nothing in the stored text may run: no dialog, no live <img onerror>, no injected script.
    assert browser_events["dialogs"] == []
    assert page.locator("img[onerror]").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("Array.from(document.scripts).filter(s => s.text.includes('alert(')).length") == 0
    _assert_clean(page, browser_events)

    # The markup-like text itself reads literally: stored as the page showed it, escaped where it is shown.
    assert HOSTILE_SCRIPT in shown and HOSTILE_IMG in shown


def test_clicking_the_spike_narrows_the_list(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page, server = browser_page, browser_server
    total = shown_total(_open_dashboard(page, server))
    points = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol path[aria-label]')
    points.first.wait_for()
    tops: list[float] = points.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().top)")
    highest = min(range(len(tops)), key=tops.__getitem__)
    top = points.nth(highest).get_attribute("aria-label") or ""
    assert f"topic: {SPIKE_TOPIC};" in top and f"Period: {SPIKE_PERIOD};" in top, f"top-most point: {top}"
    count = int(re.search(r"Articles: ([\d,]+);", top).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert 0 < count < total

    points.nth(highest).click()
    chip = page.get_by_role("button", name=f"Selected: {SPIKE_TOPIC}, {SPIKE_PERIOD}")
    chip.wait_for()
    list_caption(page, rf"Showing 1–{count} of {count} ")
    rows = rows_when(article_grid(page), lambda rs: all(r[0].startswith(SPIKE_MONTH) for r in rs))
    assert len(rows) >= min(count, MIN_ROWS_IN_VIEW)
    assert all(r[0].startswith(SPIKE_MONTH) and SPIKE_TOPIC in r[3] for r in rows), rows[:3]
    shot(page, "coverage-click.png")

    from playwright.sync_api import expect

    chip.click()
    list_caption(page, rf"of {total:,} ")
    expect(page.get_by_role("button", name=re.compile("^Selected:"))).to_have_count(0, timeout=RERUN_MS)
    _assert_clean(page, browser_events)
