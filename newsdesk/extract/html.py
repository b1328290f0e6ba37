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

from newsdesk.extract.dates import WEEKDAYS
from newsdesk.extract.engines import htmldate_date, newspaper_parse, trafilatura_body
from newsdesk.extract.htmlmeta import (
    DATE_LINE_MAX_CHARS,
    INVISIBLE_TAGS,
    MONTHS,
    Candidate,
    PageMeta,
    choose_date,
    clean_space,
    date_in_text,
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
# trafilatura runs in its fast mode first (19 ms CPU a page instead of 32 ms: no comparison with readability and
# jusText) and again in its thorough mode when the fast body is shorter than THOROUGH_BODY_CHARS. On bench/aeb
# the fast run's misses were 0 and 338 characters long and its good short bodies 900+; 500 retries 6 of 103
# pages. Fast-then-thorough scores body F1 0.974 there, thorough always 0.970 (the cross-validation's "off").
TRAFILATURA_FAST = True
THOROUGH_BODY_CHARS = 500
# Below this many characters of body, trafilatura is taken to have missed the article: a JSON-LD articleBody
# stands in when it is longer, else newspaper3k is tried (its full parse costs ~70 ms, so it runs only here).
# On bench/aeb no real body is this short. (A JSON-LD body used to replace any body 1.3 times shorter: on
# bench/aeb it changed one page, for the worse.)
MIN_BODY_CHARS = 200

# Paragraphs of page furniture left in a body: calls to action and teaser labels, in the languages of bench/aeb
# and bench/dates, when the paragraph is short (a list item "- Sign up for ..." is content). bench/aeb: +0.002
# body F1 (12 pages better, none worse).
CALL_TO_ACTION_RE = re.compile(
    r"\W*(?:share|sign\s+up|subscribe|read\s+more|related(?:\s+posts?)?|comments?|tags?|don'?t\s+miss|also\s+on|"
    r"like\s+this\s+story|tell\s+us|follow\s+us|advertisement|leia\s+(?:mais|também)|veja\s+também|"
    r"lesen\s+sie\s+auch|mehr\s+zum\s+thema|lire\s+aussi|à\s+lire|leer\s+más|te\s+puede\s+interesar|"
    r"continua\s+a\s+leggere|leggi\s+anche)\b",
    re.I,
)
CALL_TO_ACTION_MAX_CHARS = 200
# A paragraph that is the text of a link (LINK_HEADLINE_MIN_WORDS up to this many words) is another story's teaser:
# a headline's length. bench/aeb: 15 and 25 score the same; the cross-validation picks 15 in 8 of 10 folds.
TEASER_MAX_WORDS = 15
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

# Byline noise: leading "By", trailing calls to action, job titles. Calibrated on bench/metadata bylines, then
# widened to the languages of bench/dates (each pattern is a kind of text, not a page's own wording).
BYLINE_PREFIX_RE = re.compile(
    r"^\s*(?:(?:written|posted|reported|published|words|text|story|photos?|geschrieben|écrit|escrito|scritto|"
    r"geschreven)\s+)?"
    r"(?:by|from|von|por|par|di|door|av|af|autor(?:es)?|author(?:s)?|auteur|著者|文|記者)(?:\s*[^\w\s]\s*|\s+)",
    re.I,
)
# "Published"/"Updated" and their translations start a date or status line after the name, unless a "by" follows
# ("Published by Jane Doe", "Veröffentlicht von Jane Doe"): then STATUS_BY_RE and BYLINE_PREFIX_RE drop the lead-in.
STATUS_WORDS = (
    r"updated?|published|posted|veröffentlicht|aktualisiert|publié|publiée|mis\s+à\s+jour|publicado|actualizado|"
    r"pubblicato|aggiornato|gepubliceerd|bijgewerkt|zuletzt\s+geändert"
)
BY_WORDS = r"by|von|par|por|di|door|da|av|af"
BYLINE_NOISE_RE = re.compile(
    r"\b(?:e-?mail(?:\s+the)?\s+author|contact(?:\s+the)?\s+(?:author|reporter)|follow(?:\s+on)?(?:\s+twitter)?|"
    r"view\s+(?:all\s+|my\s+)?(?:complete\s+)?(?:posts|articles|stories|profile)|more\s+(?:from|by|articles)|"
    rf"(?:{STATUS_WORDS})(?!\s+(?:{BY_WORDS})\b)|"
    r"view\s+author|author\s+(?:archive|profile|page)|rss|"
    r"twitter|facebook|linkedin|instagram|(?:read|lire|leer|lesen|leggi|lees)\s+\w+|bio)\b.*$",
    re.I,
)
# A status word followed by "by": the name comes after it ("Veröffentlicht von SeglerBlog am 23. Februar").
STATUS_BY_RE = re.compile(rf"^\s*(?:{STATUS_WORDS})\s+(?=(?:{BY_WORDS})\b)", re.I)
# From the first word holding a digit on, a byline is a date, a time or a count ("Von Jane Doe 19.10.19, 08:16 Uhr",
# "Jane Doe am 23. Februar"): no name has digits. A preposition just before it goes too.
DIGIT_TAIL_RE = re.compile(r"(?:\s+(?:am|on|le|el|il|op|at|um|den|du|del|de|the))?\s+\S*\d.*$", re.I)
# Full weekday names end a byline as well ("Jane Doe Monday, May 3"); abbreviations are names too ("Sun").
_FULL_WEEKDAYS = "|".join(n for names in WEEKDAYS.values() for n in names if len(n) > 4)
WEEKDAY_TAIL_RE = re.compile(rf"\s+(?:{_FULL_WEEKDAYS})\b.*$", re.I)
BYLINE_DATE_RE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b\.?\s*\d.*$|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}.*$", re.I)
GLUED_BY_RE = re.compile(r"^\s*By(?=[A-Z][a-z])")  # "ByJane Doe", from markup without a space
# A photo credit, by its label ("Photo: Jane Doe", "Foto: dpa", "Bild: S. Lang", "© Example Images"); names in
# a <figure> are photo credits too (htmlmeta.FIGURE_TAGS).
PHOTO_CREDIT_RE = re.compile(
    r"\W*(?:©|\(c\)|(?:photos?|fotos?|bild(?:er)?|images?|credits?|crédits?|foto\s*credit)\s*[:：])", re.I
)
# A short label and a colon before the name: "Text & Fotos: Ivan Petrov", "Autor: Jane Doe", "责任编辑：孔德明".
LABEL_RE = re.compile(r"^\s*([^:：\d]{1,30}?)\s*[:：]\s*(?=\S)")
MAX_LABEL_WORDS = 3
AUTHOR_SPLIT_RE = re.compile(
    r"\s*(?:,|;|\||/|·|•|&|、|・|／|\s[-–—]\s)\s*|\s+(?:and|und|et|y|e|en|og|och|with|mit|avec|con)\s+", re.I
)
# An affiliation after a name: "Charles Walton for Example UK", "Jane Doe für die Zeitung".
AFFILIATION_RE = re.compile(r"\s+(?:for|für|pour|para|per|voor)\s+.*$", re.I)
JOB_WORDS = frozenset(
    """writer staff reporter correspondent editor editors contributor contributing columnist journalist producer
    photographer senior chief associate assistant managing desk bureau news team intern analyst critic
    freelance guest special politics sports business video digital opinion editorial host anchor
    redakteur redakteurin chefredakteur chefredakteurin autor autorin korrespondent korrespondentin reporterin
    journalistin fotograf fotografin volontär volontärin journaliste rédacteur rédactrice correspondant
    correspondante chroniqueur periodista redactor redactora corresponsal columnista giornalista redattore
    inviato corrispondente jornalista repórter correspondente verslaggever redacteur""".split()
)
# Desks, not people ("Staff", "Reuters", "Redaktion" are not authors): collective nouns for a newsroom in the
# languages of bench/dates, and the account names CMSs put in the author field. A byline holding one of these (not
# as "Staff Writer", a job title) names a desk; a desk with a name of its own ("Example Times Staff") stands in only
# when no source on the page names a person, a bare one never does.
DESK_WORDS = frozenset(
    """staff team webteam desk newsdesk newsroom bureau agencies agency wire wires redaktion redaktionsteam
    rédaction redaction redacción redaccion redazione redactie redação redacao admin administrator webmaster
    publisher anonymous unknown""".split()
)
# Desk names in scripts without spaces between words ("ASCII編集部": the editorial department).
CJK_DESK_RE = re.compile(r"編集部|编辑部|編輯部|新聞社|新闻社|通信社|報道部|取材班|편집부|뉴스팀")
# News agencies (wire services), by the name or abbreviation they sign with, and by their full names (normalised
# as _norm does). Facts, not tuned.
WIRE_SERVICES = frozenset(
    """reuters ap afp dpa efe ansa xinhua kyodo yonhap pti ians kna epd apa sda belga anp ritzau ntb aap tass
    interfax upi lusa""".split()
)
WIRE_NAMES = frozenset(
    """associatedpress agencefrancepresse deutschepresseagentur pressassociation canadianpress europapress
    anadoluagency""".split()
)
# Words that make a name an organisation's (a newspaper, a ministry, a club, a company form): its byline is not a
# person's. German compounds end in them ("Caritasverband", "Volksblatt"), so ORG_SUFFIXES count as endings.
ORG_WORDS = frozenset(
    """foundation association institute institut university universität ministry ministerium department council
    society corporation company inc ltd llc gmbh e.v ev verband verlag stiftung gesellschaft press presse media
    medien magazine magazin zeitung journal newspaper nachrichten tribune herald gazette online tv radio union
    anstalt verein partei d.o.o s.a sarl srl s.r.l s.p.a b.v n.v plc pty ohg""".split()
)
ORG_SUFFIXES = ("verband", "ministerium", "zeitung", "verlag", "stiftung", "gesellschaft", "nachrichten", "blatt")
MAX_AUTHOR_WORDS = 5
# Trailing all-caps words after a mixed-case name are cut when there are at least this many ("Jean DUPONT", a
# French surname in capitals, keeps its one).
MIN_CAPS_TAIL_WORDS = 2
# Research pages list every author (bench/metadata has one with 18); a byline scrape gone wrong is capped here.
MAX_AUTHORS = 30
# Author candidate sources, best first: a structured statement beats a scraped byline, and a visible byline beats
# vendor and social tags (sailthru.author, parsely-author, twitter:creator), which often hold an account name
# ("janedoe", "ExampleShow") or the site's. Calibrated on bench/metadata (author token F1).
AUTHOR_SOURCE_ORDER = (
    "json-ld",
    "itemprop:author",
    "meta:author",
    "meta:article:author",
    "meta:og:article:author",
    "meta:dc.creator",
    "meta:dcterms.creator",
    "meta:citation_author",
    "meta:book:author",
    "byline",
    "rel=author",
    "author link",
    "meta:",
    "newspaper",
)
# Second-level labels under which registries sell names (example.co.uk, example.com.br).
SECOND_LEVEL_LABELS = frozenset("co com net org gov ac edu ne or go gv nic ltd plc info".split())
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
        if day:
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
    body = _paragraphs(trafilatura_body(body_doc, art.url or url, art.warnings, fast=TRAFILATURA_FAST))
    source = "trafilatura"
    if TRAFILATURA_FAST and len(body) < THOROUGH_BODY_CHARS:
        thorough = _paragraphs(trafilatura_body(body_doc, art.url or url, art.warnings, fast=False))
        if len(thorough) > len(body):
            body = thorough
    np_art = None
    if len(body) < MIN_BODY_CHARS and meta.body:  # a body the page states in JSON-LD, before guessing again
        ld_body = _plain(meta.body)
        if len(ld_body) > len(body):
            body, source = ld_body, "json-ld"
    if len(body) < MIN_BODY_CHARS:
        lang = art.language or detect_language("\n".join(meta.visible)) or "en"
        np_art = newspaper_parse(body_html, url, lang, art.warnings)
        np_body = _paragraphs(getattr(np_art, "text", "") or "") if np_art is not None else ""
        if len(np_body) > len(body):
            body, source = np_body, "newspaper"
    if body and art.title:
        first, _, rest = body.partition("\n\n")
        if _norm(first) == _norm(art.title):
            body = rest  # the headline is a field of its own, not the first paragraph
    body = _without_boilerplate(body, meta)
    if body:
        art.text = body
        art.field_sources["text"] = source
    _fill_from_newspaper(art, np_art)
    art.removed = removed_text(meta.visible, art.text)
    art.warnings[:] = dict.fromkeys(art.warnings)  # a failing extractor tried twice warns once


