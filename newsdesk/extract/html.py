"""HTML page -> Article. With extract_engines.py, the only modules that import third-party extractors.

Stages: (1) parse once with lxml and collect markup metadata (htmlmeta); (2) each field is chosen from the
candidates with its source recorded, conflicts become warnings, htmldate dates a page whose markup states no
date; (3) a large page is stripped to its visible markup and cut; (4) trafilatura finds the body in the same
tree, newspaper3k only when trafilatura finds (almost) nothing, a longer JSON-LD articleBody wins; (5) the
visible text that is not in the body is kept as `removed`. Nothing raises: a failure leaves a warning.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from html import unescape
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import _Element

from newsdesk.extract.engines import htmldate_date, newspaper_parse, trafilatura_body
from newsdesk.extract.htmlmeta import (
    INVISIBLE_TAGS,
    MONTHS,
    Candidate,
    PageMeta,
    choose_date,
    clean_space,
    normalize_date,
    page_meta,
    parse_document,
)
from newsdesk.extract.language import detect_language, normalize_language
from newsdesk.models import Article

log = logging.getLogger(__name__)

# Pages above this many characters are stripped of script/style/svg/comments before the body extractor sees
# them (it copies the tree, so memory and time grow with everything in it). Real article pages in bench/aeb are
# 50-900 kB; 1.5 MB keeps all of them on the untouched path.
LARGE_PAGE_CHARS = 1_500_000
# A stripped page longer than this is cut before body extraction: extractors score paragraphs against each other
# (newspaper quadratically: 20 MB of <p> took 250 s), and no real article body is anywhere near this long.
MAX_BODY_CHARS = 1_500_000
# `removed` is for a reviewer's eyes: cap it so a huge page does not bloat the store.
MAX_REMOVED_CHARS = 50_000
# A JSON-LD articleBody replaces the extracted text when it is this many times longer (the extractor lost part
# of the body). On bench/aeb with trafilatura: see bench/extract_eval.py (1.3 kept from the newspaper era).
ARTICLE_BODY_RATIO = 1.3
# htmldate turns a bare year (copyright lines) into January 1st; a fallback date must be a real day. On
# bench/metadata all of its 01-01 answers were for pages with no date; bench/dates has no 01-01 fallback hit.
YEAR_ONLY_DAY = "01-01"
# A fast trafilatura body shorter than this (characters) is re-extracted in its thorough mode, which compares
# its result with readability and jusText. On bench/aeb the fast run's misses were 0 and 338 characters long and
# its good short bodies 900+; 500 retries 6 of 103 pages.
THOROUGH_BODY_CHARS = 500
# Below this many characters of body, trafilatura is taken to have missed the article and newspaper3k is tried
# (its full parse costs ~70 ms, so it runs only here). On bench/aeb no real body is this short.
MIN_BODY_CHARS = 200

# The page's one <h1> (at least this many words) is the headline readers see; og:title and JSON-LD headline
# are often rewritten for social media or search. On bench/metadata: h1 first 0.893 exact vs og:title first 0.786.
H1_MIN_WORDS = 2
# Title separators between a headline and a site name (" | Site", " - Site", " — Site", "Site: ").
# "_" only between non-ASCII characters: Chinese sites write "headline_section_site".
TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—·•»«›‹~:/]\s+|\s*[|｜]\s*|\s+::\s+|(?<=[^\x00-\x7f])_(?=[^\x00-\x7f])")
# A headline without spaces (Chinese, Japanese) is long enough to keep when it has this many characters.
MIN_HEADLINE_CHARS_NO_SPACES = 8
# A segment is the site's name when one contains the other and the shorter is this share of the longer
# ("Example News" vs "examplenews.com"); a headline that merely mentions the site is much longer.
SITE_NAME_OVERLAP = 0.6
# An <h1> of at most this many words that contains the site's name is the logo, not a headline.
SITE_HEADING_MAX_WORDS = 4
# A trailing title segment this short (words) is taken for a site name when nothing else tells.
SITE_SUFFIX_MAX_WORDS = 4
# ... after a dash only when it is at most this many capitalised words (" - Reuters"; "Trump - Biden debate" stays).
DASH_SUFFIX_MAX_WORDS = 2
# ... and only when the headline before it keeps at least this many words.
MIN_WORDS_BEFORE_SUFFIX = 3
# A run of title segments equal to another title candidate (the <h1>, og:title) is the headline when it has at
# least this many letters and digits: shorter matches are section names.
MIN_MATCHED_HEADLINE_CHARS = 8

# Byline noise: leading "By", trailing calls to action, job titles. Calibrated on bench/metadata bylines.
BYLINE_PREFIX_RE = re.compile(
    r"^\s*(?:(?:written|posted|reported|published|words|text|story|photos?)\s+)?"
    r"(?:by|from|von|por|par|di|door|av|af|autor(?:es)?|author(?:s)?|auteur|著者|文|記者)\s*[:：]?\s+",
    re.I,
)
BYLINE_NOISE_RE = re.compile(
    r"\b(?:e-?mail(?:\s+the)?\s+author|contact(?:\s+the)?\s+(?:author|reporter)|follow(?:\s+on)?(?:\s+twitter)?|"
    r"view\s+(?:all\s+)?(?:posts|articles|stories)|more\s+(?:from|by|articles)|updated?|published|posted|"
    r"view\s+author|author\s+(?:archive|profile|page)|rss|"
    r"twitter|facebook|linkedin|instagram|read\s+more|bio)\b.*$",
    re.I,
)
BYLINE_DATE_RE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b\.?\s*\d.*$|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}.*$", re.I)
GLUED_BY_RE = re.compile(r"^\s*By(?=[A-Z][a-z])")  # "ByJane Doe", from markup without a space
AUTHOR_SPLIT_RE = re.compile(r"\s*(?:,|;|\||/|·|•|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|、|・)\s*", re.I)
JOB_WORDS = frozenset(
    """writer staff reporter correspondent editor editors contributor contributing columnist journalist producer
    photographer senior chief associate assistant managing desk bureau news team intern analyst critic
    freelance guest special politics sports business video digital opinion editorial host anchor""".split()
)
MAX_AUTHOR_WORDS = 5
# Trailing all-caps words after a mixed-case name are cut when there are at least this many ("Jean DUPONT", a
# French surname in capitals, keeps its one).
MIN_CAPS_TAIL_WORDS = 2
# Research pages list every author (bench/metadata has one with 18); a byline scrape gone wrong is capped here.
MAX_AUTHORS = 30
# Author candidate sources, best first: a structured statement beats a scraped byline.
AUTHOR_SOURCE_ORDER = (
    "json-ld",
    "itemprop:author",
    "meta:author",
    "meta:",
    "byline",
    "rel=author",
    "author link",
    "newspaper",
)
# A one-word account name, not a spelled-out name: "janedoe", "ExampleShow" (sailthru, twitter:creator).
HANDLE_RE = re.compile(r"[a-z0-9_.]+|[A-Z][a-z]+(?:[A-Z][a-z]+)+")
# An author source no other source agrees with gives way to names this many other sources agree on.
# bench/metadata: a photo credit in itemprop=author against meta, byline, rel=author and author link.
MIN_AUTHOR_SUPPORT = 2
# Title candidate sources, best first. Calibrated on bench/metadata (exact title match).
TITLE_SOURCE_ORDER = ("json-ld", "meta:og:title", "itemprop:headline", "meta:twitter:title", "meta:", "h1")


def extract_html(html: str, *, url: str | None = None, source: str = "", crawl_date: str | None = None) -> Article:
    """Article from a whole HTML page; never None, never raises (failures become `warnings`).

    `url` is where the page was fetched from (resolves relative links, gives a URL date); `crawl_date`, when
    known, bounds the publication date.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    elif not isinstance(html, str):
        html = "" if html is None else str(html)
    art = Article(source=source, format="html", raw=html, url=url)
    try:
        _extract(art, html, url, crawl_date)
    except Exception as exc:  # a bug or a page nobody foresaw: keep what was found, say what happened
        log.debug("extract failed for %s", source, exc_info=True)
        art.warnings.append(f"extract: failed ({type(exc).__name__}: {str(exc)[:200]})")
    return art


