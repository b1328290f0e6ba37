"""The page header: what is in the corpus at a glance (articles, sites, date span, ingest errors)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import data
from components.widgets import freshness


def date_span(first: dt.date | None, last: dt.date | None) -> str:
    if not first or not last:
        return "no dates"
    if (first.year, first.month) == (last.year, last.month):
        return first.strftime("%b %Y")
    if first.year == last.year:
        return f"{first.strftime('%b')}–{last.strftime('%b %Y')}"
    return f"{first.strftime('%b %Y')}–{last.strftime('%b %Y')}"


# Counts from this size on are shown in millions (the exact figure in the tooltip): "1,234,567" does not fit the
# metric's column on a laptop screen, and the header cut it to "1,23...".
MILLIONS_FROM = 1_000_000


def count_text(n: int) -> str:
    return f"{n / 1e6:.2f} M" if n >= MILLIONS_FROM else f"{n:,}"


def render(path: str, data_version: int, title: str = "Newsdesk") -> None:
    s = data.stats(path, data_version)
    left, *cells = st.columns([1.55, 1.0, 0.55, 2.1, 0.9], vertical_alignment="bottom")
    left.title(title, anchor=False)
    cells[0].metric(
        "Articles",
        count_text(s["articles"]),
        help=f"{s['articles']:,} articles; {s['undated']:,} without a publication date",
    )
    cells[1].metric("Sites", f"{s['sites']:,}")
    cells[2].metric("Published", date_span(s["first"], s["last"]))
    cells[3].metric("Ingest errors", f"{s['errors']:,}", help="Files or records that could not be read: see Ingest")
    freshness.remember(path)
    freshness.watch(path)
