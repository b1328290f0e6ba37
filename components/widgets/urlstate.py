"""The dashboard's view lives in the address bar, so a link reproduces it, locally or on Community Cloud.

Contract (`keep_in_url` wraps a page's render function with both halves):
- `restore` runs before any widget is drawn. On a session's first run and after the browser's back/forward buttons
  it reads the query parameters it owns into session state, so the widgets start from them; when the page is
  entered again from another page (Streamlit drops both the widgets' values and the query string then) it brings
  back the view the session last had. A value it cannot use (unknown topic, bad date, not an option) is dropped
  with a toast, never an exception. Other reruns leave session state alone: the widgets hold the view.
- `save` runs after every widget is drawn: each owned value that differs from its default is written back to the
  URL (a default is left out), every other parameter is left alone.

What is owned: the parameters of the registry (`PARAMS`, extended with `register`: short names for the filters, the
list's sort and the coverage controls) and, for every other session key starting with `flt_` or `cov_`
that belongs to a settable widget, a parameter named after the key without its prefix (`cov_smooth` -> `smooth`).
Such keys are learnt as they are drawn: a widget's first value gives its type and default, so a URL value for one is
parsed at the end of the first run and applied on an immediate rerun. Never owned: `article` and anything starting
with `review` (the review feature's), Streamlit's embed parameters, and any parameter no key claims.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Collection, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit

import streamlit as st

from components import data
from components.widgets import state
from components.widgets.safe import safe_text

RESERVED_NAMES = frozenset({"article", "embed", "embed_options"})
RESERVED_PREFIXES = ("review",)
SYNCED_PREFIXES = (state.FILTER_PREFIX, state.COVERAGE_PREFIX)
LIST_SEP = ","
ESCAPE = "\\"  # a list item holding a comma is written with a backslash before it
BOOK_KEY = "_urlstate"  # this module's own bookkeeping in session state (never in the URL itself)
# Streamlit lets code set these widget value types through session state; buttons, uploaders and chat inputs refuse.
SETTABLE_WIDGET_TYPES = frozenset(
    {"bool_value", "int_value", "double_value", "string_value", "string_array_value", "int_array_value",
     "double_array_value"}
)  # fmt: skip
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
NOTICE_CHARS = 60  # a notice quotes at most this much of a URL value (links can be long, and are untrusted)
NOTICE_ICON = ":material/link_off:"
# Community Cloud serves the app's own page under this path inside its frame; the address people share has none.
CLOUD_FRAME_PATH = "/~/+"


class _Unknown:
    """A default that cannot be known: the URL set the widget before it was ever drawn with its own default."""

    def __repr__(self) -> str:
        return "UNKNOWN"


LEARN: Any = object()  # a Param default meaning "the widget's value the first time it is drawn"
UNKNOWN: Any = _Unknown()


# ------------------------------------------------------------------------------------------------- value <-> text
def _escape(item: str) -> str:
    return item.replace(ESCAPE, ESCAPE * 2).replace(LIST_SEP, ESCAPE + LIST_SEP)


def split_list(text: str) -> list[str]:
    """The items of a comma-separated list (backslash escapes a comma or itself); empty items are dropped."""
    items: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == ESCAPE:
            current.append(next(chars, ESCAPE))
        elif ch == LIST_SEP:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item for item in items if item]


def encode(value: Any) -> str | None:
    """A widget value as URL text, or None when it has no text form here (then it is not kept in the URL)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.time):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        parts = [None if isinstance(v, list | tuple) or v is None else encode(v) for v in value]
        if any(p is None for p in parts):
            return None
        return LIST_SEP.join(_escape(str(p)) for p in parts)
    return None


def decode(text: str, like: Any) -> Any:
    """URL text as a value of the same type as `like` (items typed like its first item); ValueError if it is not."""
    if isinstance(like, bool):
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"not yes or no: {text!r}")
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"not a finite number: {text!r}")
        return number
    if isinstance(like, dt.datetime | dt.time):
        raise ValueError("times are not kept in the URL")
    if isinstance(like, dt.date):
        return dt.date.fromisoformat(text.strip())
    if isinstance(like, list | tuple):
        item_like = like[0] if like else ""
        items = [decode(item, item_like) for item in split_list(text)]
        return tuple(items) if isinstance(like, tuple) else items
    if like is None:
        return text or None
    return text


