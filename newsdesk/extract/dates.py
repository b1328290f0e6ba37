"""Date parsing for news pages: the formats bylines, date lines and URLs use, in several languages.

Shared by the text-dump cleaner and the HTML extractor. Every public function returns None / an empty list on
input it does not understand; nothing here raises on bad input. Dates before `MIN_YEAR` or more than
`MAX_FUTURE_DAYS` after the reference day (today by default) are rejected as false positives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# No news article in our corpora predates the web; earlier "dates" are almost always IDs or prices.
MIN_YEAR = 1990
# Pages sometimes carry scheduled-event dates a few weeks ahead; anything later than this is not a pub date.
MAX_FUTURE_DAYS = 60

# Month names by ISO 639-1 language (lower case, accents kept; abbreviations with or without a dot).
MONTHS: dict[str, dict[str, int]] = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3, "mrz": 3,
        "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
        "dezember": 12, "dez": 12,
    },
    "fr": {
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
        "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
        "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12,
        "déc": 12, "dec": 12,
    },
    "es": {
        "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3, "abril": 4, "abr": 4, "mayo": 5,
        "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
        "sept": 9, "sep": 9, "octubre": 10, "oct": 10, "noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
    },
    "it": {
        "gennaio": 1, "gen": 1, "febbraio": 2, "feb": 2, "marzo": 3, "mar": 3, "aprile": 4, "apr": 4,
        "maggio": 5, "mag": 5, "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "agosto": 8, "ago": 8,
        "settembre": 9, "set": 9, "ottobre": 10, "ott": 10, "novembre": 11, "nov": 11, "dicembre": 12,
        "dic": 12,
    },
    "pt": {
        "janeiro": 1, "jan": 1, "fevereiro": 2, "fev": 2, "março": 3, "marco": 3, "mar": 3, "abril": 4,
        "abr": 4, "maio": 5, "mai": 5, "junho": 6, "jun": 6, "julho": 7, "jul": 7, "agosto": 8, "ago": 8,
        "setembro": 9, "set": 9, "outubro": 10, "out": 10, "novembro": 11, "nov": 11, "dezembro": 12,
        "dez": 12,
    },
    "nl": {
        "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
        "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "id": {
        "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
        "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    },
    "ru": {
        "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
        "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    },
}  # fmt: skip

# Weekday names by language: full names, plus the English abbreviations mastheads use ("Mon, May 26, 2025").
# Other languages' abbreviations are left out because they collide with month names ("mar", "mer").
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
           "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"),
    "it": ("lunedì", "lunedi", "martedì", "martedi", "mercoledì", "mercoledi", "giovedì", "giovedi", "venerdì",
           "venerdi", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira", "terca-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado",
           "sabado", "domingo"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}  # fmt: skip

# ----- Localized forms around a date's day, month, year and time ----------------------------------------------
# (kept together so that languages are added here, apart from the parsing and URL logic below; the page chrome
# around dates, "Publié le", "Mis à jour le", is in newsdesk/extract/locales)
# After the day number: "1st", "1er" / "1ᵉʳ" (fr), "1º" / "1°" (es, it, pt), "1." (de).
DAY_SUFFIXES = ("st", "nd", "rd", "th", "er", "ᵉʳ", "º", "°", ".")
# Between day and month: "3 de mayo", "3 de maio" (es, pt), "3rd of May"; between month and year: "mayo de 2024",
# "mayo del 2024" (es), "maio de 2024" (pt).
DAY_MONTH_WORDS = ("de", "of")
MONTH_YEAR_WORDS = ("de", "del")
# Between a date and its time: "at", "um" (de), "à" (fr), "às" (pt), "a las" (es), "alle" / "ore" (it), "om" (nl),
# "kl." (nordic).
TIME_GLUE_WORDS = ("at", "um", "à", "às", "a las", "alle", "ore", "om", "kl.", "kl")
# Between hours and minutes: "08:30", "08.30", "08h30" (fr, pt) and the French spaced "8 h 30".
HOUR_MINUTE_SEPARATOR = r"(?:[:.h]|\s?h\s)"


def _words(words: tuple[str, ...]) -> str:
    """A word list as a regular-expression alternation, longest first, each word whole (a "." may end it)."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(rf"\b{w}(?!\w)" if w[-1].isalnum() else rf"\b{w}" for w in escaped) + ")"


# ---------------------------------------------------------------------------------------------------------------

# Time-zone abbreviations with a fixed offset; ambiguous ones (ET, PT, CT) keep the local time only.
TZ_OFFSETS: dict[str, str] = {
    "UTC": "+00:00", "GMT": "+00:00", "Z": "+00:00", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00",
    "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00", "IST": "+05:30",
    "BST": "+01:00", "CET": "+01:00", "CEST": "+02:00", "MEZ": "+01:00", "MESZ": "+02:00", "JST": "+09:00",
    "AEST": "+10:00", "AEDT": "+11:00", "PKT": "+05:00", "WIB": "+07:00", "SGT": "+08:00", "HKT": "+08:00",
}  # fmt: skip
TZ_AMBIGUOUS = ("ET", "PT", "CT", "MT")

