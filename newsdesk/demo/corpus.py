"""The synthetic demo corpus: a fresh clone ingests it so the first screen is a full dashboard.

`build_demo_articles(seed)` plans every story (topic, date, site, format, text) from seeded generators;
`write_demo_corpus(out, seed=...)` renders the plan into every input format the readers accept (saved HTML
pages per site, plain-text page dumps, JSONL/CSV/JSON exports, a zip, a .html.gz and a .warc.gz) and returns
a `DemoSummary`. Same seed, same bytes: iteration is sorted, timestamps are fixed (zip entries, gzip headers,
WARC dates and record ids), and no set/dict-order or hash randomness reaches the output. All names, places and
quotes are invented (see `newsdesk/demo/text.py`); dates are fixed, never "now".
"""

from __future__ import annotations

import calendar
import csv
import gzip
import hashlib
import html
import io
import json
import math
import random
import re
import shutil
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from newsdesk.demo import text as T

START = date(2023, 1, 1)
END = date(2025, 6, 30)
N_MONTHS = (END.year - START.year) * 12 + END.month - START.month + 1  # 30
TZ = timezone(timedelta(hours=1))  # Estmark time, no daylight saving: keeps every stated date unambiguous.
# Fixed "saved on" stamps for containers, so the output never depends on when it was generated.
ZIP_DATE_TIME = (2025, 7, 1, 12, 0, 0)
WARC_SOFTWARE = "warcio (newsdesk demo generator)"

# Expected articles per month for each topic's primary stories (month index i from 0 = 2023-01, calendar
# month cm). Tuned by printing the per-topic totals: ~620 articles, every topic 30-100, the shapes the
# dashboard should show at a glance (tests/test_demo.py checks each shape on the generated months).
ELECTION_MONTHS = {17: 6.0, 18: 2.5, 19: 2.5, 20: 7.5, 21: 25.0, 22: 6.5, 23: 2.5}  # convention Jun 24, vote Oct 24
ELECTION_DAY = date(2024, 10, 20)
CONFLICT_START = 14  # 2024-03: the offensive begins
IMMIGRATION_SPIKES = {6: 2.5, 7: 10.0, 8: 2.5, 24: 2.5, 25: 11.0, 26: 3.0}  # crossings Aug 23, bill Feb 25
SPORT_SEASON = {5: 1.8, 6: 5.5, 7: 6.0, 8: 1.8}  # the summer championship
ENERGY_WINTER = {11: 3.0, 12: 5.5, 1: 5.5, 2: 4.0, 3: 1.8}


def _elections(i: int, cm: int) -> float:
    return ELECTION_MONTHS.get(i, 1.1)


def _economy(i: int, cm: int) -> float:
    return 2.5


def _climate(i: int, cm: int) -> float:
    return 0.6 + 2.0 * i / (N_MONTHS - 1) + {7: 3.0, 8: 2.0}.get(cm, 0.0)


def _health(i: int, cm: int) -> float:
    return 0.5 + 7.5 * math.exp(-i / 6)


def _technology(i: int, cm: int) -> float:
    return 0.2 + 4.2 * i / (N_MONTHS - 1)


def _sport(i: int, cm: int) -> float:
    return SPORT_SEASON.get(cm, 0.9)


def _conflict(i: int, cm: int) -> float:
    return 0.4 if i < CONFLICT_START else 0.8 + 20.0 * 0.5 ** (i - CONFLICT_START)


def _housing(i: int, cm: int) -> float:
    return 1.2


def _energy(i: int, cm: int) -> float:
    return ENERGY_WINTER.get(cm, 0.6)


def _crime(i: int, cm: int) -> float:
    return 1.9


def _immigration(i: int, cm: int) -> float:
    return IMMIGRATION_SPIKES.get(i, 0.8)


TOPIC_SHAPES: dict[str, Callable[[int, int], float]] = {
    "Elections": _elections,
    "Economy": _economy,
    "Climate": _climate,
    "Health": _health,
    "Technology": _technology,
    "Sport": _sport,
    "Conflict": _conflict,
    "Housing": _housing,
    "Energy": _energy,
    "Crime & Justice": _crime,
    "Immigration": _immigration,
}
SECONDARY_SHARE = 0.1  # share of stories that also touch a second topic


def _phase(topic: str, d: date) -> str | None:
    """The named phase a topic is in on a date (selects extra headlines/sentences), or None."""
    i = month_index(d)
    if topic == "Elections":
        if date(2024, 5, 20) <= d <= date(2024, 7, 10):
            return "convention"
        if ELECTION_DAY <= d <= date(2024, 10, 31):
            return "result"
        if date(2024, 11, 1) <= d <= date(2025, 1, 31):
            return "aftermath"
    elif topic == "Climate" and d.month in (7, 8):
        return "heatwave"
    elif topic == "Health" and i <= 4:
        return "outbreak"
    elif topic == "Sport" and d.month in (6, 7):
        return "tournament"
    elif topic == "Conflict":
        return "tension" if i < CONFLICT_START else "war" if i < CONFLICT_START + 3 else "talks"
    elif topic == "Energy" and d.month in (11, 12, 1, 2):
        return "winter"
    elif topic == "Immigration":
        if 6 <= i <= 8:
            return "crossings"
        if 24 <= i <= 26:
            return "deportation"
    return None


def month_index(d: date) -> int:
    return (d.year - START.year) * 12 + d.month - START.month


def month_key(i: int) -> str:
    y, m = divmod(START.month - 1 + i, 12)
    return f"{START.year + y:04d}-{m + 1:02d}"


# ---------------------------------------------------------------------------------------------------------------
# Sites and formats


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    domain: str
    short: str  # how quotes refer to it: "told the Ledger"
    accented_staff: tuple[str, ...]


SITES: tuple[Site, ...] = (
    Site("harbour", "The Harbour Ledger", "harbourledger.example", "the Ledger", ("Anaïs Lefèvre",)),
    Site("northgate", "Northgate Courier", "northgatecourier.example", "the Courier", ("Renée Côté",)),
    Site("valley", "Valley Dispatch", "valleydispatch.example", "the Dispatch", ("Zoë Müller", "José Núñez")),
    Site("meridian", "The Meridian Post", "meridianpost.example", "the Post", ("Chloé Durand",)),
    Site("riverbend", "Riverbend Gazette", "riverbendgazette.example", "the Gazette", ("Søren Dahl",)),
    Site("fenwick", "Fenwick Observer", "fenwickobserver.example", "the Observer", ("Björn Åkesson",)),
    Site("coastline", "Coastline Wire", "coastlinewire.example", "Coastline Wire", ("Mateo Ibáñez",)),
)
SITE_BY_KEY = {s.key: s for s in SITES}

