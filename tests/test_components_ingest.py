"""Uploaded files are saved under a safe name and never overwrite a different file."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.pages.ingest import MAX_NAME_CHARS, safe_name, save_upload


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.html", "report.html"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\page one (2).htm", "page_one_2_.htm"),
        (".hidden.txt", "hidden.txt"),
        ("...", "upload"),
        ("", "upload"),
        ("Zürich news.jsonl", "Z_rich_news.jsonl"),
    ],
)
def test_safe_name(given: str, expected: str) -> None:
    assert safe_name(given) == expected


def test_long_name_keeps_its_extension() -> None:
    name = safe_name("x" * 500 + ".warc.gz")
    assert len(name) == MAX_NAME_CHARS and name.endswith(".warc.gz")


def test_identical_upload_is_reused(tmp_path: Path) -> None:
    first, new1 = save_upload("a.txt", b"same", tmp_path)
    second, new2 = save_upload("a.txt", b"same", tmp_path)
    assert first == second == tmp_path / "a.txt" and new1 and not new2


def test_different_content_never_overwrites(tmp_path: Path) -> None:
    save_upload("crawl.warc.gz", b"one", tmp_path)
    p2, _ = save_upload("crawl.warc.gz", b"two", tmp_path)
    p3, _ = save_upload("crawl.warc.gz", b"three", tmp_path)
    assert [p2.name, p3.name] == ["crawl-1.warc.gz", "crawl-2.warc.gz"]
    assert (tmp_path / "crawl.warc.gz").read_bytes() == b"one" and p3.read_bytes() == b"three"


def test_path_traversal_stays_in_folder(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    path, _ = save_upload("../../escape.html", b"x", folder)
    assert path.parent == folder and not (tmp_path / "escape.html").exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/abs/x.html", "C:\\abs\\x.html", "uploads/../../x.html"])
def test_upload_named_with_a_path_lands_inside_the_uploads_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "articles" / "uploads"
    path, written = save_upload(name, b"<html>x</html>", folder)
    assert written and path.parent == folder and path.resolve().is_relative_to(folder.resolve())
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [path.name]
