"""Page metadata from markup alone (JSON-LD, Open Graph, article:*, Dublin Core, meta tags, <time>, itemprop).

Lxml only, no newspaper: `page_meta(doc, url)` collects every candidate with the place it was found, and
`choose_date` ranks the date candidates. Field choice and merging with the body extractor live in extract.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.etree import ParserError, _Element

from newsdesk.extract import locales

# JSON-LD @type values whose fields describe the article itself (schema.org Article and its subtypes).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "report",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "posting",
        "liveblogposting",
    }
)
# schema.org organisation types: as an article's author they name a desk or the publisher, not a person.
ORGANIZATION_TYPES = frozenset(
    {
        "organization",
        "newsmediaorganization",
        "corporation",
        "governmentorganization",
        "educationalorganization",
        "ngo",
        "localbusiness",
        "website",
        "brand",
    }
)
# Page-level types: used only when no Article-type object exists.
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "medicalwebpage", "videoobject"})

# <meta> names/properties (lower-cased) carrying the publication date, best first. Calibrated on
# bench/dates + bench/metadata: each is common there, none contradicts JSON-LD where both exist.
META_PUBLISHED = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "rnews:datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "dc.date.published",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "article_date_original",
    "originalpublicationdate",
    "publication_date",
    "publish-date",
    "publish_date",
    "publishdate",
    "publishdatetime",
    "pubdate",
    "date",
    "created",
    "article.published",
    "cxenseparse:recs:publishtime",
    "analyticsattributes.articledate",
    "timestamp",
)
META_MODIFIED = (
    "article:modified_time",
    "og:updated_time",
    "og:modified_time",
    "article:modified",
    "modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revised",
)
META_AUTHOR = (
    "author",
    "article:author",
    "og:article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "citation_author",
    "cxenseparse:author",
    "dc.contributor",
    "twitter:creator",
    "book:author",
)
META_TITLE = ("og:title", "twitter:title", "dc.title", "headline", "sailthru.title", "parsely-title")
META_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description")
META_SITE = ("og:site_name", "application-name", "al:android:app_name", "twitter:site", "dc.publisher")
META_SECTION = ("article:section", "og:article:section", "section", "parsely-section", "sailthru.section")
META_TAGS = ("article:tag", "og:article:tag", "keywords", "news_keywords", "parsely-tags", "sailthru.tags")
META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
META_LANGUAGE = ("content-language", "language", "og:locale", "dc.language", "lang")

# Elements whose class/id says they hold a date (bylines, "posted on", entry-date, ...). Calibrated on
# bench/dates: these names cover most blog themes; "update"/"modified" ones are kept as modified dates.
DATE_CLASS_RE = re.compile(
    r"date|time|(?:^|[\s_-])(?:pub|published|publish|posted|postdate|post-date|dateline|byline|meta|"
    r"created|submitted|info)(?:$|[\s_-])",
    re.I,
)  # "date"/"time" anywhere first: the cheap test that decides most elements
MODIFIED_CLASS_RE = re.compile(r"updat|modif|edited|revis", re.I)
# ... and so does a label the reader sees, in the languages of bench/dates: "Updated", "Last modified",
# "Aktualisiert", "Mis à jour", "Actualizado", "Aggiornato", "Bijgewerkt", "Geändert".
UPDATED_LABELS = (
    r"(?:last\s+)?(?:updated?|modified|edited|revised)|zuletzt\s+(?:aktualisiert|geändert)|aktualisiert|geändert|"
    r"mis\s+à\s+jour|mise\s+à\s+jour|actualizado|actualización|aggiornato|atualizado|bijgewerkt"
)
UPDATED_LABEL_RE = re.compile(rf"\W*(?:{UPDATED_LABELS})\b", re.I)
UPDATED_LABEL_END_RE = re.compile(rf"\b(?:{UPDATED_LABELS})\b(?:\s+(?:on|am|le|el|il|op|at))?\W*$", re.I)
# How many date-bearing elements to inspect before giving up (a page of comments has hundreds).
MAX_DATE_ELEMENTS = 60
# Text scanned for a date when no element names one, from the headline on (characters). bench/dates: 4000 and 8000
# date the same pages since the scan starts at the headline <h1> rather than a logo <h1> above the navigation (8000
# had been fitted to one page, zoll.de, whose date line sat 5,700 characters below its logo <h1>).
TEXT_DATE_SCAN_CHARS = 4000
# A line this short that holds a date is a date line, taken before dates inside longer lines. bench/dates: 40-60
# are the same on the pages it changes (+2 date lines, -1 an encyclopedia page dated by its last edit).
DATE_LINE_MAX_CHARS = 60
# ... starting this many lines above the headline (a date line often sits over it).
TEXT_DATE_LINES_BEFORE_H1 = 3
# The headline, of several <h1>: the longest one that a stated title or the <title> contains ("Site - Section -
# Headline" holds all three; the logo and section <h1> are shorter), else the first <h1>.
HEADLINE_H1_BY_TITLE = True

# English-speaking regions that write numeric dates month first ("" is English without a region).
MONTH_FIRST_REGIONS = frozenset({"", "us", "ph", "ca"})
# Plausible publication years: the web, not the epoch default of a broken CMS.
MIN_YEAR = 1995

MONTHS: dict[str, int] = {}
for _num, _month_names in enumerate(
    (
        "january jan januar janvier enero gennaio janeiro januari jänner ene gen jan",
        "february feb februar février fevrier febrero febbraio fevereiro februari fév fev",
        "march mar märz marz mars marzo março maart mär",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho juil",
        "august aug août aout agosto augustus ago",
        "september sep sept septembre septiembre settembre setembro set",
        "october oct oktober octobre octubre ottobre outubro okt",
        "november nov novembre noviembre novembro",
        "december dec dezember décembre decembre diciembre dicembre dezembro dez dic déc",
    ),
    start=1,
):
    for _n in _month_names.split():
        MONTHS.setdefault(_n, _num)
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

# Date shapes found in visible text, each named for how its groups map to year/month/day.
TEXT_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d?)-(\d\d?)\b"), "ymd"),
    (re.compile(r"\b((?:19|20)\d\d)/(\d\d?)/(\d\d?)\b"), "ymd"),
    (re.compile(r"\b((?:19|20)\d\d)\.(\d\d?)\.(\d\d?)\b"), "ymd"),
    (re.compile(r"((?:19|20)\d\d)\s*年\s*(\d\d?)\s*月\s*(\d\d?)\s*日"), "ymd"),
    (re.compile(r"((?:19|20)\d\d)\s*년\s*(\d\d?)\s*월\s*(\d\d?)\s*일"), "ymd"),
    (
        re.compile(
            rf"\b({_MONTH_ALT})\.?\s+(\d\d?)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b",
            re.I,
        ),
        "mdy",
    ),
    (
        re.compile(
            rf"\b(\d\d?)(?:st|nd|rd|th|er)?\.?\s*(?:de\s+|of\s+)?({_MONTH_ALT})\.?,?\s*(?:de\s+)?((?:19|20)\d\d)\b",
            re.I,
        ),
        "dmy",
    ),
    (re.compile(r"\b(\d\d?)\.\s?(\d\d?)\.\s?((?:19|20)\d\d)\b"), "dmy"),
    (re.compile(r"\b(\d\d?)/(\d\d?)/((?:19|20)\d\d)\b"), "mdy_num"),
    (re.compile(r"\b(\d\d?)-(\d\d?)-((?:19|20)\d\d)\b"), "dmy"),
)

# Dates in URLs: /2024/01/19/, /2024-01-19/, _20240119_ (day precision only).
URL_DATE_PATTERNS = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"),
)

ISO_RE = re.compile(
    r"^\s*((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:[T ]?(\d\d):?(\d\d)(?::?(\d\d)(?:[.,]\d+)?)?\s*"
    r"(Z|UTC|GMT|[+-]\d\d:\d\d|[+-]\d{1,4})?)?"
)


@dataclass
class Candidate:
    """One value seen on the page and where (e.g. "json-ld", "meta:og:title", "time tag")."""

    value: str
    source: str


@dataclass
class PageMeta:
    """Every metadata candidate found in the markup, in page order within each source type."""

    titles: list[Candidate] = field(default_factory=list)
    authors: list[Candidate] = field(default_factory=list)
    published: list[Candidate] = field(default_factory=list)
    modified: list[Candidate] = field(default_factory=list)
    descriptions: list[Candidate] = field(default_factory=list)
    sites: list[Candidate] = field(default_factory=list)
    sections: list[Candidate] = field(default_factory=list)
    tags: list[Candidate] = field(default_factory=list)
    languages: list[Candidate] = field(default_factory=list)
    urls: list[Candidate] = field(default_factory=list)
    images: list[Candidate] = field(default_factory=list)
    html_title: str | None = None
    h1: list[str] = field(default_factory=list)
    body: str | None = None  # JSON-LD articleBody, when the page states one
    link_texts: set[str] = field(default_factory=set)  # texts of links long enough to be a headline (folded)
    day_first: bool = False  # the page's locale writes numeric dates day first ("05/10/2018" is 5 October)
    visible: list[str] = field(default_factory=list)  # visible text, one line per block element
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- parsing
def parse_document(html: str) -> _Element | None:
    """The page as an lxml tree, or None when there is nothing parseable (never raises)."""
    if not html or not html.strip():
        return None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, huge_tree=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (ParserError, ValueError, TypeError):
        try:
            return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
        except Exception:
            return None


def clean_space(text: str | None) -> str:
    """Whitespace runs folded to one space, ends trimmed (None becomes "")."""
    return re.sub(r"\s+", " ", text or "").strip()


# ----------------------------------------------------------------------------------------------- dates
def _iso(year: int, month: int, day: int, hms: tuple[int, int, int] | None = None, tz: str | None = None) -> str | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if d.year < MIN_YEAR or d > (datetime.now(UTC) + timedelta(days=2)).date():
        return None
    if hms is None:
        return d.isoformat()
    try:
        ts = datetime(year, month, day, *hms)
    except ValueError:
        return d.isoformat()
    out = ts.isoformat()
    if tz:
        if tz.upper() in ("Z", "UTC", "GMT"):
            out += "+00:00"
        else:
            digits = tz[1:].replace(":", "")
            digits = {1: "0" + digits + "00", 2: digits + "00", 3: "0" + digits}.get(len(digits), digits[:4])
            out += f"{tz[0]}{digits[:2]}:{digits[2:]}"
    return out


def normalize_date(value: str | None) -> str | None:
    """A date/time string from markup as ISO 8601 ("YYYY-MM-DD" or a full timestamp); None when unsure.

    Accepts ISO forms, Unix timestamps and the usual written forms; rejects strings without a day, dates
    before MIN_YEAR and dates in the future.
    """
    if not value:
        return None
    s = clean_space(str(value))[:100]
    if not s:
        return None
    if re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", s):
        try:
            secs = float(s) / (1000 if len(s.split(".")[0]) == 13 else 1)
            ts = datetime.fromtimestamp(secs, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return _iso(ts.year, ts.month, ts.day, (ts.hour, ts.minute, ts.second), "Z")
    m = ISO_RE.match(s)
    if m and (m.group(4) is not None or re.match(r"^\s*\d{4}-\d\d-\d\d", s) or len(s.strip()) == 8):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if m.group(4) is not None:
            hms = (int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
            return _iso(y, mo, d, hms, m.group(7))
        return _iso(y, mo, d)
    return date_in_text(s)


def date_in_text(text: str, day_first: bool = False) -> str | None:
    """The first day-precision date written in `text` (several languages and numeric forms), as YYYY-MM-DD.
    "05/10/2018" is read month first (US) unless `day_first` (the page's locale writes the day first) or the
    first number cannot be a month."""
    best: tuple[int, str] | None = None
    for pattern, order in TEXT_DATE_PATTERNS:
        m = pattern.search(text)
        if not m or (best is not None and m.start() >= best[0]):
            continue
        g = m.groups()
        try:
            if order == "ymd":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif order == "mdy":
                y, mo, d = int(g[2]), MONTHS[g[0].lower()], int(g[1])
            elif order == "dmy":
                mo_raw = g[1]
                mo = int(mo_raw) if mo_raw.isdigit() else MONTHS[mo_raw.lower()]
                y, d = int(g[2]), int(g[0])
            else:  # mdy_num: US order unless the page writes the day first or the first number cannot be a month
                a, b, y = int(g[0]), int(g[1]), int(g[2])
                mo, d = (b, a) if day_first or a > 12 else (a, b)
        except (KeyError, ValueError):
            continue
        iso = _iso(y, mo, d)
        if iso:
            best = (m.start(), iso)
    return best[1] if best else None


def date_from_url(url: str | None) -> str | None:
    """A day-precision date written in a URL path (/2024/01/19/, 2024-01-19, 20240119), else None."""
    if not url:
        return None
    try:
        from newsdesk.extract.dates import date_from_url as shared_date_from_url  # owned by the dates helper

        found = shared_date_from_url(url)
        if isinstance(found, str) and re.fullmatch(r"\d{4}-\d\d-\d\d.*", found):
            return found[:10]
    except Exception:
        pass
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern in URL_DATE_PATTERNS:
        m = pattern.search(path)
        if m:
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return None


# -------------------------------------------------------------------------------------------- JSON-LD
def _loads_lenient(raw: str) -> Any:
    """JSON-LD as sites write it: comments, CDATA, trailing commas and raw newlines tolerated."""
    text = raw.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    fixed = re.sub(r",\s*([}\]])", r"\1", text)
    try:
        return json.loads(fixed, strict=False)
    except ValueError:
        pass
    # Several objects pasted one after another.
    decoder = json.JSONDecoder(strict=False)
    out: list[Any] = []
    pos = 0
    while pos < len(fixed):
        while pos < len(fixed) and fixed[pos] in " \t\r\n;,":
            pos += 1
        if pos >= len(fixed):
            break
        try:
            obj, pos = decoder.raw_decode(fixed, pos)
        except ValueError:
            break
        out.append(obj)
    if out:
        return out
    raise ValueError("unparseable JSON-LD")


def _walk_ld(node: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every object in a JSON-LD tree (@graph, lists, mainEntity), outermost first."""
    if depth > 8:
        return []
    found: list[dict[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            found.extend(_walk_ld(item, depth + 1))
    elif isinstance(node, dict):
        found.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement"):
            if key in node:
                found.extend(_walk_ld(node[key], depth + 1))
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", "")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in items if x}


def _names(value: Any, ids: dict[str, dict[str, Any]] | None = None, depth: int = 0, people: bool = False) -> list[str]:
    """Names from a JSON-LD person/organization field: a string, an object with a name, an {"@id"} reference
    to an object elsewhere in the graph, or a list of these. With `people`, organisations are left out (an
    author given as the publisher's Organization is a desk, not a person)."""
    if depth > 4:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{") and text.endswith("}"):  # a JSON object left as a string by the CMS
            try:
                return _names(json.loads(text), ids, depth + 1, people)
            except ValueError:
                return []
        return [value] if text else []
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_names(v, ids, depth + 1, people))
        return out
    if isinstance(value, dict):
        ref = value.get("@id")
        if ids and isinstance(ref, str) and ref in ids and ids[ref] is not value and not _types(value):
            return _names(ids[ref], ids, depth + 1, people)
        if people and _types(value) & ORGANIZATION_TYPES and "person" not in _types(value):
            return []  # Yoast marks a site owner ["Person", "Organization"]: that one is a person
        name = value.get("name")
        if isinstance(name, str) and name.strip():
            return [name]
        if isinstance(name, list):
            return _names(name, ids, depth + 1)
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) or isinstance(family, str):
            return [clean_space(f"{given or ''} {family or ''}")]
        if ids and isinstance(ref, str) and ref in ids and ids[ref] is not value:
            return _names(ids[ref], ids, depth + 1, people)
    return []


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for v in value:
            s = _first_str(v)
            if s:
                return s
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "name", "@id"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return None


def _main_objects(objects: list[dict[str, Any]], url: str | None) -> list[dict[str, Any]]:
    """The JSON-LD objects describing this page's article: the one whose url matches the page, else the
    first Article-type object (later ones are usually related stories), else page-level objects."""
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    if url and len(articles) > 1:
        key = url.split("://", 1)[-1].rstrip("/")
        for obj in articles:
            for field_name in ("url", "@id", "mainEntityOfPage"):
                ref = _first_str(obj.get(field_name))
                if ref and ref.split("://", 1)[-1].split("#")[0].rstrip("/") == key:
                    return [obj]
    if articles:
        return articles[:1]
    return [o for o in objects if _types(o) & PAGE_TYPES][:1]


def _read_json_ld(doc: _Element, meta: PageMeta, url: str | None = None) -> None:
    objects: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            objects.extend(_walk_ld(_loads_lenient(script.text or "")))
        except (ValueError, RecursionError):
            meta.warnings.append("json-ld: unparseable block ignored")
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for obj in _main_objects(objects, url):
        src = "json-ld"
        for key in ("headline", "name", "alternativeHeadline"):
            if isinstance(obj.get(key), str) and obj[key].strip():
                meta.titles.append(Candidate(clean_space(obj[key]), src))
                break
        for name in _names(obj.get("author"), ids, people=True) + _names(obj.get("creator"), ids, people=True):
            meta.authors.append(Candidate(name, src))
        for key in ("datePublished", "dateCreated", "uploadDate"):
            iso = normalize_date(_first_str(obj.get(key)))
            if iso:
                meta.published.append(Candidate(iso, src))
                break
        iso = normalize_date(_first_str(obj.get("dateModified")))
        if iso:
            meta.modified.append(Candidate(iso, src))
        if isinstance(obj.get("description"), str):
            meta.descriptions.append(Candidate(clean_space(obj["description"]), src))
        for name in _names(obj.get("publisher"), ids):
            meta.sites.append(Candidate(clean_space(name), src))
        section = obj.get("articleSection")
        for s in section if isinstance(section, list) else [section]:
            if isinstance(s, str) and s.strip():
                meta.sections.append(Candidate(clean_space(s), src))
        kw = obj.get("keywords")
        for k in kw if isinstance(kw, list) else (kw.split(",") if isinstance(kw, str) else []):
            if isinstance(k, str) and k.strip():
                meta.tags.append(Candidate(clean_space(k), src))
        lang = obj.get("inLanguage")
        lang_s = _first_str(lang) if isinstance(lang, dict | list) else lang
        if isinstance(lang_s, str) and lang_s:
            meta.languages.append(Candidate(lang_s, src))
        image = _first_str(obj.get("image") or obj.get("thumbnailUrl"))
        if image:
            meta.images.append(Candidate(image, src))
        page_url = obj.get("url") or _first_str(obj.get("mainEntityOfPage"))
        if isinstance(page_url, str) and page_url.startswith(("http", "/")):
            meta.urls.append(Candidate(page_url, src))
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip() and not meta.body:
            meta.body = body
    # The site's own Organization/WebSite object names the site when no article names a publisher.
    for obj in objects:
        if _types(obj) & {"website", "organization", "newsmediaorganization"}:
            for name in _names(obj):
                meta.sites.append(Candidate(clean_space(name), "json-ld:" + sorted(_types(obj))[0]))


# --------------------------------------------------------------------------------------- meta and tags
def _read_meta_tags(doc: _Element, meta: PageMeta, url: str | None = None) -> None:
    wanted: dict[str, list[Candidate]] = {}
    for names, target in (
        (META_PUBLISHED, meta.published),
        (META_MODIFIED, meta.modified),
        (META_AUTHOR, meta.authors),
        (META_TITLE, meta.titles),
        (META_DESCRIPTION, meta.descriptions),
        (META_SITE, meta.sites),
        (META_SECTION, meta.sections),
        (META_TAGS, meta.tags),
        (META_IMAGE, meta.images),
        (META_LANGUAGE, meta.languages),
    ):
        for n in names:
            wanted[n] = target
    found: dict[str, list[str]] = {}
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").lower()
        key = key.strip()
        content = el.get("content") or el.get("value")  # some archivers rename content to value
        if key and content and content.strip() and key in wanted:
            found.setdefault(key, []).append(content.strip())
    order = {n: i for i, n in enumerate(wanted)}
    for key in sorted(found, key=lambda k: order[k]):
        target = wanted[key]
        for content in found[key]:
            src = f"meta:{key}"
            if target is meta.published or target is meta.modified:
                iso = normalize_date(content)
                if iso:
                    target.append(Candidate(iso, src))
            elif target is meta.tags and key in ("keywords", "news_keywords", "parsely-tags", "sailthru.tags"):
                for part in re.split(r"[,;]", content):
                    if part.strip():
                        target.append(Candidate(clean_space(part), src))
            else:
                target.append(Candidate(clean_space(content), src))


def _writes_day_first(languages: list[Candidate]) -> bool:
    """Whether the page's declared language writes numeric dates day first: every locale but US English (and
    English without a region, which US sites mostly declare)."""
    for cand in languages:
        m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?", cand.value)
        if m:
            lang, region = m.group(1).lower(), (m.group(2) or "").lower()
            return lang != "en" or region not in MONTH_FIRST_REGIONS
    return False


def _read_markup(doc: _Element, meta: PageMeta, base_url: str | None) -> None:
    html_el = doc if doc.tag == "html" else doc.find(".//html")
    if html_el is not None:
        for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
            if html_el.get(attr):
                meta.languages.insert(0, Candidate(html_el.get(attr, ""), "html lang"))
                break
    meta.day_first = _writes_day_first(meta.languages)
    title_el = doc.find(".//title")
    if title_el is not None:
        meta.html_title = clean_space(title_el.text_content()) or None
    for h1 in doc.iter("h1"):
        text = clean_space(h1.text_content())
        if text:
            meta.h1.append(text)
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            meta.urls.insert(0, Candidate(href, "canonical"))
    for el in doc.xpath("//meta[@property='og:url' or @name='og:url']"):
        if el.get("content"):
            meta.urls.append(Candidate(el.get("content").strip(), "meta:og:url"))
    # itemprop microdata (outside <meta>, which _read_meta_tags saw)
    for el in doc.xpath("//*[@itemprop][not(self::meta)]"):
        prop = (el.get("itemprop") or "").lower()
        if prop in ("datepublished", "datecreated", "datemodified"):
            raw = el.get("datetime") or el.get("content") or el.text_content()
            iso = normalize_date(raw)
            if iso:
                (meta.modified if prop == "datemodified" else meta.published).append(Candidate(iso, "itemprop:" + prop))
        elif prop == "headline":
            text = clean_space(el.text_content())
            if text:
                meta.titles.append(Candidate(text, "itemprop:headline"))
    classed = _classed_elements(doc)
    _read_bylines(doc, meta, classed)
    _read_time_tags(meta, classed)
    if base_url:
        for cand in meta.urls + meta.images:
            cand.value = urljoin(base_url, cand.value)


def _first_cluster(elements: list[_Element]) -> list[_Element]:
    """The first element that is not in a comment/sidebar block, and those near it (same byline block):
    later ones on a page are usually teasers of other stories. Names inside a figure credit its picture."""
    elements = [el for el in elements if not _in_figure(el)]
    kept = [el for el in elements if not _in_comment_or_aside(el)]
    if not kept:  # some layouts put the byline in a side column: an <address> there is still the article's
        kept = [el for el in elements if any(anc.tag == "address" for anc in el.iterancestors())]
    if not kept:
        return []
    container = kept[0]
    for _ in range(BYLINE_CLUSTER_LEVELS):
        parent = container.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        container = parent
    return [el for el in kept if el is kept[0] or _is_inside(el, container)]


def _is_inside(el: _Element, container: _Element) -> bool:
    return any(anc is container for anc in el.iterancestors())


Classed = list[tuple[_Element, str, str]]


def _classed_elements(doc: _Element) -> Classed:
    """(element, tag, "class id") of every element with a class or id, plus <time> and <abbr title>, in page
    order. Built once for both the byline and the date scan: making lxml element proxies is most of their cost."""
    out: Classed = []
    for el in doc.xpath("//time | //abbr[@title] | //*[@class or @id]"):
        tag = el.tag if isinstance(el.tag, str) else ""
        out.append((el, tag, f"{el.get('class') or ''} {el.get('id') or ''}"))
    return out


def _read_bylines(doc: _Element, meta: PageMeta, classed: Classed) -> None:
    """Author names from microdata (itemprop=author), rel=author links and byline-classed elements."""
    for el in _first_cluster(doc.xpath("//*[@itemprop='author'][not(self::meta)]")):
        names = el.xpath(".//*[@itemprop='name']")
        for n in names or [el]:
            text = clean_space(n.get("content") or " ".join(n.itertext()))
            if text and len(text) <= MAX_BYLINE_CHARS:
                meta.authors.append(Candidate(text, "itemprop:author"))
    for el in _first_cluster(doc.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")):
        text = clean_space(el.text_content())
        if text:
            meta.authors.append(Candidate(text, "rel=author"))
    _read_author_links(doc, meta)
    bylines: list[_Element] = []
    for el, tag, names in classed:
        if tag not in ("meta", "script", "style", "img") and BYLINE_CLASS_RE.search(names):
            text = clean_space(el.text_content())
            if text and len(text) <= MAX_BYLINE_CHARS and not any(_is_inside(el, b) for b in bylines[-1:]):
                bylines.append(el)
    for el in _first_cluster(bylines)[:1]:
        # A lone "By" label: the byline is its parent ("<span>By </span><a>Jane Doe</a>").
        if BY_LABEL_RE.fullmatch(clean_space(el.text_content())):
            parent = el.getparent()
            el = parent if parent is not None else el
        names = el.xpath(".//*[@itemprop='name']")
        for n in names or [el]:
            text = clean_space(n.get("content") or " ".join(n.itertext()))
            if text and len(text) <= MAX_BYLINE_CHARS:
                meta.authors.append(Candidate(text, "byline"))


def _read_author_links(doc: _Element, meta: PageMeta) -> None:
    """Names linked to an author's archive page ("/author/jane-doe", "/profile/jane-doe"), first cluster only;
    on the way, the texts of links long enough to be other stories' headlines (PageMeta.link_texts).

    The link text must look like a name and share a word with the address, except under /author(s)/ where
    sites use handles ("/author/janed"): this keeps "Our staff" and section links out.
    """
    links: list[_Element] = []
    for a in doc.iter("a"):
        text = clean_space(a.text_content())
        words = text.split()
        if len(words) >= LINK_HEADLINE_MIN_WORDS:
            meta.link_texts.add(text.lower())  # a linked headline: a paragraph that is one is a teaser
        href = a.get("href") or ""
        m = AUTHOR_HREF_RE.search(href)
        if not m:
            continue
        if not AUTHOR_LINK_MIN_WORDS <= len(words) <= AUTHOR_LINK_MAX_WORDS:
            continue
        if not all(w[:1].isupper() for w in words):
            continue
        slug_words = set(re.findall(r"[^\W\d_]+", m.group(2).lower()))
        if m.group(1).lower() not in ("author", "authors") and not slug_words & {w.lower() for w in words}:
            continue
        links.append(a)
    for a in _first_cluster(links):
        meta.authors.append(Candidate(clean_space(a.text_content()), "author link"))


def _read_time_tags(meta: PageMeta, classed: Classed) -> None:
    """<time datetime>/pubdate and date-named elements (class/id), skipping comments and sidebars."""
    seen = 0
    for el, tag, names in classed:
        if seen >= MAX_DATE_ELEMENTS:
            break
        if tag in ("html", "body", "script"):
            continue
        if tag not in ("time", "abbr") and not DATE_CLASS_RE.search(names):
            continue
        if _in_comment_or_aside(el):
            continue
        modified = bool(MODIFIED_CLASS_RE.search(names)) or _labelled_updated(el)
        if tag == "time":
            seen += 1
            raw = el.get("datetime") or el.text_content()
            iso = normalize_date(raw) if el.get("datetime") else date_in_text(raw or "", meta.day_first)
            if iso:
                src = "time tag" if el.get("pubdate") is None else "time pubdate"
                (meta.modified if modified else meta.published).append(Candidate(iso, src))
            continue
        if tag == "abbr":
            if "published" in names.lower() or "date" in names.lower():
                seen += 1
                iso = normalize_date(el.get("title"))
                if iso:
                    (meta.modified if modified else meta.published).append(Candidate(iso, "abbr title"))
            continue
        text = clean_space(el.text_content())
        if not text or len(text) > 200:
            continue
        seen += 1
        iso = date_in_text(text, meta.day_first)
        if iso:
            (meta.modified if modified else meta.published).append(Candidate(iso, "date element"))


def _labelled_updated(el: _Element) -> bool:
    """Whether the page labels this date as an update ("Updated: 3 May", "Aktualisiert am <time>"): the label
    opens the element's text or ends the text just before it."""
    if UPDATED_LABEL_RE.match(clean_space(el.text_content())[:40]):
        return True
    prev = el.getprevious()
    before = (prev.tail if prev is not None else (el.getparent().text if el.getparent() is not None else "")) or ""
    return bool(UPDATED_LABEL_END_RE.search(before[-40:]))


# Links to an author's archive page: the path segment names the kind of page, the next one the person.
# Seen across bench/metadata sites (author, profile, people, editors, ...); one segment after the kind, so
# "/authors/" listing pages themselves do not count.
AUTHOR_HREF_RE = re.compile(
    r"/(author|authors|profile|profiles|people|person|staff|writers?|editors?|contributors?|columnists?|"
    r"journalists?|reporters?|autor|autoren|auteur|redacteur|giornalisti)/([^/?#]+)/?(?:[?#].*)?$",
    re.I,
)
# A link with at least this many words reads as a headline (a teaser of another story); shorter ones are
# navigation, product or name links, which body text holds too. bench/aeb: 3 kept product lists out of the body's
# teasers only partly; 5 lost nothing.
LINK_HEADLINE_MIN_WORDS = 5
AUTHOR_LINK_MIN_WORDS = 2
AUTHOR_LINK_MAX_WORDS = 4
# Byline containers by class/id; text longer than MAX_BYLINE_CHARS is an author bio, not a byline.
BYLINE_CLASS_RE = re.compile(r"byline|by-line|author(?!-?(?:image|avatar|photo|pic|bio|img))|writer|contributor", re.I)
# -- Byline containers named in the page's language (<span class="auteur">, "autor", "firma"): the words are the
# language tables' byline_classes (newsdesk/extract/locales), added to the pattern above in this one place.
BYLINE_CLASS_RE = re.compile(
    BYLINE_CLASS_RE.pattern
    + "|"
    + locales.alternation(locales.TABLES, "byline_classes")
    + r"(?!-?(?:image|avatar|photo|pic|bio|img))",
    re.I,
)
MAX_BYLINE_CHARS = 150
# How far up from the first byline element the same byline block reaches (levels of ancestors).
BYLINE_CLUSTER_LEVELS = 3
# A byline element holding only this label names its parent as the byline ("<span>By </span><a>Jane Doe</a>").
BY_LABEL_RE = re.compile(r"\W*(?:by|von|por|par|door|di|av)\W*", re.I)
# Class/id tokens (at a token's start) of blocks that hold other stories' dates and bylines.
COMMENT_RE = re.compile(
    r"(?:^|\s)(?:comment|sidebar|related|footer|widget|recent|archive|calendar|reply|teaser|recommend)", re.I
)
# Elements that hold a picture and its caption: an "author" named inside one is the photographer (a photo credit
# marked up with itemprop=author), not the writer.
FIGURE_TAGS = frozenset({"figure", "figcaption", "picture"})
# Elements that never hold visible article text.
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas")


def _in_figure(el: _Element) -> bool:
    return any(anc.tag in FIGURE_TAGS for anc in el.iterancestors())


def _in_comment_or_aside(el: _Element) -> bool:
    for anc in el.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in ("aside", "footer", "nav"):
            return True
        if COMMENT_RE.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def page_meta(doc: _Element | None, url: str | None = None) -> PageMeta:
    """All metadata candidates of a parsed page; never raises (a failing part becomes a warning)."""
    meta = PageMeta()
    if doc is None:
        return meta
    for reader in (_read_json_ld, _read_meta_tags):
        try:
            reader(doc, meta, url)
        except Exception as exc:  # one broken part must not lose the rest
            meta.warnings.append(f"metadata: {reader.__name__[1:]} failed ({type(exc).__name__})")
    try:
        _read_markup(doc, meta, url)
    except Exception as exc:
        meta.warnings.append(f"metadata: markup failed ({type(exc).__name__})")
    url_date = date_from_url(url)
    if url_date:
        meta.published.append(Candidate(url_date, "url"))
    try:
        meta.visible = visible_blocks(doc)
    except Exception as exc:
        meta.warnings.append(f"metadata: visible text failed ({type(exc).__name__})")
    if not meta.published:
        iso = _date_in_visible(meta)
        if iso:
            meta.published.append(Candidate(iso, "text"))
    return meta


def _date_in_visible(meta: PageMeta) -> str | None:
    """The date of the visible text from the headline on (_headline_h1; TEXT_DATE_SCAN_CHARS of it): the first
    short line holding a date (a date line, "Datum: 18.10.2021", "Saved by rasos on 24 July 2017"), else the first
    date at all. A date inside a long line is more often the date of an event the article reports; a line labelled
    as an update ("Updated March 1, 2022") is skipped."""
    lines = meta.visible
    start = 0
    if meta.h1:
        headline = _headline_h1(meta)
        for i, line in enumerate(lines):
            if line == headline:
                start = max(0, i - TEXT_DATE_LINES_BEFORE_H1)
                break
    window: list[str] = []
    size = 0
    for line in lines[start:]:
        if size >= TEXT_DATE_SCAN_CHARS:
            break
        if not UPDATED_LABEL_RE.match(line):  # "Updated March 1, 2022" dates an update, not the article
            window.append(line)
        size += len(line) + 1
    for line in window:
        if len(line) <= DATE_LINE_MAX_CHARS and _DIGIT_RE.search(line):
            found = date_in_text(line, meta.day_first)
            if found:
                return found
    return date_in_text("\n".join(window)[:TEXT_DATE_SCAN_CHARS], meta.day_first)


_DIGIT_RE = re.compile(r"\d")


def _headline_h1(meta: PageMeta) -> str:
    """The <h1> that is the headline: of several, the longest one the page's stated titles or <title> contain
    (a logo or section <h1> above it is shorter), else the first."""
    if not HEADLINE_H1_BY_TITLE or len(meta.h1) < 2:
        return meta.h1[0]
    stated = " ".join([c.value for c in meta.titles] + [meta.html_title or ""]).lower()
    inside = [h for h in meta.h1 if h.lower() in stated]
    return max(inside, key=len) if inside else meta.h1[0]


# Date ranking: lower is better. Calibrated on bench/dates and bench/metadata (exact-day accuracy): stated
# publication dates first; a full URL date beats a modified date and loose text dates. Date-bearing elements
# (<time>, <abbr title>, date-classed) share one rank so the first one on the page wins: later ones are comments
# and teasers (bench/dates: +2 pages, none lost, against <time> ranked above date-classed elements).
DATE_RANK: dict[str, int] = {
    "json-ld": 0,
    "meta": 1,
    "itemprop": 2,
    "time pubdate": 2,
    "url": 3,
    "abbr title": 4,
    "time tag": 4,
    "date element": 4,
    "modified": 5,
    "text": 7,
}
# <meta name="date"> and a modified date do not say they are the publication: an earlier date shown in a page
# element (<time>, a date line) is taken instead. bench/dates: +2 pages, none lost (a later element date lost 1).
GENERIC_DATE_META = frozenset({"meta:date"})
GENERIC_YIELDS_TO = ("element",)  # the kinds of source whose earlier day replaces a generic meta date
MODIFIED_YIELDS_TO = ("element", "text")  # ... and a modified date, when it is the best there is
# Real-world UTC offsets (hours): a UTC timestamp's local day can only be one these reach.
MIN_UTC_OFFSET_HOURS = -12
MAX_UTC_OFFSET_HOURS = 14


def _rank(source: str) -> int:
    if source.startswith("meta:"):
        return DATE_RANK["meta"]
    if source.startswith("itemprop:"):
        return DATE_RANK["itemprop"]
    return DATE_RANK.get(source, len(DATE_RANK))


def _kind(source: str) -> str:
    """The independent source a date candidate comes from (every meta tag is one CMS template)."""
    if source.startswith("meta:"):
        return "meta"
    if source.startswith("itemprop:"):
        return "itemprop"
    if source in ("time tag", "time pubdate", "abbr title", "date element"):
        return "element"
    return source


def _parse_ts(value: str) -> datetime | None:
    if len(value) <= 10:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def local_day(best: Candidate, published: list[Candidate]) -> Candidate:
    """A UTC timestamp restated in the page's own time zone, or as its local day, when the page says which.

    Sites store UTC but readers (and the ground truth) see the local day: a candidate with its own offset for
    the same instant gives the zone; a naive local time gives it by difference; else, when every day-only or
    local candidate within a day names the same other day that a real offset reaches, that day is taken.
    """
    ts = _parse_ts(best.value)
    if ts is None or ts.tzinfo is None or ts.utcoffset() != timedelta(0):
        return best
    lowest = timedelta(hours=MIN_UTC_OFFSET_HOURS)
    highest = timedelta(hours=MAX_UTC_OFFSET_HOURS)
    local_days: list[date] = []
    for c in published:
        if c is best:
            continue
        other = _parse_ts(c.value)
        if other is not None and other.tzinfo is not None:
            offset = other.utcoffset()
            if offset == timedelta(0):
                continue
            if abs((other - ts).total_seconds()) < 60:
                return Candidate(ts.astimezone(other.tzinfo).isoformat(), best.source)
            local_days.append(other.date())
        elif other is not None:  # a naive local time: its difference from the instant is the offset
            offset = other - ts.replace(tzinfo=None)
            if offset and lowest <= offset <= highest and offset.total_seconds() % 900 == 0:
                return Candidate(ts.astimezone(timezone(offset)).isoformat(), best.source)
            local_days.append(other.date())
        else:
            try:
                local_days.append(date.fromisoformat(c.value[:10]))
            except ValueError:
                continue
    near = {d for d in local_days if abs((d - ts.date()).days) <= 1}
    if len(near) == 1:
        day = near.pop()
        if day != ts.date() and (ts + lowest).date() <= day <= (ts + highest).date():
            return Candidate(day.isoformat(), best.source)
    return best


def choose_date(meta: PageMeta, crawl_date: str | None = None) -> tuple[Candidate | None, list[str]]:
    """The best publication date candidate and warnings about candidates that disagree with it.

    Dates after `crawl_date` (the day the page was saved, when known) cannot be publication dates. A modified
    date is only ever the best when no publication date ranks above it, and even then an earlier day the page
    shows wins (so does it over a generic <meta name="date">); a UTC timestamp is stated in the page's local
    time zone when the page shows it (`local_day`).
    """
    limit = crawl_date[:10] if crawl_date else None
    published = [c for c in meta.published if not limit or c.value[:10] <= limit]
    pool = published + [
        Candidate(c.value, "modified:" + c.source) for c in meta.modified if not limit or c.value[:10] <= limit
    ]
    if not pool:
        return None, []

    def key(c: Candidate) -> int:
        return DATE_RANK["modified"] if c.source.startswith("modified:") else _rank(c.source)

    ranked = sorted(enumerate(pool), key=lambda ic: (key(ic[1]), ic[0]))
    best = ranked[0][1]
    if best.source in GENERIC_DATE_META or best.source.startswith("modified:"):
        shown = MODIFIED_YIELDS_TO if best.source.startswith("modified:") else GENERIC_YIELDS_TO
        earlier = [c for c in published if _kind(c.source) in shown and c.value[:10] < best.value[:10]]
        best = earlier[0] if earlier else best
    warnings: list[str] = []
    if not best.source.startswith("modified:"):
        stated = best
        best = local_day(stated, published)
        if len(best.value) == 10 and best.value != stated.value[:10]:
            warnings.append(f"published: {stated.source} {stated.value} is {best.value} in the page's time zone")
    seen: set[str] = set()
    for _, c in ranked:
        if c.source.startswith("modified:") or key(c) > DATE_RANK["url"] or c.source == best.source:
            continue
        if c.value[:10] != best.value[:10] and c.source not in seen:
            seen.add(c.source)
            warnings.append(f"published: {best.source} {best.value[:10]} vs {c.source} {c.value[:10]}")
    return best, warnings


BLOCK_TAGS = frozenset(
    """p div li ul ol h1 h2 h3 h4 h5 h6 br tr td th table section article header footer nav aside main
    blockquote pre figure figcaption form dd dt dl address hr option button label""".split()
)


def _visible_text_xslt() -> etree.XSLT:
    """XSLT (run by libxslt, in C) writing the visible text with a newline around every block element; an
    element's tail is a text node of its own there, so skipping an invisible element keeps what follows it.
    Profiled: half the CPU of walking the tree in Python, the same lines on all 584 bench pages."""
    invisible = "|".join(INVISIBLE_TAGS)
    blocks = "|".join(sorted(BLOCK_TAGS))
    return etree.XSLT(
        etree.XML(
            f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/"><xsl:choose>
  <xsl:when test="//body"><xsl:apply-templates select="(//body)[1]"/>
    <xsl:value-of select="(//body)[1]/following-sibling::node()[1][self::text()]"/></xsl:when>
  <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
</xsl:choose></xsl:template>
<xsl:template match="{invisible}|*[@hidden]"/>
<xsl:template match="comment()|processing-instruction()"/>
<xsl:template match="{blocks}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>"""
        )
    )


VISIBLE_TEXT = _visible_text_xslt()


def visible_blocks(doc: _Element) -> list[str]:
    """The page's visible text, one line per block element (no scripts, styles or hidden templates)."""
    try:
        chunks = [str(VISIBLE_TEXT(doc.getroottree()))]
    except etree.XSLTError:  # libxslt's recursion limit on a pathologically deep tree: walk it in Python
        chunks = _visible_chunks(doc)
    lines = (" ".join(line.split()) for line in "".join(chunks).split("\n"))  # str.split: 3x faster than re
    return [line for line in lines if line]


def _visible_chunks(doc: _Element) -> list[str]:
    """visible_blocks' text pieces from a walk of the tree (the XSLT's result, more slowly)."""
    body = doc.find(".//body")
    root = body if body is not None else doc
    chunks: list[str] = []
    stack: list[tuple[_Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                chunks.append("\n")
            if el.tail:
                chunks.append(el.tail)
            continue
        if not tag or tag in INVISIBLE_TAGS or el.get("hidden") is not None:
            if el.tail:
                chunks.append(el.tail)
            continue
        if tag in BLOCK_TAGS:
            chunks.append("\n")
        if el.text:
            chunks.append(el.text)
        stack.append((el, True))
        for child in reversed(el):
            stack.append((child, False))
    return chunks
