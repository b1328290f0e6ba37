"""The app's pages by name: the one place that says which pages exist and how they are titled, so `app.py` and
in-page links build the same `st.Page`. Each page is named by its module and loaded only when Streamlit runs it,
so this module imports no page and no page imports another (links go through here)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    module: str  # under components.pages; its `render()` draws the page
    title: str
    icon: str
    url_path: str
    default: bool = False


# In the order the navigation lists them.
PAGES: dict[str, PageSpec] = {
    "dashboard": PageSpec("dashboard", "Dashboard", ":material/monitoring:", "dashboard", default=True),
    "topics": PageSpec("topics", "Topics", ":material/label:", "topics"),
    "review": PageSpec("review", "Review", ":material/fact_check:", "review"),
    "ingest": PageSpec("ingest", "Ingest", ":material/upload_file:", "ingest"),
}


def _render(module: str) -> Callable[[], None]:
    def render() -> None:
        importlib.import_module(f"components.pages.{module}").render()

    render.__name__ = module  # Streamlit names a callable page after its function
    return render


def page(name: str) -> st.Page:
    spec = PAGES[name]
    return st.Page(_render(spec.module), title=spec.title, icon=spec.icon, url_path=spec.url_path, default=spec.default)


def all_pages() -> list[st.Page]:
    return [page(name) for name in PAGES]


def dashboard() -> st.Page:
    return page("dashboard")


def ingest() -> st.Page:
    return page("ingest")


def review() -> st.Page:
    return page("review")


def topics() -> st.Page:
    return page("topics")