# ------------------------------------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class Context:
    """The corpus a URL is read against: valid sites, topics and dates come from it (through the cached reads)."""

    path: str
    data_version: int

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        return data.date_bounds(self.path, self.data_version)

    def sites(self) -> frozenset[str]:
        return frozenset(data.sites(self.path, self.data_version)["site"])

    def topic_ids(self, kind: str) -> frozenset[str]:
        return frozenset(data.topics(self.path, self.data_version, kind)["id"])  # type: ignore[arg-type]


Changes = tuple[dict[str, Any], list[str]]  # session values to set, and notices for what was ignored


class Entry(Protocol):
    """Some session keys kept in some URL parameters."""

    @property
    def names(self) -> tuple[str, ...]:
        """The URL parameters it owns."""
        ...

    def claims(self, key: str) -> bool:
        """Whether `key` is this entry's (so it is not also synced under a generic name)."""
        ...

    def keys(self, ctx: Context) -> tuple[str, ...]:
        """The session keys this entry sets now (cleared when the URL no longer names them)."""
        ...

    def read(self, ctx: Context, params: Mapping[str, str], staged: Mapping[str, Any]) -> Changes:
        """Session values for the URL's parameters; `staged` holds what earlier entries are about to set."""
        ...

    def write(self, ctx: Context, defaults: Mapping[str, Any]) -> dict[str, str | None]:
        """URL text per parameter name (None: leave it out); a name not returned keeps its current URL value."""
        ...


def _quote(text: str) -> str:
    short = text if len(text) <= NOTICE_CHARS else text[: NOTICE_CHARS - 1] + "…"
    return f"“{safe_text(short)}”"


def ignored(name: str, text: str, why: str) -> str:
    """A notice (Markdown, URL text escaped) for a parameter the link carried but the view could not use."""
    return f"Link: {safe_text(name)}={_quote(text)} ignored ({safe_text(why)})."


@dataclass(frozen=True)
class Param:
    """One session key kept in one URL parameter, typed like `like` (for a list: like its items, [] = text)."""

    name: str
    key: str
    like: Any = ""
    default: Any = LEARN
    allowed: Callable[[Context], Collection[Any]] | None = None  # valid values (each item's, for a list)
    codes: Mapping[str, Any] | None = None  # short URL words for the values (then only these are valid)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def claims(self, key: str) -> bool:
        return key == self.key

    def keys(self, ctx: Context) -> tuple[str, ...]:
        return (self.key,)

    def read(self, ctx: Context, params: Mapping[str, str], staged: Mapping[str, Any]) -> Changes:
        text = params[self.name]
        if self.codes is not None:
            if text not in self.codes:
                return {}, [ignored(self.name, text, "not one of " + ", ".join(self.codes))]
            return {self.key: self.codes[text]}, []
        try:
            value = decode(text, self.like)
        except ValueError:
            return {}, [ignored(self.name, text, "not a valid value")]
        if self.allowed is None:
            return {self.key: value}, []
        ok = self.allowed(ctx)
        if isinstance(value, list | tuple):
            bad = [v for v in value if v not in ok]
            kept = [v for v in value if v in ok]
            notes = [ignored(self.name, encode(bad) or "", "not found in this corpus")] if bad else []
            return {self.key: tuple(kept) if isinstance(value, tuple) else kept}, notes
        if value not in ok:
            return {}, [ignored(self.name, text, "not an option here")]
        return {self.key: value}, []

    def write(self, ctx: Context, defaults: Mapping[str, Any]) -> dict[str, str | None]:
        if self.key not in st.session_state:
            return {self.name: None}
        value = st.session_state[self.key]
        default = defaults.get(self.key, UNKNOWN) if self.default is LEARN else self.default
        if default is not UNKNOWN and value == default:
            return {self.name: None}
        if self.codes is not None:
            return {self.name: next((c for c, v in self.codes.items() if v == value), None)}
        return {self.name: encode(value)}