def _without_boilerplate(body: str, meta: PageMeta) -> str:
    """The body without what extractors leave in it that the article is not: calls to action ("Read more:",
    "Share this", "Comments", in several languages), teasers of other stories (a paragraph that is a link's text),
    and a date line opening or closing it."""
    paras = body.split("\n\n")
    kept = []
    for i, para in enumerate(paras):
        if len(para) <= CALL_TO_ACTION_MAX_CHARS and CALL_TO_ACTION_RE.match(para) and not para.startswith("- "):
            continue
        if para.lower() in meta.link_texts and len(para.split()) <= TEASER_MAX_WORDS:
            continue
        if i in (0, len(paras) - 1) and len(para) <= DATE_LINE_MAX_CHARS and date_in_text(para):
            continue
        kept.append(para)
    return "\n\n".join(kept)


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
        names = clean_authors(
            [Candidate(a, "newspaper") for a in getattr(np_art, "authors", []) or []], art.site, art.url
        )
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
    chosen = choose_authors(meta.authors, art.site, art.url or url)
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
            labels = host.split(".")
            keys.add(_norm(host))
            keys.add(_norm(labels[0]))
            # the registered name under a subdomain: "weekly.example.jp" -> "example", "a.example.co.uk" -> "example"
            if len(labels) >= 3 and labels[-2] in SECOND_LEVEL_LABELS and len(labels[-1]) == 2:
                keys.add(_norm(labels[-3]))
            elif len(labels) >= 2:
                keys.add(_norm(labels[-2]))
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


