"""Support for the real-browser tests: a Streamlit server on a private copy of the demo corpus, Debian's Chromium
driven by Playwright, and waits for what a person sees (Streamlit reruns asynchronously, so every check waits for
its text instead of sleeping).

Nothing here imports Streamlit or the app: the server is a child process, the browser talks to it over loopback.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.helpers import StoreSQL

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

REPO = Path(__file__).resolve().parent.parent
DEMO_DIR = REPO / "data" / "articles" / "demo"
TOPICS_FILE = REPO / "data" / "topics.toml"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # gitignored

CHROMIUM_ENV = "NEWSDESK_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Playwright cannot download its own browser here; these flags keep Debian's Chromium quiet and offline.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# A laptop-sized window: the header, the chart and the first rows of the list fit without scrolling.
VIEWPORT = {"width": 1400, "height": 1100}
LOOPBACK = "127.0.0.1"

# Measured on two cores: the demo ingest takes ~15 s, the server answers its health check ~3 s after start, the
# first page load (imports, first queries) ~7 s and a rerun after a click under 2 s. The bounds are 4-10x that.
INGEST_TIMEOUT_S = 120
HEALTH_TIMEOUT_S = 60
FIRST_LOAD_MS = 45_000
RERUN_MS = 20_000

# The article list is a glide-data-grid canvas: Streamlit draws a 35 px header, 35 px rows and, with row
# selection on, a ~33 px checkbox column on the left (measured in Chromium 1400 px wide, Streamlit 1.67).
GRID_HEADER_PX = 35
GRID_ROW_PX = 35
GRID_MARKER_PX = 33


def chromium_path() -> str:
    """The Chromium executable the tests launch: NEWSDESK_CHROMIUM, else Debian's."""
    return os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run (no executable Chromium), or None when they can."""
    path = chromium_path()
    if Path(path).is_file() and os.access(path, os.X_OK):
        return None
    return f"Chromium not found at {path}: browser tests skipped; install Debian's chromium (or set {CHROMIUM_ENV})"


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


@dataclass
class CorpusFacts:
    """What the database holds before the server starts (the server then holds its lock, so read it first)."""

    articles: int
    first_title: str  # the first row of the list's default sort, newest first
    first_text: str
    first_words: int


def corpus_facts(db: Path) -> CorpusFacts:
    """Read the expected values straight from the store with SQL of our own, not the app's queries."""
    con = StoreSQL(db)
    try:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        first = con.execute(
            "SELECT title, text, word_count FROM articles ORDER BY published_day DESC NULLS LAST, id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert row is not None and first is not None, f"no articles in {db}"
    return CorpusFacts(int(row[0]), str(first[0]), str(first[1]), int(first[2]))


@dataclass
class AppServer:
    """A running `streamlit run app.py` on a tmp database and articles folder; `stop()` ends its process group."""

    url: str
    db: Path
    articles: Path
    log: Path
    proc: subprocess.Popen[bytes]
    facts: CorpusFacts
    uploaded: list[str] = field(default_factory=list)  # titles of articles the tests added through the app

    @property
    def article_count(self) -> int:
        return self.facts.articles + len(self.uploaded)

    def log_text(self, tail: int = 4000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-tail:]
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def app_env(db: Path, articles: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NEWSDESK_DB=str(db),
        NEWSDESK_ARTICLES=str(articles),
        NEWSDESK_TOPICS=str(TOPICS_FILE),
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def build_corpus(root: Path) -> tuple[Path, Path]:
    """Copy the demo corpus under `root` (uploads then land there, never in the repo) and ingest it with the CLI."""
    articles = root / "articles"
    shutil.copytree(DEMO_DIR, articles)
    db = root / "newsdesk.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", str(articles), "--db", str(db)],
        cwd=REPO,
        env=app_env(db, articles),
        capture_output=True,
        text=True,
        timeout=INGEST_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, (
        f"demo ingest failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    )
    return articles, db


def start_server(root: Path) -> AppServer:
    """Build the corpus, start Streamlit on a free loopback port and wait until its health check says "ok"."""
    articles, db = build_corpus(root)
    return serve(root, articles, db, app_env(db, articles))


def serve(root: Path, articles: Path, db: Path, env: dict[str, str]) -> AppServer:
    """Start Streamlit with `env` on a free loopback port, its log under `root`, and wait until its health check
    says "ok" (the corpus facts are read first: the server then holds the database's lock)."""
    facts = corpus_facts(db)
    port = free_port()
    log = root / "streamlit.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", LOOPBACK,
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = AppServer(f"http://{LOOPBACK}:{port}", db, articles, log, proc, facts)
    try:
        wait_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_healthy(server: AppServer) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    last = ""
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {server.proc.returncode}:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                last = resp.read().decode("utf-8", "replace").strip()
                if last == "ok":
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = str(exc)
        time.sleep(0.25)
    raise AssertionError(f"streamlit not healthy after {HEALTH_TIMEOUT_S} s (last: {last}):\n{server.log_text()}")


# ---------------------------------------------------------------------------------------------------- the page
def shot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    return path


def settled(page: Page, timeout: int = RERUN_MS) -> None:
    """Wait until the app's script run is over: no element left stale from the run before, no "Running" widget."""
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')
              && !document.querySelector('[data-testid^="stStatusWidgetRunning"]')""",
        timeout=timeout,
    )


def wait_for_text(page: Page, selector: str, pattern: str, timeout: int = RERUN_MS) -> str:
    """The text of the first element matching `selector` whose text matches the regex `pattern`, once one does."""
    handle = page.wait_for_function(
        """([sel, pat]) => {
            const re = new RegExp(pat);
            const hit = Array.from(document.querySelectorAll(sel)).find(e => re.test(e.innerText));
            return hit ? hit.innerText : null;
        }""",
        arg=[selector, pattern],
        timeout=timeout,
    )
    return str(handle.json_value())


def list_caption(page: Page, pattern: str = r"Showing .* of [\d,]+", timeout: int = RERUN_MS) -> str:
    """The article list's "Showing a–b of N" line, once it matches `pattern`."""
    return wait_for_text(page, '[data-testid="stCaptionContainer"]', pattern, timeout)


def shown_total(caption: str) -> int:
    match = re.search(r"of ([\d,]+)", caption)
    assert match, caption
    return int(match.group(1).replace(",", ""))


def article_grid(page: Page) -> Locator:
    """The article list (the dashboard's only dataframe with row selection)."""
    return page.locator('[data-testid="stDataFrame"]').first


def grid_rows(grid: Locator) -> list[list[str]]:
    """The cells of the rows in view, as text, read from the accessible table glide-data-grid keeps beside its
    canvas (it holds only the ~12 rows drawn, and fills a moment after the grid appears: wait for one)."""
    grid.locator("table tbody tr").first.wait_for(state="attached")
    rows: list[list[str]] = grid.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('td')).map(td => td.innerText))"
    )
    return rows


