"""The article list: one page of rows from the store (never the whole corpus), sortable, a row opens the reader."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components import data, state
from components.coverage import Point
from components.safe import safe_text
from newsdesk.queries import Filters, TopicKind

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
SORT_KEY = "list_sort"


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
    head, sort_col, page_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    head.subheader("Articles", anchor=False)
    sort = sort_col.selectbox("Sort", list(SORTS), key=SORT_KEY)
    key = list_key(filters, sort)
    pages = max(1, -(-total // PAGE_SIZE))
    page_no = int(
        page_col.number_input(f"Page (of {pages:,})", 1, pages, 1, step=1, key=f"list_page_{key}", disabled=pages == 1)
        or 1
    )
    offset = (page_no - 1) * PAGE_SIZE
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
    column, descending = SORTS[sort]
    page = data.article_page(path, data_version, filters, column, descending, PAGE_SIZE, offset)
    st.caption(f"Showing {offset + 1:,}–{offset + len(page):,} of {total:,} · select a row to read the article")
    # Closing the reader bumps the nonce, so the grid redraws with no row ticked and any row opens the reader again.
    table_key = f"list_{key}_{page_no}_{st.session_state.get(state.LIST_NONCE_KEY, 0)}"
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
