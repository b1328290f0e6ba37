"""settings: every setting has a working default and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk import settings

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("s", settings.SETTINGS, ids=lambda s: s.name)
def test_each_setting_is_documented(s: settings.Setting) -> None:
    text = README.read_text(encoding="utf-8")
    assert s.name in text and s.default in text


def test_relative_paths_resolve_from_the_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    assert settings.DB.path() == settings.REPO_ROOT / "data" / "newsdesk"
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "x.duckdb"))
    assert settings.DB.path() == tmp_path / "x.duckdb"


def test_readme_opens_with_the_two_commands() -> None:
    head = README.read_text(encoding="utf-8")[:1500]
    assert "make run" in head and "make test" in head