# Channel -> (share of stories, site keys it carries). A channel is one way a story reaches the corpus. Most
# go to saved HTML pages and text dumps, as in a real reading archive; each other format gets a fair share.
CHANNELS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("html:harbour", 0.165, ("harbour",)),
    ("html:northgate", 0.135, ("northgate",)),
    ("htm:valley", 0.12, ("valley",)),
    ("txt:meridian", 0.155, ("meridian",)),
    ("txt:riverbend", 0.12, ("riverbend",)),
    ("jsonl", 0.11, ("coastline", "coastline", "coastline", "northgate", "meridian", "fenwick")),
    ("csv", 0.07, ("coastline", "coastline", "meridian", "riverbend")),
    ("json", 0.045, ("northgate", "northgate", "coastline")),
    ("warc", 0.055, ("fenwick",)),
    ("zip", 0.015, ("harbour", "meridian")),
    ("html.gz", 0.005, ("harbour",)),
)
# The format key each channel reports in DemoSummary.by_format.
CHANNEL_FORMAT = {
    "html:harbour": "html",
    "html:northgate": "html",
    "htm:valley": "html",
    "txt:meridian": "txt",
    "txt:riverbend": "txt",
    "jsonl": "jsonl",
    "csv": "csv",
    "json": "json",
    "warc": "warc",
    "zip": "zip",
    "html.gz": "html.gz",
}
ZIP_NAME = "archives/saved-reading-list.zip"
WARC_RECORDS_BEFORE_PAGES = 3  # warcinfo, the robots.txt response, the request for the first page
N_DUPLICATES = 10  # Harbour Ledger pages whose story is also in the JSONL export, under the same canonical URL
N_CP1252 = 2  # Valley Dispatch pages saved in windows-1252
JSONL_HTML_SHARE = 0.25  # JSONL records from Coastline Wire carrying the page as `html` instead of `text`
WORDS_PER_MINUTE = 230  # what the sites' "N min read" lines assume


@dataclass
class DemoArticle:
    """One planned story: what the generator wrote, and where (the manifest the tests count from)."""

    uid: int
    topic: str
    topics: list[str]
    published: datetime
    site: str  # Site.key
    channel: str
    headline: str = ""
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    description: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    url: str = ""
    slug: str = ""
    # File holding it, relative to the corpus folder, named as the readers name sources: "#N" for the N-th record
    # of a multi-record file (1-based, every WARC record counted), "!member" for a zip member.
    path: str = ""
    duplicate_path: str = ""  # a second file holding the same story under the same URL, if any
    encoding: str = "utf-8"
    page_date: date | None = None  # when the page was saved (text dumps' "Today:", WARC dates)

    @property
    def format(self) -> str:
        return CHANNEL_FORMAT[self.channel]

    @property
    def site_obj(self) -> Site:
        return SITE_BY_KEY[self.site]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


@dataclass
class DemoSummary:
    """What `write_demo_corpus` wrote. `articles` counts distinct stories; `by_format` counts story documents
    per format (a duplicated story counts in both of its formats); `by_topic` counts stories per topic (a story
    on two topics counts in both)."""

    articles: int
    files: int
    by_format: dict[str, int]
    first_date: str
    last_date: str
    by_topic: dict[str, int] = field(default_factory=dict)
    by_site: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    bytes: int = 0


# ---------------------------------------------------------------------------------------------------------------
# Planning: how many stories per topic and month, then dates, sites, channels


def _stochastic_round(x: float, rng: random.Random) -> int:
    base = math.floor(x)
    return base + (1 if rng.random() < x - base else 0)


def _plan(seed: int) -> list[DemoArticle]:
    rng = random.Random(f"{seed}-plan")
    planned: list[tuple[datetime, str]] = []
    for topic in T.TOPIC_BY_NAME:  # declaration order, fixed
        shape = TOPIC_SHAPES[topic]
        for i in range(N_MONTHS):
            key = month_key(i)
            y, m = int(key[:4]), int(key[5:])
            days = calendar.monthrange(y, m)[1]
            for _ in range(_stochastic_round(shape(i, m), rng)):
                day = rng.randint(1, days)
                if topic == "Elections" and key == ELECTION_DAY.strftime("%Y-%m") and rng.random() < 0.6:
                    day = min(days, ELECTION_DAY.day + rng.randint(-2, 4))  # the count and its morning after
                when = datetime(y, m, day, rng.randint(6, 21), rng.choice((0, 5, 15, 30, 40, 45, 55)), tzinfo=TZ)
                planned.append((when, topic))
    planned.sort()
    articles: list[DemoArticle] = []
    for uid, (when, topic) in enumerate(planned):
        topics = [topic]
        seconds = T.SECONDARY_TOPICS[topic]
        if seconds and rng.random() < SECONDARY_SHARE:
            topics.append(rng.choice(seconds))
        articles.append(DemoArticle(uid=uid, topic=topic, topics=topics, published=when, site="", channel=""))
    # Channels by quota over a shuffled order, so every format spans the whole period and every topic.
    order = list(range(len(articles)))
    rng.shuffle(order)
    quotas = [(name, math.floor(share * len(articles)), sites) for name, share, sites in CHANNELS]
    short = len(articles) - sum(q for _, q, _ in quotas)
    quotas[0] = (quotas[0][0], quotas[0][1] + short, quotas[0][2])
    pos = 0
    for name, quota, sites in quotas:
        for idx in order[pos : pos + quota]:
            articles[idx].channel = name
            articles[idx].site = rng.choice(sites)
        pos += quota
    return articles


# ---------------------------------------------------------------------------------------------------------------
# Writing the stories

SLOT_RE = re.compile(r"\{(\w+)\}")
SMALL_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = tuple(calendar.month_name[1:])
QUOTE_SHARE = 0.28  # share of body paragraphs that are a quote
MAX_QUOTES = 3


ALL_TOPIC_VOCAB: dict[str, tuple[str, ...]] = {k: v for t in T.TOPICS for k, v in t.vocab.items()}


