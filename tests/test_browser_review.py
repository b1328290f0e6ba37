"""The Review page in a real browser (issue 5's two Done-when scenarios), on the demo corpus served by
`streamlit run`: reviewing a chart selection with the keyboard only, a date correction that moves the chart,
undo, export, wipe and import; then two reviewers in two browser contexts on the same and on different articles.

Needs Debian's Chromium (NEWSDESK_CHROMIUM overrides the path); without it every test here skips with the reason.
Screenshots go to tests/screenshots/ (gitignored) for a human look.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.browser_support import (
    FIRST_LOAD_MS,
    RERUN_MS,
    VIEWPORT,
    AppServer,
    app_problems,
    reader_dialog,
    settled,
    shot,
    wait_for_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PROGRESS = '[data-testid="stProgress"]'
CAPTION = '[data-testid="stCaptionContainer"]'
SIDEBAR = '[data-testid="stSidebar"]'
# One key per decision, as the page's buttons show them: ten reviews with a mix of every status.
KEYS = {"1": "ok", "2": "needs_fix", "3": "irrelevant", "4": "flagged"}
TEN_KEYS = ["1", "2", "1", "3", "1", "4", "1", "2", "3", "1"]
STATUS_CHIPS = {"ok": "OK", "needs_fix": "Needs fix", "irrelevant": "Irrelevant", "flagged": "Flagged"}


# ------------------------------------------------------------------------------------------------ helpers
def _progress(page, pattern: str) -> str:
    """The queue's progress line once it matches `pattern` (a key press reruns the workspace asynchronously) and
    the run that drew it has finished (no element left from the run before)."""
    text = wait_for_text(page, PROGRESS, pattern)
    settled(page)
    return text


def _shot(page, name: str) -> None:
    settled(page)
    shot(page, name)


def _sign_in(page, name: str) -> None:
    box = page.locator('input[aria-label="Your name"]')
    box.wait_for(timeout=FIRST_LOAD_MS)
    settled(page)  # typing into a form still being drawn can be lost
    box.fill(name)
    box.press("Enter")
    page.locator(PROGRESS).wait_for(timeout=FIRST_LOAD_MS)


def _chips(page) -> dict[str, int]:
    """Counts per status from the badges beside the progress bar."""
    text = page.locator(".st-key-review_counts").inner_text()
    out = {}
    for status, label in STATUS_CHIPS.items():
        match = re.search(rf"{re.escape(label)} (\d+)", text)
        assert match, text
        out[status] = int(match.group(1))
    return out


def _points(page) -> dict[tuple[str, str], int]:
    """Articles per (topic, period) from the coverage chart's point labels."""
    points = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol path[aria-label]')
    points.first.wait_for(timeout=FIRST_LOAD_MS)
    labels: list[str] = points.evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    out = {}
    for label in labels:
        topic = re.search(r"topic: ([^;]+);", label)
        period = re.search(r"Period: ([^;]+);", label)
        count = re.search(r"Articles: ([\d,]+)", label)
        if topic and period and count:
            out[(topic.group(1), period.group(1))] = int(count.group(1).replace(",", ""))
    return out


def _top_point(page):
    """The highest point on the chart (the corpus's biggest spike) and its aria-label."""
    points = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol path[aria-label]')
    points.first.wait_for(timeout=FIRST_LOAD_MS)
    tops: list[float] = points.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().top)")
    highest = min(range(len(tops)), key=tops.__getitem__)
    return points.nth(highest), points.nth(highest).get_attribute("aria-label") or ""


def _export(page, label: str, dest: Path) -> bytes:
    with page.expect_download() as info:
        page.locator(SIDEBAR).get_by_role("button", name=label).click()
    info.value.save_as(dest)
    return dest.read_bytes()


def _rows(data: bytes) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8")))}


def _decisions(rows: dict[str, dict[str, str]]) -> dict[str, tuple]:
    """What must survive a wipe and an import: per article, status, note, reviewer and each corrected field."""
    return {
        aid: (r["status"], r["note"], r["reviewer"], r["corrected"], r["published_day"], r["published_day_extracted"])
        for aid, r in rows.items()
    }


def _history(page) -> str:
    page.get_by_role("tab", name="History").click()
    panel = page.get_by_role("tabpanel").filter(has_text=re.compile("changes by|No decision"))
    panel.first.wait_for()
    return panel.first.inner_text()


def _current_title(page) -> str:
    return page.locator(".st-key-review_title h3").inner_text().strip()


def _assert_clean(page) -> None:
    assert app_problems(page) == [], "the app shows an error"


