"""In-process evaluation of the HTML extractor on ../shared/bench, and a grouped cross-validation of its tuned rules.

    .venv/bin/python bench/extract_eval.py [--folds K] [--limit N] [--show-misses] [--explain NAME] [--bench PATH]

Why: every threshold and rule in newsdesk/extract was set by looking at these pages, so the plain figures flatter
the code on pages it has never seen. The cross-validation (CV) judges each tuned value on sites it was not tuned
on: pages are grouped by site (the registered domain of their URL, across all three sets), the sites are dealt
into K folds, and for each held-out fold every tunable (tunables()) takes the setting that scores best on the other
folds, all other tunables at their shipped values; the held-out fold is then extracted with all those picks at
once. The CV figure is the mean over held-out folds. A tie on the training folds goes to the tunable's first
setting, which is "off" for a rule: a rule has to earn its place on sites other than the one it was written for.
Each tunable's reach is the number of sites (any page, scored or not) where switching it changes a result; under
three sites a rule was fitted to pages rather than learned (`--explain NAME` lists those pages).

Same metrics as bench/extraction.py (imported from it): body F1 on aeb/, exact day on dates/, title exact, author
token F1 and date within a day on metadata/. Pages/s is per-page CPU time of `extract_doc` in this process (the
pipeline's per-document work, after a warm-up), over all pages of the held-out fold.

How it stays fast: third-party work (trafilatura, newspaper3k, htmldate) and markup reading (`page_meta`) are
cached per page and re-run only when a tunable that feeds them changes, so most settings cost only the choice
logic. The cache sits on the names `newsdesk.extract.html` imports; a self-check re-runs the shipped settings
through the cache and reports any page whose result differs from the uncached run.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import (  # noqa: E402  (metrics defined once, in the benchmark)
    DEFAULT_BENCH,
    NOT_ASSERTED,
    PROBE_PAGES,
    annotated_scores,
    author_f1,
    decode,
    fold,
    load_annotations,
    local_day,
    mean,
    page_pr,
    pr_scores,
    within_a_day,
)

# Folds of sites. Ten keeps each held-out fold at about a tenth of the sites (8-10 aeb pages, 8 metadata pages,
# 40 dates pages), so a held-out fold is a real sample of unseen sites and the training side is most of the data.
DEFAULT_FOLDS = 10
# Two settings whose training scores differ by less than this are tied (float noise, not a real difference).
TIE = 1e-9
BIG = 10**9  # a threshold no page reaches: the rule behind it never fires
NEVER = re.compile(r"(?!)")  # a pattern that matches nothing: the rule behind it never fires
# Second-level labels under which a registry sells names (example.co.uk, example.com.br): the site is one more.
SECOND_LEVEL_LABELS = frozenset("co com net org gov ac edu ne or go gv nic ltd plc info".split())

# Which benchmark figures judge a tunable, by what it affects.
MEASURES: dict[str, tuple[str, ...]] = {
    "body": ("aeb_html_f1",),
    "date": ("dates_exact_day", "metadata_date_within_day"),
    "title": ("metadata_title_exact", "annotated_title_exact"),
    "author": ("metadata_author_f1", "annotated_author_f1"),
}
SETS_FOR: dict[str, tuple[str, ...]] = {"body": ("aeb",), "date": ("dates", "metadata")}
SETS_FOR["title"] = SETS_FOR["author"] = ("metadata", "aeb", "dates")
# The figures the CV reports, in the order bench/extraction.py prints them.
CV_KEYS = (
    "aeb_html_f1",
    "dates_exact_day",
    "metadata_title_exact",
    "metadata_author_f1",
    "metadata_date_within_day",
    "annotated_title_exact",
    "annotated_author_f1",
    "pages_per_second",
)


# ------------------------------------------------------------------------------------------------------- pages
@dataclass
class Page:
    """One benchmark page: which set, its key, the page, its URL, the truth, and the site it belongs to."""

    set: str
    key: str
    html: str
    url: str | None
    truth: dict[str, Any]
    site: str


def site_of(url: str | None, key: str) -> str:
    """The registered domain of a URL (an archive.org capture counts as the site it captured); a page without a
    URL is a site of its own."""
    u = (url or "").strip()
    archived = re.match(r"https?://web\.archive\.org/web/[^/]+/(.+)", u)
    if archived:
        u = archived.group(1) if "://" in archived.group(1) else "http://" + archived.group(1)
    host = (urlsplit(u).hostname or "").lower().rstrip(".")
    if not host:
        return f"(no url) {key}"
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_LABELS and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def load_pages(bench: Path, limit: int | None = None) -> list[Page]:
    """The pages of aeb/, dates/ and metadata/ that have a file, in key order (the first `limit` of each set)."""
    pages: list[Page] = []
    annotated = load_annotations()
    for name in ("aeb", "dates", "metadata"):
        truth_file = bench / name / "ground-truth.json"
        if not truth_file.exists():
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        count = 0
        for key in sorted(truth):
            path = bench / name / "html" / f"{key}.html.gz"
            if not path.exists():
                continue
            url = truth[key].get("url")
            gt = {**truth[key], **annotated.get(f"{name}/{key}", {})} if name != "metadata" else truth[key]
            pages.append(Page(name, key, decode(gzip.decompress(path.read_bytes())), url, gt, site_of(url, key)))
            count += 1
            if limit is not None and count >= limit:
                break
    return pages


def assign_folds(pages: list[Page], k: int) -> list[int]:
    """The fold of each page: whole sites dealt to the fold with the fewest pages so far, biggest sites first,
    ties by a hash of the site name (stable across runs and machines)."""
    sizes: dict[str, int] = {}
    for p in pages:
        sizes[p.site] = sizes.get(p.site, 0) + 1
    order = sorted(sizes, key=lambda s: (-sizes[s], hashlib.md5(s.encode()).hexdigest()))
    load = [0] * k
    site_fold: dict[str, int] = {}
    for site in order:
        f = min(range(k), key=lambda i: (load[i], i))
        site_fold[site] = f
        load[f] += sizes[site]
    return [site_fold[p.site] for p in pages]


# ----------------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Output:
    """What one run found on one page, as far as the benchmark scores it."""

    title: str | None
    authors: tuple[str, ...]
    published: str | None
    text: str


def page_scores(page: Page, out: Output) -> dict[str, Any]:
    """The page's contribution to each figure (body as a (P, R) pair; absent when the truth is not asserted)."""
    gt = page.truth
    scores: dict[str, Any] = annotated_scores(gt, out.title, list(out.authors))
    if page.set == "aeb":
        return {**scores, "aeb_html_f1": page_pr(gt.get("articleBody", ""), out.text)}
    if page.set == "dates":
        return {**scores, "dates_exact_day": float(local_day(out.published) == str(gt["date"])[:10])}
    if gt.get("title", NOT_ASSERTED) != NOT_ASSERTED:
        scores["metadata_title_exact"] = float(fold(out.title) == fold(gt["title"]))
    if gt.get("author", NOT_ASSERTED) != NOT_ASSERTED:
        scores["metadata_author_f1"] = author_f1(gt["author"] or "", list(out.authors))
    if gt.get("date_published", NOT_ASSERTED) != NOT_ASSERTED:
        scores["metadata_date_within_day"] = float(within_a_day(gt["date_published"], out.published))
    return scores


