"""The Review page: go through a queue of articles with one key per decision, fix what extraction got wrong.

Layout, top to bottom, sized so a laptop screen holds all of it without scrolling: where the reviewer is in the
queue (progress and counts per status), the keys (a row of buttons with shortcuts), then the article: its text on
the left in a box of its own height under its status and flags, its corrections, note, details and history on
the right. A key press reruns only the workspace (a fragment), never reloads the page. The sidebar holds the
queue's choices, the reviewer's name and the decisions file (export, import, wipe).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from components import data, nav
from components.widgets import review_io, review_panel, review_queue
from components.widgets.review_queue import QueueSpec
from components.widgets.safe import safe_text
from newsdesk.review import decisions as review

REVIEWER_KEY = "review_reviewer"  # the name on every decision, asked once per browser session
NAME_INPUT_KEY = "review_name_input"
NAME_MISSING_KEY = "review_name_missing"
ORDER_PICK_KEY = "review_order_pick"
FLAG_PICK_KEY = "review_flag_pick"
NAME_MAX = 60  # characters of a reviewer name kept: enough for "Firstname Lastname (desk)"

# status -> (button label, key, icon). Digits sit together under the left hand and read as "1st choice, 2nd...",
# the way annotation tools number their labels; the label on each button shows its key.
DECISIONS: dict[str, tuple[str, str, str]] = {
    "ok": ("OK", "1", ":material/check_circle:"),
    "needs_fix": ("Needs fix", "2", ":material/build:"),
    "irrelevant": ("Irrelevant", "3", ":material/block:"),
    "flagged": ("Flag", "4", ":material/flag:"),
}
PREVIOUS_KEY, NEXT_KEY, NEXT_UNREVIEWED_KEY, UNDO_SHORTCUT = "Left", "Right", "N", "U"


# ------------------------------------------------------------------------------------------------ reviewer
def _set_name() -> None:
    name = " ".join(str(st.session_state.get(NAME_INPUT_KEY) or "").split())[:NAME_MAX]
    if name:
        st.session_state[REVIEWER_KEY] = name
        st.session_state.pop(NAME_MISSING_KEY, None)
    else:
        st.session_state[NAME_MISSING_KEY] = True


def _change_name() -> None:
    st.session_state[NAME_INPUT_KEY] = st.session_state.pop(REVIEWER_KEY, "")


def reviewer_gate() -> str | None:
    """The reviewer's name, or None after drawing the small form that asks for it (nothing else shows first)."""
    name = st.session_state.get(REVIEWER_KEY)
    if name:
        return str(name)
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.title("Review", anchor=False)
        st.markdown(
            "Go through articles one key at a time: mark each OK, needing a fix, irrelevant or flagged, and correct "
            "a wrong title, date, author, section or topic on the way."
        )
        with st.form("review_name_form"):
            st.text_input(
                "Your name",
                key=NAME_INPUT_KEY,
                max_chars=NAME_MAX,
                placeholder="e.g. Ana Ruiz",
                help="Goes on every decision you make, so colleagues can see who decided what.",
            )
            st.form_submit_button("Start reviewing", type="primary", on_click=_set_name, icon=":material/login:")
        if st.session_state.get(NAME_MISSING_KEY):
            st.warning("Enter a name to start.", icon=":material/badge:")
    return None


# ------------------------------------------------------------------------------------------------ actions
def _cursor(path: str) -> Any:
    return data.get_store(path).cursor()


def _advance(ids: tuple[str, ...], article_id: str) -> None:
    """To the article after `article_id` (found by id, so a double key press never skips an unseen article)."""
    pos = ids.index(article_id) if article_id in ids else review_queue.position(len(ids))
    review_queue.go(min(pos + 1, len(ids) - 1))


def _decide(path: str, ids: tuple[str, ...], article_id: str, status: str, reviewer: str, title: str) -> None:
    event = review.decide(_cursor(path), article_id, status, reviewer=reviewer)
    label = review.STATUS_LABELS[status]
    review_queue.record([event], article_id, f"{label}: {title}")
    last = ids.index(article_id) == len(ids) - 1 if article_id in ids else False
    _advance(ids, article_id)
    review_queue.flash(f"{label} · {title}" + (" · that was the last article of the queue" if last else ""))


def _move(ids: tuple[str, ...], article_id: str, step: int) -> None:
    pos = ids.index(article_id) if article_id in ids else review_queue.position(len(ids))
    review_queue.go(min(max(pos + step, 0), len(ids) - 1))
    review_queue.flash(None)


