"""The article list: one page of rows from the store (never the whole corpus), sortable, a row opens the reader."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd
import streamlit as st

from components import data
from components.widgets import state, urlstate
from components.widgets.coverage import Point
from components.widgets.safe import safe_text
from newsdesk.analysis.queries import EXPORT_COLUMNS, Filters, TopicKind

# A page is what an analyst scans in one go; 100 rows keep the table's Arrow payload small on every rerun.
PAGE_SIZE = 100
LIST_HEIGHT = 420  # px: about eleven rows, so the reader below stays in reach
ROW_PX = 35  # Streamlit's default dataframe row height; a short list is drawn without empty rows below it
SORTS: dict[str, tuple[str, bool]] = {
    "Newest first": ("published", True),
    "Oldest first": ("published", False),
    "Title A–Z": ("title", False),
    "Site A–Z": ("site", False),
    "Longest first": ("words", True),
}
TABLE_KEY_PREFIX = "list_table_"  # the article table's widget key starts with this (tests find it by it)
SORT_KEY = "list_sort"
# The sort's words in the URL (?sort=oldest); the first is the default, left out of the URL.
SORT_CODES = dict(zip(("newest", "oldest", "title", "site", "longest"), SORTS, strict=True))
urlstate.register(urlstate.Param("sort", SORT_KEY, default="Newest first", codes=SORT_CODES))

ExportFormat = Literal["csv", "jsonl"]
LIST_FIELDS = ("authors", "topics", "discovered")  # list values: "; "-joined in the CSV, arrays in JSON Lines
CSV_LIST_SEP = "; "
EXPORT_MIME: dict[ExportFormat, str] = {"csv": "text/csv", "jsonl": "application/jsonl"}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def export_csv(rows: list[dict[str, Any]]) -> bytes:
    """One row per article, EXPORT_COLUMNS in order (no text: a spreadsheet chokes on whole articles per cell)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        flat = {k: CSV_LIST_SEP.join(map(str, v)) if k in LIST_FIELDS else _plain(v) for k, v in row.items()}
        writer.writerow(flat)
    return out.getvalue().encode("utf-8")


def export_jsonl(rows: list[dict[str, Any]]) -> bytes:
    """One JSON object per article and line: EXPORT_COLUMNS, then the full text."""
    lines = (
        json.dumps({k: list(v) if k in LIST_FIELDS else _plain(v) for k, v in row.items()}, ensure_ascii=False)
        for row in rows
    )
    return "".join(line + "\n" for line in lines).encode("utf-8")


def export_file(
    path: str, data_version: int, filters: Filters, sort: str, descending: bool, fmt: ExportFormat
) -> bytes:
    """The whole filtered list as a file; the download button calls this only when clicked (in its own thread)."""
    rows = data.export_rows(path, data_version, filters, sort, descending, with_text=fmt == "jsonl")
    return export_jsonl(rows) if fmt == "jsonl" else export_csv(rows)


def list_key(filters: Filters, sort: str) -> str:
    """A key for the page widgets that changes with the filters and the sort, so both start again at page 1."""
    return hashlib.sha1(repr((filters, sort)).encode()).hexdigest()[:12]


def table(page: pd.DataFrame, kind: TopicKind) -> pd.DataFrame:
    """The columns shown: date, title, site, topics of the chosen kind, words."""
    topics_col = "topics" if kind == "rule" else "discovered"
    return pd.DataFrame(
        {
            "date": pd.to_datetime(page["published"]),
            "title": page["title"].fillna("(untitled)"),
            "site": page["site"].fillna(""),
            "topics": page[topics_col].map(list),
            "words": page["words"],
        }
    )


# Pixel widths that fit a laptop-width main column (~940 px beside the sidebar) without a horizontal scroll bar;
# Streamlit stretches them proportionally on wider screens.
COLUMNS = {
    "date": st.column_config.DateColumn("Date", format="D MMM YYYY", width=100),
    "title": st.column_config.TextColumn("Title", width=380),
    "site": st.column_config.TextColumn("Site", width=140),
    "topics": st.column_config.ListColumn("Topics", width=190),
    "words": st.column_config.NumberColumn("Words", format="%d", width=62),
}


def render(path: str, data_version: int, filters: Filters, kind: TopicKind, point: Point | None) -> None:
    total = data.count_articles(path, data_version, filters)
    head, sort_col, page_col, save_col = st.columns([2.6, 1, 1, 0.8], vertical_alignment="bottom")
    head.subheader("Articles", anchor=False)
    sort = sort_col.selectbox("Sort", list(SORTS), key=SORT_KEY)
    key = list_key(filters, sort)
    pages = max(1, -(-total // PAGE_SIZE))
    page_no = int(
        page_col.number_input(f"Page (of {pages:,})", 1, pages, 1, step=1, key=f"list_page_{key}", disabled=pages == 1)
        or 1
    )
    offset = (page_no - 1) * PAGE_SIZE
    column, descending = SORTS[sort]
    with save_col.popover("Download", icon=":material/download:", width="stretch", disabled=total == 0):
        _downloads(path, data_version, filters, column, descending, total)
    if point is not None:
        st.button(
            f"Selected: {safe_text(point.topic)}, {safe_text(point.label)}",
            icon=":material/close:",
            icon_position="right",
            on_click=state.clear_point,
            help="Clear the chart selection",
            key="point_chip",
        )
    if total == 0:
        st.info("No articles in this selection.")
        return
    page = data.article_page(path, data_version, filters, column, descending, PAGE_SIZE, offset)
    st.caption(f"Showing {offset + 1:,}–{offset + len(page):,} of {total:,} · select a row to read the article")
    # Closing the reader bumps the nonce, so the grid redraws with no row ticked and any row opens the reader again.
    table_key = f"{TABLE_KEY_PREFIX}{key}_{page_no}_{st.session_state.get(state.LIST_NONCE_KEY, 0)}"
    event = st.dataframe(
        table(page, kind),
        hide_index=True,
        column_config=COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
        key=table_key,
        height=min(LIST_HEIGHT, ROW_PX * (len(page) + 1) + 3),
        width="stretch",
    )
    selection = event.get("selection") if isinstance(event, Mapping) else None
    rows = list((selection or {}).get("rows") or [])
    if rows and rows[0] < len(page):
        st.session_state[state.READER_KEY] = str(page.iloc[rows[0]]["id"])


def _downloads(path: str, data_version: int, filters: Filters, sort: str, descending: bool, total: int) -> None:
    """Two download buttons for the whole list; each file is built only when its button is clicked."""
    what = "The 1 article of this list" if total == 1 else f"All {total:,} articles of this list (every page)"
    st.caption(f"{what}, in its order.")
    formats: tuple[tuple[ExportFormat, str, str, str], ...] = (
        ("csv", "CSV", ":material/table:", "Metadata and topics, one row per article, without the article text "
         "(take JSON Lines for the text)."),
        ("jsonl", "JSON Lines", ":material/data_object:", "One JSON object per article and line, with the full "
         "cleaned text."),
    )  # fmt: skip
    for fmt, label, icon, help_text in formats:
        st.download_button(
            label,
            data=functools.partial(export_file, path, data_version, filters, sort, descending, fmt),
            file_name=f"newsdesk-articles.{fmt}",
            mime=EXPORT_MIME[fmt],
            on_click="ignore",
            icon=icon,
            help=help_text,
            key=f"list_download_{fmt}",
            width="stretch",
        )
