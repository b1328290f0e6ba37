"""Measure newsdesk.extract.html against plain newspaper3k on the shared benchmark pages, in one run.

    .venv/bin/python bench/extract_eval.py [--sets aeb,dates,metadata] [--limit N] [--show-misses]

aeb: body F1 (4-token shingles, per-page precision/recall averaged, as in bench/README.md) and pages/s, by the
wall clock and by CPU time (other jobs on the machine slow the former), each system warmed up on one page first;
dates: exact-day accuracy of the publication date; metadata: title exact match (case and whitespace folded),
author token F1, date within one day. Skips with a message when /work/shared is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import author_f1, fold  # noqa: E402  (metrics defined once)
from newsdesk.extract.html import extract_html  # noqa: E402

BENCH = Path("/work/shared/bench")
TOKEN_RE = re.compile(r"\w+")
NOT_ASSERTED = "__not_asserted__"


@dataclass
class Result:
    title: str | None
    authors: list[str]
    published: str | None
    text: str


def ours(html: str, url: str | None) -> Result:
    art = extract_html(html, url=url)
    return Result(art.title, art.authors, art.published, art.text)


def newspaper_alone(html: str, url: str | None) -> Result:
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    config.memoize_articles = False
    try:
        a = Article(url or "http://localhost/", config=config)
        a.set_html(html)
        a.parse()
    except Exception:
        return Result(None, [], None, "")
    pub = a.publish_date.isoformat() if hasattr(a.publish_date, "isoformat") else None
    return Result(a.title or None, list(a.authors), pub, a.text or "")


SYSTEMS: dict[str, Callable[[str, str | None], Result]] = {"newspaper3k": newspaper_alone, "newsdesk": ours}


# ------------------------------------------------------------------------------------------------ metrics
def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_f1(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    ps = [prec(*c) for c in counts if c[0] + c[1] > 0]
    rs = [rec(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def to_utc(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


# ---------------------------------------------------------------------------------------------- datasets
def load(name: str, limit: int | None) -> list[tuple[str, str, dict[str, Any]]]:
    folder = BENCH / name
    truth = json.loads((folder / "ground-truth.json").read_text())
    out = []
    for key in sorted(truth)[:limit]:
        path = folder / "html" / f"{key}.html.gz"
        if path.exists():
            out.append((key, gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), truth[key]))
    return out


def warm_up(fn: Callable[[str, str | None], Result], pages: list[tuple[str, str, dict[str, Any]]]) -> None:
    """One untimed call, so imports and lazy model loads count in neither system's pages/s."""
    if pages:
        fn(pages[0][1], pages[0][2].get("url"))


def speed(n: int, wall: float, cpu: float) -> str:
    """Pages/s by the wall clock and by CPU time (the latter holds up when other jobs share the cores)."""
    return f"{n / max(wall, 1e-9):5.1f} pages/s ({n / max(cpu, 1e-9):5.1f} by CPU time)"


def run_aeb(pages: list[tuple[str, str, dict[str, Any]]], show: bool) -> None:
    print(f"\naeb: body, {len(pages)} pages")
    base_cpu = 0.0
    for sysname, fn in SYSTEMS.items():
        counts = []
        warm_up(fn, pages)
        start, cpu = time.perf_counter(), time.process_time()
        for key, html, gt in pages:
            res = fn(html, gt.get("url"))
            counts.append(tp_fp_fn(gt.get("articleBody", ""), res.text))
            if show and sysname == "newsdesk":
                c = counts[-1]
                if c[0] < 0.8:
                    print(f"   miss {key[:12]} tp={c[0]:.2f} fp={c[1]:.2f} fn={c[2]:.2f}")
        secs, cpu = time.perf_counter() - start, time.process_time() - cpu
        base_cpu = base_cpu or cpu
        f1, p, r = body_f1(counts)
        print(
            f"  {sysname:<12} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}   {speed(len(pages), secs, cpu)}"
            f"  x{base_cpu / max(cpu, 1e-9):.2f} newspaper3k's speed"
        )


def run_dates(pages: list[tuple[str, str, dict[str, Any]]], show: bool) -> None:
    print(f"\ndates: exact day, {len(pages)} pages")
    for sysname, fn in SYSTEMS.items():
        ok = 0
        warm_up(fn, pages)
        start, cpu = time.perf_counter(), time.process_time()
        for key, html, gt in pages:
            res = fn(html, gt.get("url"))
            hit = (res.published or "")[:10] == gt["date"]
            ok += hit
            if show and not hit and sysname == "newsdesk":
                print(f"   miss {key} want {gt['date']} got {res.published}")
        secs, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"  {sysname:<12} exact day {ok / len(pages):.3f}   {speed(len(pages), secs, cpu)}")


def run_metadata(pages: list[tuple[str, str, dict[str, Any]]], show: bool) -> None:
    print(f"\nmetadata: {len(pages)} pages")
    for sysname, fn in SYSTEMS.items():
        titles, authors, dates = [], [], []
        for key, html, gt in pages:
            res = fn(html, gt.get("url"))
            if gt.get("title") != NOT_ASSERTED:
                titles.append(fold(res.title) == fold(gt["title"]))
                if show and not titles[-1] and sysname == "newsdesk":
                    print(f"   title {key}: want {gt['title']!r} got {res.title!r}")
            if gt.get("author") != NOT_ASSERTED:
                authors.append(author_f1(gt["author"] or "", res.authors))
                if show and authors[-1] < 1 and sysname == "newsdesk":
                    print(f"   author {key}: want {gt['author']!r} got {res.authors!r}")
            if gt.get("date_published") != NOT_ASSERTED:
                want, got = to_utc(gt["date_published"]), to_utc(res.published)
                if want is None:
                    dates.append(got is None)
                else:
                    dates.append(got is not None and abs((got - want).total_seconds()) <= 86400)
                if show and not dates[-1] and sysname == "newsdesk":
                    print(f"   date {key}: want {gt['date_published']} got {res.published}")
        print(
            f"  {sysname:<12} title {sum(titles) / len(titles):.3f}  author F1 {sum(authors) / len(authors):.3f}"
            f"  date ±1 day {sum(dates) / len(dates):.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="aeb,dates,metadata")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not BENCH.is_dir():
        print(f"skipped: {BENCH} is absent (the shared benchmark pages are not on this machine)")
        return 0
    runners = {"aeb": run_aeb, "dates": run_dates, "metadata": run_metadata}
    for name in args.sets.split(","):
        runners[name](load(name, args.limit), args.show_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
