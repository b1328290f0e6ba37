"""Running an ingest from the app: rules from NEWSDESK_TOPICS, a live progress bar, a one-line summary.

Shared by the first-run ingest (fresh clone on Community Cloud) and the Ingest page. A bad topics file is a user
error: it gets a one-line `st.error` naming the file and the fix, and nothing is ingested with the wrong rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from components.widgets.safe import safe_code, safe_text
from newsdesk import settings
from newsdesk.ingest import IngestSummary, ingest
from newsdesk.store import Store, StoreLockedError

# An ingest started from the app waits this long for another writer of the corpus (a CLI ingest) before saying so.
BUSY_WAIT_SECONDS = 3.0
SUMMARY_KEY = "ingest_summary"  # session state: the last ingest's counts, shown after the rerun that follows it


def load_rules() -> list[Any] | None:
    """The rule topics, or None after showing an error (missing or malformed NEWSDESK_TOPICS file)."""
    from newsdesk.analysis.topics import TopicsFileError, load_rules

    path = settings.TOPICS.path()
    try:
        return list(load_rules(path))
    except (TopicsFileError, OSError) as exc:
        st.error(
            f"The topics file could not be used: {safe_text(exc)}  \n"
            f"Fix {safe_code(path)} (its header explains the query syntax) or set {settings.TOPICS.name} to "
            "another file, then reload. Nothing was ingested.",
            icon=":material/error:",
        )
        return None


def run_ingest(store: Store, paths: Sequence[str | Path], label: str) -> IngestSummary | None:
    """Ingest `paths` with a progress bar inside a status box; None when the topics file is unusable or another
    process is writing the corpus (both shown)."""
    rules = load_rules()
    if rules is None:
        return None
    with st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Looking for files…")

        def progress(done: int, total: int, current: str) -> None:
            text = f"{done} of {total} files" + (f" · {safe_text(Path(current).name)}" if current else "")
            bar.progress(done / total if total else 1.0, text=text)

        try:
            summary = ingest(store, paths, rules=rules, progress=progress, wait=BUSY_WAIT_SECONDS)
        except StoreLockedError as exc:
            status.update(label="Not ingested: another process is writing the corpus", state="error")
            st.error(f"{safe_text(exc)}.", icon=":material/lock:")
            return None
        status.update(label=safe_text(summary.line()), state="complete", expanded=False)
    st.session_state[SUMMARY_KEY] = {
        "files": summary.files_seen,
        "new": summary.new,
        "changed": summary.changed,
        "unchanged": summary.skipped,
        "articles": summary.articles,
        "duplicates": summary.duplicates,
        "errors": summary.errors,
        "line": summary.line(),
    }
    return summary
