"""The reader: cleaned text on the left (about two thirds), metadata on the right, each field with its source.

Every value shown here comes from a stored page, so all of it goes through `safe_text` / `safe_paragraphs`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import streamlit as st

from components import data
from components.widgets import state
from components.widgets.paths import display_path
from components.widgets.safe import safe_lines, safe_link, safe_paragraphs, safe_text

TEXT_WIDTH = 720  # px: about 75 characters a line at the default font, a comfortable measure for long reading
REMOVED_KEY = "reader_show_removed"
TERMS_SHOWN = 6  # top terms of a discovered topic listed as its evidence; more reads as noise in a side panel
ARTICLE_PARAM = "article"  # ?article=<id> opens that article (Review page links, shared cases)


def pretty_date(value: str | None) -> str:
    """An ISO date or timestamp as a reader writes it ("27 Jun 2025", "27 Jun 2025, 18:45"); anything else as is."""
    if not value:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    day = f"{parsed.day} {parsed.strftime('%b %Y')}"
    return f"{day}, {parsed.strftime('%H:%M')}" if len(value) > 10 else day


def _join(values: Sequence[Any] | None) -> str:
    return ", ".join(str(v) for v in values or () if v)


def _corrected(art: dict[str, Any], field: str) -> str:
    """For a field a reviewer corrected, the source line keeping the extracted value beside it ("" otherwise);
    `article_view` gives the extracted value as `<field>_extracted`."""
    column = f"{field}_extracted"
    if column not in art:
        return ""
    before, now = art.get(column), art.get(field)
    if field == "authors":
        before, now = _join(before), _join(now)
    if (before or "") == (now or ""):
        return ""
    return f"corrected by a reviewer · extracted: {before or 'none'}"


def metadata_fields(art: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value, where it came from) for every metadata field the article has, in reading order."""
    src: dict[str, str] = art.get("field_sources") or {}
    stated = art.get("reading_minutes_stated")
    minutes = art.get("reading_minutes") or 0
    rows = [
        ("Title", art.get("title") or "", _corrected(art, "title") or src.get("title", "")),
        ("Authors", _join(art.get("authors")), _corrected(art, "authors") or src.get("authors", "")),
        (
            "Published",
            art.get("published") or "",
            _corrected(art, "published") or art.get("published_source") or src.get("published", ""),
        ),
        ("Page date", art.get("page_date") or "", src.get("page_date", "")),
        ("Site", art.get("site") or "", src.get("site", "")),
        ("Section", art.get("section") or "", _corrected(art, "section") or src.get("section", "")),
        ("Tags", _join(art.get("tags")), src.get("tags", "")),
        ("Language", art.get("language") or "", src.get("language", "")),
        ("Words", f"{art.get('word_count') or 0:,}", src.get("text", "")),
        ("Reading time", f"{max(1, math.ceil(minutes))} min" if minutes else "", "estimate, 238 words a minute"),
        ("Stated reading time", f"{stated} min" if stated else "", src.get("reading_minutes_stated", "")),
        ("Description", art.get("description") or "", src.get("description", "")),
    ]
    return [(label, value, source) for label, value, source in rows if value]


def topic_lines(art: dict[str, Any]) -> list[str]:
    """Markdown lines, one per topic, with its evidence: matched terms for a rule, weight and terms if learned."""
    lines = []
    for t in art.get("topic_rows") or []:
        name = safe_text(t.get("name"))
        if t.get("kind") == "rule":
            evidence = safe_text(t.get("evidence"))
            lines.append(f"- **{name}** · rule" + (f" · matched {evidence}" if evidence else ""))
        else:
            shown = list(t.get("terms") or [])[:TERMS_SHOWN]
            terms = "" if _join(shown) == (t.get("name") or "") else safe_text(_join(shown))
            weight = float(t.get("score") or 0)
            lines.append(f"- **{name}** · discovered · weight {weight:.2f}" + (f" · {terms}" if terms else ""))
    return lines


def _field_block(fields: list[tuple[str, str, str]]) -> str:
    """One short paragraph per field: the label in bold, the value, and where it came from in grey."""
    out = []
    for label, value, source in fields:
        line = f"**{safe_text(label)}** {safe_text(value)}"
        if source:
            line += f" :gray[· {safe_text(source)}]"
        out.append(line)
    return "\n\n".join(out)


def _byline(art: dict[str, Any]) -> str:
    parts = [
        f"By {_join(art.get('authors'))}" if art.get("authors") else "",
        pretty_date(art.get("published")),
        art.get("site") or "",
        f"{max(1, math.ceil(art.get('reading_minutes') or 0))} min read" if art.get("word_count") else "",
    ]
    return " · ".join(safe_text(p) for p in parts if p)


def open_from_link() -> None:
    """`?article=<id>` (a link shared by a colleague) opens that article in the reader, once: the param is then
    dropped from the URL, so closing the reader and reloading does not bring it back."""
    wanted = st.query_params.get(ARTICLE_PARAM)
    if wanted:
        del st.query_params[ARTICLE_PARAM]
        st.session_state[state.READER_KEY] = wanted


def render(path: str, data_version: int) -> None:
    """Open the article whose id is in session state (set by the list) in a wide dialog over the dashboard, so
    reading needs no scrolling and closing it returns to the same place in the list; nothing when none is open."""
    article_id = st.session_state.get(state.READER_KEY)
    if not article_id:
        return
    art = data.article(path, data_version, str(article_id))
    if art is None:
        state.close_reader()
        return
    _reader_dialog(art)


@st.dialog("Article", width="large", on_dismiss=state.close_reader)
def _reader_dialog(art: dict[str, Any]) -> None:
    show(art)


def show(art: dict[str, Any]) -> None:
    """The reader itself: text on the left, metadata on the right."""
    text_col, meta_col = st.columns([2, 1], gap="large")
    with text_col:
        st.header(safe_text(art.get("title") or "(untitled)"), anchor=False)
        byline = _byline(art)
        if byline:
            st.caption(byline)
        with st.container(width=TEXT_WIDTH):
            body = safe_paragraphs(art.get("text"))
            if body:
                st.markdown(body)
            else:
                st.info("No article text was found in this document.")
            removed = art.get("removed") or ""
            if st.toggle("Show what cleaning removed", key=REMOVED_KEY, disabled=not removed.strip()):
                with st.container(border=True):
                    st.caption(
                        f"Removed by cleaning: {len(removed.split()):,} words of navigation, ads and page chrome"
                    )
                    st.markdown(safe_lines(removed))
    with meta_col:
        if st.button("Close", icon=":material/close:", key="reader_close"):
            state.close_reader()
            st.rerun()  # a dialog stays open until the app reruns as a whole
        with st.container(border=True):
            st.markdown(_field_block(metadata_fields(art)))
            if art.get("url"):
                url_src = (art.get("field_sources") or {}).get("url", "")
                st.markdown(f"**URL** {safe_link(art['url'])}" + (f" :gray[· {safe_text(url_src)}]" if url_src else ""))
        with st.container(border=True):
            topics = topic_lines(art)
            st.markdown("**Topics**\n\n" + ("\n".join(topics) if topics else "None matched"))
            warnings = art.get("warnings") or []
            if warnings:
                st.markdown("**Warnings**\n\n" + "\n".join(f"- {safe_text(w)}" for w in warnings))
            files = art.get("sources") or [art.get("source")]
            st.markdown("**Found in**\n\n" + "\n".join(f"- {safe_text(display_path(f))}" for f in files if f))