def _extract(art: Article, html: str, url: str | None, crawl_date: str | None) -> None:
    doc = parse_document(html)
    if doc is None:
        art.warnings.append("extract: empty or unparseable page")
        return
    meta = page_meta(doc, url)
    art.warnings.extend(meta.warnings)
    _set_metadata(art, meta, url, crawl_date)
    if art.published is None and len(html) <= LARGE_PAGE_CHARS:  # its regexes scan the whole page: 26 s at 12 MB
        day = htmldate_date(doc, url, crawl_date, art.warnings)
        if day and day[5:] == YEAR_ONLY_DAY:
            art.warnings.append(f"published: htmldate {day} ignored (a year without a day, e.g. a copyright line)")
        elif day:
            art.published = day
            art.published_source = "htmldate"
            art.field_sources["published"] = "htmldate"

    body_doc, body_html = doc, html
    if len(html) > LARGE_PAGE_CHARS:
        body_html = _strip_large(doc)  # `meta` already holds the visible text: the tree may shrink now
        if len(body_html) > MAX_BODY_CHARS:
            body_html = body_html[:MAX_BODY_CHARS]  # lxml closes the cut-off tags
            cut_doc = parse_document(body_html)
            body_doc = cut_doc if cut_doc is not None else doc
            art.warnings.append(f"extract: page of {len(html):,} characters cut to {MAX_BODY_CHARS:,} for the body")
    body = _paragraphs(trafilatura_body(body_doc, art.url or url, art.warnings, fast=True))
    source = "trafilatura"
    if len(body) < THOROUGH_BODY_CHARS:
        thorough = _paragraphs(trafilatura_body(body_doc, art.url or url, art.warnings, fast=False))
        if len(thorough) > len(body):
            body = thorough
    np_art = None
    if len(body) < MIN_BODY_CHARS:
        lang = art.language or detect_language("\n".join(meta.visible)[:5000]) or "en"
        np_art = newspaper_parse(body_html, url, lang, art.warnings)
        np_body = _paragraphs(getattr(np_art, "text", "") or "") if np_art is not None else ""
        if len(np_body) > len(body):
            body, source = np_body, "newspaper"
    if meta.body:
        ld_body = _plain(meta.body)
        if len(ld_body) > ARTICLE_BODY_RATIO * len(body):
            body, source = ld_body, "json-ld"
    if body and art.title:
        first, _, rest = body.partition("\n\n")
        if _norm(first) == _norm(art.title):
            body = rest  # the headline is a field of its own, not the first paragraph
    if body:
        art.text = body
        art.field_sources["text"] = source
    _fill_from_newspaper(art, np_art)
    art.removed = removed_text(meta.visible, art.text)
    art.warnings[:] = dict.fromkeys(art.warnings)  # a failing extractor tried twice warns once


