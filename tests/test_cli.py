"""cli: the contract in DESIGN.md (extract prints JSON Lines; ingest summarises; export; errors are one line)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import news_page, text_dump

ROOT = Path(__file__).resolve().parent.parent
SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "text-dump-pakistan-iran.txt"
CONTRACT_FIELDS = (
    "source id url site title authors published published_source page_date language section tags description "
    "text word_count reading_minutes related_headlines topics warnings"
).split()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, **(env or {})},
    )


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_extract_prints_contract_fields_in_input_order(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(news_page(), encoding="utf-8")
    (tmp_path / "dump.txt").write_text(text_dump(), encoding="utf-8")
    (tmp_path / "x.jsonl").write_text('{"title": "T", "text": "Body words here."}\n[1, 2]\n', encoding="utf-8")
    proc = run_cli("extract", str(tmp_path / "page.html"), str(tmp_path / "dump.txt"), str(tmp_path / "x.jsonl"))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["source"].rsplit("/", 1)[-1] for r in rows] == ["page.html", "dump.txt", "x.jsonl#1", "x.jsonl#2"]
    for r in rows[:3]:
        assert set(CONTRACT_FIELDS) <= set(r), set(CONTRACT_FIELDS) - set(r)
    assert rows[0]["title"] == "Council approves northern tram extension"
    assert rows[0]["published"].startswith("2024-03-05")
    assert rows[1]["published"] == "2024-03-05"
    assert "ALSO READ" not in rows[1]["text"]
    assert set(rows[3]) == {"source", "error"}


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="../shared/examples is not beside the repo")
def test_extract_shared_example_exactly() -> None:
    expected = json.loads(SHARED_EXAMPLE.with_name("text-dump-pakistan-iran.expected.json").read_text())["required"]
    proc = run_cli("extract", str(SHARED_EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    (row,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["title"] == expected["title"]
    assert row["published"] == expected["published"]
    assert _norm(row["text"]) == _norm(expected["text"])
    for s in expected["must_not_contain"]:
        assert s not in row["text"], s


def test_ingest_then_export(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(news_page(), encoding="utf-8")
    (folder / "bad.html").write_bytes(b"")
    db = tmp_path / "x.duckdb"
    proc = run_cli("ingest", str(folder), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "2 files seen: 2 new" in proc.stdout and "1 error\n" in proc.stdout
    assert "bad.html" in proc.stdout
    assert "files" in proc.stderr  # the progress bar
    again = run_cli("ingest", str(folder), "--db", str(db), "--quiet")
    assert "0 new, 0 changed, 2 unchanged" in again.stdout
    exp = run_cli("export", "--db", str(db))
    rows = [json.loads(line) for line in exp.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["title"] == "Council approves northern tram extension"
    csv_out = run_cli("export", "--db", str(db), "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("id,")


def test_a_parquet_export_ingests_back_as_the_same_articles(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        url = f"https://www.riverton-post.example/news/2024/03/0{i + 1}/story-{i}"
        (folder / f"page{i}.html").write_text(news_page(f"Council story number {i}", url=url), encoding="utf-8")
    db, copy = tmp_path / "a", tmp_path / "b"
    assert run_cli("ingest", str(folder), "--db", str(db), "--quiet").returncode == 0
    out = tmp_path / "export" / "articles.parquet"
    out.parent.mkdir()
    exp = run_cli("export", "--db", str(db), "--format", "parquet", "--out", str(out))
    assert exp.returncode == 0, exp.stderr
    assert "wrote 3 articles" in exp.stderr
    back = run_cli("ingest", str(out.parent), "--db", str(copy), "--quiet")
    assert back.returncode == 0 and "3 articles stored" in back.stdout, back.stdout + back.stderr
    first = [json.loads(line) for line in run_cli("export", "--db", str(db)).stdout.splitlines()]
    second = [json.loads(line) for line in run_cli("export", "--db", str(copy)).stdout.splitlines()]
    keys = ("id", "url", "title", "published", "authors", "site", "text", "rule_topics")
    assert [{k: r[k] for k in keys} for r in second] == [{k: r[k] for k in keys} for r in first]


def test_user_errors_are_one_line(tmp_path: Path) -> None:
    proc = run_cli("export", "--db", str(tmp_path / "missing.duckdb"))
    assert proc.returncode == 2 and "no database" in proc.stderr and "Traceback" not in proc.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[[topic]]\nname = "X"\nquery = "a AND ("\n', encoding="utf-8")
    proc = run_cli("ingest", str(tmp_path), "--db", str(tmp_path / "y.duckdb"), "--topics", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "bad.toml" in proc.stderr