def _next_unreviewed(path: str, ids: tuple[str, ...], article_id: str) -> None:
    found = review.next_unreviewed(_cursor(path), list(ids), article_id)
    if found is None:
        review_queue.flash("Every article in this queue has a decision.")
        return
    review_queue.go(ids.index(found))
    review_queue.flash(None)


def _undo(path: str, ids: tuple[str, ...], reviewer: str) -> None:
    """Undo this session's last action (a decision, one save of corrections, a note) and go back to its article;
    with none left, this reviewer's last action from an earlier session."""
    stack: list[tuple[tuple[int, ...], str, str]] = st.session_state.setdefault(review_queue.UNDO_KEY, [])
    cur = _cursor(path)
    while stack:
        events, article_id, what = stack.pop()
        undone = [review.undo(cur, reviewer=reviewer, event_id=e) for e in events]
        if any(u is not None for u in undone):  # None: already undone (or wiped) elsewhere
            if article_id in ids:
                review_queue.go(ids.index(article_id))
            review_queue.flash(f"Undone · {what}")
            return
    done = review.undo(cur, reviewer=reviewer)
    review_queue.flash("Undid your last change." if done is not None else "Nothing to undo.")


# ------------------------------------------------------------------------------------------------ page
def render() -> None:
    path = data.db_path()
    reviewer = reviewer_gate()
    if reviewer is None:
        return
    version = data.version(path)
    if data.stats(path, version)["articles"] == 0:
        st.title("Review", anchor=False)
        st.info("No articles yet: add some on the Ingest page, then review them here.", icon=":material/inbox:")
        st.page_link(nav.ingest(), label="Go to Ingest", icon=":material/upload_file:")
        return
    spec = review_queue.current_spec()
    frozen = review_queue.queue(path, version, spec)
    review_queue.settle_after_refresh(frozen.ids)
    _sidebar(path, version, spec, frozen, reviewer)
    workspace(path, spec, frozen, reviewer)


def _pick_order(spec: QueueSpec) -> None:
    order = st.session_state.get(ORDER_PICK_KEY) or spec.order
    seed = review_queue.new_seed() if order == "sample" else 0
    review_queue.start(dataclasses.replace(spec, order=order, seed=seed))


def _pick_flag(spec: QueueSpec) -> None:
    review_queue.start(dataclasses.replace(spec, flag=st.session_state.get(FLAG_PICK_KEY) or None))


def _whole_corpus(spec: QueueSpec) -> None:
    review_queue.start(QueueSpec(order=spec.order, seed=spec.seed, flag=spec.flag))


def _sidebar(path: str, version: int, spec: QueueSpec, frozen: review_queue.Frozen, reviewer: str) -> None:
    with st.sidebar:
        st.header("Queue", anchor=False)
        n = len(frozen.ids)
        flag = f" · {safe_text(review.FLAG_LABELS.get(spec.flag, spec.flag))}" if spec.flag else ""
        st.markdown(f"**{safe_text(spec.label)}**{flag}  \n:gray[{n:,} article{'s' if n != 1 else ''}]")
        st.page_link(nav.dashboard(), label="Pick articles on the Dashboard", icon=":material/monitoring:")
        if spec.filters != review_queue.Filters():
            st.button(
                "Review all articles",
                key="review_all",
                icon=":material/select_all:",
                on_click=_whole_corpus,
                args=(spec,),
                type="tertiary",
            )
        st.session_state[ORDER_PICK_KEY] = spec.order
        st.segmented_control(
            "Order",
            list(review_queue.ORDERS),
            format_func=review_queue.ORDERS.__getitem__,
            required=True,
            key=ORDER_PICK_KEY,
            on_change=_pick_order,
            args=(spec,),
            help="Newest first goes through the articles by date; a sample takes articles evenly from every topic "
            f"and month (up to {review_queue.SAMPLE_SIZE}), for auditing extraction.",
        )
        if spec.order == "sample":
            st.button(
                "Draw another sample",
                key="review_resample",
                icon=":material/shuffle:",
                on_click=_pick_order,
                args=(spec,),
                type="tertiary",
            )
        counts = data.flag_counts(path, version, spec.filters)
        options = ["", *review.FLAGS]
        st.session_state[FLAG_PICK_KEY] = spec.flag or ""
        st.selectbox(
            "Quality flag",
            options,
            format_func=lambda f: f"{review.FLAG_LABELS.get(f, f)} · {counts.get(f, 0):,}" if f else "Any article",
            key=FLAG_PICK_KEY,
            on_change=_pick_flag,
            args=(spec,),
            help="Each quality flag computed at ingest is a queue of its own: start where the problems are.",
        )
        st.button(
            "Refresh the queue",
            key="review_refresh",
            icon=":material/refresh:",
            on_click=review_queue.refresh,
            type="tertiary",
            help="The queue is fixed when chosen, so corrections never reshuffle it; refresh to pick up new "
            "articles or corrected dates.",
        )
        st.divider()
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f":material/person: Reviewing as **{safe_text(reviewer)}**")
            st.button("Change", key="review_change_name", on_click=_change_name, type="tertiary")
        st.divider()
        review_io.render(path, reviewer)