def _person(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(T.ACCENTED_NAMES)
    return f"{rng.choice(T.FIRST_NAMES)} {rng.choice(T.LAST_NAMES)}"


class _StoryWriter:
    """Fills one story's templates: a fixed cast (main place, two speakers) and fresh numbers per slot."""

    def __init__(self, rng: random.Random, art: DemoArticle, topic: T.TopicText) -> None:
        self.rng = rng
        self.topic = topic
        pub = art.published.date()
        day_before = pub - timedelta(days=1)
        inst = rng.choice(topic.institutions)
        self.fixed: dict[str, str] = {
            "place": rng.choice(T.CITIES),
            "inst": inst,
            "Inst": inst[0].upper() + inst[1:],
            "country": T.COUNTRY,
            "month": MONTHS[pub.month - 1],
            "last_month": MONTHS[(pub.month - 2) % 12],
            "site": art.site_obj.name,
        }
        for k in ("company", "club", "party", "leader", "rate"):
            if k in topic.vocab:
                self.fixed[k] = rng.choice(topic.vocab[k])
        if "club2" in topic.vocab:
            self.fixed["club2"] = rng.choice([c for c in topic.vocab["club2"] if c != self.fixed["club"]])
        self.sticky: dict[str, str] | None = None
        self.weekdays = (WEEKDAYS[pub.weekday()], WEEKDAYS[day_before.weekday()])
        self.phrases = list(topic.speakers)
        rng.shuffle(self.phrases)  # each speaker in a story gets a different description
        self.people: list[tuple[str, str]] = []
        for _ in range(2):
            self.people.append((_person(rng), self.fill(self.phrases.pop())))
        self.fixed["Q"] = self.people[1][0]
        self.quoted: set[str] = set()
        self.pools: dict[str, list[str]] = {}

    def _slot(self, key: str) -> str:
        if key in self.fixed:
            return self.fixed[key]
        if self.sticky is None:
            return self._fresh(key)
        if key not in self.sticky:
            self.sticky[key] = self._fresh(key)
        return self.sticky[key]

    def _fresh(self, key: str) -> str:
        rng = self.rng
        if key in self.topic.vocab:
            return rng.choice(self.topic.vocab[key])
        if key in T.COMMON_VOCAB:
            return rng.choice(T.COMMON_VOCAB[key])
        if key in ALL_TOPIC_VOCAB:  # another topic's slot, in a bridge paragraph
            return rng.choice(ALL_TOPIC_VOCAB[key])
        if key == "weekday":
            return self.weekdays[0] if rng.random() < 0.6 else self.weekdays[1]
        if key == "n_small":
            return rng.choice(SMALL_NUMBERS)
        if key == "n":
            return str(rng.randint(12, 480))
        if key == "n_big":
            return f"{rng.randint(12, 480) * 100:,}"
        if key == "pct":
            return f"{rng.uniform(1.2, 9.8):.1f}%"
        if key == "pct_small":
            return f"{rng.uniform(0.1, 1.9):.1f}%"
        if key == "money":
            return f"{rng.uniform(1.1, 9.8):.1f} billion crowns"
        if key == "money_m":
            return f"{rng.randint(3, 95)} million crowns"
        raise KeyError(f"demo template slot {{{key}}} has no filler")

    def fill(self, template: str) -> str:
        out = SLOT_RE.sub(lambda m: self._slot(m.group(1)), template)
        out = SLOT_RE.sub(lambda m: self._slot(m.group(1)), out)  # slots inside filled values, e.g. speakers
        return out[:1].upper() + out[1:] if template.startswith("{") else out  # "{n_small} militants" opens a lede

    def fill_pair(self, headline: str, lede: str) -> tuple[str, str]:
        """Headline and lede with the same numbers and names in both ("rises 3.1%" ... "rose by 3.1%")."""
        self.sticky = {}
        try:
            return self.fill(headline), self.fill(lede)
        finally:
            self.sticky = None

    def draw(self, pool_name: str, pool: Sequence[str]) -> str:
        """A filled template from a pool, never the same one twice in a story ("" once the pool is used up)."""
        left = self.pools.get(pool_name)
        if left is None:
            left = list(pool)
            self.rng.shuffle(left)
            self.pools[pool_name] = left
        return self.fill(left.pop()) if left else ""

    def quote(self) -> str:
        rng = self.rng
        if rng.random() < 0.75:
            name, phrase = self.people[0] if rng.random() < 0.6 else self.people[1]
        else:
            name = _person(rng)
            phrase = self.fill(self.phrases.pop() if self.phrases else rng.choice(self.topic.speakers))
            self.people.append((name, phrase))
        words = self.draw("quotes", self.topic.quotes)
        surname = name.split()[-1]
        if name in self.quoted:
            again = ("“{q},” {s} added.", "“{q},” {s} said.", "{s} went further: “{q}.”")
            return rng.choice(again).format(q=words, s=surname)
        self.quoted.add(name)
        forms = (
            "“{q},” said {n}, {p}.",
            "“{q},” {n}, {p}, told {site}.",
            "{n}, {p}, said: “{q}.”",
            "“{q},” said {n}, {p}, on {w}.",
        )
        site_short = self.fixed["site_short"]
        return rng.choice(forms).format(q=words, n=name, p=phrase, site=site_short, w=self._slot("weekday"))


def _compose(art: DemoArticle, rng: random.Random, used_headlines: set[str]) -> None:
    topic = T.TOPIC_BY_NAME[art.topic]
    w = _StoryWriter(rng, art, topic)
    w.fixed["site_short"] = art.site_obj.short
    phase = _phase(art.topic, art.published.date())
    phase_stories = topic.phase_stories.get(phase or "", ())
    phase_sents = topic.phase_sentences.get(phase or "", ())
    headline = lede = ""
    for _ in range(30):
        pool = phase_stories if phase_stories and rng.random() < 0.65 else topic.stories
        headline, lede = w.fill_pair(*rng.choice(pool))
        if headline not in used_headlines:
            break
    used_headlines.add(headline)
    n_paras = rng.randint(4, 12)
    paras = [lede]
    quotes = 0
    second = art.topics[1] if len(art.topics) > 1 else None
    bridge_at = rng.randint(2, max(2, n_paras - 2)) if second else -1
    while len(paras) < n_paras:
        k = len(paras)
        if k == bridge_at and second:
            first, then = T.BRIDGES[(art.topic, second)]
            paras.append(w.fill(first) if rng.random() < 0.5 else w.fill(first) + " " + w.fill(then))
            continue
        r = rng.random()
        if r < QUOTE_SHARE and quotes < MAX_QUOTES and k > 1:
            quotes += 1
            text = w.quote()
            if rng.random() < 0.5:
                text = (text + " " + w.draw("topic", topic.sentences)).strip()
            paras.append(text)
            continue
        sents = []
        if phase_sents and rng.random() < 0.5:
            sents.append(w.draw("phase", phase_sents))
        sents.append(w.draw("topic", topic.sentences))
        if rng.random() < 0.75:
            sents.append(w.draw("topic", topic.sentences))
        if rng.random() < 0.6:
            sents.insert(rng.randint(0, len(sents)), w.draw("generic", T.GENERIC_SENTENCES))
        sents = [x for x in sents if x]
        if not sents:
            break  # every template used: a shorter story rather than a repeated sentence
        paras.append(" ".join(sents))
    if rng.random() < 0.12 and len(paras) < 12:
        paras.append(w.fill(rng.choice(T.GENERIC_CLOSERS)))
    art.headline = headline
    art.paragraphs = paras
    art.description = lede
    art.section = topic.section
    tags = [topic.tags[0], *rng.sample(topic.tags[1:], 2)]
    if second:
        tags.append(T.TOPIC_BY_NAME[second].tags[0])
    tags.append(w.fixed["place"])
    art.tags = list(dict.fromkeys(tags))


def _rosters(seed: int) -> dict[str, list[str]]:
    """Each site's staff: five invented reporters plus its names with accents (fixed order)."""
    rng = random.Random(f"{seed}-staff")
    taken: set[str] = set()
    rosters: dict[str, list[str]] = {}
    for site in SITES:
        names: list[str] = []
        while len(names) < 5:
            name = f"{rng.choice(T.FIRST_NAMES)} {rng.choice(T.LAST_NAMES)}"
            if name not in taken:
                taken.add(name)
                names.append(name)
        rosters[site.key] = names + list(site.accented_staff)
    return rosters


def _slugify(text: str, max_words: int = 9) -> str:
    ascii_text = text.encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words[:max_words]) or "story"


