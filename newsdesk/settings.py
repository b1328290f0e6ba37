"""Settings are environment variables with defaults that work on a fresh clone; each is documented in README."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name) or self.default

    def path(self) -> Path:
        """The setting as a path; relative paths are taken from the repo root, so the app runs from anywhere."""
        p = Path(self.value()).expanduser()
        return p if p.is_absolute() else REPO_ROOT / p


DB = Setting(
    "NEWSDESK_DB",
    "data/newsdesk",
    "Store folder the app and the CLI use (Parquet parts + a SQLite catalog; a `.duckdb` file of the first layout "
    "is converted once).",
)
ARTICLES = Setting(
    "NEWSDESK_ARTICLES", "data/articles", "Folder scanned for stored articles (by `make run` and the app)."
)
TOPICS = Setting("NEWSDESK_TOPICS", "data/topics.toml", "Rule topics file: a name and a keyword query each.")

DUCKDB_MEMORY = Setting(
    "NEWSDESK_DUCKDB_MEMORY",
    "512MB",
    "Memory DuckDB may use in each process that reads the store (queries needing more spill to disk); keeps the "
    "dashboard under Community Cloud's 1 GB.",
)

SETTINGS: tuple[Setting, ...] = (DB, ARTICLES, TOPICS, DUCKDB_MEMORY)