# ------------------------------------------------------------------------------------------------ scenario (a)
def test_review_a_chart_selection_with_the_keyboard(browser_page, browser_server: AppServer, tmp_path: Path) -> None:
    page, server = browser_page, browser_server
    page.goto(server.url + "/")
    before = _points(page)
    point, label = _top_point(page)
    topic = re.search(r"topic: ([^;]+);", label).group(1)  # type: ignore[union-attr]
    period = re.search(r"Period: ([^;]+);", label).group(1)  # type: ignore[union-attr]
    n = before[(topic, period)]
    assert n > len(TEN_KEYS), f"the top point has too few articles to review ten: {label}"
    month = dt.datetime.strptime(period, "%B %Y").date()
    earlier = (month - dt.timedelta(days=1)).replace(day=15)  # the middle of the month before
    earlier_label = earlier.strftime("%B %Y")

    point.click()
    review = page.get_by_role("button", name=f"Review these {n} articles")
    review.click()
    _sign_in(page, "Ana Ruiz")
    _progress(page, rf"^0 of {n} reviewed · article 1 of {n}$")
    assert f"{topic}, {period}" in page.locator(SIDEBAR).inner_text()
    first_title = _current_title(page)

    # Correct the first article's date to the month before, typed into the date field, saved with Ctrl+Enter.
    page.locator('[role="spinbutton"][aria-label^="year, Publication date"]').click()
    page.keyboard.type(earlier.strftime("%Y%m%d"))
    page.keyboard.press("Escape")  # the calendar the click opened
    page.keyboard.press("Tab")
    page.keyboard.press("Control+Enter")
    wait_for_text(page, CAPTION, "Corrected publication date")
    settled(page)
    date_label = page.locator('[data-testid="stDateInput"] label').first.inner_text()
    assert "corrected · extracted: " + month.strftime("%Y-%m") in date_label, date_label
    _shot(page, "review-correction.png")
    page.get_by_role("tab", name="Details").click()
    link = page.locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert re.fullmatch(rf"{re.escape(server.url)}/\?article=\w+", link), link
    page.get_by_role("tab", name="Corrections").click()

    # Ten decisions, one key each; every key shows the next article at once (same page: no reload, no scroll).
    page.evaluate("window.__sameDocument = true")
    for i, key in enumerate(TEN_KEYS, 1):
        page.keyboard.press(key)
        _progress(page, rf"^{i} of {n} reviewed · article {i + 1} of {n}$")
        if i == 1:
            assert _current_title(page) != first_title
    assert page.evaluate("window.__sameDocument === true"), "a key press reloaded the page"
    scrolled = page.evaluate("Math.max(window.scrollY, document.querySelector('[data-testid=stMain]')?.scrollTop || 0)")
    assert scrolled == 0, "the page scrolled"
    expected = Counter(KEYS[k] for k in TEN_KEYS)
    assert _chips(page) == {s: expected.get(s, 0) for s in STATUS_CHIPS}
    _shot(page, "review-keyboard.png")

    # Undo takes the tenth decision back and returns to its article.
    page.keyboard.press("u")
    _progress(page, rf"^9 of {n} reviewed · article 10 of {n}$")
    expected[KEYS[TEN_KEYS[-1]]] -= 1
    assert _chips(page) == {s: expected.get(s, 0) for s in STATUS_CHIPS}
    wait_for_text(page, CAPTION, "Undone · ")

    # A reload is a new session: the name is asked again, and the queue opens where the reviewer was.
    page.reload()
    _sign_in(page, "Ana Ruiz")
    _progress(page, rf"^9 of {n} reviewed · article 10 of {n}$")

    # A colleague opens the shared link: the reader shows the corrected date, and the chart has moved an article
    # from the clicked month to the month before.
    colleague = page.context.new_page()
    try:
        colleague.goto(link)
        dialog = reader_dialog(colleague, timeout=FIRST_LOAD_MS)
        assert dialog.get_by_role("heading", name=first_title, exact=True).is_visible()
        shown = " ".join(dialog.inner_text().split())
        assert f"Published {earlier.isoformat()} · corrected by a reviewer · extracted: {month:%Y-%m}" in shown
        _shot(colleague, "review-shared-link.png")
        dialog.locator('button[aria-label="Close"]').first.click()
        colleague.get_by_role("dialog").wait_for(state="detached")
        after = _points(colleague)
        assert after[(topic, period)] == n - 1
        assert after.get((topic, earlier_label), 0) == before.get((topic, earlier_label), 0) + 1
        _shot(colleague, "review-chart-moved.png")
    finally:
        colleague.close()

    # Export, wipe, import the export: every decision and the correction come back.
    exported = _rows(_export(page, "CSV", tmp_path / "decisions.csv"))
    assert len(exported) == 9
    assert Counter(r["status"] for r in exported.values()) == +expected
    corrected = [r for r in exported.values() if r["corrected"]]
    assert len(corrected) == 1 and corrected[0]["corrected"] == "published_day"
    assert corrected[0]["published_day"] == earlier.isoformat()
    assert corrected[0]["published_day_extracted"].startswith(month.strftime("%Y-%m"))
    assert {r["reviewer"] for r in exported.values()} == {"Ana Ruiz"}
    jsonl = _export(page, "JSON Lines", tmp_path / "decisions.jsonl").decode("utf-8").splitlines()
    assert {json.loads(line)["id"] for line in jsonl} == set(exported)

    page.locator(SIDEBAR).get_by_role("button", name="Wipe all decisions…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("reviewed articles stop counting").wait_for()
    assert "9" in dialog.inner_text()
    _shot(page, "review-wipe.png")
    dialog.get_by_role("button", name="Wipe decisions").click()
    wait_for_text(page, '[data-testid="stAlertContentSuccess"]', "Wiped the decisions on 9 articles")
    _progress(page, rf"^0 of {n} reviewed")

    page.locator(f'{SIDEBAR} [data-testid="stFileUploader"] input[type=file]').set_input_files(
        str(tmp_path / "decisions.csv")
    )
    page.locator(SIDEBAR).get_by_role("button", name="Import decisions.csv").click()
    summary = wait_for_text(page, '[data-testid="stAlertContentSuccess"]', "Imported decisions.csv")
    assert "9 merged, 0 skipped (already so), 0 could not be matched" in summary
    _progress(page, rf"^9 of {n} reviewed")
    assert _chips(page) == {s: expected.get(s, 0) for s in STATUS_CHIPS}
    _shot(page, "review-import.png")
    again = _rows(_export(page, "CSV", tmp_path / "again.csv"))
    assert _decisions(again) == _decisions(exported)
    _assert_clean(page)


# ------------------------------------------------------------------------------------------------ scenario (b)
def test_two_reviewers_keep_every_decision(browser_chromium, browser_server: AppServer, tmp_path: Path) -> None:
    server = browser_server
    contexts = [browser_chromium.new_context(viewport=VIEWPORT) for _ in range(2)]
    try:
        ana, ben = (c.new_page() for c in contexts)
        for page, name in ((ana, "Ana"), (ben, "Ben")):
            page.set_default_timeout(RERUN_MS)
            page.goto(server.url + "/review")
            _sign_in(page, name)
        # Both start on the same first article of the whole corpus, newest first.
        _progress(ana, r"article 1 of ")
        _progress(ben, r"article 1 of ")
        first = _current_title(ana)
        assert _current_title(ben) == first
        base = int(re.search(r"^(\d+) of", ana.locator(PROGRESS).inner_text()).group(1))  # type: ignore[union-attr]

        # The same article, decided by both at once; then each on a different one, keys sent back to back.
        ana.keyboard.press("1")
        ben.keyboard.press("2")
        _progress(ana, r"article 2 of ")
        _progress(ben, r"article 2 of ")
        ben.keyboard.press("ArrowRight")
        _progress(ben, r"article 3 of ")
        second, third = _current_title(ana), _current_title(ben)
        ana.keyboard.press("4")  # Ana flags article 2
        ben.keyboard.press("3")  # Ben marks article 3 irrelevant
        _progress(ana, r"article 3 of ")
        _progress(ben, r"article 4 of ")

        # Each session sees both reviewers' work: three articles decided (a rerun reads the shared store).
        ana.keyboard.press("ArrowLeft")
        _progress(ana, rf"^{base + 3} of .* · article 2 of ")
        ben.keyboard.press("ArrowLeft")
        _progress(ben, rf"^{base + 3} of .* · article 3 of ")

        # The shared article keeps both decisions in its history, whoever's came last.
        ana.keyboard.press("ArrowLeft")
        _progress(ana, r"article 1 of ")
        history = _history(ana)
        assert "Ana · marked OK" in history and "Ben · marked Needs fix" in history, history
        _shot(ana, "review-two-reviewers.png")

        # Undo takes back only the undoer's own last decision: Ana's flag on article 2, not Ben's work.
        ana.keyboard.press("u")
        _progress(ana, rf"^{base + 2} of .* · article 2 of ")
        ben.keyboard.press("ArrowLeft")
        _progress(ben, rf"^{base + 2} of .* · article 2 of ")
        rows = {r["title"]: r for r in _rows(_export(ben, "CSV", tmp_path / "two.csv")).values()}
        assert second not in rows, "Ana's undone decision is gone"
        assert rows[third]["status"] == "irrelevant" and rows[third]["reviewer"] == "Ben"
        assert rows[first]["status"] in ("ok", "needs_fix")
        history = _history(ben)
        assert "Ana · marked Flagged" in history and "undid" in history  # undone, still in the history
        _shot(ben, "review-two-reviewers-undo.png")
        for page in (ana, ben):
            _assert_clean(page)
    finally:
        for context in contexts:
            context.close()