# ------------------------------------------------------------------------------------------ newspaper
def _fill_from_newspaper(art: Article, np_art: object | None) -> None:
    """Fields the markup did not give, taken from newspaper's own guesses."""
    if np_art is None:
        return
    if not art.title:
        title = clean_space(getattr(np_art, "title", "") or "")
        if title and not _is_site_segment(title, _site_keys(art.site, art.url)):
            art.title = title
            art.field_sources["title"] = "newspaper"
    if not art.authors:
        names = clean_authors([Candidate(a, "newspaper") for a in getattr(np_art, "authors", []) or []], art.site)
        if names:
            art.authors = names
            art.field_sources["authors"] = "newspaper"
    if not art.published:
        pub = getattr(np_art, "publish_date", None)
        iso = normalize_date(pub.isoformat()) if isinstance(pub, date) else None
        if iso:
            art.published = iso
            art.published_source = "newspaper"
            art.field_sources["published"] = "newspaper"
    if not art.top_image and art.url:  # without a page URL newspaper resolves images against a dummy host
        img = getattr(np_art, "top_image", "") or ""
        if img:
            art.top_image = img
            art.field_sources["top_image"] = "newspaper"


def _strip_large(doc: _Element) -> str:
    """The page without invisible elements, serialised for newspaper (used above LARGE_PAGE_CHARS)."""
    from lxml import etree

    etree.strip_elements(doc, *INVISIBLE_TAGS, with_tail=False)
    etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return lxml.html.tostring(doc, encoding="unicode")