@st.fragment
def workspace(path: str, spec: QueueSpec, frozen: review_queue.Frozen, reviewer: str) -> None:
    """Progress, keys and the article under review; reruns alone on every key press."""
    version = data.version(path)
    ids = frozen.ids
    review_queue.sync_url(spec, ids, frozen.token)
    if not ids:
        st.title("Review", anchor=False)
        if spec.flag:
            what = f"No article of {safe_text(spec.label)} is flagged “{safe_text(review.FLAG_LABELS.get(spec.flag))}”."
            st.info(f"{what} Pick another quality flag, or any article.", icon=":material/inbox:")
        else:
            st.info(
                "No article in this queue. Pick other filters or a chart point on the Dashboard.",
                icon=":material/inbox:",
            )
        return
    pos = review_queue.position(len(ids))
    article_id = ids[pos]
    art = data.article(path, version, article_id)
    counts = data.review_counts(path, version, frozen.token, ids)
    _progress(counts, pos, len(ids), spec)
    rstate = data.review_state(path, version, article_id)
    title = str((art or {}).get("title") or "(untitled)")
    _keys(path, ids, article_id, pos, reviewer, rstate.status, title)
    flash = st.session_state.get(review_queue.FLASH_KEY)
    if art is None:
        st.warning("This article is no longer in the store (re-ingested under another id?).", icon=":material/help:")
        return
    review_panel.render(path, version, art, rstate, reviewer, flash if isinstance(flash, str) else None)


def _progress(counts: dict[str, int], pos: int, total: int, spec: QueueSpec) -> None:
    reviewed = total - counts.get("unreviewed", 0)
    head, bar = st.columns([1, 2], vertical_alignment="bottom")
    with head:
        what = safe_text(spec.label) + (
            f" · {safe_text(review.FLAG_LABELS.get(spec.flag, spec.flag))}" if spec.flag else ""
        )
        order = "newest first" if spec.order == "newest" else "a sample across topics and months"
        st.markdown(f"### Review\n:gray[{what} · {order}]")
    with bar:
        st.progress(
            reviewed / total if total else 0.0,
            text=f"**{reviewed:,} of {total:,} reviewed** · article {pos + 1:,} of {total:,}",
        )
        colors = review_queue.STATUS_COLORS
        shown = [*review.STATUSES[1:], review.STATUSES[0]]  # the decisions first, what is left last
        chips = [f":{colors[s]}-badge[{review.STATUS_LABELS[s]} {counts.get(s, 0):,}]" for s in shown]
        with st.container(key="review_counts"):
            st.markdown(" ".join(chips))


def _keys(path: str, ids: tuple[str, ...], article_id: str, pos: int, reviewer: str, status: str, title: str) -> None:
    """The decision keys, then the moves; the article's current status is the highlighted button."""
    short = title if len(title) <= 60 else title[:57] + "…"
    with st.container(horizontal=True, key="review_keys", gap="xsmall", vertical_alignment="center"):
        for value, (label, key, icon) in DECISIONS.items():
            st.button(
                label,
                key=f"review_{value}",
                icon=icon,
                shortcut=key,
                type="primary" if status == value else "secondary",
                on_click=_decide,
                args=(path, ids, article_id, value, reviewer, short),
                help=f"Mark {review.STATUS_LABELS[value]} and go to the next article",
            )
        st.space("stretch")
        # The arrows and letters show on the buttons themselves, so the moves need no icons.
        st.button(
            "Previous",
            key="review_previous",
            shortcut=PREVIOUS_KEY,
            disabled=pos == 0,
            on_click=_move,
            args=(ids, article_id, -1),
        )
        st.button(
            "Next",
            key="review_next",
            shortcut=NEXT_KEY,
            disabled=pos >= len(ids) - 1,
            on_click=_move,
            args=(ids, article_id, 1),
        )
        st.button(
            "Next unreviewed",
            key="review_next_unreviewed",
            shortcut=NEXT_UNREVIEWED_KEY,
            on_click=_next_unreviewed,
            args=(path, ids, article_id),
        )
        st.button(
            "Undo",
            key="review_undo_button",
            icon=":material/undo:",
            shortcut=UNDO_SHORTCUT,
            on_click=_undo,
            args=(path, ids, reviewer),
            help="Undo your last change (a decision, a correction or a note) and go back to its article",
        )
