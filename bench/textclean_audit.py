"""Which named patterns of the text-dump cleaner earn their place: per pattern, the aeb sites where it changes output.

For every compiled pattern constant of `newsdesk.extract.textclean` (UPPER_CASE names), the cleaner is re-run on the
aeb text dumps with that one pattern replaced by one that never matches. A page *confirms* the pattern when its body
F1 (the benchmark's metric, bench/extraction.py) drops without it, and *contradicts* it when its F1 rises. A page
whose body is unchanged but whose metadata (title, dates, authors, section, site, reading time, related headlines)
changed is listed apart: the aeb ground truth has no metadata, so those changes are counted, not judged. A site is
the URL's host in the ground truth. A pattern confirmed on fewer than `--min-sites` sites (the issue's rule: 3) is
flagged for removal or generalisation, unless it only sets metadata; one that hand-written fixtures rely on is
marked so (generalise it, or say why the aeb pages lack its layout). The last column counts the hand-written
fixtures (tests/fixtures/textclean, tests/fixtures/gold/text) whose output changes without the pattern: what it
is there for when the aeb pages, mostly English, have few examples of it.

    .venv/bin/python bench/textclean_audit.py [--shared PATH] [--min-sites 3] [--pattern NAME ...] [--private]
    .venv/bin/python bench/textclean_audit.py --group SHARE_BAR,TERMINAL   # disabled together

Exits 0 with a message when the shared folder is absent. A run takes about 30 s on one core.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import page_pr  # noqa: E402  (the benchmark's own metric, defined once)
from bench.textclean_eval import DEFAULT_SHARED, ROOT  # noqa: E402
from newsdesk.extract import textclean  # noqa: E402
from newsdesk.models import Article  # noqa: E402

# The bar: a rule must change the body on at least this many distinct sites to stay as it is.
MIN_SITES = 3
META_FIELDS = (
    "title",
    "published",
    "page_date",
    "authors",
    "section",
    "site",
    "reading_minutes_stated",
    "related_headlines",
)
FIXTURE_GLOBS = ("tests/fixtures/textclean/**/*.txt", "tests/fixtures/gold/text/*.txt")
NEVER = re.compile(r"(?!)")  # a pattern that matches nothing: the cleaner without the audited pattern
F1_EPSILON = 1e-9  # smaller body-F1 differences are float noise


@dataclass(frozen=True)
class Page:
    """One aeb text dump with its ground truth."""

    pid: str
    host: str
    url: str
    dump: str
    truth: str


@dataclass
class Verdict:
    """What disabling one pattern did, by site."""

    name: str
    confirmed: dict[str, float] = field(default_factory=dict)  # host -> F1 lost without the pattern (summed)
    contradicted: dict[str, float] = field(default_factory=dict)  # host -> F1 gained without it
    metadata: set[str] = field(default_factory=set)  # hosts whose metadata alone changed
    errors: list[str] = field(default_factory=list)
    fixtures: list[str] = field(default_factory=list)  # hand-written dumps whose output changed


def load(shared: Path) -> list[Page]:
    """Every aeb page that has a text dump, with its host."""
    aeb = shared / "bench" / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid, item in sorted(truth.items()):
        path = aeb / "textdump" / f"{pid}.txt"
        if path.exists():
            url = item.get("url") or ""
            host = urlparse(url).hostname or pid
            pages.append(Page(pid, host, url, path.read_text(encoding="utf-8"), item["articleBody"]))
    return pages


def fixtures() -> list[Page]:
    """The hand-written dumps (no ground-truth body needed: any change of output counts)."""
    paths = sorted({p for pattern in FIXTURE_GLOBS for p in ROOT.glob(pattern)})
    base = ROOT / "tests" / "fixtures"
    return [Page(str(p.relative_to(base)), "", "", p.read_text(encoding="utf-8"), "") for p in paths]


def patterns(private: bool = False) -> list[str]:
    """Names of the cleaner's named patterns: module-level compiled regexes with UPPER_CASE names (with `private`,
    the _UNDERSCORED text-shape helpers too: word and sentence-end tests rather than rules)."""
    return sorted(
        name
        for name, value in vars(textclean).items()
        if name.isupper() and isinstance(value, re.Pattern) and (private or not name.startswith("_"))
    )


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """The cleaner with these patterns matching nothing, restored afterwards."""
    saved = {name: getattr(textclean, name) for name in names}
    for name in names:
        setattr(textclean, name, NEVER)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(textclean, name, value)


def f1(page: Page, art: Article) -> float:
    prec, rec = page_pr(page.truth, art.text)
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def metadata(art: Article) -> tuple[object, ...]:
    return tuple(getattr(art, name) for name in META_FIELDS)


def output(art: Article) -> tuple[object, ...]:
    return (art.text, *metadata(art))


def run(pages: list[Page]) -> list[Article]:
    return [textclean.clean_dump(p.dump, source=p.pid, url=p.url or None) for p in pages]


def audit(pages: list[Page], groups: list[list[str]], hand_written: list[Page]) -> list[Verdict]:
    """One verdict per group of pattern names (usually one name), against the cleaner as it is."""
    base = run(pages)
    base_f1 = [f1(p, a) for p, a in zip(pages, base, strict=True)]
    base_fixtures = [output(a) for a in run(hand_written)]
    verdicts = []
    for names in groups:
        verdict = Verdict("+".join(names))
        with disabled(*names):
            without = run(pages)
            changed = [output(a) for a in run(hand_written)]
        verdict.fixtures = [f.pid for f, a, b in zip(hand_written, base_fixtures, changed, strict=True) if a != b]
        for page, before, f1_before, after in zip(pages, base, base_f1, without, strict=True):
            if any(w.startswith("text cleaning failed") for w in after.warnings):
                verdict.errors.append(page.pid)
                continue
            delta = f1(page, after) - f1_before
            if delta < -F1_EPSILON:
                verdict.confirmed[page.host] = verdict.confirmed.get(page.host, 0.0) - delta
            elif delta > F1_EPSILON:
                verdict.contradicted[page.host] = verdict.contradicted.get(page.host, 0.0) + delta
            elif metadata(after) != metadata(before):
                verdict.metadata.add(page.host)
        verdicts.append(verdict)
    return verdicts


def report(verdicts: list[Verdict], n_pages: int, n_sites: int, min_sites: int) -> None:
    """One line per pattern (sites confirming, contradicting, metadata only), then the hosts of each."""
    print(f"{n_pages} aeb text dumps from {n_sites} sites; a pattern needs {min_sites}+ confirming sites\n")
    print(f"{'pattern':<22} {'confirm':>7} {'contra':>6} {'meta':>5} {'fixt':>4}  verdict")
    for v in verdicts:
        if v.errors:
            verdict = f"ERROR on {len(v.errors)} pages"
        elif len(v.confirmed) >= min_sites:
            verdict = "keep"
        elif v.metadata and not v.confirmed:
            verdict = "metadata only (judge on fixtures)"
        elif v.fixtures:
            verdict = f"under {min_sites} sites: fixtures rely on it"
        else:
            verdict = "REMOVE OR GENERALISE"
        counts = f"{len(v.confirmed):>7} {len(v.contradicted):>6} {len(v.metadata):>5} {len(v.fixtures):>4}"
        print(f"{v.name:<22} {counts}  {verdict}")
    print()
    for v in verdicts:
        print(f"{v.name}:")
        for label, hosts in (("confirmed", v.confirmed), ("contradicted", v.contradicted)):
            if hosts:
                listed = ", ".join(f"{h} ({d:+.3f})" for h, d in sorted(hosts.items(), key=lambda kv: -kv[1]))
                print(f"  {label} on {len(hosts)}: {listed}")
        if v.metadata:
            print(f"  metadata changed on {len(v.metadata)}: {', '.join(sorted(v.metadata))}")
        if v.errors:
            print(f"  errors on: {', '.join(v.errors)}")
        if v.fixtures:
            print(f"  fixtures changed ({len(v.fixtures)}): {', '.join(v.fixtures)}")
        if not (v.confirmed or v.contradicted or v.metadata or v.errors or v.fixtures):
            print("  no change on any page or fixture")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared reference folder")
    parser.add_argument("--min-sites", type=int, default=MIN_SITES, help="confirming sites a pattern needs")
    parser.add_argument("--pattern", action="append", help="audit only this pattern (repeatable)")
    parser.add_argument("--group", action="append", help="disable these comma-separated patterns together")
    parser.add_argument("--private", action="store_true", help="audit the _text-shape helpers too")
    args = parser.parse_args(argv)
    if not (args.shared / "bench" / "aeb" / "textdump").is_dir():
        print(f"skipped: no aeb text dumps under {args.shared}/bench/aeb (the shared folder is absent)")
        return 0
    pages = load(args.shared)
    groups = [[n] for n in args.pattern or []] + [g.split(",") for g in args.group or []]
    groups = groups or [[n] for n in patterns(args.private)]
    unknown = [n for g in groups for n in g if n not in patterns(private=True)]
    if unknown:
        parser.error(f"not a named pattern of textclean: {', '.join(unknown)}")
    report(audit(pages, groups, fixtures()), len(pages), len({p.host for p in pages}), args.min_sites)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
