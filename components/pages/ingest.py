"""The Ingest page: upload files (saved under <articles>/uploads/ first, so nothing is lost), re-scan the articles
folder, and see what went wrong (the errors table) and what was read (the files table)."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from components import data
from components.widgets import header
from components.widgets.ingest_run import SUMMARY_KEY, run_ingest
from components.widgets.paths import display_path
from components.widgets.safe import safe_code, safe_text
from newsdesk import settings

UPLOAD_TYPES = ("html", "htm", "txt", "jsonl", "ndjson", "json", "csv", "xml", "parquet", "zip", "warc", "gz")
UPLOAD_DIR = "uploads"  # under NEWSDESK_ARTICLES, so a later re-scan or `make run` finds the same files
UPLOADER_NONCE_KEY = "uploader_nonce"  # bumped after an ingest to empty the uploader
MAX_NAME_CHARS = 120  # file names longer than this are cut (keeping the extension): safe on every file system
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A file name with no directory part, no hidden dot and only portable characters; never empty."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = _UNSAFE.sub("_", base).strip("._") or "upload"
    if len(cleaned) > MAX_NAME_CHARS:
        stem, ext = _split_ext(cleaned)
        cleaned = stem[: MAX_NAME_CHARS - len(ext)] + ext
    return cleaned


def _split_ext(name: str) -> tuple[str, str]:
    """("page", ".warc.gz") for "page.warc.gz": a .gz keeps the suffix before it, so numbering goes before both."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-1].lower() == "gz":
        return ".".join(parts[:-2]), "." + ".".join(parts[-2:])
    if len(parts) >= 2:
        return ".".join(parts[:-1]), "." + parts[-1]
    return name, ""


def save_upload(name: str, content: bytes, folder: Path) -> tuple[Path, bool]:
    """Save an uploaded file under `folder` without ever overwriting a different file: an identical file already
    there is reused, a different one gets a numbered name. Returns (path, whether a new file was written)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, ext = _split_ext(safe_name(name))
    n = 0
    while True:
        target = folder / (f"{stem}{ext}" if n == 0 else f"{stem}-{n}{ext}")
        try:
            with target.open("xb") as fh:
                fh.write(content)
            return target, True
        except FileExistsError:
            if target.is_file() and target.read_bytes() == content:
                return target, False
            n += 1


def _summary() -> None:
    s = st.session_state.get(SUMMARY_KEY)
    if not s:
        return
    st.success(safe_text(s["line"]), icon=":material/task_alt:")
    cells = st.columns(6)
    for cell, (label, key) in zip(
        cells,
        [
            ("New files", "new"),
            ("Changed", "changed"),
            ("Unchanged", "unchanged"),
            ("Articles stored", "articles"),
            ("Duplicates", "duplicates"),
            ("Errors", "errors"),
        ],
        strict=True,
    ):
        cell.metric(label, f"{s[key]:,}")


def render() -> None:
    path = data.db_path()
    store = data.get_store(path)
    header.render(path, data.version(path), title="Ingest")
    articles = settings.ARTICLES.path()
    uploads = articles / UPLOAD_DIR
    _summary()

    add, rescan = st.columns([2, 1], gap="large")
    with add:
        st.subheader("Add files", anchor=False)
        nonce = st.session_state.get(UPLOADER_NONCE_KEY, 0)
        files = st.file_uploader(
            "Stored articles: HTML pages, text dumps, JSONL/NDJSON/JSON/CSV exports, WARC, zip (any of them .gz)",
            type=list(UPLOAD_TYPES),
            accept_multiple_files=True,
            key=f"uploader_{nonce}",
        )
        st.caption(f"Files are saved under {safe_code(uploads)} first, then ingested.")
        if files and st.button(f"Save and ingest {len(files)} file{'s' if len(files) != 1 else ''}", type="primary"):
            saved = [save_upload(f.name, f.getvalue(), uploads)[0] for f in files]
            if run_ingest(store, saved, f"Ingesting {len(saved)} uploaded files") is not None:
                st.session_state[UPLOADER_NONCE_KEY] = nonce + 1
                st.rerun()
    with rescan:
        st.subheader("Articles folder", anchor=False)
        st.caption(f"{safe_code(articles)}: unchanged files are skipped, changed ones re-read.")
        clicked = st.button("Re-scan the articles folder", icon=":material/refresh:")
        if clicked and run_ingest(store, [articles], "Re-scanning the articles folder") is not None:
            st.rerun()

    version = data.version(path)
    errors = data.ingest_errors(path, version)
    st.subheader(f"Errors ({len(errors):,})", anchor=False)
    if errors.empty:
        st.caption("Every file and record was read.")
    else:
        shown = errors[["time", "source", "format", "reason"]].assign(
            source=lambda df: df["source"].map(lambda p: display_path(p, articles))
        )
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                "time": st.column_config.DatetimeColumn("Time", format="YYYY-MM-DD HH:mm", width=135),
                "source": st.column_config.TextColumn("File", width=300),
                "format": st.column_config.TextColumn("Format", width=70),
                "reason": st.column_config.TextColumn("Reason", width=400),
            },
        )
    files_df = data.ingested_files(path, version).assign(
        path=lambda df: df["path"].map(lambda p: display_path(p, articles))
    )
    st.subheader(f"Files ({len(files_df):,})", anchor=False)
    if files_df.empty:
        st.caption("No file has been ingested into this database yet.")
        return
    st.dataframe(
        files_df,
        hide_index=True,
        width="stretch",
        column_config={
            "ingested_at": st.column_config.DatetimeColumn("Ingested", format="YYYY-MM-DD HH:mm", width=135),
            "path": st.column_config.TextColumn("File (in the articles folder)", width=480),
            "size": st.column_config.NumberColumn("Bytes", format="%d", width=80),
            "articles": st.column_config.NumberColumn("Articles", width=70),
            "errors": st.column_config.NumberColumn("Errors", width=70),
            "skipped": st.column_config.NumberColumn("Skipped", width=70),
        },
    )
