"""The main page: corpus header, sidebar filters, coverage chart, article list and reader, in that order."""

from __future__ import annotations

import streamlit as st

from components import data, nav
from components.widgets import article_list, coverage, filters, header, reader, review_queue, state
from components.widgets.urlstate import keep_in_url


@keep_in_url
def render() -> None:
    path = data.db_path()
    version = data.version(path)
    reader.open_from_link()
    header.render(path, version)
    fs = filters.render(path, version)
    if data.stats(path, version)["articles"] == 0:
        st.info(
            "No articles yet. Add files on the **Ingest** page (HTML, text dumps, JSONL/CSV exports, WARC, zip), "
            "or put them in the articles folder and re-scan it there.",
            icon=":material/inbox:",
        )
        st.page_link(nav.ingest(), label="Go to Ingest", icon=":material/upload_file:")
        return
    if data.count_articles(path, version, fs.filters) == 0:
        st.info("No articles match these filters.", icon=":material/filter_alt_off:")
        st.button("Reset filters", on_click=state.reset_filters, key="empty_reset", icon=":material/restart_alt:")
        return
    selection = coverage.render(path, version, fs)
    shown = coverage.selected(fs.filters, selection)
    coverage.render_selection(path, version, fs, selection, shown)
    review_queue.dashboard_button(path, version, shown, selection.label)
    article_list.render(path, version, shown, fs.kind, selection.point)
    reader.render(path, version)
