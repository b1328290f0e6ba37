"""The review queue: which articles, in which order, and where the reviewer is in it.

A queue is a `QueueSpec` (the dashboard's filters or chart selection at the moment the reviewer chose to review
them, an order, an optional quality flag). Its article ids are computed once and frozen in the session, so a
correction that moves an article's date never reshuffles the queue under the reviewer's hands. The spec and the
position live in the URL (`review_queue`, `review_pos`, `review_id`), so a reload or a bookmark comes back to the
same article; the other URL helpers only touch `flt_`/`cov_` params.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components import data
from components.widgets.safe import safe_text
from newsdesk.analysis.queries import Filters

# Session-state keys: all start with "review_", which the URL-state helper leaves alone.
SPEC_KEY = "review_spec"  # the QueueSpec being reviewed
FROZEN_KEY = "review_frozen"  # (spec param, tuple of ids): the queue as computed when the spec was chosen
POS_KEY = "review_position"  # 0-based index into the frozen ids
DASHBOARD_KEY = "review_dashboard"  # (Filters, label): what the dashboard showed last, the default queue
# URL query params.
QUEUE_PARAM = "review_queue"
POS_PARAM = "review_pos"  # 1-based, as a person reads it
ID_PARAM = "review_id"  # the article at that position: wins when a recomputed queue has moved it
TOKEN_PARAM = "review_q"  # names the frozen ids in this server process (see Frozen)

ORDERS: dict[str, str] = {"newest": "Newest first", "sample": "Sample"}
# A sample is for auditing extraction: enough articles to see each topic x month a few times in one sitting.
SAMPLE_SIZE = 100
# More ids than a person reviews in a day; keeps the frozen queue (and its URL-free session copy) small on a
# corpus of millions.
QUEUE_MAX = 10_000
ALL_LABEL = "All articles"
TOKEN_BYTES = 6  # 48 random bits: never the same token twice among the queues one server keeps
FROZEN_KEPT = 500  # frozen queues kept per process (reviewers x queues chosen): ~10 MB at the queue cap


@dataclass(frozen=True)
class QueueSpec:
    """What the queue is made of. Hashable, so it keys caches; `to_param` round-trips through the URL."""

    filters: Filters = Filters()
    label: str = ALL_LABEL  # the dashboard view it came from, e.g. "Elections, October 2024"
    order: str = "newest"
    seed: int = 0
    flag: str | None = None

    def queue_filters(self) -> Filters:
        """The filters with the picked quality flag added (each flag is a queue of its own)."""
        if not self.flag:
            return self.filters
        return dataclasses.replace(self.filters, flags=(self.flag,))

    def to_param(self) -> str:
        body: dict[str, Any] = {"f": filters_to_json(self.filters), "l": self.label, "o": self.order}
        if self.order == "sample":
            body["s"] = self.seed
        if self.flag:
            body["g"] = self.flag
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_param(cls, text: str | None) -> QueueSpec | None:
        """The spec a URL carries, or None when it is missing or not one of ours (a hand-edited link)."""
        if not text:
            return None
        try:
            body = json.loads(text)
            order = str(body.get("o") or "newest")
            flag = body.get("g")
            return cls(
                filters=filters_from_json(body.get("f") or {}),
                label=str(body.get("l") or ALL_LABEL),
                order=order if order in ORDERS else "newest",
                seed=int(body.get("s") or 0),
                flag=str(flag) if flag else None,
            )
        except (ValueError, TypeError, AttributeError):
            return None


def filters_to_json(f: Filters) -> dict[str, Any]:
    """Only the fields that narrow anything, dates as ISO strings: short URLs that survive new Filters fields."""
    out: dict[str, Any] = {}
    for field in dataclasses.fields(f):
        value = getattr(f, field.name)
        if value in (None, "", (), False):
            continue
        out[field.name] = (
            value.isoformat() if isinstance(value, dt.date) else list(value) if isinstance(value, tuple) else value
        )
    return out


def filters_from_json(body: dict[str, Any]) -> Filters:
    """Filters from `filters_to_json`; unknown names are ignored so an old link still opens."""
    kwargs: dict[str, Any] = {}
    defaults = Filters()
    for field in dataclasses.fields(Filters):
        if field.name not in body:
            continue
        value, default = body[field.name], getattr(defaults, field.name)
        if field.name in ("start", "end"):
            kwargs[field.name] = dt.date.fromisoformat(str(value)) if value else None
        elif isinstance(default, tuple):
            kwargs[field.name] = tuple(str(v) for v in value)
        elif isinstance(default, bool):
            kwargs[field.name] = bool(value)
        else:
            kwargs[field.name] = str(value)
    return Filters(**kwargs)


# ------------------------------------------------------------------------------------------- session and URL
def remember_dashboard(filters: Filters, label: str) -> None:
    """Called by the dashboard on every run: opening Review from the menu reviews what the dashboard showed."""
    st.session_state[DASHBOARD_KEY] = (filters, label)


def start(spec: QueueSpec) -> None:
    """Make `spec` the queue, from its first article (the ids are computed on the Review page's next run)."""
    st.session_state[SPEC_KEY] = spec
    st.session_state.pop(FROZEN_KEY, None)
    st.session_state[POS_KEY] = 0


def current_spec() -> QueueSpec:
    """The queue being reviewed: this session's, else the URL's (a reload), else the dashboard's last view."""
    spec = st.session_state.get(SPEC_KEY)
    if isinstance(spec, QueueSpec):
        return spec
    spec = QueueSpec.from_param(st.query_params.get(QUEUE_PARAM))
    if spec is None:
        filters, label = st.session_state.get(DASHBOARD_KEY) or (Filters(), ALL_LABEL)
        spec = QueueSpec(filters=filters, label=label)
    st.session_state[SPEC_KEY] = spec
    return spec


def _position_from_url(ids: tuple[str, ...]) -> int:
    wanted = st.query_params.get(ID_PARAM)
    if wanted and wanted in ids:
        return ids.index(wanted)
    try:
        return max(0, int(st.query_params.get(POS_PARAM) or 1) - 1)
    except ValueError:
        return 0


@dataclass(frozen=True)
class Frozen:
    """A queue's ids as computed when it was chosen, under a token that names exactly these ids: in the URL, so a
    reload in this server process gets the very same queue back (a correction that moved an article out of the
    filters does not shrink it), and as the key of cached counts."""

    param: str
    ids: tuple[str, ...]
    token: str


def queue(path: str, data_version: int, spec: QueueSpec) -> Frozen:
    """The frozen queue of `spec`: this session's, else the one the URL's token names (a reload), else computed
    now. After a reload the position comes back from the URL too."""
    param = spec.to_param()
    frozen = st.session_state.get(FROZEN_KEY)
    if isinstance(frozen, Frozen) and frozen.param == param:
        return frozen
    restoring = POS_KEY not in st.session_state and st.query_params.get(QUEUE_PARAM) == param
    shelf = data.frozen_queues(path)
    token = st.query_params.get(TOKEN_PARAM) if restoring else None
    ids = shelf.get(token) if token else None
    if ids is None:  # a new queue, or the server restarted since the link was made: computed from the spec
        limit = SAMPLE_SIZE if spec.order == "sample" else QUEUE_MAX
        ids = data.review_queue(path, data_version, spec.queue_filters(), spec.order, spec.seed, limit)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        shelf[token] = ids
        for old in list(shelf)[: max(0, len(shelf) - FROZEN_KEPT)]:  # a copy: other sessions add at the same time
            shelf.pop(old, None)
    frozen = Frozen(param, ids, str(token))
    st.session_state[FROZEN_KEY] = frozen
    if restoring:
        st.session_state[POS_KEY] = _position_from_url(ids)  # a reload: back where the reviewer was
    st.session_state.setdefault(POS_KEY, 0)
    return frozen


def refresh() -> None:
    """Recompute the queue (new articles ingested, or corrections that should move articles in or out)."""
    frozen = st.session_state.get(FROZEN_KEY)
    current = frozen.ids[position(len(frozen.ids))] if isinstance(frozen, Frozen) and frozen.ids else None
    st.session_state.pop(FROZEN_KEY, None)
    st.session_state["review_refresh_at"] = current


def settle_after_refresh(ids: tuple[str, ...]) -> None:
    """After `refresh`, stay on the same article when it is still in the queue."""
    current = st.session_state.pop("review_refresh_at", None)
    if current is not None:
        st.session_state[POS_KEY] = ids.index(current) if current in ids else 0


def position(n: int) -> int:
    """The current 0-based position, kept inside a queue of `n` articles."""
    pos = int(st.session_state.get(POS_KEY, 0) or 0)
    return min(max(pos, 0), max(n - 1, 0))


def go(pos: int) -> None:
    st.session_state[POS_KEY] = pos


def sync_url(spec: QueueSpec, ids: tuple[str, ...], token: str) -> None:
    """Write the queue and position to the URL, only what changed (each write is a history entry update)."""
    wanted = {QUEUE_PARAM: spec.to_param(), TOKEN_PARAM: token}
    if ids:
        pos = position(len(ids))
        wanted |= {POS_PARAM: str(pos + 1), ID_PARAM: ids[pos]}
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    if not ids:
        for key in (POS_PARAM, ID_PARAM):
            if key in st.query_params:
                del st.query_params[key]


def new_seed() -> int:
    """A fresh sample for the "draw another sample" button (any int: the backend seeds its own generator)."""
    return random.randrange(1, 1_000_000)


# ------------------------------------------------------------------------------------------- from the dashboard
def describe(filters: Filters, topic_names: dict[str, str], selection: str | None = None) -> str:
    """What a set of articles is, in a few words: "Elections, October 2024 · daily.example" or "All articles"."""
    parts: list[str] = []
    if selection:
        parts.append(selection)
    else:
        if filters.topics:
            parts.append(", ".join(topic_names.get(t, t.split(":", 1)[-1]) for t in filters.topics))
        if filters.start or filters.end:
            start = filters.start.isoformat() if filters.start else "…"
            end = filters.end.isoformat() if filters.end else "…"
            parts.append(f"{start} to {end}")
    if filters.sites:
        parts.append(", ".join(filters.sites))
    if filters.search:
        parts.append(f"“{filters.search}”")
    return " · ".join(parts) or ALL_LABEL


def dashboard_button(path: str, data_version: int, filters: Filters, selection: str | None) -> None:
    """On the dashboard: remember what it shows (the default queue) and offer "Review these N articles", which
    makes exactly that the queue and opens the Review page (a rerun into the other page, state kept)."""
    from components import nav

    names = dict(zip(*(data.topics(path, data_version)[c] for c in ("id", "name")), strict=True))
    label = describe(filters, names, selection)
    remember_dashboard(filters, label)
    total = data.count_articles(path, data_version, filters)
    if total == 0:
        return
    noun = "article" if total == 1 else "articles"
    with st.container(horizontal=True, horizontal_alignment="right"):
        clicked = st.button(
            f"Review these {total:,} {noun}",
            icon=":material/fact_check:",
            key="review_these",
            help=f"Go through {safe_text(label)} one by one, newest first, on the Review page",
        )
    if clicked:
        spec = QueueSpec(filters=filters, label=label)
        start(spec)
        st.switch_page(nav.review(), query_params={QUEUE_PARAM: spec.to_param()})


# ------------------------------------------------------------------------------------------- undo and feedback
UNDO_KEY = "review_undo"  # this session's actions, newest last: (event ids, article id, what it was)
FLASH_KEY = "review_flash"  # one line on what the last key did
STATUS_COLORS: dict[str, str] = {
    "unreviewed": "gray",
    "ok": "green",
    "needs_fix": "orange",
    "irrelevant": "violet",
    "flagged": "red",
}


def record(events: Sequence[int], article_id: str, what: str) -> None:
    """Put one action (its review events) on this session's undo stack: Undo takes this session's actions back
    first, newest first, each as a whole."""
    st.session_state.setdefault(UNDO_KEY, []).append((tuple(events), article_id, what))


def flash(text: str | None) -> None:
    """Say what the last action did, on the next run (None: say nothing)."""
    if text is None:
        st.session_state.pop(FLASH_KEY, None)
    else:
        st.session_state[FLASH_KEY] = text
