"""Articles that another process adds while the page is open: a small fragment that looks every few seconds.

When the corpus changed (an ingest in a terminal committed a batch) and nobody is writing any more, the page reruns
by itself, so new articles show within seconds of the ingest finishing. While an ingest is still running, a line says
so and how far it is, with a button to show what is stored so far (a chart redrawing under the reader's eyes every
batch would be worse). Review decisions by other people do not count here: they show at the next interaction.
"""

from __future__ import annotations

import streamlit as st

from components import data
from components.widgets.safe import safe_text

POLL_SECONDS = 3.0  # how often the page asks the store whether the corpus changed (one pragma read)
SEEN_KEY = "freshness_seen_corpus"


def remember(path: str) -> None:
    """Call once per full run: the corpus version this run drew."""
    st.session_state[SEEN_KEY] = data.corpus_version(path)


@st.fragment(run_every=POLL_SECONDS)
def watch(path: str) -> None:
    """Rerun the page when new articles were committed and the writer is done; say so while one is writing."""
    seen = st.session_state.get(SEEN_KEY)
    now = data.corpus_version(path)
    writer = data.get_store(path).writer_info()
    if writer is not None:
        st.caption(f":material/sync: {safe_text(writer.describe())}: new articles appear as each batch is stored.")
    if seen is None or now == seen:
        return
    if writer is None:
        st.rerun(scope="app")
    if st.button("Show the articles stored so far", icon=":material/refresh:", key="freshness_show"):
        st.rerun(scope="app")