def _url(art: DemoArticle) -> str:
    d = art.published
    s = art.site_obj
    sec = _slugify(art.section)
    if s.key == "harbour":
        return f"https://www.{s.domain}/{sec}/{d:%Y/%m/%d}/{art.slug}"
    if s.key == "northgate":
        return f"https://{s.domain}/news/{art.slug}-{art.uid:05d}"
    if s.key == "valley":
        return f"https://www.{s.domain}/{sec}/{d:%Y%m%d}/{art.slug}.htm"
    if s.key == "fenwick":
        return f"https://www.{s.domain}/{d:%Y/%m}/{art.slug}.html"
    if s.key == "coastline":
        return f"https://{s.domain}/story/{d:%Y%m%d}-{art.uid:05d}/{art.slug}"
    return f"https://{s.domain}/{sec}/{art.slug}/"


def build_demo_articles(seed: int = 2024) -> list[DemoArticle]:
    """The full plan with text, URLs and file paths: the generator's manifest (no files written)."""
    articles = _plan(seed)
    rng = random.Random(f"{seed}-text")
    rosters = _rosters(seed)
    used: set[str] = set()
    slugs: set[tuple[str, str]] = set()
    for art in articles:
        _compose(art, rng, used)
        staff = rosters[art.site]
        art.authors = rng.sample(staff, 2) if rng.random() < 0.3 else [rng.choice(staff)]
        slug = _slugify(art.headline)
        while (art.site, slug) in slugs:
            slug += f"-{art.uid}"
        slugs.add((art.site, slug))
        art.slug = slug
        art.url = _url(art)
        # Saved up to six weeks later; Riverbend's header shows that day's date bare (no "Today:"), so its dumps
        # are saved within days, keeping a cleaner that takes the first date close to the right month.
        art.page_date = art.published.date() + timedelta(days=rng.randint(0, 3 if art.site == "riverbend" else 45))
    # Windows-1252 pages: the first Valley Dispatch stories, bylined to the reporter whose name needs it.
    valley = [a for a in articles if a.channel == "htm:valley"]
    for art in valley[:N_CP1252]:
        art.encoding = "windows-1252"
        art.authors = ["Zoë Müller"]
    _assign_paths(articles, random.Random(f"{seed}-dups"))
    return articles


def _assign_paths(articles: list[DemoArticle], rng: random.Random) -> None:
    by_channel: dict[str, list[DemoArticle]] = {}
    for art in articles:
        by_channel.setdefault(art.channel, []).append(art)
    for art in articles:
        d = art.published
        if art.channel in ("html:harbour", "html:northgate"):
            art.path = f"html/{art.site_obj.domain}/{d:%Y}/{d:%Y-%m-%d}-{art.slug}.html"
        elif art.channel == "htm:valley":
            art.path = f"html/{art.site_obj.domain}/{d:%Y}/{d:%Y%m%d}_{art.slug}.htm"
        elif art.channel == "html.gz":
            art.path = f"html/{art.site_obj.domain}/{d:%Y}/{d:%Y-%m-%d}-{art.slug}.html.gz"
        elif art.channel == "txt:meridian":
            art.path = f"text/meridianpost/{d:%Y-%m}/{art.slug[:60]}.txt"
        elif art.channel == "txt:riverbend":
            art.path = f"text/riverbendgazette/{hashlib.sha256(art.url.encode()).hexdigest()}.txt"
    # Record files: JSONL per year, CSV in two halves, JSON in one, WARC per half; "#N" is 1-based as the readers.
    jsonl = by_channel.get("jsonl", [])
    dup_pool = by_channel.get("html:harbour", [])
    dups = sorted(rng.sample(dup_pool, min(N_DUPLICATES, len(dup_pool))), key=lambda a: a.uid)
    records_by_file: dict[str, list[tuple[DemoArticle, bool]]] = {}
    for art, is_dup in sorted([(a, False) for a in jsonl] + [(a, True) for a in dups], key=lambda p: p[0].uid):
        name = f"exports/coastlinewire-api-{art.published:%Y}.jsonl"
        records_by_file.setdefault(name, []).append((art, is_dup))
    for art in by_channel.get("csv", []):
        half = "2023-01_2024-03" if art.published < datetime(2024, 4, 1, tzinfo=TZ) else "2024-04_2025-06"
        records_by_file.setdefault(f"exports/newsroom-export-{half}.csv", []).append((art, False))
    for art in by_channel.get("json", []):
        records_by_file.setdefault("exports/northgate-cms-export.json", []).append((art, False))
    for art in by_channel.get("warc", []):
        part = "2023" if art.published.year == 2023 else "2024-2025"
        records_by_file.setdefault(f"archives/fenwickobserver-crawl-{part}.warc.gz", []).append((art, False))
    for name in sorted(records_by_file):
        # A WARC's page records come after its warcinfo, robots.txt and request records (numbered as readers do).
        first = WARC_RECORDS_BEFORE_PAGES + 1 if name.endswith(".warc.gz") else 1
        for n, (art, is_dup) in enumerate(records_by_file[name], start=first):
            if is_dup:
                art.duplicate_path = f"{name}#{n}"
            else:
                art.path = f"{name}#{n}"
    for n, art in enumerate(by_channel.get("zip", []), start=1):
        folder = "pages" if art.site == "harbour" else "dumps"
        ext = "html" if art.site == "harbour" else "txt"
        art.path = f"{ZIP_NAME}!{folder}/{n:02d}-{art.slug[:50]}.{ext}"


# ---------------------------------------------------------------------------------------------------------------
# Page chrome shared by the renderers