def figure(key: str, scores: Iterable[dict[str, Any]]) -> float | None:
    """One benchmark figure over some pages' scores; None when none of them has it."""
    values = [s[key] for s in scores if key in s]
    if not values:
        return None
    if key == "aeb_html_f1":
        return pr_scores(values)[0]
    return mean(values)


# ---------------------------------------------------------------------------------------------------- tunables
@dataclass(frozen=True)
class Setting:
    """One value of a tunable: module attributes to set ("html.H1_MIN_WORDS" -> 2); none for the shipped value."""

    label: str
    patches: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Tunable:
    """A rule or threshold set by looking at the bench pages. `settings[0]` wins ties on the training folds:
    "off" for a rule, the shipped value for a threshold that cannot be off. `stage` says which cached work it
    feeds: "meta" (markup reading), "engine" (third-party extractors) or "choose" (choice logic only)."""

    name: str
    measures: tuple[str, ...]
    stage: str
    settings: tuple[Setting, ...]
    shipped: str

    def setting(self, label: str) -> Setting:
        return next(s for s in self.settings if s.label == label)

    @property
    def sets(self) -> set[str]:
        return {s for m in self.measures for s in SETS_FOR[m]}


MODULES: dict[str, str] = {
    "html": "newsdesk.extract.html",
    "meta": "newsdesk.extract.htmlmeta",
    "engines": "newsdesk.extract.engines",
    "language": "newsdesk.extract.language",
}


