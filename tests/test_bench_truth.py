"""The hand-annotated title and byline truth (bench/truth): stored hashed, scored as the plain text would be."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str) -> ModuleType:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location(f"bench.{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> tuple[ModuleType, ModuleType]:
    return _load("extraction"), _load("annotations")


def _words(rng: random.Random) -> str:
    pool = ["Anna", "Müller", "and", "By", "Jean-Luc", "O'Neil", "高木浩光", "Staff", "AP", "de la", "  "]
    return rng.choice([", ", " and ", " "]).join(rng.choice(pool) for _ in range(rng.randint(0, 4)))


def test_hashed_truth_scores_as_the_plain_truth(bench: tuple[ModuleType, ModuleType], tmp_path: Path) -> None:
    """Written through bench/annotations.py and read back, every page scores what the plain-text metrics give."""
    extraction, annotations = bench
    rng = random.Random(7)
    plain: dict[str, dict[str, str]] = {}
    found: dict[str, tuple[str | None, list[str]]] = {}
    for k in range(300):
        title = "".join(rng.choice(string.ascii_letters + " ÉéßÄ") for _ in range(rng.randint(1, 30))).strip() or "x"
        author = _words(rng)
        plain[f"k{k}"] = {"title": title, "author": author, "note": ""}
        shown = rng.choice([title, title.upper(), f"  {title}  ", title + " | Site", None])
        found[f"k{k}"] = (shown, [a for a in re.split(r", | and ", _words(rng) if rng.random() < 0.5 else author) if a])
    plain["k_none"] = {"title": "__not_asserted__", "author": "__not_asserted__", "note": ""}
    source = tmp_path / "dates-9.json"
    source.write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "truth.json"
    assert annotations.main([str(source), "--out", str(out)]) == 0
    stored = extraction.load_annotations(out)
    assert "dates/k_none" not in stored and len(stored) == 300
    assert "Müller" not in out.read_text(encoding="utf-8")  # no page text in the file
    for key, entry in plain.items():
        if key == "k_none":
            continue
        title, authors = found[key]
        got = extraction.annotated_scores(stored[f"dates/{key}"], title, authors)
        assert got["annotated_title_exact"] == float(extraction.fold(title) == extraction.fold(entry["title"]))
        assert got["annotated_author_f1"] == pytest.approx(extraction.author_f1(entry["author"], authors))


def test_the_committed_truth_is_hashes_of_aeb_and_dates_pages(bench: tuple[ModuleType, ModuleType]) -> None:
    extraction, _ = bench
    pages = extraction.load_annotations()
    assert len(pages) >= 400
    assert {key.split("/")[0] for key in pages} == {"aeb", "dates"}
    hexes = [entry["title_hash"] for entry in pages.values() if "title_hash" in entry]
    hexes += [h for entry in pages.values() for h in entry.get("author_hashes", [])]
    assert hexes and all(re.fullmatch(r"[0-9a-f]{16}", h) for h in hexes)
