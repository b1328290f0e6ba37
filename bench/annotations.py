"""Hand-written title and byline truth for the aeb and dates pages, stored hashed (bench/truth/README.md).

    .venv/bin/python bench/annotations.py ANNOTATIONS.json... [--out bench/truth/titles_authors.json]

Each input maps a page key to {"title", "author", "note"} as the annotator wrote them (the file's name starts with
the set it annotates: aeb-1.json, dates-3.json); "__not_asserted__" leaves a field out. The output keeps, per page,
the SHA-1 (16 hex digits) of the folded title and of each author token, so bench/extract_eval.py can score exact
titles and author token F1 without a line of the pages' text in the repo.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extraction import EXTRA_TRUTH, NOT_ASSERTED, author_tokens, fold, truth_hash  # noqa: E402

SETS = ("aeb", "dates")


def hashed(entry: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    title = (entry.get("title") or "").strip()
    if title and title != NOT_ASSERTED:
        out["title_hash"] = truth_hash(fold(title))
    author = entry.get("author")
    if author is not None and author != NOT_ASSERTED:
        out["author_hashes"] = sorted(truth_hash(t) for t in author_tokens(author))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=EXTRA_TRUTH)
    args = parser.parse_args(argv)
    pages: dict[str, dict[str, object]] = {}
    for path in args.files:
        kind = next((s for s in SETS if path.name.startswith(s)), None)
        if kind is None:
            raise SystemExit(f"{path}: the name must start with one of {SETS}")
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            h = hashed(entry)
            if h:
                pages[f"{kind}/{key}"] = h
    titles = sum("title_hash" in v for v in pages.values())
    authors = sum(bool(v.get("author_hashes")) for v in pages.values())
    nobody = sum(v.get("author_hashes") == [] for v in pages.values())
    doc = {"about": "bench/truth/README.md", "pages": dict(sorted(pages.items()))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(pages)} pages, {titles} titles, {authors} bylines, {nobody} pages crediting nobody")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
