"""The real dashboard on a big store: Streamlit serving app.py, Debian's Chromium clicking through it, the server's
resident memory sampled all along (what Community Cloud's 1 GB limit counts).

    .venv/bin/python bench/dashboard_live.py --db STORE [--db STORE ...] [--screenshots DIR]

For each store (e.g. the ones bench/scale.py built): start `streamlit run app.py` on it (an empty articles folder,
so nothing is ingested in front of the visitor), then as a person would: open the Dashboard and wait for the list's
"Showing ... of N" line and the chart; search a word; open the first article in the reader; open the Topics page;
open the Review page and start reviewing (the queue and its first article). Each step is timed from the click to
what the person waits for (browser side: network and drawing included, unlike bench/scale.py's server-side
figures). The server process tree's peak VmRSS is sampled
every 0.2 s from start to end. Prints one table and one JSON line. A benchmark, never a test assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from scale import TreeSampler  # noqa: E402

from tests import browser_support as bs  # noqa: E402

SEARCH_WORD = "prices"  # in ~20% of bench/scalegen.py's records: a search that keeps many articles
MB = 1024


def _step(steps: dict[str, float], name: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    out = action()
    steps[name] = round((time.perf_counter() - start) * 1000)
    print(f"  {name}: {steps[name]:,} ms", file=sys.stderr, flush=True)
    return out


def _open(page: Any, url: str, ready: Any) -> None:
    """Go to a page and wait for `ready` to show and the script run to end."""
    page.goto(url)
    ready.wait_for(timeout=180_000)
    bs.settled(page, timeout=180_000)


def visit(db: Path, shots: Path | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="newsdesk-live-") as tmp:
        root = Path(tmp)
        articles = root / "articles"
        articles.mkdir()
        server = bs.serve(root, articles, db, bs.app_env(db, articles))
        sampler = TreeSampler(server.proc.pid)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        steps: dict[str, float] = {}
        after: dict[str, int] = {}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=bs.chromium_path(), args=list(bs.CHROMIUM_ARGS))
                page = browser.new_page(viewport=bs.VIEWPORT)  # type: ignore[arg-type]
                first = _step(
                    steps,
                    "dashboard, first visit",
                    lambda: (page.goto(server.url + "/"), bs.list_caption(page, timeout=180_000))[1],
                )
                page.locator('[data-testid="stVegaLiteChart"] svg.marks').first.wait_for(timeout=180_000)
                bs.settled(page, timeout=180_000)
                after["dashboard"] = sampler.last_rss_kb
                if shots:
                    page.screenshot(path=str(shots / f"live-{db.parent.name}-dashboard.png"))
                total = bs.shown_total(first)
                _step(
                    steps,
                    f"search '{SEARCH_WORD}'",
                    lambda: (
                        bs.search(page, SEARCH_WORD),
                        bs.list_caption(page, rf"Showing .* of (?!{total:,}\b)[\d,]+", timeout=180_000),
                        bs.settled(page, timeout=180_000),
                    ),
                )
                _step(steps, "open the reader", lambda: (bs.click_list_row(page, 0), bs.reader_dialog(page, 180_000)))
                page.keyboard.press("Escape")
                for name, path, ready in (
                    ("Topics page", "/topics", page.get_by_text("Add or edit a rule topic").first),
                    ("Review page", "/review", page.locator('[data-testid="stHeading"]').first),
                ):
                    _step(steps, name, lambda: _open(page, server.url + path, ready))  # noqa: B023 (called at once)
                    after[name] = sampler.last_rss_kb
                page.locator('input[aria-label="Your name"]').fill("bench")
                _step(
                    steps,
                    "start reviewing (queue, first article)",
                    lambda: (
                        page.get_by_role("button", name="Start reviewing").click(),
                        bs.settled(page, timeout=180_000),
                    ),
                )
                after["review"] = sampler.last_rss_kb
                if shots:
                    page.screenshot(path=str(shots / f"live-{db.parent.name}-review.png"))
                problems = bs.app_problems(page)
                browser.close()
        finally:
            sampler.sample()
            sampler.stop.set()
            server.stop()
    return {
        "store": str(db),
        "articles": total,
        "steps_ms": steps,
        "server_peak_rss_mb": round(sampler.peak_rss_kb / MB),
        "server_rss_after_mb": {k: round(v / MB) for k, v in after.items()},
        "load_avg": round(max(sampler.loads, default=0.0), 2),
        "problems": problems,
    }


def table(results: Sequence[dict[str, Any]]) -> str:
    names = list(results[0]["steps_ms"])
    rows = [("articles", [f"{r['articles']:,}" for r in results])]
    rows += [(f"{n} (ms)", [f"{r['steps_ms'].get(n, 0):,}" for r in results]) for n in names]
    rows.append(("server peak RSS, whole run (MB)", [f"{r['server_peak_rss_mb']:,}" for r in results]))
    rows.append(("machine load avg (1-min, max)", [f"{r['load_avg']}" for r in results]))
    width = max(len(n) for n, _ in rows)
    return "\n".join(f"{n:<{width}}  " + "  ".join(f"{v:>12}" for v in vals) for n, vals in rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, action="append", required=True, help="a store folder (repeatable)")
    parser.add_argument("--screenshots", type=Path, help="save a screenshot of the Dashboard and Review pages here")
    args = parser.parse_args(argv)
    if reason := bs.chromium_missing_reason():
        print(reason, file=sys.stderr)
        return 2
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    results = []
    for db in args.db:
        print(f"{db}:", file=sys.stderr, flush=True)
        results.append(visit(db.resolve(), args.screenshots))
    print(table(results))
    print(json.dumps({"bench": "dashboard_live", "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