def _paragraphs(text: str) -> str:
    """Plain text with one blank line between paragraphs. Markup-like text here is what the page showed as text
    (real elements were parsed away), so it is kept: the dashboard escapes everything it shows."""
    paras = [clean_space(p) for p in re.split(r"\n+", text)]
    return "\n\n".join(p for p in paras if p)


def _plain(fragment: str) -> str:
    """A JSON-LD string that may contain markup or entities, as paragraphs of plain text."""
    if "<" in fragment and ">" in fragment:
        try:
            el = lxml.html.fragment_fromstring(fragment, create_parent="div")
            for br in el.iter("br", "p", "div", "li", "h2", "h3"):
                br.tail = "\n" + (br.tail or "")
            fragment = el.text_content()
        except Exception:
            fragment = re.sub(r"<[^>]+>", " ", fragment)
    return _paragraphs(fragment)


# ------------------------------------------------------------------------------------------- metadata
def _first(cands: list[Candidate], order: tuple[str, ...] = ()) -> Candidate | None:
    """First candidate whose source comes earliest in `order` (prefix match), page order breaking ties."""
    if not cands:
        return None

    def rank(c: Candidate) -> int:
        for i, prefix in enumerate(order):
            if c.source == prefix or c.source.startswith(prefix):
                return i
        return len(order)

    good = [c for c in cands if c.value]
    return min(good, key=lambda c: (rank(c), cands.index(c))) if good else None


def _set(art: Article, name: str, cand: Candidate | None) -> None:
    if cand is not None and cand.value:
        setattr(art, name, cand.value)
        art.field_sources[name] = cand.source


def _set_metadata(art: Article, meta: PageMeta, url: str | None, crawl_date: str | None) -> None:
    sites = [c for c in meta.sites if c.value and not c.value.startswith("@") and not c.value.startswith("http")]
    _set(art, "site", _first(sites, ("meta:og:site_name", "json-ld", "meta:")))
    page_url = _first([c for c in meta.urls if c.value.startswith("http")], ("canonical", "meta:og:url", "json-ld"))
    if page_url is not None:
        _set(art, "url", page_url)
    elif url:
        art.field_sources["url"] = "given"
    title = choose_title(meta, art.site, art.url or url)
    if title:
        art.title, art.field_sources["title"] = title.value, title.source
    chosen = choose_authors(meta.authors, art.site)
    if chosen:
        art.authors, art.field_sources["authors"] = chosen
    best, warnings = choose_date(meta, crawl_date)
    if best is not None:
        art.published = best.value
        art.published_source = best.source
        art.field_sources["published"] = best.source
        art.warnings.extend(warnings)
    desc = _first(meta.descriptions, ("meta:og:description", "meta:description", "json-ld"))
    _set(art, "description", desc)
    _set(art, "section", _first(meta.sections, ("meta:article:section", "json-ld")))
    tags: list[str] = []
    seen: set[str] = set()
    for c in meta.tags:
        if c.value.lower() not in seen and len(c.value) <= 80:
            seen.add(c.value.lower())
            tags.append(c.value)
    if tags:
        art.tags = tags
        art.field_sources["tags"] = ", ".join(dict.fromkeys(c.source for c in meta.tags))
    for cand in meta.languages:
        code = normalize_language(cand.value)
        if code:
            art.language = code
            art.field_sources["language"] = cand.source
            break
    image = _first([c for c in meta.images if c.value.startswith("http")], ("meta:og:image", "json-ld"))
    _set(art, "top_image", image)


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _site_keys(site: str | None, url: str | None) -> set[str]:
    """Normalised forms of the site's name and host ("The Daily Example", "dailyexample")."""
    keys: set[str] = set()
    if site:
        keys.add(_norm(site))
        keys.add(_norm(re.sub(r"^the\s+", "", site, flags=re.I)))
    if url:
        host = (urlsplit(url).hostname or "").lower()
        host = re.sub(r"^(?:www\d?|m|mobile|amp|edition)\.", "", host)
        if host:
            keys.add(_norm(host))
            keys.add(_norm(host.split(".")[0]))
    return {k for k in keys if len(k) >= 2}


