"""The coverage chart in a real browser, on the demo corpus served by `streamlit run`: click a point and the list
narrows while the selection panel says what sets those articles apart; drag across the chart and the list zooms to
that range; other views click through too; the chart's data download as CSV.

Needs Debian's Chromium (NEWSDESK_CHROMIUM overrides the path); without it every test here skips with the reason.
Screenshots go to tests/screenshots/ (gitignored) for a human look.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from tests.browser_support import (
    FIRST_LOAD_MS,
    RERUN_MS,
    AppServer,
    app_problems,
    article_grid,
    list_caption,
    reader_dialog,
    rows_when,
    shot,
    shown_total,
    wait_for_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHART = '[data-testid="stVegaLiteChart"]'
POINTS = f"{CHART} g.mark-symbol path[aria-label]"
PANEL_TITLE = '[data-testid="stMarkdownContainer"] strong'
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}


def _open(page, server: AppServer) -> int:
    page.goto(server.url + "/")
    total = shown_total(list_caption(page, timeout=FIRST_LOAD_MS))
    page.locator(POINTS).first.wait_for()
    return total


def _clean(page, events: dict) -> None:
    assert app_problems(page) == [], "the app shows an error"
    assert events["dialogs"] == [] and events["errors"] == [] and events["offsite"] == []


def _label_field(label: str, name: str) -> str:
    match = re.search(rf"(?:^|; ){re.escape(name)}: ([^;]+)", label)
    assert match, f"{name} not in {label}"
    return match.group(1).strip()


def test_click_a_point_narrows_the_list_and_shows_the_selection(
    browser_page, browser_server: AppServer, browser_events: dict
) -> None:
    page = browser_page
    total = _open(page, browser_server)
    points = page.locator(POINTS)
    tops: list[float] = points.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().top)")
    highest = min(range(len(tops)), key=tops.__getitem__)  # the largest share of the chart: a spike
    label = points.nth(highest).get_attribute("aria-label") or ""
    topic, period = _label_field(label, "Topic"), _label_field(label, "Period")
    count = int(_label_field(label, "Articles").replace(",", ""))
    assert "Spike" in label, f"the top-most point is not marked as a spike: {label}"
    assert 0 < count < total

    points.nth(highest).click()
    page.get_by_role("button", name=f"Selected: {topic}, {period}").wait_for()
    list_caption(page, rf"Showing 1–{count} of {count} ")
    wait_for_text(page, PANEL_TITLE, rf"^{re.escape(topic)} · {re.escape(period)}$")
    page.get_by_text("Most representative").wait_for()
    terms_box = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="of these ·").last
    terms = terms_box.locator("strong").all_inner_texts()
    assert len(terms) >= 3, terms  # the distinctive terms, each with its share here and elsewhere
    reps = page.locator('[class*="st-key-selection_article_"] button')
    assert 1 <= reps.count() <= 5
    year = period.split()[-1]
    rows = rows_when(article_grid(page), lambda rs: len(rs) == min(count, len(rs)) and all(year in r[0] for r in rs))
    assert all(topic in r[3] for r in rows), rows[:3]
    page.get_by_text("What stands out").scroll_into_view_if_needed()
    shot(page, "coverage-selection.png")

    first_title = reps.first.inner_text().strip().splitlines()[-1].split(" · ")[0].strip()  # after the icon
    reps.first.click()
    dialog = reader_dialog(page)
    assert dialog.get_by_role("heading", name=first_title, exact=True).is_visible()
    _clean(page, browser_events)


def _drag(page, x0: float, x1: float, y: float) -> None:
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, y, steps=6)
    page.mouse.move(x1, y, steps=6)
    page.mouse.up()


def _day(text: str) -> dt.date:
    day, month, year = text.split()
    return dt.date(int(year), MONTHS[month], int(day))


def test_brush_a_range_zooms_the_list(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page = browser_page
    total = _open(page, browser_server)
    marks = page.locator(f"{CHART} svg.marks").first
    box = marks.bounding_box()
    assert box
    _drag(page, box["x"] + box["width"] * 0.30, box["x"] + box["width"] * 0.50, box["y"] + box["height"] * 0.8)
    title = wait_for_text(page, PANEL_TITLE, r"^Zoomed to ")
    match = re.fullmatch(r"Zoomed to (\d+ \w+(?: \d{4})?) – (\d+ \w+ \d{4})", title)
    assert match, title
    end = _day(match.group(2))
    start_text = match.group(1)
    start = _day(start_text if re.search(r"\d{4}$", start_text) else f"{start_text} {end.year}")
    assert start < end
    caption = list_caption(page, rf"Showing 1–[\d,]+ of (?!{total:,} )[\d,]+ ")
    zoomed = shown_total(caption)
    assert 0 < zoomed < total

    # the list holds exactly the articles of the brushed periods: their totals, read off the chart's points
    labels = page.locator(POINTS).evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    totals: dict[str, int] = {}
    for label in labels:
        when = dt.datetime.strptime(_label_field(label, "period"), "%b %Y").date()
        if start <= when <= end:
            totals[_label_field(label, "Period")] = int(_label_field(label, "All articles").replace(",", ""))
    assert sum(totals.values()) == zoomed, (totals, zoomed)
    rows = rows_when(article_grid(page), lambda rs: all(start.isoformat() <= r[0] <= end.isoformat() for r in rs))
    assert rows and all(start.isoformat() <= r[0] <= end.isoformat() for r in rows), rows[:3]
    assert page.locator(f"{CHART} g.mark-rect path").count() >= 1  # the brush stays drawn
    shot(page, "coverage-brush.png")

    page.get_by_role("button", name="Clear").click()
    list_caption(page, rf"of {total:,} ")
    _clean(page, browser_events)


def _pick_view(page, label: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text="View").locator("input").click()
    page.get_by_role("option", name=label).click()


def test_heatmap_tile_lists_a_topic_on_a_site(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page = browser_page
    _open(page, browser_server)
    _pick_view(page, "Topic × site heatmap")
    tiles = page.locator(f"{CHART} g.mark-rect path[aria-label]")
    tiles.first.wait_for()
    assert tiles.count() >= 11 * 7  # every topic on every site of the demo corpus
    label = tiles.nth(5).get_attribute("aria-label") or ""
    topic, site = _label_field(label, "Topic"), _label_field(label, "Site")
    count = int(_label_field(label, "Articles").replace(",", ""))
    tiles.nth(5).click()
    page.get_by_role("button", name=f"Selected: {topic}, all dates · {site}").wait_for()
    list_caption(page, rf"of {count} ")
    rows = rows_when(article_grid(page), lambda rs: all(r[2] == site for r in rs))
    assert all(r[2] == site and topic in r[3] for r in rows), rows[:3]
    shot(page, "coverage-heatmap.png")
    _clean(page, browser_events)


def test_stacked_view_and_chart_data_download(browser_page, browser_server: AppServer, browser_events: dict) -> None:
    page = browser_page
    _open(page, browser_server)
    _pick_view(page, "Stacked areas")
    page.locator(f"{CHART} g.mark-area path").first.wait_for()
    page.get_by_text("stacked shares can pass 100%").wait_for()
    shot(page, "coverage-stacked.png")
    with page.expect_download(timeout=RERUN_MS) as download:
        page.get_by_role("button", name="Chart data").click()
    path = download.value.path()
    assert download.value.suggested_filename == "coverage-stacked-month.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(rows[0])[:5] == ["period", "topic", "count", "total_count", "share"]
    assert len({r["topic"] for r in rows}) == 11 and len({r["period"] for r in rows}) == 30  # 11 topics, 30 months
    for r in rows:
        total = int(r["total_count"])
        assert float(r["share"]) == pytest.approx(int(r["count"]) / total if total else 0.0, abs=1e-6)
    _clean(page, browser_events)
