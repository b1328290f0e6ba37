"""Body-text quality and speed of `newsdesk.extract.textclean.clean_dump` on the aeb plain-text page dumps.

Metric (the benchmark's own, see ../shared/bench/README.md): `\\w+` tokens, multisets of 4-token shingles,
per-page precision and recall averaged over pages, F1 of the two averages. Prints the overall figures, the
same figures for the two baselines (no cleaning, keep lines of 120+ chars) measured in this process, and the
worst pages. Then the publication and page dates of the demo corpus's text dumps against the generator's manifest,
next to the baseline "first date on the page". Usage: `python bench/textclean_eval.py [--worst N] [--shared PATH]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import page_pr  # noqa: E402  (the benchmark's own metric, defined once)
from newsdesk.extract.dates import find_dates  # noqa: E402
from newsdesk.extract.textclean import clean_dump  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def shared_folder() -> Path:
    """The shared reference folder: $NEWSDESK_SHARED, else `shared/` beside the checkout (or beside the folder of
    worktrees holding it); the first that exists."""
    candidates = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    if os.environ.get("NEWSDESK_SHARED"):
        candidates.insert(0, Path(os.environ["NEWSDESK_SHARED"]))
    return next((c for c in candidates if c.is_dir()), candidates[0])


DEFAULT_SHARED = shared_folder()
DEFAULT_DEMO = Path(__file__).resolve().parent.parent / "data" / "articles" / "demo"
_TOKEN = re.compile(r"\w+")


def load(shared: Path) -> list[tuple[str, str, str, str]]:
    """(page id, url, dump text, true body) for every aeb page that has a text dump."""
    aeb = shared / "bench" / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid, item in sorted(truth.items()):
        path = aeb / "textdump" / f"{pid}.txt"
        if path.exists():
            pages.append((pid, item.get("url") or "", path.read_text(encoding="utf-8"), item["articleBody"]))
    return pages


def evaluate(
    pages: list[tuple[str, str, str, str]], extract: Callable[[str, str], str]
) -> tuple[float, float, float, list[tuple[float, float, str]], float]:
    """(P, R, F1, per-page [(prec, rec, id)], seconds) of `extract(dump, url)` over `pages`."""
    per_page = []
    start = time.perf_counter()
    outputs = [extract(text, url) for _pid, url, text, _truth in pages]
    elapsed = time.perf_counter() - start
    for (pid, _url, _text, truth), out in zip(pages, outputs, strict=True):
        prec, rec = page_pr(truth, out)
        per_page.append((prec, rec, pid))
    p = sum(x[0] for x in per_page) / len(per_page)
    r = sum(x[1] for x in per_page) / len(per_page)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, per_page, elapsed


def demo_dumps(demo: Path) -> list[tuple[str, str]]:
    """(path as the manifest names it, text) of every text dump of the demo corpus, files and zip members."""
    out = [(str(p.relative_to(demo)), p.read_text(encoding="utf-8")) for p in sorted(demo.rglob("*.txt"))]
    for archive in sorted(demo.rglob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if name.endswith(".txt"):
                    out.append((f"{archive.relative_to(demo)}!{name}", zf.read(name).decode("utf-8")))
    return out


def demo_dates(demo: Path) -> None:
    """Print how many demo text dumps get the generator's publication and page dates, and the baseline's."""
    from newsdesk.demo.corpus import build_demo_articles

    planned = {a.path: a for a in build_demo_articles() if a.path.endswith(".txt")}
    dumps = [(path, text) for path, text in demo_dumps(demo) if path in planned]
    if not dumps:
        print(f"\ndemo dates skipped: no text dumps of the generator's manifest under {demo}")
        return
    right = page_right = first_right = 0
    for path, text in dumps:
        want = planned[path]
        art = clean_dump(text, source=path)
        day = want.published.date().isoformat()
        right += (art.published or "")[:10] == day
        page_right += art.page_date == (want.page_date.isoformat() if want.page_date else None)
        found = find_dates(text)
        first_right += bool(found) and found[0][1].date == day
    n = len(dumps)
    print(f"\ndemo text dumps ({n}): published right {right}/{n}, page_date right {page_right}/{n}")
    print(f"baseline first date on the page: published right {first_right}/{n}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=10, help="how many worst pages to list")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared reference folder")
    parser.add_argument(
        "--demo", type=Path, default=DEFAULT_DEMO, help="the demo corpus (python -m newsdesk demo-data)"
    )
    args = parser.parse_args(argv)
    if (args.shared / "bench" / "aeb" / "textdump").is_dir():
        aeb_body(args.shared, args.worst)
    else:
        print(f"skipped: no aeb text dumps under {args.shared}/bench/aeb (the shared folder is absent)")
    if args.demo.is_dir():
        demo_dates(args.demo)
    return 0


def aeb_body(shared: Path, worst: int) -> None:
    """Print body P/R/F1 of clean_dump and the two baselines on the aeb dumps, and the worst pages."""
    pages = load(shared)
    baselines: dict[str, Callable[[str, str], str]] = {
        "no cleaning": lambda text, url: text,
        "lines of 120+ chars": lambda text, url: "\n".join(ln for ln in text.splitlines() if len(ln) >= 120),
    }
    for name, fn in baselines.items():
        p, r, f1, _, _ = evaluate(pages, fn)
        print(f"baseline {name:22s} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    p, r, f1, per_page, elapsed = evaluate(pages, lambda text, url: clean_dump(text, url=url or None).text)
    print(
        f"clean_dump               P={p:.3f} R={r:.3f} F1={f1:.3f}   "
        f"{len(pages)} pages in {elapsed:.2f}s = {len(pages) / elapsed:.0f} pages/s"
    )
    print(f"\nworst {worst} pages by per-page F1:")
    scored = sorted(per_page, key=lambda x: 2 * x[0] * x[1] / (x[0] + x[1]) if x[0] + x[1] else 0.0)
    for prec, rec, pid in scored[:worst]:
        print(f"  {pid[:16]}  P={prec:.2f} R={rec:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