@dataclass(frozen=True)
class DateRange:
    """The published-date filter (one widget holding a (start, end) pair) as `from` and `to` ISO days, each left
    out while it is the corpus's own bound. A bound past the corpus's own means the same view, so it is clamped."""

    names: tuple[str, ...] = ("from", "to")

    def claims(self, key: str) -> bool:
        return key.startswith(state.DATES_PREFIX)

    def keys(self, ctx: Context) -> tuple[str, ...]:
        lo, hi = ctx.bounds()
        return (state.date_key(lo, hi),) if lo and hi else ()

    def read(self, ctx: Context, params: Mapping[str, str], staged: Mapping[str, Any]) -> Changes:
        lo, hi = ctx.bounds()
        given = {n: params[n] for n in self.names if n in params}
        if lo is None or hi is None:
            return {}, [ignored(n, t, "no article has a date") for n, t in given.items()]
        picked: dict[str, dt.date] = {}
        notes: list[str] = []
        for name, text in given.items():
            try:
                day = dt.date.fromisoformat(text.strip())
            except ValueError:
                notes.append(ignored(name, text, "not a date (YYYY-MM-DD)"))
                continue
            if (name == "from" and day > hi) or (name == "to" and day < lo):
                notes.append(ignored(name, text, f"outside the corpus, {lo} to {hi}"))
                continue
            picked[name] = min(max(day, lo), hi)
        start, end = picked.get("from", lo), picked.get("to", hi)
        if start > end:
            return {}, [*notes, ignored("from", str(start), f"after to={end}")]
        if (start, end) == (lo, hi):
            return {}, notes
        return {state.date_key(lo, hi): (start, end)}, notes

    def write(self, ctx: Context, defaults: Mapping[str, Any]) -> dict[str, str | None]:
        lo, hi = ctx.bounds()
        if lo is None or hi is None:
            return {"from": None, "to": None}
        value = st.session_state.get(state.date_key(lo, hi))
        if value is None:
            return {"from": None, "to": None}
        if not isinstance(value, tuple | list) or len(value) != 2:
            return {}  # one end picked so far: keep the URL as it was until the range is complete
        start, end = value
        return {"from": None if start <= lo else start.isoformat(), "to": None if end >= hi else end.isoformat()}


@dataclass(frozen=True)
class TopicPicks:
    """The picked topics (one widget per topic kind) as `topics`, a list of topic ids. Without a `kind` parameter,
    ids that are all of the other kind switch the kind too, so a hand-written link still works."""

    names: tuple[str, ...] = ("topics",)
    kinds: tuple[str, ...] = ("rule", "discovered")

    def claims(self, key: str) -> bool:
        return key.startswith(state.TOPICS_PREFIX)

    def keys(self, ctx: Context) -> tuple[str, ...]:
        return tuple(state.topics_key(k) for k in self.kinds)

    def read(self, ctx: Context, params: Mapping[str, str], staged: Mapping[str, Any]) -> Changes:
        text = params["topics"]
        ids = split_list(text)
        kind = str(staged.get(state.KIND_KEY) or st.session_state.get(state.KIND_KEY) or self.kinds[0])
        sets: dict[str, Any] = {}
        if "kind" not in params and ids and not set(ids) <= ctx.topic_ids(kind):
            other = next((k for k in self.kinds if set(ids) <= ctx.topic_ids(k)), None)
            if other is not None:
                kind = other
                sets[state.KIND_KEY] = other
        valid = ctx.topic_ids(kind)
        kept = [t for t in ids if t in valid]
        bad = [t for t in ids if t not in valid]
        notes = [ignored("topics", encode(bad) or "", f"no such {kind} topic")] if bad else []
        if kept:
            sets[state.topics_key(kind)] = kept
        return sets, notes

    def write(self, ctx: Context, defaults: Mapping[str, Any]) -> dict[str, str | None]:
        kind = str(st.session_state.get(state.KIND_KEY) or self.kinds[0])
        picked = st.session_state.get(state.topics_key(kind)) or []
        return {"topics": encode(list(picked)) if picked else None}


