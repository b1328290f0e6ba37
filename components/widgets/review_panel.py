"""The article under review: text on the left, and on the right its corrections (each field beside the value
extraction gave), the note, the full metadata, a link to share it and its review history.

Widget keys carry a stamp of the article id and its history length, so moving to another article, saving a
correction or another reviewer's change all redraw the inputs with what is stored, never a stale draft.
Everything shown from the article goes through `components.widgets.safe`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import streamlit as st

from components import data, nav
from components.widgets import review_queue
from components.widgets.reader import metadata_fields, pretty_date, topic_lines
from components.widgets.safe import safe_paragraphs, safe_text
from newsdesk.analysis import queries
from newsdesk.review import decisions as review

TEXT_HEIGHT = 560  # px: the text box and the side panel fit a laptop screen under the keys, so no page scroll
TEXT_WIDTH = 720  # px: the reader's comfortable measure, ~75 characters a line
SIDE_HEIGHT = 640
TABS = ("Corrections", "Details", "History")
TABS_KEY = "review_tabs"  # one key for every article: the reviewer stays on the tab they chose
EARLIEST_DATE = dt.date(1900, 1, 1)  # the date picker's bounds: any real news date, not a typo's year 20245
DATE_SLACK_DAYS = 366
SAVE_SHORTCUT = "Ctrl+Enter"  # works inside the fields too (modified keys pass through text inputs)
HISTORY_SHOWN = 50  # latest events listed; an article with more has been argued over enough to see the gist


def render(
    path: str, version: int, art: dict[str, Any], rstate: review.ReviewState, reviewer: str, flash: str | None
) -> None:
    stamp = f"{art['id']}_{len(rstate.history)}"
    flags = data.review_flags(path, version, str(art["id"]))
    text_col, side_col = st.columns([1.7, 1], gap="large")
    with text_col:
        _status_line(rstate, flags, flash)
        with st.container(key="review_title", gap=None):
            st.subheader(safe_text(art.get("title") or "(untitled)"), anchor=False)
            byline = _byline(art)
            if byline:
                st.caption(byline)
        # A container keyed by the article is a new element for each article, so its scroll starts at the top.
        with (
            st.container(height=TEXT_HEIGHT, key=f"review_text_{art['id']}", border=True),
            st.container(width=TEXT_WIDTH),
        ):
            body = safe_paragraphs(art.get("text"))
            if body:
                st.markdown(body)
            else:
                st.info("No article text was found in this document.")
    with side_col, st.container(height=SIDE_HEIGHT, border=False):
        fixes, details, past = st.tabs(list(TABS), key=TABS_KEY)
        with fixes:
            _corrections(path, version, art, rstate, reviewer, stamp)
            _note(path, art, rstate, reviewer, stamp)
        with details:
            _details(art)
        with past:
            _history(rstate)


# ------------------------------------------------------------------------------------------------ header
def _status_line(rstate: review.ReviewState, flags: Sequence[tuple[str, str]], flash: str | None) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        color = review_queue.STATUS_COLORS.get(rstate.status, "gray")
        label = review.STATUS_LABELS.get(rstate.status, rstate.status)
        if rstate.status != "unreviewed" and rstate.reviewer:
            when = rstate.updated_at.strftime("%-d %b %H:%M") if rstate.updated_at else ""
            label += f" · {rstate.reviewer}" + (f", {when}" if when else "")
        st.badge(safe_text(label), color=color)  # type: ignore[arg-type]
        for flag, detail in flags:
            st.badge(
                safe_text(review.FLAG_LABELS.get(flag, flag)),
                icon=":material/warning:",
                color="orange",
                help=safe_text(detail) or None,
            )
        if flash:
            st.caption(f":material/done: {safe_text(flash)}")


def _byline(art: dict[str, Any]) -> str:
    authors = ", ".join(str(a) for a in art.get("authors") or [] if a)
    minutes = art.get("reading_minutes") or 0
    parts = [
        f"By {authors}" if authors else "",
        pretty_date(art.get("published")),
        str(art.get("site") or ""),
        f"{art.get('word_count') or 0:,} words · {max(1, math.ceil(minutes))} min" if art.get("word_count") else "",
    ]
    return " · ".join(safe_text(p) for p in parts if p)


# ------------------------------------------------------------------------------------------------ corrections
def _rule_topics(art: dict[str, Any]) -> list[str]:
    return sorted(str(t["id"]) for t in art.get("topic_rows") or [] if t.get("kind") == "rule")


def _current(art: dict[str, Any]) -> dict[str, Any]:
    """What every read shows now (corrections applied), per correctable field."""
    return {
        "title": art.get("title") or "",
        "published_day": art.get("published_day"),
        "authors": list(art.get("authors") or []),
        "section": art.get("section") or "",
        "topics": _rule_topics(art),
    }


def _extracted(art: dict[str, Any], rstate: review.ReviewState) -> dict[str, Any]:
    """What extraction gave, per correctable field (the view keeps it beside each corrected value)."""
    topics = rstate.corrections.get("topics")
    return {
        "title": art.get("title_extracted") or "",
        "published_day": art.get("published_day_extracted"),
        "authors": list(art.get("authors_extracted") or []),
        "section": art.get("section_extracted") or "",
        "topics": sorted(topics[0] or []) if topics else _rule_topics(art),
    }


def _show(field: str, value: Any, names: dict[str, str]) -> str:
    if field == "topics":
        return ", ".join(names.get(t, t.removeprefix("rule:")) for t in value) or "none"
    if field == "authors":
        return ", ".join(value) or "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value else "none"


def _authors_text(authors: Sequence[str]) -> str:
    return ("; " if any("," in a for a in authors) else ", ").join(authors)


def _authors_list(text: str) -> list[str]:
    """Names typed by the reviewer: semicolons separate when there are any (so "Smith, Ann" stays one name)."""
    sep = ";" if ";" in text else ","
    return [" ".join(n.split()) for n in text.split(sep) if n.strip()]


def field_label(field: str, art: dict[str, Any], rstate: review.ReviewState, names: dict[str, str]) -> str:
    """An input's label: the field, then the extracted value beside a correction, or where the value came from."""
    label = review.FIELD_LABELS[field]
    if field in rstate.corrections:
        extracted = rstate.corrections[field][0]
        if field == "topics":
            extracted = sorted(extracted or [])
        return f"{label} :orange[· corrected · extracted: {safe_text(_show(field, extracted, names))}]"
    sources: dict[str, str] = art.get("field_sources") or {}
    source = {"published_day": art.get("published_source") or sources.get("published")}.get(field, sources.get(field))
    return f"{label} :gray[· extracted" + (f" from {safe_text(source)}" if source else "") + "]"


