"""Opening the store when the app starts, and the one-time ingest on a fresh clone.

On Community Cloud `make run` never ran, so the database starts empty while NEWSDESK_ARTICLES holds the demo
corpus: the first visitor sees it ingested once, with a progress bar. A store that cannot be opened or a bad topics
file is shown as a one-line error with its fix, never a traceback. While another process (a CLI ingest) writes the
corpus, the dashboard opens at once on what is stored and leaves the ingest to that process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import streamlit as st

from components import data
from components.widgets.ingest_run import run_ingest
from components.widgets.safe import safe_code, safe_text
from newsdesk import settings, sources
from newsdesk.store import Store


def _files_in_folder() -> int:
    """Supported files under NEWSDESK_ARTICLES, counted the way an ingest walks them."""
    return sum(1 for item in sources.iter_files([settings.ARTICLES.path()]) if isinstance(item, Path))


def _catch_up(store: Store, path: str, startup: dict[str, bool]) -> None:
    """Once per process: ingest the articles folder when the database holds fewer files than it (a fresh clone, or
    a first ingest cut short because its visitor left); a no-op when `make run` or the CLI already ingested it."""
    if not settings.ARTICLES.path().is_dir() or store.writer_info() is not None:
        startup["checked"] = True  # (another process is writing the corpus: it is not ours to catch up)
        return
    stats = data.stats(path, data.version(path))
    on_disk = _files_in_folder()
    if stats["files"] >= on_disk:
        startup["checked"] = True
        return
    folder = settings.ARTICLES.path()
    st.title("Newsdesk", anchor=False)
    if stats["articles"] == 0:
        st.caption("The database is empty, so the stored articles are read once now; later visits open straight away.")
        label = f"First start: ingesting the articles in {safe_text(folder)}"
    else:
        missing = on_disk - stats["files"]
        st.caption(
            f"{missing:,} file{'s are' if missing != 1 else ' is'} in the articles folder but not in the database."
        )
        label = f"Ingesting the new files in {safe_text(folder)}"
    if run_ingest(store, [folder], label) is None:
        if store.writer_info() is None:
            st.stop()  # a bad topics file: shown, and tried again on the next rerun once fixed
        startup["checked"] = True  # another process started writing: its ingest, not ours
        return
    startup["checked"] = True  # unreadable files never get an ingested_files row: do not loop on them
    st.rerun()


def open_store() -> str:
    """The database path with its store open (stops the script after an error); ingests a fresh clone's articles."""
    path = data.db_path()
    try:
        store = data.get_store(path)
    except (duckdb.Error, sqlite3.Error, OSError, ValueError, RuntimeError) as exc:
        st.error(
            f"Cannot open the store {safe_code(path)}: {safe_text(exc)}  \n"
            f"Check the folder (or delete it to rebuild it from {settings.ARTICLES.name}), then reload.",
            icon=":material/error:",
        )
        st.stop()
    startup = data.startup_state(path)
    if not startup["checked"]:
        _catch_up(store, path, startup)
    return path