# Relative expressions ("3 hours ago"): unit words per language mapped to a timedelta unit.
RELATIVE_UNITS: dict[str, str] = {
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes", "hour": "hours",
    "hours": "hours", "hr": "hours", "hrs": "hours", "day": "days", "days": "days", "week": "weeks",
    "weeks": "weeks", "minuten": "minutes", "stunde": "hours", "stunden": "hours", "tag": "days",
    "tagen": "days", "minutos": "minutes", "hora": "hours", "horas": "hours", "día": "days", "días": "days",
    "dia": "days", "dias": "days", "heure": "hours", "heures": "hours", "jour": "days", "jours": "days",
    "ore": "hours", "ora": "hours", "giorni": "days", "giorno": "days", "uur": "hours", "dagen": "days",
}  # fmt: skip
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einem": 1, "einer": 1, "un": 1, "une": 1}


@dataclass(frozen=True)
class DateParse:
    """A parsed date: ISO `date`, plus `time` (`HH:MM[:SS]`) and `tz` (offset or name) when stated."""

    date: str
    time: str | None = None
    tz: str | None = None
    relative: bool = False

    @property
    def iso(self) -> str:
        """`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS][+HH:MM]` when the source gave a time."""
        if self.time is None:
            return self.date
        offset = self.tz if self.tz and self.tz[0] in "+-" else ""
        return f"{self.date}T{self.time}{offset}"


def _month_table(languages: Iterable[str] | None) -> dict[str, int]:
    langs = list(MONTHS) if languages is None else [lang for lang in languages if lang in MONTHS]
    table: dict[str, int] = {}
    for lang in langs:
        table.update(MONTHS[lang])
    return table


_TIME = (
    r"(?P<hh>[012]?\d)" + HOUR_MINUTE_SEPARATOR + r"(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?(?:\.\d+)?"
    r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?"
    r"(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|UTC[+-]\d{1,2}|[A-Z]{2,4}\b))?"
)
# What may stand between a date and the time after it: commas, "at", "um", "à", "às", "-", "|", "/"...
_TIME_GLUE = r"(?:[\s,|/\-–·•]|" + _words(TIME_GLUE_WORDS) + ")*"
_TIME_AFTER = re.compile(r"^" + _TIME_GLUE + _TIME)
_TIME_BEFORE = re.compile(_TIME + r"[\s,|·]*(?:[A-Za-z]{3,9}\.?,?\s*)?$")

_ANY_DIGIT = re.compile(r"\d")
_ISO = re.compile(
    r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<hh>\d{2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?![\d-])"
)
_YMD = re.compile(r"(?<![\d/.])(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/.]\d)")
_DMY_NUM = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.]\d)")


def _textual_patterns(
    languages: Iterable[str] | None,
) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    table = _month_table(languages)
    names = "|".join(sorted((re.escape(n) for n in table), key=len, reverse=True))
    month = rf"(?P<mon>{names})\.?"
    suffix = "|".join(re.escape(x) for x in DAY_SUFFIXES)
    day_month, month_year = _words(DAY_MONTH_WORDS), _words(MONTH_YEAR_WORDS)
    day_first = re.compile(
        rf"(?<![\w.])(?P<d>[0-3]?\d)(?:{suffix})?\s*(?:{day_month}\s+|-)?{month}(?![^\W\d_])"
        rf"[,.]?\s*(?:{month_year}\s+|-)?(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    month_first = re.compile(
        rf"(?<![\w])(?:{month})(?![^\W\d_])\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)[,.]?\s*(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    return day_first, month_first, table


_PATTERN_CACHE: dict[tuple[str, ...] | None, tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]] = {}


def _patterns(languages: Iterable[str] | None) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    key = None if languages is None else tuple(sorted(languages))
    if key not in _PATTERN_CACHE:
        _PATTERN_CACHE[key] = _textual_patterns(key)
    return _PATTERN_CACHE[key]


def _today() -> date:
    return datetime.now().date()


def _valid(y: int, m: int, d: int, reference: date | None) -> date | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if y < MIN_YEAR or day > (reference or _today()) + timedelta(days=MAX_FUTURE_DAYS):
        return None
    return day


