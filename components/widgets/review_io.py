"""The decisions file, in the Review page's sidebar: export (CSV, JSON Lines), import with a summary, and a wipe
behind a confirmation. An export is built only when its button is clicked (a callable), never on every key press.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

import streamlit as st

from components import data
from components.widgets import review_queue
from components.widgets.safe import safe_text
from newsdesk.review import decisions as review

UPLOAD_NONCE_KEY = "review_upload_nonce"  # bumped after an import, so the uploader empties
REPORT_KEY = "review_import_report"  # (file name, ImportReport) of the last import, or ("wipe", count)
WIPE_OPEN_KEY = "review_wipe_open"  # the confirmation is showing
UNMATCHED_SHOWN = 20  # ids listed from an import that matched nothing; the count says how many more
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


def _exporter(path: str, fmt: review.ExportFormat) -> Callable[[], bytes]:
    def build() -> bytes:
        return review.export_decisions(data.get_store(path).cursor(), fmt)

    return build


def _import(path: str, name: str, payload: bytes, reviewer: str) -> None:
    fmt = FORMATS.get(PurePath(name).suffix.lower(), "csv")
    try:
        report = review.import_decisions(data.get_store(path).cursor(), payload, fmt, reviewer=reviewer)  # type: ignore[arg-type]
    except (ValueError, UnicodeDecodeError, KeyError) as exc:
        st.session_state[REPORT_KEY] = ("error", f"{name}: {exc}")
    else:
        st.session_state[REPORT_KEY] = (name, report)
    st.session_state[UPLOAD_NONCE_KEY] = st.session_state.get(UPLOAD_NONCE_KEY, 0) + 1
    review_queue.flash(None)


def _wipe(path: str, reviewer: str) -> None:
    wiped = review.wipe_decisions(data.get_store(path).cursor(), reviewer=reviewer)
    st.session_state[REPORT_KEY] = ("wipe", wiped)
    st.session_state.pop(review_queue.UNDO_KEY, None)  # nothing left to take back one by one
    review_queue.flash(None)


def _close_wipe() -> None:
    st.session_state.pop(WIPE_OPEN_KEY, None)


@st.dialog("Wipe every decision?", on_dismiss=_close_wipe)
def _confirm_wipe(path: str, reviewer: str) -> None:
    # Counted now, not when the sidebar was drawn: key presses since then rerun only the workspace.
    counts = data.review_counts(path, data.version(path), "all", None)
    reviewed = sum(counts.values()) - counts.get("unreviewed", 0)
    st.markdown(
        f"The status, note and corrections of **{reviewed:,}** reviewed article{'s' if reviewed != 1 else ''} stop "
        "counting, for every reviewer; charts go back to the extracted values. The history keeps them, and "
        "importing an export brings them back, so **export first** if you may want them."
    )
    with st.container(horizontal=True, horizontal_alignment="right"):
        if st.button("Cancel", key="review_wipe_cancel", on_click=_close_wipe):
            st.rerun()
        if st.button("Wipe decisions", key="review_wipe_confirm", type="primary", icon=":material/delete_forever:"):
            _close_wipe()
            _wipe(path, reviewer)
            st.rerun()


def _report() -> None:
    last = st.session_state.get(REPORT_KEY)
    if not last:
        return
    name, report = last
    if name == "wipe":
        st.success(f"Wiped the decisions on {report:,} articles.", icon=":material/delete_sweep:")
    elif name == "error":
        st.error(f"Could not import {safe_text(report)}", icon=":material/error:")
    else:
        st.success(
            f"Imported {safe_text(name)}: **{report.merged:,} merged**, {report.skipped:,} skipped (already so), "
            f"{len(report.unmatched):,} could not be matched.",
            icon=":material/upload:",
        )
        if report.unmatched:
            more = len(report.unmatched) - UNMATCHED_SHOWN
            listed = "\n".join(f"- {safe_text(u)}" for u in report.unmatched[:UNMATCHED_SHOWN])
            st.markdown(listed + (f"\n\n…and {more:,} more" if more > 0 else ""))


def render(path: str, reviewer: str) -> None:
    st.subheader("Decisions", anchor=False)
    st.caption("Every decision with its note and corrections, each beside the extracted value")
    with st.container(horizontal=True):
        st.download_button(
            "CSV",
            _exporter(path, "csv"),
            file_name="newsdesk-decisions.csv",
            mime="text/csv",
            icon=":material/download:",
            key="review_export_csv",
            on_click="ignore",
        )
        st.download_button(
            "JSON Lines",
            _exporter(path, "jsonl"),
            file_name="newsdesk-decisions.jsonl",
            mime="application/x-ndjson",
            icon=":material/download:",
            key="review_export_jsonl",
            on_click="ignore",
        )
    upload = st.file_uploader(
        "Import decisions",
        type=["csv", "jsonl", "ndjson", "json"],
        key=f"review_import_{st.session_state.get(UPLOAD_NONCE_KEY, 0)}",
        help="A file exported here (or with the same columns): rows are matched by id, else by URL, and merged "
        "into the history; nothing is overwritten.",
    )
    if upload is not None:
        st.button(
            f"Import {safe_text(upload.name)}",
            key="review_import_go",
            type="primary",
            icon=":material/upload:",
            on_click=_import,
            args=(path, upload.name, upload.getvalue(), reviewer),
        )
    _report()
    if st.button("Wipe all decisions…", key="review_wipe", icon=":material/delete_sweep:", type="tertiary"):
        st.session_state[WIPE_OPEN_KEY] = True
    if st.session_state.get(WIPE_OPEN_KEY):  # kept open across reruns until confirmed, cancelled or dismissed
        _confirm_wipe(path, reviewer)