def _corrections(
    path: str, version: int, art: dict[str, Any], rstate: review.ReviewState, reviewer: str, stamp: str
) -> None:
    names = data.rule_topic_names(path, version)
    now = _current(art)
    today = dt.date.today()
    with st.form(f"review_fix_{stamp}", border=False, enter_to_submit=True):
        st.text_input(field_label("title", art, rstate, names), value=now["title"], key=f"review_fix_title_{stamp}")
        st.date_input(
            field_label("published_day", art, rstate, names),
            value=now["published_day"],
            min_value=EARLIEST_DATE,
            max_value=today + dt.timedelta(days=DATE_SLACK_DAYS),
            format="YYYY-MM-DD",
            key=f"review_fix_published_day_{stamp}",
            help="Type the day (year, month, day) or pick it; clear it to go back to the extracted date.",
        )
        st.text_input(
            field_label("authors", art, rstate, names),
            value=_authors_text(now["authors"]),
            key=f"review_fix_authors_{stamp}",
            help="Names separated by commas (or semicolons when a name has a comma).",
        )
        st.text_input(
            field_label("section", art, rstate, names), value=now["section"], key=f"review_fix_section_{stamp}"
        )
        st.multiselect(
            field_label("topics", art, rstate, names),
            sorted(names, key=names.__getitem__),
            default=[t for t in now["topics"] if t in names],
            format_func=lambda t: names.get(t, t),
            key=f"review_fix_topics_{stamp}",
            placeholder="No rule topic",
        )
        st.form_submit_button(
            "Save corrections",
            icon=":material/save:",
            shortcut=SAVE_SHORTCUT,
            help="Saves every field you changed (Enter in a text field saves too)",
            on_click=_save_corrections,
            args=(path, str(art["id"]), reviewer, stamp),
        )


def _typed(stamp: str) -> dict[str, Any]:
    state = st.session_state
    topics = state.get(f"review_fix_topics_{stamp}") or []
    day = state.get(f"review_fix_published_day_{stamp}")
    return {
        "title": " ".join(str(state.get(f"review_fix_title_{stamp}") or "").split()),
        "published_day": day if isinstance(day, dt.date) else None,
        "authors": _authors_list(str(state.get(f"review_fix_authors_{stamp}") or "")),
        "section": " ".join(str(state.get(f"review_fix_section_{stamp}") or "").split()),
        "topics": sorted(str(t) for t in topics),
    }


def _save_corrections(path: str, article_id: str, reviewer: str, stamp: str) -> None:
    """Write a correction for each field the reviewer changed; a value set back to the extracted one (or emptied,
    for title, section and date) clears that field's correction. "Changed" is against the store as it is now, not
    as the form was drawn: a second press, or another reviewer's save in between, never writes a duplicate."""
    typed = _typed(stamp)
    cur = data.get_store(path).cursor()
    art, rstate = queries.get_article(cur, article_id), review.state(cur, article_id)
    if art is None:
        return
    now, extracted, corrected = _current(art), _extracted(art, rstate), tuple(rstate.corrections)
    changed, events = [], []
    for field in review.CORRECTABLE:
        new = typed[field]
        if new == now[field]:
            continue
        back = new == extracted[field] or (field != "topics" and field != "authors" and not new)
        if back and field not in corrected:
            continue
        events.append(review.correct(cur, article_id, field, None if back else new, reviewer=reviewer))
        changed.append(review.FIELD_LABELS[field].lower() + (" back to extracted" if back else ""))
    if events:  # one save is one step for Undo
        review_queue.record(events, article_id, "corrected " + ", ".join(changed))
    if changed:  # nothing changed (e.g. Ctrl+Enter meant for the note): keep the last message
        review_queue.flash("Corrected " + ", ".join(changed))