def _is_site_segment(segment: str, keys: set[str]) -> bool:
    """Whether a title segment is the site's name (or most of it): "The Daily Example", "DailyExample.com"."""
    n = _norm(segment)
    if not n:
        return True
    for k in keys:
        if n == k:
            return True
        if len(k) >= 4 and (k in n or n in k) and min(len(n), len(k)) >= SITE_NAME_OVERLAP * max(len(n), len(k)):
            return True
    return False


def _is_site_heading(heading: str, keys: set[str]) -> bool:
    """A logo <h1>: the site's name, or a few words containing it ("POLITICO Politico Logo")."""
    if _is_site_segment(heading, keys):
        return True
    n = _norm(heading)
    return len(heading.split()) <= SITE_HEADING_MAX_WORDS and any(len(k) >= 4 and k in n for k in keys)


def strip_site_name(title: str, keys: set[str], others: list[str]) -> str:
    """Title without a leading/trailing site-name segment (" | The Daily Example", "Example News: ")."""
    parts = TITLE_SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    seps = TITLE_SEPARATOR_RE.findall(title)
    # A segment run equal to another candidate (e.g. the <h1>) is the headline.
    norm_others = {_norm(o) for o in others if o}
    for i in range(len(parts)):
        for j in range(len(parts), i, -1):
            if (i, j) == (0, len(parts)):
                continue
            piece = parts[i]
            for k in range(i + 1, j):
                piece += seps[k - 1] + parts[k]
            if _norm(piece) in norm_others and len(_norm(piece)) >= MIN_MATCHED_HEADLINE_CHARS:
                return piece.strip()
    while len(parts) > 1 and _is_site_segment(parts[-1], keys):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and _is_site_segment(parts[0], keys):
        parts.pop(0)
        seps.pop(0)
    # " | Anything short" (or " - Two Words") at the end is a site or section name even when the site is unknown.
    while len(parts) > 1 and seps[-1] == "_" and len(parts[0]) >= MIN_HEADLINE_CHARS_NO_SPACES:
        parts.pop()  # "headline_section_site": everything after the first "_" is navigation
        seps.pop()
    if len(parts) > 1 and len(" ".join(parts[:-1]).split()) >= MIN_WORDS_BEFORE_SUFFIX:
        sep, last = seps[-1].strip(), parts[-1]
        if (sep in ("|", "｜") and len(last.split()) <= SITE_SUFFIX_MAX_WORDS) or (
            sep in ("-", "–", "—") and len(last.split()) <= DASH_SUFFIX_MAX_WORDS and last[:1].isupper()
        ):
            parts.pop()
            seps.pop()
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out.strip()


