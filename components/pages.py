"""The app's pages, built in one place so `app.py` and in-page links name the same `st.Page`."""

from __future__ import annotations

import streamlit as st


def dashboard() -> st.Page:
    from components import dashboard

    return st.Page(
        dashboard.render, title="Dashboard", icon=":material/monitoring:", url_path="dashboard", default=True
    )


def ingest() -> st.Page:
    from components import ingest_page

    return st.Page(ingest_page.render, title="Ingest", icon=":material/upload_file:", url_path="ingest")


def review() -> st.Page:
    from components import review_page

    return st.Page(review_page.render, title="Review", icon=":material/fact_check:", url_path="review")


def topics() -> st.Page:
    from components import topics_page

    return st.Page(topics_page.render, title="Topics", icon=":material/label:", url_path="topics")