def _kinds(ctx: Context) -> Collection[str]:
    from components.widgets.filters import KIND_LABELS

    return KIND_LABELS


# The URL's schema, in the order a link lists it. The coverage controls' defaults are learnt (the granularity
# follows the corpus's span) and their options checked by coverage.py itself (a refused value gets a notice here);
# declaring them gives short names and lets a link set them on the first run. Other `flt_`/`cov_` keys are synced
# under generic names.
PARAMS: list[Entry] = [
    Param("q", state.SEARCH_KEY, like="", default=""),
    DateRange(),
    Param("sites", state.SITES_KEY, like=[], default=[], allowed=lambda ctx: ctx.sites()),
    Param("kind", state.KIND_KEY, like="", default="rule", allowed=_kinds),
    TopicPicks(),
    Param("view", "cov_view"),
    Param("per", "cov_granularity"),
    Param("show", "cov_measure"),
    Param("smooth", "cov_smooth", like=0),
    Param("band", "cov_band", like=True),
    Param("topic", "cov_topic"),  # the one-site view's topic and site
    Param("site", "cov_site"),
]


def register(entry: Entry) -> None:
    """Add (or, on a module reload, replace) an entry: for a key outside `flt_`/`cov_` or a shorter name."""
    for i, old in enumerate(PARAMS):
        if old.names == entry.names:
            PARAMS[i] = entry
            return
    PARAMS.append(entry)


# ---------------------------------------------------------------------------------------------------- machinery
def ownable(name: str) -> bool:
    """Whether a parameter name may ever be read or written here (the review feature's never are)."""
    low = name.lower()
    return low not in RESERVED_NAMES and not low.startswith(RESERVED_PREFIXES)


def _taken() -> set[str]:
    return {n for entry in PARAMS for n in entry.names}


def generic_name(key: str) -> str:
    """The parameter of a key no entry declares: the key without its prefix, or the whole key if that is taken."""
    short = next((key[len(p) :] for p in SYNCED_PREFIXES if key.startswith(p)), key)
    return key if not short or short in _taken() or not ownable(short) else short


def _claimed(key: str) -> bool:
    return any(entry.claims(key) for entry in PARAMS)


def _widget_value_type(key: str) -> str | None:
    """Streamlit's value type for the widget keyed `key`, "" when no widget has that key, None when unknown."""
    try:
        from streamlit.runtime.state import get_session_state

        inner = get_session_state()._state
        widget_id = inner.get_widget_id_from_key(key)
        if widget_id is None:
            return ""
        meta = inner.get_widget_metadata(widget_id)
        return str(meta.value_type) if meta is not None else ""
    except Exception:  # Streamlit internals moved: fall back to the value's own type
        return None


def _syncable(key: str, value: Any) -> bool:
    """Whether a `flt_`/`cov_` key is a widget whose value can go in the URL and be set back from it."""
    if encode(value) is None:
        return False
    kind = _widget_value_type(key)
    if kind is None:
        return not isinstance(value, bool)  # a button is a bool too, and cannot be set: leave bools out
    return kind in SETTABLE_WIDGET_TYPES


def generic_keys(extra: Iterable[str] = ()) -> dict[str, str]:
    """Parameter name -> session key for the synced keys no entry declares (in session state now, or `extra`)."""
    found: dict[str, str] = {}
    for key in [*map(str, st.session_state), *extra]:
        if not key.startswith(SYNCED_PREFIXES) or _claimed(key) or key in found.values():
            continue
        if key in st.session_state and not _syncable(key, st.session_state[key]):
            continue
        found[generic_name(key)] = key
    return found