def _shares_words(h1: str, stated: list[Candidate], page_title: str) -> bool:
    """Whether the <h1> shares a word with a stated title (a lone <h1> with no other title counts too)."""
    others = [c.value for c in stated] + ([page_title] if page_title else [])
    if not others:
        return True
    words = set(re.findall(r"\w+", h1.lower()))
    return any(words & set(re.findall(r"\w+", o.lower())) for o in others)


def _extends(title: str, h1: str, keys: set[str]) -> bool:
    """Whether a stated title is the <h1> plus more words that are not the site's name ("Name: Album" vs "Name"):
    the page split its headline over two elements, and the stated title has all of it. A bracketed tail
    ("(Published 2016)") is an annotation, not part of the headline."""
    stripped = strip_site_name(title, keys, [])
    if not stripped.lower().startswith(h1.lower()) or len(_norm(h1)) < 4:
        return False
    rest = stripped[len(h1) :].strip()
    return bool(_norm(rest)) and not rest.startswith(("(", "["))


def choose_title(meta: PageMeta, site: str | None, url: str | None) -> Candidate | None:
    """The headline: the page's single <h1> when it looks like one, else the best stated title (JSON-LD,
    og:title, ...) that is not just the site's name, else an <h1> found in the <title>, else the <title>;
    then site-name segments are removed."""
    keys = _site_keys(site, url)
    titles = [Candidate(unescape(c.value), c.source) if "&" in c.value else c for c in meta.titles]
    stated = [c for c in titles if c.value and not _is_site_segment(c.value, keys)]
    h1s = [h for h in meta.h1 if not _is_site_heading(h, keys)]
    page_title = meta.html_title or ""
    best = _first(stated, TITLE_SOURCE_ORDER)
    lone_h1 = h1s[0] if len(h1s) == 1 and len(h1s[0].split()) >= H1_MIN_WORDS else None
    # ... unless the stated title is the <h1> and more: then it has the whole headline
    whole = best is not None and lone_h1 is not None and _extends(best.value, lone_h1, keys)
    if lone_h1 and _shares_words(lone_h1, stated, page_title) and not whole:
        best = Candidate(lone_h1, "h1")
    if best is None:
        in_title = [h for h in h1s if len(_norm(h)) >= 8 and _norm(h) in _norm(page_title)]
        if in_title:
            best = Candidate(in_title[0], "h1")
        elif page_title and not _is_site_segment(page_title, keys):
            best = Candidate(page_title, "title tag")
        elif h1s:
            best = Candidate(h1s[0], "h1")
    if best is None:
        return None
    others = [c.value for c in stated if c is not best] + h1s[:3] + ([page_title] if page_title else [])
    others = [o for o in others if _norm(o) != _norm(best.value)]
    cleaned = strip_site_name(best.value, keys, others)
    return Candidate(cleaned, best.source) if cleaned else best


def _is_handle(name: str) -> bool:
    return HANDLE_RE.fullmatch(name) is not None


def choose_authors(cands: list[Candidate], site: str | None) -> tuple[list[str], str] | None:
    """The names of the best author source (AUTHOR_SOURCE_ORDER) and where they came from.

    A source giving only handles ("janedoe") waits behind every source giving spelled-out names; a source whose
    names no other source repeats gives way to names that several other sources agree on (a photo credit marked
    up as the author, while meta, byline and author link name the writer).
    """
    groups: list[tuple[list[str], str]] = []
    taken: set[int] = set()
    for prefix in AUTHOR_SOURCE_ORDER:
        group = [c for i, c in enumerate(cands) if i not in taken and c.source.startswith(prefix)]
        taken.update(i for i, c in enumerate(cands) if c.source.startswith(prefix))
        names = clean_authors(group, site)
        if names:
            groups.append((names, group[0].source))
    if not groups:
        return None
    groups.sort(key=lambda g: all(_is_handle(n) for n in g[0]))  # stable: handles last, order kept otherwise
    keys = [{_norm(n) for n in names} for names, _ in groups]

    def support(i: int) -> int:
        return sum(1 for j, other in enumerate(keys) if j != i and keys[i] & other)

    if support(0) == 0:
        for i in range(1, len(groups)):
            if support(i) >= MIN_AUTHOR_SUPPORT:
                return groups[i]
    return groups[0]