def _module(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(MODULES[name])


def _current(attr: str) -> Any:
    mod, name = attr.split(".", 1)
    return getattr(_module(mod), name)


def _label(value: Any) -> str:
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    return str(value)


def rule(name: str, measures: tuple[str, ...], stage: str, off: dict[str, Any]) -> Tunable:
    """A rule that is switched off by setting module attributes ({"html.H1_MIN_WORDS": BIG})."""
    return Tunable(name, measures, stage, (Setting("off", tuple(off.items())), Setting("on")), "on")


def threshold(
    name: str, measures: tuple[str, ...], stage: str, attr: str, values: Iterable[Any], off: Any = None
) -> Tunable:
    """A numeric threshold: `off` (when given) first, then the shipped value, then the other values."""
    shipped = _current(attr)
    settings = [Setting("off", ((attr, off),))] if off is not None else []
    settings.append(Setting(_label(shipped), ((attr, shipped),)))
    settings += [Setting(_label(v), ((attr, v),)) for v in values if v != shipped and v != off]
    return Tunable(name, measures, stage, tuple(settings), _label(shipped))


def choice(name: str, measures: tuple[str, ...], stage: str, attr: str, options: dict[str, Any]) -> Tunable:
    """Alternatives that cannot be off (a source order): the shipped value first, then the others."""
    shipped = _current(attr)
    settings = [Setting("shipped", ((attr, shipped),))]
    settings += [Setting(label, ((attr, v),)) for label, v in options.items() if v != shipped]
    return Tunable(name, measures, stage, tuple(settings), "shipped")


def _identity_date(best: Any, published: Any) -> Any:
    return best


def _no_url_date(url: str | None) -> None:
    return None


def _no_htmldate(*args: Any, **kwargs: Any) -> None:
    return None


def _no_span(words: Any, i: int, keys: Any) -> range:
    return range(0)


def _same_words(words: list[str], keys: Any) -> list[str]:
    return words


def tunables() -> list[Tunable]:
    """Every rule and threshold in newsdesk/extract that was set on the bench pages, with the settings the CV tries.

    Not here: safety bounds that no bench page reaches (LARGE_PAGE_CHARS, MAX_BODY_CHARS, MAX_AUTHORS, MIN_YEAR,
    the UTC offset range), and the name lists (meta tag names, month names), which are facts about the web
    rather than fitted values."""
    shipped_desk_kind = _current("html._desk_kind")

    def no_named_desk(words: list[str], keys: set[str]) -> str | None:
        kind = shipped_desk_kind(words, keys)
        return "bare" if kind == "named" else kind

    T: list[Tunable] = []
    body, date, title, author = ("body",), ("date",), ("title",), ("author",)
    # --- body
    T.append(
        Tunable(
            "trafilatura favor_precision",
            body,
            "engine",
            (Setting("False", (("engines.TRAFILATURA_PRECISION", False),)), Setting("True")),
            _label(_current("engines.TRAFILATURA_PRECISION")),
        )
    )
    T.append(
        Tunable(
            "trafilatura include_tables",
            body,
            "engine",
            (Setting("True"), Setting("False", (("engines.TRAFILATURA_TABLES", False),))),
            _label(_current("engines.TRAFILATURA_TABLES")),
        )
    )
    fast = threshold("THOROUGH_BODY_CHARS", body, "choose", "html.THOROUGH_BODY_CHARS", (0, 250, 500, 1000))
    off = Setting("off", (("html.TRAFILATURA_FAST", False),))  # trafilatura's own default: thorough every time
    T.append(Tunable("fast first, thorough under N chars", body, "choose", (off, *fast.settings), fast.shipped))
    T.append(threshold("MIN_BODY_CHARS", body, "choose", "html.MIN_BODY_CHARS", (100, 200, 400), off=0))
    T.append(rule("CALL_TO_ACTION_RE (body furniture)", body, "choose", {"html.CALL_TO_ACTION_RE": NEVER}))
    T.append(
        threshold("TEASER_MAX_WORDS (linked headlines)", body, "choose", "html.TEASER_MAX_WORDS", (15, 25, 40), off=0)
    )
    T.append(rule("date line at the body's ends", body, "choose", {"html.DATE_LINE_MAX_CHARS": 0}))
    # --- dates
    T.append(rule("htmldate fallback", date, "choose", {"html.htmldate_date": _no_htmldate}))
    T.append(
        Tunable(
            "htmldate extensive search",
            date,
            "engine",
            (Setting("True"), Setting("False", (("engines.HTMLDATE_EXTENSIVE", False),))),
            _label(_current("engines.HTMLDATE_EXTENSIVE")),
        )
    )
    rank = dict(_current("meta.DATE_RANK"))
    T.append(
        choice(
            "DATE_RANK",
            date,
            "choose",
            "meta.DATE_RANK",
            {
                "url over meta": {**rank, "url": 0.5},
                "url under elements": {**rank, "url": 4.5},
                "elements with itemprop": {**rank, "abbr title": 2, "time tag": 2, "date element": 2},
                "modified over elements": {**rank, "modified": 3.5},
            },
        )
    )
    T.append(
        rule(
            "updates are not publications",
            date,
            "meta",
            {
                "meta.GENERIC_YIELDS_TO": (),
                "meta.MODIFIED_YIELDS_TO": (),
                "meta.MODIFIED_CLASS_RE": NEVER,
                "meta._labelled_updated": lambda el: False,
                "meta.UPDATED_LABEL_RE": NEVER,
            },
        )
    )
    T.append(rule("local_day (UTC to the page's day)", date, "choose", {"meta.local_day": _identity_date}))
    T.append(rule("URL date", date, "meta", {"meta.date_from_url": _no_url_date}))
    # one rule, two parameters: how much visible text is scanned and whether short date lines go first
    scan, line = "meta.TEXT_DATE_SCAN_CHARS", "meta.DATE_LINE_MAX_CHARS"
    text_dates = [Setting("off", ((scan, 0),))]
    for n in (4000, 8000):
        for m in (0, 60):
            text_dates.append(Setting(f"{n}/{m}", ((scan, n), (line, m))))
    shipped = f"{_current(scan)}/{_current(line)}"
    T.append(Tunable("text dates: scan chars/date line chars", date, "meta", tuple(text_dates), shipped))
    T.append(threshold("TEXT_DATE_LINES_BEFORE_H1", date, "meta", "meta.TEXT_DATE_LINES_BEFORE_H1", (0, 3, 10)))
    T.append(rule("text dates from the headline <h1>, not a logo", date, "meta", {"meta.HEADLINE_H1_BY_TITLE": False}))
    T.append(threshold("MAX_DATE_ELEMENTS", date, "meta", "meta.MAX_DATE_ELEMENTS", (20, 60, 120)))
    T.append(rule("numeric dates in the page's locale", date, "meta", {"meta._writes_day_first": lambda langs: False}))
    T.append(rule("DATE_CLASS_RE (date-named elements)", date, "meta", {"meta.DATE_CLASS_RE": NEVER}))
    T.append(rule("COMMENT_RE (skip comments, sidebars)", date + author, "meta", {"meta.COMMENT_RE": NEVER}))
    # --- titles
    T.append(threshold("H1_MIN_WORDS (a lone <h1> first)", title, "choose", "html.H1_MIN_WORDS", (1, 2, 3, 4), off=BIG))
    T.append(rule("_shares_words (<h1> must share a word)", title, "choose", {"html._shares_words": lambda *a: True}))
    T.append(rule("_extends (stated title completes the <h1>)", title, "choose", {"html._extends": lambda *a: False}))
    order = tuple(_current("html.TITLE_SOURCE_ORDER"))
    T.append(
        choice(
            "TITLE_SOURCE_ORDER",
            title,
            "choose",
            "html.TITLE_SOURCE_ORDER",
            {
                "og:title first": (
                    "meta:og:title",
                    "json-ld",
                    "itemprop:headline",
                    "meta:twitter:title",
                    "meta:",
                    "h1",
                ),
                "microdata first": ("itemprop:headline", "json-ld", "meta:og:title", "meta:twitter:title", "meta:"),
                "reversed": tuple(reversed(order)),
            },
        )
    )
    T.append(threshold("SITE_NAME_OVERLAP", title + author, "choose", "html.SITE_NAME_OVERLAP", (0.4, 0.5, 0.6, 0.8)))
    T.append(threshold("SITE_HEADING_MAX_WORDS", title, "choose", "html.SITE_HEADING_MAX_WORDS", (2, 4, 6), off=0))
    T.append(
        threshold("MIN_MATCHED_HEADLINE_CHARS", title, "choose", "html.MIN_MATCHED_HEADLINE_CHARS", (4, 8, 16), off=BIG)
    )
    T.append(
        rule("_title_suffix (short <title> suffixes)", title, "choose", {"html._title_suffix": lambda p, s: False})
    )
    # --- authors
    order = tuple(_current("html.AUTHOR_SOURCE_ORDER"))
    T.append(
        choice(
            "AUTHOR_SOURCE_ORDER",
            author,
            "choose",
            "html.AUTHOR_SOURCE_ORDER",
            {
                "bylines first": ("byline", "rel=author", "author link", *[o for o in order if "by" not in o]),
                "meta first": ("meta:", "json-ld", "itemprop:author", "byline", "rel=author", "author link"),
                "all meta before bylines": ("json-ld", "itemprop:author", "meta:", "byline", "rel=author"),
            },
        )
    )
    T.append(threshold("MAX_AUTHOR_WORDS", author, "choose", "html.MAX_AUTHOR_WORDS", (3, 4, 5, 6, 8)))
    T.append(
        rule(
            "desks, wires, organisations are not people",
            author,
            "meta",
            {
                "html.DESK_WORDS": frozenset(),
                "html.ORG_WORDS": frozenset(),
                "html.ORG_SUFFIXES": (),
                "html.WIRE_SERVICES": frozenset(),
                "html.WIRE_NAMES": frozenset(),
                "html.CJK_DESK_RE": NEVER,
                "meta.ORGANIZATION_TYPES": frozenset(),
            },
        )
    )
    T.append(
        rule(
            "byline lead-in ('By', 'Text:', a lone 'By')",
            author,
            "meta",
            {"html._without_lead_in": lambda t: t, "meta.BY_LABEL_RE": NEVER},
        )
    )
    T.append(rule("byline tail (dates, status, calls)", author, "choose", {"html._without_tail": lambda t: t}))
    T.append(rule("outlet after a name", author, "choose", {"html._name_before_outlet": lambda w, k: w}))
    T.append(rule("job title after a name", author, "choose", {"html._without_job_title": lambda w: w}))
    T.append(rule("_site_run_span (the site is not a person)", author, "choose", {"html._site_run_span": _no_span}))
    T.append(rule("named desk when no person is named", author, "choose", {"html._desk_kind": no_named_desk}))
    T.append(rule("_sentence_words (lower-case words)", author, "choose", {"html._sentence_words": lambda w: False}))
    T.append(
        rule(
            "photo credits are not bylines",
            author,
            "meta",
            {"meta.FIGURE_TAGS": frozenset(), "html.PHOTO_CREDIT_RE": NEVER},
        )
    )
    T.append(rule("BYLINE_CLASS_RE (byline-named elements)", author, "meta", {"meta.BYLINE_CLASS_RE": NEVER}))
    T.append(threshold("MAX_BYLINE_CHARS", author, "meta", "meta.MAX_BYLINE_CHARS", (80, 150, 300)))
    T.append(threshold("BYLINE_CLUSTER_LEVELS", author, "meta", "meta.BYLINE_CLUSTER_LEVELS", (1, 3, 5)))
    T.append(rule("AUTHOR_HREF_RE (author archive links)", author, "meta", {"meta.AUTHOR_HREF_RE": NEVER}))
    T.append(threshold("AUTHOR_LINK_MAX_WORDS", author, "meta", "meta.AUTHOR_LINK_MAX_WORDS", (3, 4, 5)))
    return T


# ------------------------------------------------------------------------------------------------------ runner
WRAPPED = ("parse_document", "page_meta", "trafilatura_body", "newspaper_parse", "htmldate_date", "removed_text")


class Runner:
    """Runs `extract_html` over bench pages under a configuration (tunable name -> setting label), with the work
    no tunable in the configuration feeds taken from a per-page cache.

    The first, timed run (`record`) goes through `newsdesk.pipeline.extract_doc` with everything real and fills
    the caches; later runs hand `_extract` a stand-in tree and answer its calls from the caches, parsing the page
    only when a cached answer is missing. Markup reading is cached for the shipped settings only (a changed markup
    setting is read once per run anyway)."""

    def __init__(self, pages: list[Page], tunables: list[Tunable]) -> None:
        self.pages = pages
        self.tunables = {t.name: t for t in tunables}
        self.html_mod = _module("html")
        self.real: dict[str, Callable[..., Any]] = {name: getattr(self.html_mod, name) for name in WRAPPED}
        self.dummy = self.real["parse_document"]("<html><body></body></html>")
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.parsable: dict[int, bool] = {}
        self.docs: dict[int, Any] = {}
        self.cur = -1
        self.doc: Any = None
        self.recording = False
        self.meta_sig: tuple[tuple[str, str], ...] = ()
        self.engine_sig: tuple[tuple[str, str], ...] = ()
        self.override: dict[str, Callable[..., Any]] = {}
        self.cpu: dict[int, float] = {}

    # -- the names html.py calls, wrapped
    def _page_doc(self) -> Any:
        """The current page's tree: parsed once per page and kept (about 0.4 GB for the bench), since markup
        reading and the extractors leave it as it was (checked: page_meta on a kept tree equals a fresh one)."""
        if self.doc is None:
            self.doc = self.docs.get(self.cur)
        if self.doc is None:
            self.doc = self.real["parse_document"](self.pages[self.cur].html)
            if len(self.pages[self.cur].html) <= self.html_mod.LARGE_PAGE_CHARS:  # larger pages are stripped
                self.docs[self.cur] = self.doc
        return self.doc

    def _ours(self, doc: Any) -> bool:
        return self.cur >= 0 and (doc is self.dummy or (doc is not None and doc is self.doc))

    def parse_document(self, html: str) -> Any:
        if self.cur < 0 or html is not self.pages[self.cur].html:
            return self.real["parse_document"](html)
        if self.recording:
            self.doc = self.real["parse_document"](html)
            self.parsable[self.cur] = self.doc is not None
            if self.doc is not None and len(html) <= self.html_mod.LARGE_PAGE_CHARS:
                self.docs[self.cur] = self.doc
            return self.doc
        return self.dummy if self.parsable.get(self.cur, True) else None

    def page_meta(self, doc: Any, url: str | None = None) -> Any:
        if not self._ours(doc):
            return self.real["page_meta"](doc, url)
        if self.meta_sig:
            return self.real["page_meta"](self._page_doc(), url)
        key = ("meta", self.cur, url)
        if key not in self.cache:
            self.cache[key] = self.real["page_meta"](self._page_doc(), url)
        return self.cache[key]

    def trafilatura_body(self, doc: Any, url: str | None, warnings: list[str], *, fast: bool = True) -> str:
        if not self._ours(doc):
            return str(self.real["trafilatura_body"](doc, url, warnings, fast=fast))
        key = ("traf", self.cur, url, fast, self.engine_sig)
        if key not in self.cache:
            found: list[str] = []
            self.cache[key] = (self.real["trafilatura_body"](self._page_doc(), url, found, fast=fast), found)
        text, found = self.cache[key]
        warnings.extend(found)
        return str(text)

    def newspaper_parse(self, html: str, url: str | None, language: str, warnings: list[str]) -> Any:
        if self.cur < 0 or html is not self.pages[self.cur].html:
            return self.real["newspaper_parse"](html, url, language, warnings)
        key = ("np", self.cur, url, language)
        if key not in self.cache:
            found: list[str] = []
            self.cache[key] = (self.real["newspaper_parse"](html, url, language, found), found)
        art, found = self.cache[key]
        warnings.extend(found)
        return art

    def htmldate_date(self, doc: Any, url: str | None, crawl_date: str | None, warnings: list[str]) -> Any:
        if "htmldate_date" in self.override:
            return self.override["htmldate_date"](doc, url, crawl_date, warnings)
        if not self._ours(doc):
            return self.real["htmldate_date"](doc, url, crawl_date, warnings)
        key = ("hd", self.cur, url, crawl_date, self.engine_sig)
        if key not in self.cache:
            found: list[str] = []
            self.cache[key] = (self.real["htmldate_date"](self._page_doc(), url, crawl_date, found), found)
        day, found = self.cache[key]
        warnings.extend(found)
        return day

    def removed_text(self, visible: list[str], body: str) -> str:
        return str(self.real["removed_text"](visible, body)) if self.recording else ""  # not scored

    # -- configurations
    @contextmanager
    def installed(self) -> Iterator[None]:
        for name in WRAPPED:
            setattr(self.html_mod, name, getattr(self, name))
        try:
            yield
        finally:
            for name, fn in self.real.items():
                setattr(self.html_mod, name, fn)

    @contextmanager
    def applied(self, config: dict[str, str]) -> Iterator[None]:
        saved: list[tuple[ModuleType, str, Any]] = []
        changed = {n: label for n, label in config.items() if label != self.tunables[n].shipped}
        try:
            for name, label in changed.items():
                for attr, value in self.tunables[name].setting(label).patches:
                    mod_name, attr_name = attr.split(".", 1)
                    if mod_name == "html" and attr_name in WRAPPED:
                        self.override[attr_name] = value
                        continue
                    mod = _module(mod_name)
                    saved.append((mod, attr_name, getattr(mod, attr_name)))
                    setattr(mod, attr_name, value)
            self.meta_sig = tuple(sorted((n, lb) for n, lb in changed.items() if self.tunables[n].stage == "meta"))
            self.engine_sig = tuple(sorted((n, lb) for n, lb in changed.items() if self.tunables[n].stage == "engine"))
            yield
        finally:
            for mod, attr_name, value in reversed(saved):
                setattr(mod, attr_name, value)
            self.override.clear()
            self.meta_sig = self.engine_sig = ()

    def record(self) -> dict[int, Output]:
        """The shipped settings through the whole pipeline, each page's CPU time measured; fills the caches."""
        from newsdesk.models import Article, RawDoc
        from newsdesk.pipeline import extract_doc

        for html, url in PROBE_PAGES:  # one-time set-ups (imports, first calls) are not page work
            extract_doc(RawDoc(source="probe", path="probe", format="html", content=html, url=url))
        out: dict[int, Output] = {}
        self.recording = True
        try:
            for i, page in enumerate(self.pages):
                self.cur, self.doc = i, None
                doc = RawDoc(source=page.key, path=page.key, format="html", content=page.html, url=page.url)
                cpu = time.process_time()
                art = extract_doc(doc)
                self.cpu[i] = time.process_time() - cpu
                out[i] = as_output(art) if isinstance(art, Article) else Output(None, (), None, "")
        finally:
            self.recording = False
            self.cur, self.doc = -1, None
        return out

    def run(self, config: dict[str, str], indices: Iterable[int]) -> dict[int, Output]:
        """`extract_html` over the given pages with the configuration applied (unnamed tunables as shipped)."""
        out: dict[int, Output] = {}
        with self.applied(config):
            try:
                for i in indices:
                    self.cur, self.doc = i, None
                    page = self.pages[i]
                    out[i] = as_output(self.html_mod.extract_html(page.html, url=page.url))
            finally:
                self.cur, self.doc = -1, None
        return out


def as_output(art: Any) -> Output:
    return Output(art.title, tuple(art.authors), art.published, (art.text or "").strip())


# ------------------------------------------------------------------------------------------ cross-validation
@dataclass
class TunableReport:
    """What the CV learned about one tunable."""

    tunable: Tunable
    picks: dict[str, int] = field(default_factory=dict)  # setting label -> folds that picked it
    changed_sites: dict[str, set[str]] = field(default_factory=dict)  # label -> sites whose result it changes
    helped_sites: set[str] = field(default_factory=set)  # sites the shipped setting scores better on than "off"
    hurt_sites: set[str] = field(default_factory=set)  # ... and worse on
    plain_gain: float = 0.0  # shipped minus settings[0], summed over the tunable's figures on all pages


@dataclass
class CVResult:
    plain: dict[str, float]  # in-process, shipped settings, all pages
    cv: dict[str, float]  # mean over held-out folds
    cv_min: dict[str, float]  # the worst held-out fold
    shipped_folds: dict[str, float]  # the shipped settings, scored as the CV is (mean over the same folds)
    folds: int
    sites: int
    reports: list[TunableReport]
    mismatches: list[str]
    seconds: float
    # per held-out fold: the tunables it picked away from their shipped setting, and its figures with those picks
    # and with the shipped settings (where a CV figure loses, and to which picks)
    fold_picks: list[dict[str, str]] = field(default_factory=list)
    fold_figures: list[dict[str, float]] = field(default_factory=list)
    fold_shipped: list[dict[str, float]] = field(default_factory=list)


def _differs(a: Output, b: Output, measures: tuple[str, ...]) -> bool:
    if "body" in measures and a.text != b.text:
        return True
    if "title" in measures and fold(a.title) != fold(b.title):
        return True
    if "author" in measures and [x.lower() for x in a.authors] != [x.lower() for x in b.authors]:
        return True
    return "date" in measures and (a.published or "")[:10] != (b.published or "")[:10]


def _page_value(scores: dict[str, Any], keys: Iterable[str]) -> float:
    """One number per page for comparing two settings on it (body: the mean of its P and R)."""
    values = [scores[k] for k in keys if k in scores]
    return sum((v[0] + v[1]) / 2 if isinstance(v, tuple) else float(v) for v in values)


def _objective(t: Tunable, scores: dict[int, dict[str, Any]], train: list[int]) -> float:
    total = 0.0
    for m in t.measures:
        for key in MEASURES[m]:
            value = figure(key, (scores[i] for i in train if i in scores))
            total += value or 0.0
    return total


def all_figures(pages: list[Page], scores: dict[int, dict[str, Any]], indices: Iterable[int]) -> dict[str, float]:
    idx = list(indices)
    out: dict[str, float] = {}
    for key in CV_KEYS[:-1]:
        value = figure(key, (scores[i] for i in idx if i in scores))
        if value is not None:
            out[key] = value
    return out


def cross_validate(
    pages: list[Page], k: int = DEFAULT_FOLDS, log: Callable[[str], None] = print, runner: Runner | None = None
) -> CVResult:
    """Grouped K-fold cross-validation of every tunable (see the module docstring); logs progress to `log`."""
    start = time.perf_counter()
    tuns = tunables()
    runner = runner or Runner(pages, tuns)
    folds = assign_folds(pages, k)
    with runner.installed():
        log(f"cv: recording the shipped settings on {len(pages)} pages")
        default = runner.record()
        check = runner.run({}, range(len(pages)))
        mismatches = [
            f"{pages[i].set}/{pages[i].key}" for i in default if _differs(default[i], check[i], tuple(SETS_FOR))
        ]
        base_scores = {i: page_scores(pages[i], o) for i, o in default.items()}
        per_setting: dict[tuple[str, str], dict[int, dict[str, Any]]] = {}
        reports: list[TunableReport] = []
        everything = list(range(len(pages)))
        for n, t in enumerate(tuns, 1):
            keys = [key for m in t.measures for key in MEASURES[m]]
            rep = TunableReport(t)
            for s in t.settings:
                if s.label == t.shipped:
                    per_setting[t.name, s.label] = base_scores
                    continue
                # every page runs, scored or not: a rule's reach counts results it changes on any page
                outs = runner.run({t.name: s.label}, everything)
                per_setting[t.name, s.label] = {i: page_scores(pages[i], o) for i, o in outs.items()}
                rep.changed_sites[s.label] = {
                    p.site for i, p in enumerate(pages) if _differs(outs[i], default[i], t.measures)
                }
            first = t.settings[0].label
            if first != t.shipped:
                by_site: dict[str, float] = {}
                for i in everything:
                    diff = _page_value(base_scores[i], keys) - _page_value(per_setting[t.name, first][i], keys)
                    by_site[pages[i].site] = by_site.get(pages[i].site, 0.0) + diff
                rep.helped_sites = {s for s, d in by_site.items() if d > TIE}
                rep.hurt_sites = {s for s, d in by_site.items() if d < -TIE}
                rep.plain_gain = _objective(t, per_setting[t.name, t.shipped], everything) - _objective(
                    t, per_setting[t.name, first], everything
                )
            reports.append(rep)
            log(f"cv: {n}/{len(tuns)} {t.name}")
        # picks per held-out fold, then each held-out fold extracted with its picks
        configs: list[dict[str, str]] = []
        for f in range(k):
            train = [i for i in range(len(pages)) if folds[i] != f]
            config: dict[str, str] = {}
            for t, rep in zip(tuns, reports, strict=True):
                best_label, best_value = t.settings[0].label, -math.inf
                for s in t.settings:
                    value = _objective(t, per_setting[t.name, s.label], train)
                    if value > best_value + TIE:
                        best_label, best_value = s.label, value
                config[t.name] = best_label
                rep.picks[best_label] = rep.picks.get(best_label, 0) + 1
            configs.append(config)
        held_scores: dict[int, dict[str, Any]] = {}
        groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
        for f, config in enumerate(configs):
            groups.setdefault(tuple(sorted(config.items())), []).append(f)
        for sig, fs in groups.items():
            idx = [i for i in range(len(pages)) if folds[i] in fs]
            outs = runner.run(dict(sig), idx)
            held_scores.update({i: page_scores(pages[i], o) for i, o in outs.items()})
            log(f"cv: held-out folds {fs} extracted with their picks")
    per_fold = [all_figures(pages, held_scores, (i for i in range(len(pages)) if folds[i] == f)) for f in range(k)]
    shipped_fold = [all_figures(pages, base_scores, (i for i in range(len(pages)) if folds[i] == f)) for f in range(k)]
    cv: dict[str, float] = {}
    cv_min: dict[str, float] = {}
    shipped_cv: dict[str, float] = {}
    for key in CV_KEYS[:-1]:
        values = [fig[key] for fig in per_fold if key in fig]
        if values:
            cv[key], cv_min[key] = mean(values), min(values)
            shipped_cv[key] = mean([fig[key] for fig in shipped_fold if key in fig])
    speeds = []
    for f in range(k):
        idx = [i for i in range(len(pages)) if folds[i] == f]
        cpu = sum(runner.cpu.get(i, 0.0) for i in idx)
        if idx and cpu > 0:
            speeds.append(len(idx) / cpu)
    if speeds:
        cv["pages_per_second"], cv_min["pages_per_second"] = mean(speeds), min(speeds)
    plain = all_figures(pages, base_scores, range(len(pages)))
    total_cpu = sum(runner.cpu.values())
    if total_cpu > 0:
        plain["pages_per_second"] = len(pages) / total_cpu
    return CVResult(
        plain,
        cv,
        cv_min,
        shipped_cv,
        k,
        len({p.site for p in pages}),
        reports,
        mismatches,
        time.perf_counter() - start,
        [{t.name: c[t.name] for t in tuns if c[t.name] != t.shipped} for c in configs],
        per_fold,
        shipped_fold,
    )


def print_tunables(result: CVResult) -> None:
    """One line per tunable: shipped value, what the folds picked, and on how many sites switching it changes a
    result (the rule's reach; under 3 sites it was fitted to pages rather than learned)."""
    print(
        f"{'tunable':<44} {'shipped':>8}  {'folds picking':<30} {'sites changed':>13} {'helped/hurt':>11} {'gain':>7}"
    )
    for rep in result.reports:
        t = rep.tunable
        picks = ", ".join(f"{label}:{n}" for label, n in sorted(rep.picks.items(), key=lambda x: -x[1]))
        first = t.settings[0].label
        if first != t.shipped:
            reach = f"{len(rep.changed_sites.get(first, set()))} ({first})"
            hh = f"{len(rep.helped_sites)}/{len(rep.hurt_sites)}"
            gain = f"{rep.plain_gain:+.3f}"
        else:
            reach = str(len(set().union(*rep.changed_sites.values()))) if rep.changed_sites else "0"
            hh, gain = "-", "-"
        flag = "  <3 sites" if first == "off" and len(rep.changed_sites.get(first, set())) < 3 else ""
        print(f"{t.name[:44]:<44} {t.shipped[:8]:>8}  {picks[:30]:<30} {reach:>13} {hh:>11} {gain:>7}{flag}")


# --------------------------------------------------------------------------------------------------------- misses
def print_folds(result: CVResult) -> None:
    """Per held-out fold: each figure where its picks lose against the shipped settings, and the picks that differ."""
    for f, picks in enumerate(result.fold_picks):
        got, shipped = result.fold_figures[f], result.fold_shipped[f]
        losses = ", ".join(
            f"{k} {got[k]:.3f} (shipped {shipped[k]:.3f})" for k in got if k in shipped and got[k] < shipped[k] - TIE
        )
        print(f"fold {f}: {losses or 'no figure below the shipped settings'}; picked: "
              + (", ".join(f"{k}={v}" for k, v in picks.items()) or "all as shipped"))  # fmt: skip


def show_misses(pages: list[Page], outs: dict[int, Output]) -> None:
    """Every page the shipped settings get wrong, with what was wanted and what was found."""
    for i, page in enumerate(pages):
        out, gt = outs[i], page.truth
        s = page_scores(page, out)
        if page.set == "aeb" and sum(s["aeb_html_f1"]) / 2 < 0.8:
            print(f"body   {page.key[:16]} P={s['aeb_html_f1'][0]:.2f} R={s['aeb_html_f1'][1]:.2f} {page.site}")
        if s.get("dates_exact_day") == 0.0:
            print(f"date   {page.key[:16]} want {gt['date']} got {out.published} {page.url}")
        if s.get("metadata_title_exact") == 0.0:
            print(f"title  {page.key}: want {gt['title']!r} got {out.title!r}")
        if s.get("metadata_author_f1", 1.0) < 1.0:
            print(f"author {page.key}: want {gt['author']!r} got {list(out.authors)!r}")
        if s.get("metadata_date_within_day") == 0.0:
            print(f"mdate  {page.key}: want {gt['date_published']} got {out.published}")
        # hand-annotated truth is stored hashed: the annotators' own files say what was wanted
        if s.get("annotated_title_exact") == 0.0:
            print(f"atitle {page.set}/{page.key}: got {out.title!r}")
        if s.get("annotated_author_f1", 1.0) < 1.0:
            print(f"author {page.set}/{page.key}: F1 {s['annotated_author_f1']:.2f}, got {list(out.authors)!r}")


def explain(pages: list[Page], name: str) -> None:
    """Every page where a tunable's other settings change a result, with the shipped and the other result."""
    tuns = [t for t in tunables() if name.lower() in t.name.lower()]
    runner = Runner(pages, tuns)
    with runner.installed():
        default = runner.record()
        for t in tuns:
            for s in t.settings:
                if s.label == t.shipped:
                    continue
                outs = runner.run({t.name: s.label}, range(len(pages)))
                for i, page in enumerate(pages):
                    a, b = default[i], outs[i]
                    if not _differs(a, b, t.measures):
                        continue
                    sa, sb = page_scores(page, a), page_scores(page, b)
                    keys = [k for m in t.measures for k in MEASURES[m]]
                    va, vb = _page_value(sa, keys), _page_value(sb, keys)
                    print(f"{t.name} = {s.label}: {page.set}/{page.key} ({page.site}) score {va:.2f} -> {vb:.2f}")
                    for m, x, y in (
                        ("title", a.title, b.title),
                        ("author", list(a.authors), list(b.authors)),
                        ("date", a.published, b.published),
                    ):
                        if m in t.measures and x != y:
                            print(f"    {x!r} -> {y!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="the shared bench folder")
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS, help="folds of sites")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set (a quick run)")
    parser.add_argument("--show-misses", action="store_true", help="list the pages the shipped settings miss")
    parser.add_argument("--explain", metavar="NAME", help="list the pages where the tunables named so change results")
    args = parser.parse_args(argv)
    if not (args.bench / "aeb" / "ground-truth.json").exists():
        print(f"skipped: no benchmark sets under {args.bench} (the shared folder is absent)")
        return 0
    pages = load_pages(args.bench, args.limit)
    if args.explain:
        explain(pages, args.explain)
        return 0
    if args.show_misses:
        runner = Runner(pages, tunables())
        with runner.installed():
            show_misses(pages, runner.record())
        return 0
    result = cross_validate(pages, args.folds, log=lambda msg: print(msg, file=sys.stderr))
    print(f"{'figure':<28} {'plain':>7} {'CV':>7} {'worst fold':>10} {'shipped, CV folds':>18}")
    for key in CV_KEYS:
        if key in result.plain:
            print(
                f"{key:<28} {result.plain[key]:>7.3f} {result.cv.get(key, math.nan):>7.3f}"
                f" {result.cv_min.get(key, math.nan):>10.3f} {result.shipped_folds.get(key, math.nan):>18.3f}"
            )
    print_tunables(result)
    print_folds(result)
    if result.mismatches:
        print(f"self-check: {len(result.mismatches)} pages differ through the cache: {result.mismatches[:5]}")
    print(f"({result.seconds:.0f}s; {result.sites} sites in {result.folds} folds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