def _note(path: str, art: dict[str, Any], rstate: review.ReviewState, reviewer: str, stamp: str) -> None:
    st.text_area(
        "Note",
        value=rstate.note or "",
        key=f"review_note_{stamp}",
        height=90,
        placeholder="What is wrong, for whoever fixes it. Saved when you leave the box or press Ctrl+Enter.",
        on_change=_save_note,
        args=(path, str(art["id"]), reviewer, stamp),
    )


def _save_note(path: str, article_id: str, reviewer: str, stamp: str) -> None:
    note = str(st.session_state.get(f"review_note_{stamp}") or "").strip()
    cur = data.get_store(path).cursor()
    if note == (review.state(cur, article_id).note or ""):
        return  # the box lost focus without a change
    event = review.set_note(cur, article_id, note, reviewer=reviewer)
    review_queue.record([event], article_id, "note")
    review_queue.flash("Note saved" if note.strip() else "Note cleared")


# ------------------------------------------------------------------------------------------------ details
def share_link(article_id: str) -> str:
    """The address that opens this article in the Dashboard's reader, for a colleague (this server's own URL)."""
    try:
        parts = urlsplit(st.context.url or "")
    except (AttributeError, ValueError):
        parts = urlsplit("")
    base = parts.path.rsplit("/", 1)[0] if parts.path.endswith("/review") else parts.path.rstrip("/")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{origin}{base}/?article={quote(article_id)}"


def _details(art: dict[str, Any]) -> None:
    article_id = str(art["id"])
    st.page_link(
        nav.dashboard(),
        label="Open in the Dashboard reader",
        icon=":material/open_in_new:",
        query_params={"article": article_id},
    )
    st.code(share_link(article_id), language=None, wrap_lines=True)
    lines = []
    for label, value, source in metadata_fields(art):
        line = f"**{safe_text(label)}** {safe_text(value)}"
        lines.append(line + (f" :gray[· {safe_text(source)}]" if source else ""))
    st.markdown("\n\n".join(lines))
    topics = topic_lines(art)
    st.markdown("**Topics**\n\n" + ("\n".join(topics) if topics else "None matched"))
    warnings = art.get("warnings") or []
    if warnings:
        st.markdown("**Extraction warnings**\n\n" + "\n".join(f"- {safe_text(w)}" for w in warnings))


def _change(ev: dict[str, Any]) -> str:
    """What one status, note or correction event did, in a few words."""
    kind, value = ev.get("kind"), ev.get("value")
    if kind == "status":
        return f"marked **{safe_text(review.STATUS_LABELS.get(value or '', value))}**"
    if kind == "note":
        return f"note: {safe_text(value)}" if value else "cleared the note"
    if kind == "correction":
        label = safe_text(review.FIELD_LABELS.get(ev.get("field") or "", ev.get("field")))
        if value is None:
            return f"{label} back to extracted"
        return f"{label} → {safe_text(', '.join(map(str, value)) if isinstance(value, list) else value)}"
    return safe_text(kind)


def _event_line(ev: dict[str, Any], by_id: dict[Any, dict[str, Any]]) -> str:
    when = ev["logged_at"].strftime("%-d %b %H:%M") if ev.get("logged_at") else ""
    kind = ev.get("kind")
    if kind == "undo":
        undone = by_id.get(ev.get("undoes"))
        what = f"undid “{_change(undone)}”" if undone else "undid a change"
    elif kind == "wipe":
        what = "wiped every decision"
    else:
        what = _change(ev)
    line = f"{safe_text(when)} · {safe_text(ev.get('reviewer') or '')} · {what}"
    return line if ev.get("live") or kind in ("undo", "wipe") else f"~~{line}~~ :gray[(undone or wiped)]"


def _history(rstate: review.ReviewState) -> None:
    """Every change on the article, newest first, undone ones struck through; a wipe shows only where it wiped
    something of this article."""
    events: list[dict[str, Any]] = []
    for ev in rstate.history:
        if ev.get("kind") != "wipe" or any(e.get("kind") != "wipe" for e in events):
            events.append(ev)
    own = [e for e in events if e.get("kind") != "wipe"]
    if not own:
        st.caption("No decision on this article yet.")
        return
    reviewers = sorted({str(e.get("reviewer")) for e in own if e.get("reviewer")})
    st.caption(f"{len(own)} change{'s' if len(own) != 1 else ''} by {', '.join(reviewers)} · newest first")
    by_id = {e.get("id"): e for e in events}
    shown = events[-HISTORY_SHOWN:]
    st.markdown("\n".join(f"- {_event_line(e, by_id)}" for e in reversed(shown)))