def _time_from(m: re.Match[str]) -> tuple[str | None, str | None]:
    """(HH:MM[:SS], tz) from a match holding the _TIME groups; (None, None) when the time is impossible."""
    hh, mi, ss, ampm = m.group("hh"), m.group("mi"), m.group("ss"), m.groupdict().get("ampm")
    if hh is None or mi is None:
        return None, None
    hour = int(hh)
    if ampm:
        if not 1 <= hour <= 12:
            return None, None
        pm = ampm.strip().lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    if hour > 23:
        return None, None
    text = f"{hour:02d}:{mi}" + (f":{ss}" if ss else "")
    tz_raw = m.group("tz")
    tz: str | None = None
    if tz_raw:
        up = tz_raw.upper()
        if up in TZ_OFFSETS:
            tz = TZ_OFFSETS[up]
        elif re.fullmatch(r"[+-]\d{2}:?\d{2}", tz_raw):
            tz = tz_raw if ":" in tz_raw else f"{tz_raw[:3]}:{tz_raw[3:]}"
        elif up.startswith("UTC") and len(up) > 3:
            tz = f"{up[3]}{int(up[4:]):02d}:00"
        elif up in TZ_AMBIGUOUS:
            tz = up
    return text, tz


def _attach_time(text: str, start: int, end: int) -> tuple[str | None, str | None, int, int]:
    """Look for a clock time right after (or right before) a date at text[start:end]."""
    after = _TIME_AFTER.match(text[end : end + 40])
    if after:
        time, tz = _time_from(after)
        if time:
            return time, tz, start, end + after.end()
    before = _TIME_BEFORE.search(text[max(0, start - 30) : start])
    if before:
        time, tz = _time_from(before)
        if time:
            return time, tz, start - (len(text[max(0, start - 30) : start]) - before.start()), end
    return None, None, start, end


@dataclass(frozen=True)
class DateMatch:
    """Where a date was found in a text: the matched span (date plus any attached time)."""

    start: int
    end: int
    text: str

    def group(self, _index: int = 0) -> str:
        """The matched text, like `re.Match.group()`."""
        return self.text

    def span(self) -> tuple[int, int]:
        """(start, end) offsets in the searched text, like `re.Match.span()`."""
        return self.start, self.end


def find_dates(
    text: str, *, languages: Iterable[str] | None = None, reference: date | datetime | None = None
) -> list[tuple[DateMatch, DateParse]]:
    """Every plausible date in `text`, in order of position; relative ones only when `reference` is given."""
    if not text or not _ANY_DIGIT.search(text) and reference is None:
        return []
    ref = reference.date() if isinstance(reference, datetime) else reference
    day_first, month_first, table = _patterns(languages)
    found: list[tuple[DateMatch, DateParse]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int, day: date, time: str | None = None, tz: str | None = None, rel: bool = False) -> None:
        if time is None and not rel:
            time, tz, s, e = _attach_time(text, s, e)
        taken.append((s, e))
        found.append((DateMatch(s, e, text[s:e]), DateParse(day.isoformat(), time, tz, rel)))

    for m in _ISO.finditer(text):
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]), ref)
        if day and free(*m.span()):
            time, tz = _time_from(m) if m["hh"] else (None, None)
            add(m.start(), m.end(), day, time, tz)
    for pattern in (day_first, month_first):
        for m in pattern.finditer(text):
            month = table.get(m["mon"].lower().rstrip("."))
            day = _valid(int(m["y"]), month, int(m["d"]), ref) if month else None
            if day and free(*m.span()):
                add(m.start(), m.end(), day)
    for m in _YMD.finditer(text):
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]), ref)
        if day and free(*m.span()):
            add(m.start(), m.end(), day)
    for m in _DMY_NUM.finditer(text):
        a, b, y = int(m["a"]), int(m["b"]), m["y"]
        year = int(y) if len(y) == 4 else _expand_year(int(y), ref)
        if len(y) == 2 and m["sep"] == ".":
            continue  # "1.2.19" is as likely a version number as a date
        # Day first unless that is impossible: 13/06/2014 is June, 11/19/19 is November.
        day = _valid(year, b, a, ref) if a > 12 or b <= 12 else _valid(year, a, b, ref)
        if day and free(*m.span()):
            add(m.start(), m.end(), day)
    if ref is not None:
        for s, e, day in _relative(text, ref):
            if free(s, e):
                add(s, e, day, rel=True)
    found.sort(key=lambda pair: pair[0].start)
    return found


def _expand_year(yy: int, reference: date | None) -> int:
    current = (reference or _today()).year % 100
    return 2000 + yy if yy <= current + 1 else 1900 + yy


