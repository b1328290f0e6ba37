"""File paths as a reader wants them: relative to the articles folder when they are inside it."""

from __future__ import annotations

from pathlib import Path

from newsdesk import settings


def display_path(path: str, folder: Path | None = None) -> str:
    """A file under the articles folder (or `folder`) relative to it, e.g. demo/html/a.html; other paths as given."""
    base = folder or settings.ARTICLES.path()
    try:
        return str(Path(path).relative_to(base))
    except ValueError:
        return path
