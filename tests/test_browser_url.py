"""A shared link in a real browser: set filters and chart controls, copy the page's URL, open it in a fresh browser
(no cookies, no session) and get the same view: the same widget values, the same chart marks, the same list and
the same downloaded CSV. Also: the browser's back button walks back through views, and a trip to another page
comes back to the same view.

Needs Debian's Chromium (see tests/browser_support.py); screenshots go to tests/screenshots/ for a human look.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_support import (
    FIRST_LOAD_MS,
    RERUN_MS,
    VIEWPORT,
    AppServer,
    app_problems,
    list_caption,
    search,
    shot,
    shown_total,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SITE_TYPED = "Northgate"  # a demo site; typing it in the Sites box leaves one option
SEARCH_WORDS = "council"
STABLE_READS = 3  # the chart counts as drawn when this many reads in a row agree
READ_PAUSE_MS = 300


def _open(page, url: str) -> str:
    page.goto(url)
    return list_caption(page, timeout=FIRST_LOAD_MS)


def _radio(page, group: str, option: str):
    return page.get_by_role("radiogroup", name=group).get_by_role("radio", name=option, exact=True)


def _checked(page, group: str) -> str:
    return page.get_by_role("radiogroup", name=group).locator('[aria-checked="true"]').inner_text().strip()


def _sidebar_multiselect(page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)
    )


def _chips(page, label: str) -> list[str]:
    tags = _sidebar_multiselect(page, label).locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')
    return sorted(tags.evaluate_all("ts => ts.map(t => t.getAttribute('aria-label'))"))


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _wait_params(page, check, timeout_s: float = RERUN_MS / 1000) -> dict[str, list[str]]:
    deadline = time.monotonic() + timeout_s
    while not check(_params(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    params = _params(page)
    assert check(params), params
    return params


def _settled(page, read):
    """`read()` once it gives the same non-empty answer STABLE_READS times in a row (Streamlit redraws a moment
    after the rerun's last message, and the chart and the multiselect's tags draw after the rest)."""
    last = None
    agreeing = 0
    deadline = time.monotonic() + RERUN_MS / 1000
    while agreeing < STABLE_READS and time.monotonic() < deadline:
        page.wait_for_timeout(READ_PAUSE_MS)
        now = read()
        agreeing = agreeing + 1 if now == last and now else 0
        last = now
    assert agreeing >= STABLE_READS, f"did not settle: {last!r}"
    return last


def _marks(page) -> list[str]:
    """The chart's marks as Vega describes them (one aria-label per point: topic, period, value)."""
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("svg.marks").wait_for()
    return _settled(
        page,
        lambda: sorted(
            chart.locator("path[aria-label]").evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
        ),
    )


def _view(page) -> dict[str, object]:
    """What a person sees of the view's settings and results."""
    caption = list_caption(page)
    search = page.locator('[data-testid="stSidebar"] input[aria-label="Search"]')
    if parse_qs(urlsplit(page.url).query).get("q"):  # the box may fill a moment after the list on a first load
        _settled(page, search.input_value)
    return {
        "search": search.input_value(),
        "sites": _settled(page, lambda: _chips(page, "Sites")),
        "per": _checked(page, "Per"),
        "show": _checked(page, "Show"),
        "listed": shown_total(caption),
        "marks": _marks(page),
    }


def _download_list_csv(page, tmp: Path, name: str) -> bytes:
    page.locator('[data-testid="stPopoverButton"]', has_text="Download").click()
    with page.expect_download(timeout=RERUN_MS) as info:
        page.get_by_role("button", name="CSV", exact=True).click()
    target = tmp / name
    info.value.save_as(target)
    page.keyboard.press("Escape")
    return target.read_bytes()