def url_params() -> dict[str, str]:
    """The query parameters this module may own, as text (a repeated parameter's values joined as a list)."""
    return {n: LIST_SEP.join(st.query_params.get_all(n)) for n in st.query_params if ownable(n)}


def _book() -> dict[str, Any]:
    book = st.session_state.get(BOOK_KEY)
    if not isinstance(book, dict):
        book = {
            "restored": False,  # the URL was read once in this session
            "defaults": {},  # key -> learnt default (UNKNOWN when the URL set it before it was drawn)
            "expect": {},  # key -> value taken from the URL, checked after the widgets (refused values)
            "pending": {},  # name -> text of parameters whose widget is not known yet
            "next": {},  # key -> value to set at the start of the next run (after the pending rerun)
            "written": [],  # generic parameter names written last time (removed when their key is gone)
            "keys": [],  # synced keys present at the last save (all gone: the page was left and entered again)
            "last": {},  # name -> text: the owned parameters as last written (brought back after a page trip)
            "notices": [],
        }
        st.session_state[BOOK_KEY] = book
    return book


def _history_navigation() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def restore(ctx: Context) -> None:
    """Before the widgets: set session state from the URL when the URL, not the widgets, holds the view."""
    book = _book()
    for key, value in book["next"].items():
        st.session_state[key] = value
    book["next"] = {}
    first = not book["restored"]
    came_back = bool(book["keys"]) and not any(k in st.session_state for k in book["keys"])
    if first or came_back or _history_navigation():
        book["restored"] = True
        params = url_params()
        if came_back and not set(params) & set(book["last"]):
            # Streamlit drops both the widgets' values and the query string on a trip to another page: the view
            # this session last had comes back with the page, as a tab would keep it.
            params = {**params, **book["last"]}
        _apply_url(ctx, book, params, reset_missing=not first)
    # Note the view now, not only in `save`: a click elsewhere (another page) can cut this run short.
    book["last"] = _snapshot(_desired(ctx, book, generic_keys()))


def _apply_url(ctx: Context, book: dict[str, Any], params: Mapping[str, str], *, reset_missing: bool) -> None:
    staged: dict[str, Any] = {}
    notices: list[str] = []
    for entry in PARAMS:
        if any(n in params for n in entry.names):
            sets, notes = entry.read(ctx, params, staged)
            staged.update(sets)
            notices += notes
        elif reset_missing:
            for key in entry.keys(ctx):
                if key not in staged:
                    st.session_state.pop(key, None)
    known = generic_keys(book["defaults"])
    taken = _taken()
    for name, text in params.items():
        if name in taken:
            continue
        known_key = known.get(name)
        if known_key is None:
            book["pending"][name] = text  # a widget not drawn yet in this session: parsed once it is
            continue
        like = book["defaults"].get(known_key, st.session_state.get(known_key))
        try:
            staged[known_key] = decode(text, None if like is UNKNOWN else like)
        except ValueError:
            notices.append(ignored(name, text, "not a valid value"))
    if reset_missing:
        for name, key in known.items():
            if name not in params and key not in staged:
                st.session_state.pop(key, None)
    for key, value in staged.items():
        st.session_state[key] = value
    book["expect"] = staged
    book["notices"] += notices


def save(ctx: Context) -> None:
    """After the widgets: check what the URL set, learn new widgets' defaults, then write the view to the URL."""
    book = _book()
    defaults: dict[str, Any] = book["defaults"]
    notices: list[str] = book["notices"]
    book["notices"] = []
    for key, value in book["expect"].items():
        if key in st.session_state and st.session_state[key] != value:  # not among the widget's options
            notices.append(ignored(_name_of(key), encode(value) or "", "not available in this view"))
        else:
            defaults.setdefault(key, UNKNOWN)
    book["expect"] = {}
    generic = generic_keys()
    learnable = [e.key for e in PARAMS if isinstance(e, Param) and e.default is LEARN] + list(generic.values())
    for key in learnable:
        if key in st.session_state and key not in defaults:
            defaults[key] = st.session_state[key]
    apply = _parse_pending(book, generic, notices)
    if apply:
        book["next"], book["expect"], book["notices"] = apply, dict(apply), notices
        st.rerun()
    book["pending"] = {}  # parameters no widget claimed belong to someone else: left alone in the URL
    desired = _desired(ctx, book, generic)
    book["last"] = _snapshot(desired)
    _write(desired)
    book["written"] = [n for n in generic if desired.get(n) is not None]
    book["keys"] = [k for k in st.session_state if str(k).startswith(SYNCED_PREFIXES)]
    for notice in notices:
        st.toast(notice, icon=NOTICE_ICON)
    _share_box()