NAV = (
    "Politics",
    "Business",
    "World",
    "Environment",
    "Health",
    "Technology",
    "Sport",
    "Property",
    "Energy",
    "Courts",
    "Home Affairs",
    "Opinion",
    "Culture",
)
FOOTER_LINKS = (
    "About us",
    "Contact",
    "Terms of use",
    "Privacy policy",
    "Cookie settings",
    "Advertise",
    "Careers",
    "Corrections",
    "Accessibility",
)
SNIPPETS = (
    "Residents have been asked to share their memories, photographs and recipes for a new community archive that",
    "It started with a single borrowed ladder and a tin of paint, and now the volunteers meet every Saturday to",
    "The answer, according to the town's oldest residents, has more to do with a clockmaker's wager in 1887 than",
    "Our critic spent a week with the cast and crew, and came away with a different view of the final act, which",
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _human_date(d: datetime | date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _us_date(d: datetime | date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "up", "with", "into"}
    words = text.split(" ")
    return " ".join(
        w if (i and w in small) or not w[:1].islower() else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _json_ld(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _news_article_ld(art: DemoArticle, *, with_date: bool = True) -> dict[str, object]:
    site = art.site_obj
    ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.headline,
        "description": art.description,
        "mainEntityOfPage": art.url,
        "articleSection": art.section,
        "keywords": art.tags,
        "author": [{"@type": "Person", "name": a} for a in art.authors],
        "publisher": {"@type": "Organization", "name": site.name, "url": f"https://{site.domain}/"},
        "inLanguage": "en",
        "wordCount": art.word_count,
    }
    if with_date:
        ld["datePublished"] = art.published.isoformat()
    return ld


def _related(art: DemoArticle, by_topic: dict[str, list[DemoArticle]], n: int = 4) -> list[DemoArticle]:
    """Stories on the same topic nearest in time (same site first), for "Related" boxes and teasers."""
    pool = [a for a in by_topic[art.topic] if a.uid != art.uid]
    pool.sort(key=lambda a: (a.site != art.site, abs((a.published - art.published).total_seconds()), a.uid))
    return pool[:n]


def _byline_and(authors: Sequence[str]) -> str:
    return " and ".join(authors)


@dataclass
class _Ctx:
    related: list[DemoArticle]
    most_read: list[str]


def _render_harbour(art: DemoArticle, ctx: _Ctx) -> str:
    site = art.site_obj
    iso = art.published.isoformat()
    metas = "\n".join(f'<meta property="article:tag" content="{_e(t)}">' for t in art.tags)
    nav = "".join(f'<li><a href="/{_slugify(s)}">{s}</a></li>' for s in NAV)
    byline = " and ".join(f'<a rel="author" href="/profile/{_slugify(a)}">{_e(a)}</a>' for a in art.authors)
    body = "\n".join(f"<p>{_e(p)}</p>" for p in art.paragraphs)
    most = "".join(f'<li><a href="/features/{_slugify(h)}">{_e(h)}</a></li>' for h in ctx.most_read)
    rel = "".join(f'<li><a href="{_e(r.url)}">{_e(r.headline)}</a></li>' for r in ctx.related)
    tags = " ".join(f'<a class="tag" href="/topic/{_slugify(t)}">{_e(t)}</a>' for t in art.tags)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{_e(art.headline)} | {site.name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{_e(art.description)}">
<meta name="author" content="{_e(", ".join(art.authors))}">
<link rel="canonical" href="{_e(art.url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site.name}">
<meta property="og:title" content="{_e(art.headline)}">
<meta property="og:description" content="{_e(art.description)}">
<meta property="og:url" content="{_e(art.url)}">
<meta property="og:image" content="https://cdn.{site.domain}/images/{art.published:%Y/%m}/{art.slug}.jpg">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{_e(art.section)}">
{metas}
<script type="application/ld+json">
{_json_ld(_news_article_ld(art))}
</script>
<link rel="stylesheet" href="/static/ledger.3f9a1c.css">
<script>window.ledgerAnalytics = window.ledgerAnalytics || []; ledgerAnalytics.push(["page", "article"]);</script>
</head>
<body class="template-article section-{_slugify(art.section)}">
<div class="cookie-banner" role="dialog">
<p>We use cookies to remember your settings and to understand how our site is used.
You can change your choices at any time in Cookie settings.</p>
<button class="cookie-accept">Accept all</button> <button class="cookie-manage">Manage settings</button>
</div>
<header class="site-header">
<a class="site-logo" href="/">{site.name}</a>
<nav class="primary-nav"><ul>{nav}</ul></nav>
<div class="account"><a href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a></div>
</header>
<main id="main">
<ol class="breadcrumb"><li><a href="/">Home</a></li><li>
<a href="/{_slugify(art.section)}">{_e(art.section)}</a></li></ol>
<article class="story">
<header class="story-header">
<h1 class="story-headline">{_e(art.headline)}</h1>
<div class="story-meta"><span class="byline">By {byline}</span>
<time class="published" datetime="{iso}">{_human_date(art.published)}, {art.published:%H:%M}</time>
<span class="read-time">{art.minutes} min read</span></div>
</header>
<figure class="lead-image"><img src="https://cdn.{site.domain}/images/{art.published:%Y/%m}/{art.slug}.jpg" alt="">
<figcaption>A view across the rooftops. Photograph: {site.name}</figcaption></figure>
<div class="share-tools"><a class="share share-email" href="#">Email</a>
<a class="share share-facebook" href="#">Share on Facebook</a>
<a class="share share-x" href="#">Share on X</a> <a class="share share-link" href="#">Copy link</a></div>
<div class="story-body">
{body}
</div>
<footer class="story-footer"><p class="tags">Topics: {tags}</p></footer>
</article>
<aside class="rail">
<section class="most-read"><h2>Most read</h2><ol>{most}</ol></section>
<section class="related"><h2>Related</h2><ul>{rel}</ul></section>
</aside>
<section class="newsletter-signup">
<h2>The Morning Ledger</h2>
<p>The day's essential stories, in your inbox before breakfast. Free, every weekday.</p>
<form action="/newsletters/subscribe"><input type="email" placeholder="Your email address">
<button>Sign up</button></form>
</section>
</main>
<footer class="site-footer">
<nav>{" · ".join(f'<a href="/{_slugify(x)}">{x}</a>' for x in FOOTER_LINKS)}</nav>
<p>© {art.published.year} {site.name} Ltd. All rights reserved. Registered office: 4 Quay Street, Port Averly.</p>
</footer>
</body>
</html>
"""


def _render_northgate(art: DemoArticle, ctx: _Ctx) -> str:
    """The Courier states its date only in the article's <time> tag: no date meta, none in JSON-LD or URL."""
    site = art.site_obj
    title = _title_case(art.headline)
    nav = "\n".join(f'    <a class="nc-nav__link" href="/{_slugify(s)}/">{s}</a>' for s in NAV[:10])
    body = "\n".join(f"      <p>{_e(p)}</p>" for p in art.paragraphs)
    authors = ", ".join(f'<span class="nc-author">{_e(a)}</span>' for a in art.authors)
    trending = "\n".join(f"      <li>{_e(h)}</li>" for h in ctx.most_read[:4])
    more = "\n".join(f'      <li><a href="{_e(r.url)}">{_e(_title_case(r.headline))}</a></li>' for r in ctx.related)
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>{_e(title)} - {site.name}</title>
  <meta name="description" content="{_e(art.description)}">
  <link rel="canonical" href="{_e(art.url)}">
  <meta property="og:title" content="{_e(title)}">
  <meta property="og:url" content="{_e(art.url)}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{site.name}">
  <meta name="twitter:card" content="summary_large_image">
  <script type="application/ld+json">{_json_ld(_news_article_ld(art, with_date=False))}</script>
</head>
<body>
<div id="nc-consent" class="nc-consent">This site uses cookies. By continuing to browse you agree to our use of
cookies. <a href="/cookies/">Find out more</a> <button>OK</button></div>
<div class="nc-wrapper">
  <div class="nc-masthead">
    <a class="nc-logo" href="/">{site.name}</a>
    <span class="nc-tagline">Your town. Your news.</span>
  </div>
  <nav class="nc-nav">
{nav}
  </nav>
  <div class="nc-crumbs"><a href="/">Home</a> &rsaquo; <a href="/{_slugify(art.section)}/">{_e(art.section)}</a></div>
  <div class="nc-layout">
    <article class="nc-article">
      <h1 class="nc-article__title">{_e(title)}</h1>
      <div class="nc-article__meta">By {authors} &middot;
        <time class="nc-article__date" datetime="{art.published.isoformat()}">{_us_date(art.published)}</time></div>
      <ul class="nc-share"><li><a href="#">Facebook</a></li><li><a href="#">WhatsApp</a></li><li>
<a href="#">Email</a></li></ul>
      <div class="nc-article__body">
{body}
      </div>
    </article>
    <div class="nc-sidebar">
      <h3>Trending</h3>
      <ul class="nc-trending">
{trending}
      </ul>
      <h3>More from {_e(art.section)}</h3>
      <ul class="nc-more">
{more}
      </ul>
      <div class="nc-newsletter"><h3>Get the Courier daily</h3><p>Sign up for our free newsletter.</p>
      <input type="email" placeholder="Email"> <button>Subscribe</button></div>
    </div>
  </div>
  <footer class="nc-footer">
    <p><a href="/about/">About</a> | <a href="/terms/">Terms and conditions</a> | <a href="/privacy/">Privacy</a> |
    <a href="/contact/">Contact the newsroom</a></p>
    <p>Copyright &copy; {art.published.year} {site.name}. All rights reserved.</p>
  </footer>
</div>
</body>
</html>
"""


def _render_valley(art: DemoArticle, ctx: _Ctx) -> str:
    """An older CMS: table-free but id-heavy markup, "By X | Staff" bylines, optionally windows-1252."""
    site = art.site_obj
    charset = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        if art.encoding == "windows-1252"
        else '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    )
    body = "\n".join(f'<p class="storytext">{_e(p)}</p>' for p in art.paragraphs)
    rel = "\n".join(f'<li><a href="{_e(r.url)}">{_e(r.headline)}</a></li>' for r in ctx.related[:3])
    most = "\n".join(f"<li>{_e(h)}</li>" for h in ctx.most_read)
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
{charset}
<title>{site.name}: {_e(art.headline)}</title>
<meta name="keywords" content="{_e(", ".join(art.tags))}">
<meta name="description" content="{_e(art.description)}">
<meta property="og:title" content="{_e(art.headline)}">
<meta property="og:description" content="{_e(art.description)}">
<meta property="article:published_time" content="{art.published.isoformat()}">
<link rel="canonical" href="{_e(art.url)}">
<script type="application/ld+json">{_json_ld(_news_article_ld(art))}</script>
</head>
<body>
<div id="top"><div id="logo"><a href="/">{site.name.upper()}</a></div>
<div id="menu"><a href="/">Home</a> | {" | ".join(f'<a href="/{_slugify(s)}/">{s}</a>' for s in NAV[:8])}</div></div>
<div id="cookies">We and our partners use cookies. <a href="/privacy.htm">Learn more</a>.</div>
<div id="content">
<div id="path">You are here: <a href="/">Home</a> &gt; <a href="/{_slugify(art.section)}/">{_e(art.section)}</a></div>
<article id="story">
<h1>{_e(art.headline)}</h1>
<p class="vd-byline">By {_e(_byline_and(art.authors))} | Staff</p>
<p class="vd-date">Published {art.published:%d.%m.%Y %H:%M}</p>
<div id="storybody">
{body}
</div>
<div id="sharebar">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Print</a>
<a href="#">Email this story</a></div>
</article>
<div id="right">
<h4>Most Read</h4><ol>{most}</ol>
<h4>Related Stories</h4><ul>{rel}</ul>
<div class="promo">Get the Dispatch delivered. <a href="/subscribe.htm">Subscribe today</a></div>
</div>
</div>
<div id="bottom">{" - ".join(FOOTER_LINKS[:6])}<br>
&copy; {art.published.year} {site.name}. All rights reserved. Reproduction without permission is prohibited.</div>
</body>
</html>
"""


def _render_fenwick(art: DemoArticle, ctx: _Ctx) -> str:
    """A WordPress-style theme: JSON-LD in an @graph, `entry-*` classes."""
    site = art.site_obj
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": site.name, "url": f"https://www.{site.domain}/"},
            {"@type": "WebPage", "@id": art.url, "name": art.headline},
            {k: v for k, v in _news_article_ld(art).items() if k != "@context"},
        ],
    }
    body = "\n".join(f"<p>{_e(p)}</p>" for p in art.paragraphs)
    rel = "\n".join(f'<li class="jp-related"><a href="{_e(r.url)}">{_e(r.headline)}</a></li>' for r in ctx.related[:3])
    recent = "\n".join(f"<li>{_e(h)}</li>" for h in ctx.most_read[:5])
    authors = ", ".join(f'<a class="url fn n" href="/author/{_slugify(a)}/">{_e(a)}</a>' for a in art.authors)
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{_e(art.headline)} &#8212; {site.name}</title>
<link rel="canonical" href="{_e(art.url)}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(art.headline)}">
<meta property="og:url" content="{_e(art.url)}">
<meta property="og:site_name" content="{site.name}">
<meta property="article:published_time" content="{art.published.isoformat()}">
<script type="application/ld+json" class="yoast-schema-graph">{_json_ld(graph)}</script>
</head>
<body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{site.name}</a></p>
<p class="site-description">Independent news for the Upper Fenn</p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
{"".join(f'<li class="menu-item"><a href="/category/{_slugify(s)}/">{s}</a></li>' for s in NAV[:9])}
</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{_e(art.headline)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on {_us_date(art.published)}</span>
<span class="byline"> by {authors}</span></div></header>
<div class="entry-content">
{body}
<div class="sharedaddy"><h3 class="sd-title">Share this:</h3><a href="#">Twitter</a> <a href="#">Facebook</a></div>
<div id="jp-relatedposts"><h3>Related</h3><ul>
{rel}
</ul></div>
</div>
<footer class="entry-footer">
<span class="cat-links">Posted in <a href="/category/{_slugify(art.section)}/">{_e(art.section)}</a></span></footer>
</article>
<div id="comments" class="comments-area"><p class="no-comments">Comments are closed.</p></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2><ul>
{recent}
</ul></section>
<section class="widget"><h2 class="widget-title">Newsletter</h2>
<p>Get the Observer in your inbox every Friday.</p></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {art.published.year} {site.name} &middot;
<a href="/privacy-policy/">Privacy Policy</a> &middot; <a href="/terms/">Terms</a> &middot;
Proudly powered by a CMS</div></footer>
</body>
</html>
"""


def _render_coastline(art: DemoArticle, ctx: _Ctx) -> str:
    """The wire's own story page (carried as `html` in some API records): lean markup, a dateline."""
    site = art.site_obj
    body = "\n".join(f"<p>{_e(p)}</p>" for p in _wire_paragraphs(art))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(art.headline)}</title>
<link rel="canonical" href="{_e(art.url)}">
<meta property="og:title" content="{_e(art.headline)}"><meta property="og:site_name" content="{site.name}">
<meta property="article:published_time" content="{art.published.isoformat()}">
<meta name="byl" content="By {_e(_byline_and(art.authors))}">
<script type="application/ld+json">{_json_ld(_news_article_ld(art))}</script></head>
<body><div class="wire-top"><a href="/">{site.name.upper()}</a> <a href="/latest">Latest</a>
<a href="/markets">Markets</a>
<a href="/world">World</a> <a href="/licensing">Licensing</a></div>
<article class="wire-story"><h1>{_e(art.headline)}</h1>
<div class="wire-byline">By {_e(_byline_and(art.authors))}</div>
<div class="wire-time"><time datetime="{art.published.isoformat()}">{art.published:%Y-%m-%d %H:%M} GMT+1</time></div>
<div class="wire-body">
{body}
</div>
<p class="wire-note">Reporting by {_e(_byline_and(art.authors))}; editing by the Coastline Wire desk.</p>
</article>
<footer><p>&copy; {art.published.year} {site.name}. All rights reserved. For subscribers' use only; redistribution
requires a licence.</p></footer></body></html>
"""


def _wire_paragraphs(art: DemoArticle) -> list[str]:
    """Wire copy opens with a dateline; other sites' records are left as written."""
    if art.site != "coastline":
        return art.paragraphs
    city = art.paragraphs[0]
    dateline = f"PORT AVERLY, {MONTHS[art.published.month - 1]} {art.published.day} ({art.site_obj.name}) - "
    return [dateline + city, *art.paragraphs[1:]]


RENDERERS: dict[str, Callable[[DemoArticle, _Ctx], str]] = {
    "harbour": _render_harbour,
    "northgate": _render_northgate,
    "valley": _render_valley,
    "fenwick": _render_fenwick,
    "coastline": _render_coastline,
}


def _render_meridian(art: DemoArticle, ctx: _Ctx, prev: DemoArticle | None, nxt: DemoArticle | None) -> str:
    """A page dump in the shape of the Meridian Post's site: "Today:" header, teasers and footer after the story."""
    page_date = art.page_date or art.published.date()
    lines = [
        f"Today: {_human_date(page_date)}",
        _human_date(art.published),
        f"{art.minutes} min read",
        "",
        art.headline,
        "",
    ]
    body = list(art.paragraphs)
    also = ctx.related[0].headline if ctx.related else None
    if also:
        body.insert(min(len(body), max(2, len(body) - 2)), f"ALSO READ: {also}")
    for p in body:
        lines += [p, ""]
    if prev:
        lines += ["Previous Story", "", prev.headline, ""]
    if nxt:
        lines += ["Next Story", "", nxt.headline, ""]
    lines += [f"Latest from -{art.section}", ""]
    for r in ctx.related[1:4]:
        lines += [r.headline, "", _truncate_words(r.description, 24), ""]
    lines[-1:] = ["Go toTop", "", "Don't Miss", ""]
    for i, h in enumerate(ctx.most_read[:2]):
        lines += [h, "", SNIPPETS[(art.uid + i) % len(SNIPPETS)][:70].rsplit(" ", 1)[0], ""]
    lines += [
        "About Us | Contact | Advertise | Privacy Policy | Terms of Service",
        f"© {page_date.year} {art.site_obj.name}. All rights reserved.",
    ]
    return "\n".join(lines) + "\n"


def _truncate_words(text: str, n: int) -> str:
    """A teaser cut mid-sentence, as site widgets do."""
    return " ".join(text.split()[:n])


RIVERBEND_NAV = (
    "Skip to content",
    "Riverbend Gazette",
    "Subscribe",
    "Sign In",
    "Home",
    "News",
    "Local",
    "National",
    "World",
    "Politics",
    "Business",
    "Markets",
    "Environment",
    "Health",
    "Technology",
    "Sport",
    "Football",
    "Cricket",
    "Property",
    "Energy",
    "Courts",
    "Home Affairs",
    "Opinion",
    "Editorials",
    "Letters",
    "Culture",
    "Books",
    "Food",
    "Travel",
    "Puzzles",
    "Crossword",
    "Obituaries",
    "Video",
    "Podcasts",
    "Newsletters",
    "e-Edition",
)
RIVERBEND_FOOTER = (
    "Back to Top",
    "About the Gazette",
    "Contact Us",
    "Work for Us",
    "Advertise",
    "Subscriptions",
    "Manage my account",
    "e-Edition",
    "Newsletters",
    "Archive",
    "Corrections",
    "Reader Panel",
    "Sitemap",
    "RSS",
    "Help",
    "Terms of Service",
    "Privacy Policy",
    "Cookie Policy",
    "Your Ad Choices",
)


def _render_riverbend(art: DemoArticle, ctx: _Ctx) -> str:
    """A page dump with one line per element (nav, byline, caption, body, tags, footer), no blank lines."""
    page_date = art.page_date or art.published.date()
    lines = list(RIVERBEND_NAV)
    lines += [
        f"{WEEKDAYS[page_date.weekday()]}, {_us_date(page_date)}",
        "Advertisement",
        art.section,
        _title_case(art.headline),
        art.description,
        f"By {_byline_and(art.authors)}",
        f"{_us_date(art.published)} | Updated {art.published:%I:%M %p}".replace(" 0", " "),
        f"A street in {art.tags[-1]}. (Photo: Gazette staff)",
    ]
    lines += art.paragraphs[1:] if art.paragraphs[0] == art.description else art.paragraphs
    lines += ["Related Tags:", *art.tags, "0 Comments", "Most Popular", *ctx.most_read[:5]]
    lines += [f"More in {art.section}", *[_title_case(r.headline) for r in ctx.related[:3]]]
    lines += list(RIVERBEND_FOOTER)
    lines += [
        f"© {page_date.year} Riverbend Gazette. All rights reserved.",
        "This website uses cookies to improve your experience. By continuing you agree to our Privacy Policy "
        "and Cookie Policy. OK",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Record exports


def _jsonl_record(art: DemoArticle, with_html: bool, html_page: str) -> dict[str, object]:
    rec: dict[str, object] = {
        "url": art.url,
        "title": art.headline,
        "description": art.description,
        "published_at": art.published.isoformat(),
        "authors": art.authors,
        "section": art.section,
        "tags": art.tags,
        "language": "en",
        "site_name": art.site_obj.name,
    }
    if with_html:
        rec["html"] = html_page
    else:
        rec["text"] = "\n\n".join(_wire_paragraphs(art))
    rec["word_count"] = art.word_count
    return rec


def _json_record(art: DemoArticle) -> dict[str, object]:
    utc = art.published.astimezone(UTC)
    return {
        "source_name": art.site_obj.name,
        "author": ", ".join(art.authors),
        "title": art.headline,
        "description": art.description,
        "url": art.url,
        "publishedAt": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "category": art.section,
        "keywords": ", ".join(art.tags),
        "content": art.paragraphs,
    }


CSV_COLUMNS = ("link", "headline", "date", "byline", "section", "tags", "site", "body")


def _csv_row(art: DemoArticle) -> list[str]:
    return [
        art.url,
        art.headline,
        art.published.strftime("%Y-%m-%d %H:%M"),
        "By " + _byline_and(art.authors),
        art.section,
        "; ".join(art.tags),
        art.site_obj.name,
        "\n\n".join(_wire_paragraphs(art)),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Containers, byte-stable


def _gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def _zip_bytes(members: Sequence[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever the generating OS
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _warc_bytes(pages: Sequence[tuple[DemoArticle, str]], filename: str, seed: int) -> bytes:
    """WARC/1.0, gzipped per record: warcinfo, a request for the first page, one response per page, robots.txt."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(f"{seed}-warc-{filename}")

    def rec_id() -> str:
        return f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>"

    def warc_date(d: date, n: int) -> str:
        return f"{d:%Y-%m-%d}T{8 + n // 3600 % 10:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z"

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    first_day = min((a.page_date or a.published.date()) for a, _ in pages)
    info = f"software: {WARC_SOFTWARE}\r\nformat: WARC File Format 1.0\r\nrobots: obey\r\n".encode()
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": rec_id(),
                "WARC-Date": warc_date(first_day, 0),
                "WARC-Filename": filename,
            },
        )
    )
    robots = b"User-agent: *\nDisallow: /wp-admin/\n"
    site = SITE_BY_KEY["fenwick"]
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(robots)))], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            f"https://www.{site.domain}/robots.txt",
            "response",
            payload=io.BytesIO(robots),
            length=len(robots),
            http_headers=http,
            warc_headers_dict={"WARC-Record-ID": rec_id(), "WARC-Date": warc_date(first_day, 5)},
        )
    )
    for n, (art, page) in enumerate(pages):
        day = art.page_date or art.published.date()
        when = warc_date(day, 60 * (n + 1))
        body = page.encode("utf-8")
        if n == 0:
            req = (
                f"GET {art.url.split(site.domain, 1)[1]} HTTP/1.1\r\nHost: www.{site.domain}\r\n"
                "User-Agent: newsdesk-demo-crawler/1.0\r\nAccept: text/html\r\n\r\n"
            ).encode()
            writer.write_record(
                writer.create_warc_record(
                    art.url,
                    "request",
                    payload=io.BytesIO(req),
                    length=len(req),
                    warc_headers_dict={"WARC-Record-ID": rec_id(), "WARC-Date": when},
                )
            )
        http = StatusAndHeaders(
            "200 OK",
            [
                ("Date", f"{WEEKDAYS[day.weekday()][:3]}, {day:%d} {MONTHS[day.month - 1][:3]} {day:%Y} 08:00:00 GMT"),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=UTF-8"),
                ("Content-Length", str(len(body))),
            ],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                art.url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Record-ID": rec_id(), "WARC-Date": when},
            )
        )
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# The corpus


def render_demo_corpus(articles: Sequence[DemoArticle], seed: int = 2024) -> dict[str, bytes]:
    """Every file of the corpus as {relative path: bytes}, in sorted path order (nothing touches the disk)."""
    by_topic: dict[str, list[DemoArticle]] = {}
    for a in articles:
        by_topic.setdefault(a.topic, []).append(a)
    rng = random.Random(f"{seed}-chrome")
    ctxs = {a.uid: _Ctx(_related(a, by_topic), rng.sample(T.EVERGREEN_HEADLINES, 5)) for a in articles}

    def page(a: DemoArticle) -> str:
        return RENDERERS[a.site](a, ctxs[a.uid])

    files: dict[str, bytes] = {}
    records: dict[str, list[tuple[int, bytes | dict[str, object] | list[str] | tuple[DemoArticle, str]]]] = {}
    meridian = sorted((a for a in articles if a.site == "meridian" and a.format in ("txt", "zip")), key=lambda a: a.uid)
    neighbours = {
        a.uid: (meridian[i - 1] if i else None, meridian[i + 1] if i + 1 < len(meridian) else None)
        for i, a in enumerate(meridian)
    }
    zip_members: list[tuple[str, bytes]] = []
    html_rng = random.Random(f"{seed}-jsonl-html")
    for a in articles:
        target, _, n = a.path.partition("!" if a.channel == "zip" else "#")
        if a.channel in ("html:harbour", "html:northgate", "htm:valley"):
            files[target] = page(a).encode(a.encoding, errors="xmlcharrefreplace")
        elif a.channel == "html.gz":
            files[target] = _gzip_bytes(page(a).encode("utf-8"))
        elif a.channel == "txt:meridian":
            files[target] = _render_meridian(a, ctxs[a.uid], *neighbours[a.uid]).encode("utf-8")
        elif a.channel == "txt:riverbend":
            files[target] = _render_riverbend(a, ctxs[a.uid]).encode("utf-8")
        elif a.channel == "zip":
            text = page(a) if a.site == "harbour" else _render_meridian(a, ctxs[a.uid], *neighbours[a.uid])
            zip_members.append((n, text.encode("utf-8")))
        elif a.channel == "jsonl":
            with_html = a.site == "coastline" and html_rng.random() < JSONL_HTML_SHARE
            rec = _jsonl_record(a, with_html, page(a) if with_html else "")
            records.setdefault(target, []).append((int(n), rec))
        elif a.channel == "csv":
            records.setdefault(target, []).append((int(n), _csv_row(a)))
        elif a.channel == "json":
            records.setdefault(target, []).append((int(n), _json_record(a)))
        elif a.channel == "warc":
            records.setdefault(target, []).append((int(n), (a, page(a))))
        if a.duplicate_path:
            dtarget, _, dn = a.duplicate_path.partition("#")
            records.setdefault(dtarget, []).append((int(dn), _jsonl_record(a, False, "")))
    for target in sorted(records):
        rows = [r for _, r in sorted(records[target], key=lambda p: p[0])]
        if target.endswith(".jsonl"):
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            files[target] = text.encode("utf-8")
        elif target.endswith(".json"):
            files[target] = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        elif target.endswith(".csv"):
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\r\n")
            w.writerow(CSV_COLUMNS)
            w.writerows(rows)  # type: ignore[arg-type]
            files[target] = out.getvalue().encode("utf-8")
        elif target.endswith(".warc.gz"):
            files[target] = _warc_bytes(rows, target.rsplit("/", 1)[1], seed)  # type: ignore[arg-type]
    if zip_members:
        files[ZIP_NAME] = _zip_bytes(sorted(zip_members))
    return dict(sorted(files.items()))


def summarize(articles: Sequence[DemoArticle], files: dict[str, bytes]) -> DemoSummary:
    by_format = Counter(a.format for a in articles)
    by_format["jsonl"] += sum(1 for a in articles if a.duplicate_path)
    by_topic = Counter(t for a in articles for t in a.topics)
    by_site = Counter(a.site_obj.name for a in articles)
    dates = sorted(a.published.date() for a in articles)
    return DemoSummary(
        articles=len(articles),
        files=len(files),
        by_format=dict(sorted(by_format.items())),
        first_date=dates[0].isoformat(),
        last_date=dates[-1].isoformat(),
        by_topic={t: by_topic[t] for t in T.TOPIC_BY_NAME},
        by_site=dict(sorted(by_site.items())),
        duplicates=sum(1 for a in articles if a.duplicate_path),
        bytes=sum(len(b) for b in files.values()),
    )


def write_demo_corpus(out: Path, *, seed: int = 2024) -> DemoSummary:
    """Remove `out` and write the demo corpus into it; the same seed gives byte-identical files."""
    articles = build_demo_articles(seed)
    files = render_demo_corpus(articles, seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return summarize(articles, files)