def _set_view(page) -> None:
    search(page, SEARCH_WORDS)
    _wait_params(page, lambda p: p.get("q") == [SEARCH_WORDS])
    box = _sidebar_multiselect(page, "Sites").locator("input")
    box.click()
    box.fill(SITE_TYPED)
    box.press("Enter")
    box.press("Escape")
    _wait_params(page, lambda p: bool(p.get("sites")))
    _radio(page, "Per", "Quarter").click()
    _wait_params(page, lambda p: p.get("per") == ["quarter"])
    _radio(page, "Show", "Articles").click()
    _wait_params(page, lambda p: p.get("show") == ["count"])


def test_a_copied_url_opens_the_same_view(
    browser_page, browser_chromium, browser_server: AppServer, tmp_path: Path
) -> None:
    page, server = browser_page, browser_server
    whole = shown_total(_open(page, server.url + "/"))
    assert _params(page) == {}, "a fresh view puts nothing in the URL"
    _set_view(page)
    before = _view(page)
    assert before["per"] == "Quarter" and before["show"] == "Articles" and before["search"] == SEARCH_WORDS
    assert len(before["sites"]) == 1 and str(before["sites"][0]).startswith(SITE_TYPED)
    assert 0 < int(before["listed"]) < whole  # type: ignore[call-overload]
    assert before["marks"], "no chart marks"
    url = page.url
    csv_before = _download_list_csv(page, tmp_path, "before.csv")
    shot(page, "url_state_set.png")

    fresh = browser_chromium.new_context(viewport=VIEWPORT)  # no cookies, no cache: like a colleague's browser
    try:
        other = fresh.new_page()
        other.set_default_timeout(RERUN_MS)
        _open(other, url)
        after = _view(other)
        assert after == before
        assert _params(other) == parse_qs(urlsplit(url).query), "opening the link does not rewrite it"
        csv_after = _download_list_csv(other, tmp_path, "after.csv")
        assert csv_after == csv_before
        assert csv_after.decode("utf-8").count("\n") == int(after["listed"]) + 1  # type: ignore[call-overload]
        other.locator('[data-testid="stPopoverButton"]', has_text="Share this view").click()
        link = other.locator('[data-testid="stSidebar"] [data-testid="stCode"], [data-testid="stPopoverBody"] code')
        link.first.wait_for()
        shown = "".join(link.first.inner_text().split())
        assert parse_qs(urlsplit(shown).query) == parse_qs(urlsplit(url).query)
        shot(other, "url_state_shared.png")
        other.keyboard.press("Escape")
        assert app_problems(other) == []
    finally:
        fresh.close()


def test_back_button_and_page_trips_keep_the_view(browser_page, browser_server: AppServer) -> None:
    page = browser_page
    _open(page, browser_server.url + "/")
    _radio(page, "Per", "Year").click()
    _wait_params(page, lambda p: p.get("per") == ["year"])
    _radio(page, "Show", "Articles").click()
    _wait_params(page, lambda p: p.get("show") == ["count"])
    page.go_back()
    _wait_params(page, lambda p: "show" not in p and p.get("per") == ["year"])
    deadline = time.monotonic() + RERUN_MS / 1000
    while _checked(page, "Show") != "Share of all" and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert _checked(page, "Show") == "Share of all" and _checked(page, "Per") == "Year"
    page.go_forward()
    _wait_params(page, lambda p: p.get("show") == ["count"])
    deadline = time.monotonic() + RERUN_MS / 1000
    while _checked(page, "Show") != "Articles" and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert _checked(page, "Show") == "Articles"

    # A trip to another page drops the query string and the widgets' values: the view comes back with the page.
    page.locator('[data-testid="stSidebarNav"] a', has_text="Ingest").click()
    page.wait_for_url(lambda url: "/ingest" in url)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Dashboard").click()
    _wait_params(page, lambda p: p.get("per") == ["year"] and p.get("show") == ["count"])
    list_caption(page)
    assert _checked(page, "Per") == "Year" and _checked(page, "Show") == "Articles"
    assert app_problems(page) == []