def _desired(ctx: Context, book: dict[str, Any], generic: Mapping[str, str]) -> dict[str, str | None]:
    """URL text per owned parameter for the view session state holds now (None: leave it out of the URL)."""
    defaults = book["defaults"]
    desired: dict[str, str | None] = {}
    for entry in PARAMS:
        desired.update(entry.write(ctx, defaults))
    for name, key in generic.items():
        value, default = st.session_state[key], defaults.get(key, UNKNOWN)
        desired[name] = None if default is not UNKNOWN and value == default else encode(value)
    for name in book["written"]:
        desired.setdefault(name, None)
    return desired


def _snapshot(desired: Mapping[str, str | None]) -> dict[str, str]:
    """The owned parameters a URL written from `desired` holds (an entry with no opinion keeps the URL's value)."""
    owned = _taken() | set(desired)
    current = {n: t for n, t in url_params().items() if n in owned and n not in desired}
    return {**current, **{n: t for n, t in desired.items() if t is not None}}


def _name_of(key: str) -> str:
    for entry in PARAMS:
        if entry.claims(key):
            return entry.names[0]
    return generic_name(key)


def _parse_pending(book: dict[str, Any], generic: Mapping[str, str], notices: list[str]) -> dict[str, Any]:
    """Values for parameters whose widget was drawn for the first time this run, typed like its default."""
    apply: dict[str, Any] = {}
    pending: MutableMapping[str, str] = book["pending"]
    for name in [n for n in pending if n in generic]:
        key, text = generic[name], pending.pop(name)
        like = book["defaults"].get(key, UNKNOWN)
        try:
            value = decode(text, st.session_state[key] if like is UNKNOWN else like)
        except ValueError:
            notices.append(ignored(name, text, "not a valid value"))
            continue
        if value != st.session_state[key]:
            apply[key] = value
    return apply


def _write(desired: Mapping[str, str | None]) -> None:
    """Change only the owned parameters whose text differs (each change is one browser history entry)."""
    qp = st.query_params
    sets = {n: t for n, t in desired.items() if t is not None and ownable(n) and qp.get_all(n) != [t]}
    drops = [n for n, t in desired.items() if t is None and ownable(n) and n in qp]
    if sets:
        qp.update(sets)
    for name in drops:
        del qp[name]


def share_link() -> str | None:
    """The page's address with the current query parameters, or None when the browser's address is not known."""
    base = st.context.url
    if not base:
        return None
    base = base.replace(CLOUD_FRAME_PATH, "")
    if not urlsplit(base).path:
        base += "/"
    query = urlencode([(n, v) for n in st.query_params for v in st.query_params.get_all(n)])
    return f"{base}?{query}" if query else base


def _share_box() -> None:
    link = share_link()
    with st.sidebar.popover("Share this view", icon=":material/link:", width="stretch"):
        st.caption(
            "The address bar holds this view: filters, topics, list order and chart settings. "
            + ("Copy it, or this link:" if link else "Copy it to share the view.")
        )
        if link:
            st.code(link, language=None, wrap_lines=True)


def keep_in_url(render: Callable[[], None]) -> Callable[[], None]:
    """Wrap a page's render function: the URL is read before its widgets and written after them, whichever way
    the page returns."""

    @functools.wraps(render)
    def wrapped() -> None:
        path = data.db_path()
        ctx = Context(path, data.version(path))
        restore(ctx)
        render()
        save(ctx)

    return wrapped