_RELATIVE = re.compile(
    r"(?:(?P<n>\d{1,3}|an?|one|eine?[mr]?|une?)\s+(?P<unit>[^\W\d_]+)\s+ago"
    r"|vor\s+(?P<n2>\d{1,3}|eine?[mr]?)\s+(?P<unit2>[^\W\d_]+)"
    r"|il y a\s+(?P<n3>\d{1,3}|une?)\s+(?P<unit3>[^\W\d_]+)"
    r"|hace\s+(?P<n4>\d{1,3}|una?)\s+(?P<unit4>[^\W\d_]+)"
    r"|há\s+(?P<n5>\d{1,3}|uma?)\s+(?P<unit5>[^\W\d_]+)"
    r"|(?P<n6>\d{1,3})\s+(?P<unit6>[^\W\d_]+)\s+fa"
    r"|(?P<n7>\d{1,3})\s+(?P<unit7>[^\W\d_]+)\s+geleden"
    r"|(?P<yesterday>\byesterday\b|\bgestern\b|\bhier\b|\bayer\b|\bontem\b|\bieri\b|\bgisteren\b)"
    r"|(?P<today>\btoday\b|\bheute\b|\baujourd'hui\b|\bhoy\b|\bhoje\b|\boggi\b|\bvandaag\b))",
    re.IGNORECASE,
)


def _relative(text: str, ref: date) -> list[tuple[int, int, date]]:
    out: list[tuple[int, int, date]] = []
    for m in _RELATIVE.finditer(text):
        if m["yesterday"]:
            out.append((m.start(), m.end(), ref - timedelta(days=1)))
            continue
        if m["today"]:
            out.append((m.start(), m.end(), ref))
            continue
        for i in ("", "2", "3", "4", "5", "6", "7"):
            n_raw, unit_raw = m.group("n" + i), m.group("unit" + i)
            if n_raw is None:
                continue
            unit = RELATIVE_UNITS.get(unit_raw.lower())
            n = int(n_raw) if n_raw.isdigit() else _NUMBER_WORDS.get(n_raw.lower(), 1)
            if unit:
                moment = datetime.combine(ref, datetime.max.time()) - timedelta(**{unit: n})
                out.append((m.start(), m.end(), moment.date()))
            break
    return out


def parse_date(
    s: str, *, languages: Iterable[str] | None = None, reference: date | datetime | None = None
) -> DateParse | None:
    """The first date stated in `s` (a date line, a byline, an attribute value), or None.

    Falls back to python-dateutil only for short strings that hold a four-digit year, and only when the
    result is plausible, because its fuzzy mode turns any number into a date.
    """
    if not s or not isinstance(s, str):
        return None
    try:
        found = find_dates(s, languages=languages, reference=reference)
        if found:
            return found[0][1]
        return _dateutil_fallback(s, reference)
    except (ValueError, OverflowError, TypeError, re.error):
        return None


def _dateutil_fallback(s: str, reference: date | datetime | None) -> DateParse | None:
    text = s.strip()
    if len(text) > 40 or not re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", text) or not re.search(r"[A-Za-z]", text):
        return None
    try:
        from dateutil import parser as du_parser

        sentinel = datetime(1, 1, 1)
        parsed = du_parser.parse(text, default=sentinel, fuzzy=False)
    except (ValueError, OverflowError, TypeError, ImportError):
        return None
    if parsed.year == 1 or parsed.day == 1 and not re.search(r"(?<!\d)0?1(?!\d)", text):
        return None
    ref = reference.date() if isinstance(reference, datetime) else reference
    day = _valid(parsed.year, parsed.month, parsed.day, ref)
    return DateParse(day.isoformat()) if day else None


_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$|[-_.])"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})_(?P<m>\d{2})_(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?:^|[/_-])(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:$|[/_.-])"),
)


def date_from_url(url: str | None) -> str | None:
    """The ISO date a URL path states (/2024/01/19/, /20240119/, 2024-01-19), or None."""
    if not url or not isinstance(url, str):
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE)
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            day = _valid(int(m["y"]), int(m["m"]), int(m["d"]), None)
            if day:
                return day.isoformat()
    return None


_WEEKDAY_CACHE: dict[tuple[str, ...] | None, re.Pattern[str]] = {}


def _weekday_pattern(languages: Iterable[str] | None) -> re.Pattern[str]:
    key = None if languages is None else tuple(sorted(languages))
    if key not in _WEEKDAY_CACHE:
        langs = list(WEEKDAYS) if key is None else [lang for lang in key if lang in WEEKDAYS]
        names = sorted({n for lang in langs for n in WEEKDAYS[lang]}, key=len, reverse=True)
        body = "|".join(re.escape(n) for n in names) or "(?!)"
        _WEEKDAY_CACHE[key] = re.compile(rf"(?<![^\W\d_])(?:{body})\.?(?![^\W\d_])", re.IGNORECASE)
    return _WEEKDAY_CACHE[key]


def weekday_spans(text: str, *, languages: Iterable[str] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every weekday name in `text` ("Monday", "Mon.", "lundi"); [] on bad input.

    A masthead's own date usually names the weekday ("Monday, May 26, 2025"), which helps tell it from the
    article's date line."""
    if not text or not isinstance(text, str):
        return []
    return [m.span() for m in _weekday_pattern(languages).finditer(text)]