def clean_authors(cands: list[Candidate], site: str | None) -> list[str]:
    """Person names from byline-ish strings: no "By", no job titles, no site name, no URLs or handles."""
    site_keys = _site_keys(site, None)
    out: list[str] = []
    seen: set[str] = set()
    for cand in cands:
        raw = clean_space(GLUED_BY_RE.sub("", cand.value))
        if not raw or re.match(r"^(?:https?:|www\.|@)", raw) or len(raw) > 300:
            continue
        raw = re.sub(r"\([^)]*\)", " ", raw)
        raw = BYLINE_NOISE_RE.sub("", raw)
        raw = BYLINE_DATE_RE.sub("", raw)
        for part in AUTHOR_SPLIT_RE.split(raw):
            name = clean_space(BYLINE_PREFIX_RE.sub("", clean_space(part)))
            name = BYLINE_PREFIX_RE.sub("", name).strip(" .:-–—|·•")
            name = " ".join(_drop_caps_tail(_drop_job_tail(_drop_repeated_name(name.split()))))
            if not _looks_like_name(name) or _is_site_segment(name, site_keys):
                continue
            if all(w.lower().strip(".,") in JOB_WORDS or _norm(w) in site_keys for w in name.split()):
                continue  # "CBC News", "Example Staff": the site's desk, not a person
            if name.isupper() and re.search(r"[A-Z]", name):
                name = name.title()
            if _norm(name) not in seen:
                seen.add(_norm(name))
                out.append(name)
    return out[:MAX_AUTHORS]


def _drop_repeated_name(words: list[str]) -> list[str]:
    """ "Jane Doe Jane Doe Writer at ...": a name shown twice (a link and its label), then a bio: the name."""
    for k in range(1, MAX_AUTHOR_WORDS // 2 + 1):
        if len(words) >= 2 * k and words[:k] == words[k : 2 * k]:
            return words[:k]
    return words


def _drop_job_tail(words: list[str]) -> list[str]:
    """ "Jane Doe Senior Politics Editor": the job title after a name."""
    words = list(words)
    while len(words) > 2 and words[-1].lower().strip(".,") in JOB_WORDS:
        words.pop()
    return words


def _drop_caps_tail(words: list[str]) -> list[str]:
    """ "Meg Wagner NEW YORK DAILY": a paper's name in capitals run into the byline."""
    caps = len(words) - next((i + 1 for i in range(len(words) - 1, -1, -1) if not words[i].isupper()), 0)
    return words[:-caps] if MIN_CAPS_TAIL_WORDS <= caps < len(words) else words


def _looks_like_name(name: str) -> bool:
    """A person's (or a desk's) name: short, no digits, links or addresses, not only job words or a month."""
    if len(name) < 2 or re.search(r"\d|@|https?:|www\.|\.com\b", name):
        return False
    words = name.split()
    if len(words) > MAX_AUTHOR_WORDS or name.lower().strip(".") in MONTHS:
        return False
    return not all(w.lower().strip(".,") in JOB_WORDS for w in words)


# ------------------------------------------------------------------------------------- visible text
def removed_text(visible: list[str], body: str) -> str:
    """Visible lines that are not part of the body, capped at MAX_REMOVED_CHARS."""
    body_norm = clean_space(body)
    paragraphs = {clean_space(p) for p in body.split("\n\n")}  # most body lines are whole paragraphs: O(1) test
    out: list[str] = []
    size = 0
    for line in visible:
        if line in paragraphs or (body_norm and line in body_norm):
            continue
        out.append(line)
        size += len(line) + 1
        if size > MAX_REMOVED_CHARS:
            break
    return "\n".join(out)