def rows_when(grid: Locator, check: Callable[[list[list[str]]], bool], timeout_s: float = RERUN_MS / 1000) -> list:
    """The grid's rows in view once `check` accepts them (a rerun may show the previous rows for a moment)."""
    deadline = time.monotonic() + timeout_s
    rows = grid_rows(grid)
    while not check(rows) and time.monotonic() < deadline:
        time.sleep(0.1)
        rows = grid_rows(grid)
    return rows


def click_list_row(page: Page, row: int, attempts: int = 6) -> None:
    """Tick the selection checkbox of `row` (0-based, among the rows in view) on the list's canvas. The list is
    redrawn (a new element) after some reruns, so a grid that detaches mid-way is looked up again."""
    from playwright.sync_api import Error as PlaywrightError

    box = None
    for attempt in range(attempts):
        try:
            grid = article_grid(page)
            grid.locator("table tbody tr").first.wait_for(state="attached")  # drawn: the canvas takes clicks
            grid.scroll_into_view_if_needed(timeout=5_000)
            box = grid.locator('canvas[data-testid="data-grid-canvas"]').bounding_box(timeout=5_000)
        except PlaywrightError:
            if attempt == attempts - 1:
                raise
        if box is not None:
            break
        page.wait_for_timeout(500)  # the grid was being replaced: look it up again
    assert box is not None, "the article list has no canvas"
    x = box["x"] + GRID_MARKER_PX / 2
    y = box["y"] + GRID_HEADER_PX + GRID_ROW_PX * row + GRID_ROW_PX / 2
    page.mouse.click(x, y)


def reader_dialog(page: Page, timeout: int = RERUN_MS) -> Locator:
    """The reader dialog once its article heading is drawn."""
    dialog = page.get_by_role("dialog")
    dialog.locator('[data-testid="stHeading"]').first.wait_for(timeout=timeout)
    return dialog


def search(page: Page, words: str) -> None:
    box = page.locator('[data-testid="stSidebar"] input[aria-label="Search"]')
    box.fill(words)
    box.press("Enter")


def app_problems(page: Page) -> list[str]:
    """Exceptions and error boxes the app shows (a traceback on screen is a bug, whatever else passed)."""
    found: list[str] = page.locator(
        '[data-testid="stException"], [data-testid="stAlertContentError"]'
    ).all_inner_texts()
    return found


def is_loopback(url: str) -> bool:
    """Whether a request stays on this machine (data: and blob: URLs never leave the page)."""
    return not url.startswith(("http://", "https://", "ws://", "wss://")) or f"//{LOOPBACK}:" in url


def record_page_events(page: Page) -> dict[str, list[Any]]:
    """Collect JavaScript dialogs (dismissed), uncaught page errors and requests off loopback (aborted: the tests
    never reach the internet, and the app must not need it)."""
    events: dict[str, list[Any]] = {"dialogs": [], "errors": [], "offsite": []}

    def on_dialog(dialog: Any) -> None:
        events["dialogs"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_offsite(route: Any) -> None:
        events["offsite"].append(str(route.request.url))
        route.abort()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: events["errors"].append(str(exc)))
    page.route(lambda url: not is_loopback(url), on_offsite)
    return events