def strip_site_name(title: str, keys: set[str], others: list[str], suffixes: bool = True) -> str:
    """Title without a leading/trailing site-name segment (" | The Daily Example", "Example News: "). With
    `suffixes` (titles from <title> and meta tags, not a visible <h1>), short trailing segments that only a site
    or section name would be are removed too (_title_suffix)."""
    site_prefix = re.match(r"([^:：]{2,40})[:：]\s+(?=\S)", title)  # "Example News: Headline"
    if site_prefix and _is_site_segment(site_prefix.group(1), keys):
        title = title[site_prefix.end() :]
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
    while len(parts) > 1:
        if _is_site_segment(parts[-1], keys):
            parts.pop()
            seps.pop()
        elif _is_site_segment(parts[0], keys):
            parts.pop(0)
            seps.pop(0)
        elif not (suffixes and _title_suffix(parts, seps)):
            break
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out.strip()


def _title_suffix(parts: list[str], seps: list[str]) -> bool:
    """Remove a trailing segment of a <title> that is a site or section name even when the site is unknown:
    everything after a "_" between CJK words ("headline_section_site"), " | Anything short", " - Two Words"."""
    if seps[-1] == "_" and len(parts[0]) >= MIN_HEADLINE_CHARS_NO_SPACES:
        parts.pop()
        seps.pop()
        return True
    head = " ".join(parts[:-1])
    if len(head.split()) < MIN_WORDS_BEFORE_SUFFIX and not (
        " " not in head and len(head) >= MIN_HEADLINE_CHARS_NO_SPACES
    ):
        return False  # too little headline would be left (a headline without spaces is counted in characters)
    sep, last = seps[-1].strip(), parts[-1]
    if (sep in ("|", "｜") and len(last.split()) <= SITE_SUFFIX_MAX_WORDS) or (
        sep in ("-", "–", "—") and len(last.split()) <= DASH_SUFFIX_MAX_WORDS and last[:1].isupper()
    ):
        parts.pop()
        seps.pop()
        return True
    return False


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
    then site-name segments are removed, and from a title that is not the visible <h1> short site or section
    suffixes too ("Headline | Section", "headline_section_site")."""
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
    cleaned = strip_site_name(best.value, keys, others, suffixes=best.source != "h1")
    return Candidate(cleaned, best.source) if cleaned else best


def choose_authors(cands: list[Candidate], site: str | None, url: str | None = None) -> tuple[list[str], str] | None:
    """The names of the best author source (AUTHOR_SOURCE_ORDER) and where they came from.

    People first: a source naming only desks waits behind every source naming a person, and a named desk ("TMZ
    Staff") stands in only when no source on the page names a person.
    """
    site_keys = _site_keys(site, url)
    groups: list[tuple[list[str], str]] = []
    desks: list[tuple[list[str], str]] = []
    taken: set[int] = set()
    for prefix in AUTHOR_SOURCE_ORDER:
        group = [c for i, c in enumerate(cands) if i not in taken and c.source.startswith(prefix)]
        taken.update(i for i, c in enumerate(cands) if c.source.startswith(prefix))
        people, named_desks = _people_and_desks(group, site_keys)
        if people:
            groups.append((people, group[0].source))
        elif named_desks:
            desks.append((named_desks, group[0].source))
    if not groups:
        return (desks[0][0], desks[0][1] + " (desk)") if desks else None
    return groups[0]


def clean_authors(cands: list[Candidate], site: str | None, url: str | None = None) -> list[str]:
    """Person names from byline-ish strings: no "By", labels, job titles, dates or calls to action; no desks, wire
    services, organisations or the site itself (by its name or its host), no "@accounts" or links."""
    return _people_and_desks(cands, _site_keys(site, url))[0]


def _people_and_desks(cands: list[Candidate], site_keys: set[str]) -> tuple[list[str], list[str]]:
    """(people, the first named desk) from byline-ish strings, in page order without repeats, people capped."""
    people: list[str] = []
    desks: list[str] = []
    seen: set[str] = set()
    for cand in cands:
        for name, is_desk in byline_names(cand.value, site_keys):
            if _norm(name) not in seen:
                seen.add(_norm(name))
                (desks if is_desk else people).append(name)
    return people[:MAX_AUTHORS], desks[:1]


def byline_names(value: str, site_keys: set[str]) -> list[tuple[str, bool]]:
    """The names one byline string gives, each with whether it is a named desk ("TMZ Staff") rather than a
    person ("By Jane Doe and John Roe, Reuters" -> Jane Doe, John Roe). Bare desk words, wire services,
    organisations and the site's own name are left out: they name nobody.

    Four rules shape a byline into names: its lead-in goes ("By", "Text:", "Published by"), so does its tail
    (dates, status lines, calls to action), then each name loses its outlet ("... for Example UK", "... AP") and
    its job title ("... Senior Editor"); desks are told from people in between (_desk_kind)."""
    raw = clean_space(value)
    if not raw or re.match(r"^(?:https?:|www\.|@)", raw) or len(raw) > 300:  # a link or an account, not a name
        return []
    if PHOTO_CREDIT_RE.match(raw):
        return []  # "Photo: Jane Doe", "© Agency": the picture's credit, not the article's byline
    raw = _without_lead_in(_without_tail(re.sub(r"\([^)]*\)", " ", raw)))
    if any(_is_org_word(w) for w in raw.split()[:2]):
        return []  # "Bundesministerium für Wirtschaft und Klimaschutz": one organisation, not two names
    names: list[tuple[str, bool]] = []
    for part in AUTHOR_SPLIT_RE.split(raw):
        words = _name_before_outlet([w for w in _without_lead_in(part).split() if w.strip(NAME_PUNCT)], site_keys)
        kind = _desk_kind(words[: MAX_AUTHOR_WORDS + 1], site_keys)
        if kind == "bare":
            continue
        if kind is None:
            words = _without_job_title(words)
            if _desk_kind(words, site_keys) is not None:
                continue
        name = " ".join(words).strip(NAME_PUNCT)
        if not _looks_like_name(name):
            continue
        if name.isupper() and re.search(r"[A-Z]", name):
            name = name.title()
        names.append((name, kind == "named"))
    return names


def _without_lead_in(text: str) -> str:
    """A byline without what comes before the name: "ByJane", "By", "Von:", "Published by", "Text & Fotos:"."""
    text = STATUS_BY_RE.sub("", GLUED_BY_RE.sub("", text))
    text = _drop_label(text)
    return clean_space(BYLINE_PREFIX_RE.sub("", BYLINE_PREFIX_RE.sub("", clean_space(text))))


def _without_tail(text: str) -> str:
    """A byline without what follows the names: calls to action, status lines, dates, times and weekdays."""
    text = BYLINE_DATE_RE.sub("", BYLINE_NOISE_RE.sub("", text))
    return WEEKDAY_TAIL_RE.sub("", DIGIT_TAIL_RE.sub("", text))


def _name_before_outlet(words: list[str], site_keys: set[str]) -> list[str]:
    """A name without the outlet after it ("Charles Walton for Example UK", "Adam Aaronson PhillyVoice Staff",
    "Andrew Dalton AP Entertainment Writer") and without a repeat of itself ("Jane Doe Jane Doe Writer at")."""
    text = " ".join(words)
    affiliation = AFFILIATION_RE.search(text)
    if affiliation and len(text[: affiliation.start()].split()) >= 2:
        words = text[: affiliation.start()].split()
    return _drop_repeated_name(_cut_affiliation(words, site_keys))


def _without_job_title(words: list[str]) -> list[str]:
    """A person's name without the job title or the paper's name in capitals after it."""
    return _drop_caps_tail(_drop_job_tail(words))


# Lower-case words inside a person's name ("Michelina C. de la Maza", "Ludwig van der Rohe", "Sami al-Ajrami").
NAME_PARTICLES = frozenset(
    "de del della der den di da do dos das du la le van von ter ten zu y e al el bin ibn".split()
)
# Punctuation around a name that is not part of it ("~ Jane Doe", "Jane Doe -", "Jane Doe,").
NAME_PUNCT = " .,:;-–—|·•~*#»«›‹/\\+"


def _drop_label(raw: str) -> str:
    """ "Text & Fotos: Ivan Petrov" -> "Ivan Petrov"; "Jane Doe: Senior Editor" stays (the rest is a job title)."""
    m = LABEL_RE.match(raw)
    if not m or len(m.group(1).split()) > MAX_LABEL_WORDS:
        return raw
    rest = raw[m.end() :]
    if all(w.lower().strip(NAME_PUNCT) in JOB_WORDS for w in rest.split()):
        return raw
    return rest


def _is_org_word(word: str) -> bool:
    w = word.lower().strip(NAME_PUNCT)
    return w in ORG_WORDS or any(w.endswith(suffix) and len(w) > len(suffix) + 2 for suffix in ORG_SUFFIXES)


def _site_run_span(words: list[str], i: int, site_keys: set[str]) -> range:
    """The words from `i` (one to three) that spell the site's name or host ("PhillyVoice", "Bernau LIVE")."""
    for n in (3, 2, 1):
        key = _norm("".join(words[i : i + n]))
        if i + n <= len(words) and len(key) >= 3 and key in site_keys:
            return range(i, i + n)
    return range(0)


def _cut_affiliation(words: list[str], site_keys: set[str]) -> list[str]:
    """A name followed by its outlet: "Adam Aaronson PhillyVoice Staff", "Andrew Dalton AP Entertainment Writer"
    -> the words before the site's name or the wire service, when at least two come first."""
    for i in range(2, len(words)):
        if words[i].lower().strip(NAME_PUNCT) in WIRE_SERVICES or _site_run_span(words, i, site_keys):
            return words[:i]
    return words


def _desk_kind(words: list[str], site_keys: set[str]) -> str | None:
    """None for a person's name; "named" for a desk with a name of its own ("TMZ Staff", "Smart Shopping Team",
    "Example Magazine Submissions"); "bare" for what names nobody: a desk word, a wire service, an organisation
    or the site's own name alone ("Redaktion", "Reuters", "Associated Press", "Example Daily")."""
    if not words:
        return "bare"
    if CJK_DESK_RE.search("".join(words)):
        return "named" if CJK_DESK_RE.sub("", "".join(words)).strip(NAME_PUNCT) else "bare"
    parts = [p for w in words for p in w.strip(NAME_PUNCT).split("-") if p]
    lower = [p.lower() for p in parts]
    if any(w in WIRE_SERVICES or _is_org_word(w) for w in lower) or _norm("".join(parts)) in WIRE_NAMES:
        return "bare"
    desk = {
        i
        for i, w in enumerate(lower)
        if w in DESK_WORDS and not (i + 1 < len(lower) and lower[i + 1] in JOB_WORDS - DESK_WORDS)
    }  # "Redaktion", "Campact-Team", "TMZ Staff"; not "Staff Writer"
    site = {j for i in range(len(parts)) for j in _site_run_span(parts, i, site_keys)}
    rest = [i for i in range(len(parts)) if i not in desk and i not in site and lower[i] not in JOB_WORDS]
    if desk or site:
        return "named" if rest or (desk and site) else "bare"
    return "bare" if all(w in JOB_WORDS for w in lower) else None


def _sentence_words(words: list[str]) -> bool:
    """ "in Seoul Fri", "Un documentaire de": lower-case words that are not name particles make a sentence, not
    a name ("Mobasir hassan", two words, is still a name; one word is a handle)."""
    lower = [w for w in words if w[:1].islower() and w.split("-")[0].lower() not in NAME_PARTICLES]
    return len(words) > 1 and bool(lower) and (words[0] in lower or len(words) > 2)


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
    """A person's (or a desk's) name: short, no digits, links, addresses or domains ("Example.it"), not only job
    words or a month."""
    if len(name) < 2 or re.search(r"\d|@|https?:|www\.|\w\.(?:[a-z]{2,6})\b|\[at\]", name):
        return False
    words = name.split()
    if len(words) > MAX_AUTHOR_WORDS or name.lower().strip(".") in MONTHS:
        return False
    if _sentence_words(words):
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
