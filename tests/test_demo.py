"""The synthetic demo corpus: deterministic, big and varied enough, in every format, with the intended shapes."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import statistics
import tomllib
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.demo import corpus as demo
from newsdesk.demo.corpus import DemoArticle, build_demo_articles, render_demo_corpus, write_demo_corpus

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "data" / "articles" / "demo"
MAX_TOTAL_BYTES = 6 * 1024 * 1024
MAX_FILE_BYTES = 1536 * 1024


@pytest.fixture(scope="module")
def manifest() -> list[DemoArticle]:
    return build_demo_articles()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo.DemoSummary]:
    out = tmp_path_factory.mktemp("demo") / "demo"
    return out, write_demo_corpus(out)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------------------------
# Determinism and size


def test_same_seed_same_bytes(corpus: tuple[Path, demo.DemoSummary], tmp_path: Path) -> None:
    out, summary = corpus
    again = write_demo_corpus(tmp_path / "again")
    assert _files(out) == _files(tmp_path / "again")
    assert again == summary


def test_rewrite_replaces_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    (out / "stale").mkdir(parents=True)
    (out / "stale" / "old.html").write_text("<html></html>")
    write_demo_corpus(out)
    assert not (out / "stale").exists()


def test_other_seed_other_corpus() -> None:
    a = render_demo_corpus(build_demo_articles(1), 1)
    b = render_demo_corpus(build_demo_articles(2), 2)
    assert a != b


def test_size_limits(corpus: tuple[Path, demo.DemoSummary]) -> None:
    files = _files(corpus[0])
    assert sum(len(b) for b in files.values()) < MAX_TOTAL_BYTES
    assert max(len(b) for b in files.values()) < MAX_FILE_BYTES


def _content(name: str, data: bytes) -> object:
    """A file's content independent of the zlib build: gzip/zip payloads decompressed, zip entry metadata kept."""
    if name.endswith(".gz"):
        return gzip.decompress(data)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i.filename, i.date_time, i.external_attr, zf.read(i)) for i in zf.infolist()]
    return data


def test_committed_corpus_is_fresh(corpus: tuple[Path, demo.DemoSummary]) -> None:
    assert COMMITTED.is_dir(), "data/articles/demo is missing: run `python -m newsdesk demo-data`"
    fresh, committed = _files(corpus[0]), _files(COMMITTED)
    assert sorted(committed) == sorted(fresh), "data/articles/demo is stale: run `python -m newsdesk demo-data`"
    stale = [n for n in fresh if _content(n, fresh[n]) != _content(n, committed[n])]
    assert not stale, f"regenerate data/articles/demo (`python -m newsdesk demo-data`): {stale[:5]}"


# ---------------------------------------------------------------------------------------------------------------
# Counts from the generator's manifest


def test_manifest_counts(manifest: list[DemoArticle], corpus: tuple[Path, demo.DemoSummary]) -> None:
    summary = corpus[1]
    assert len(manifest) == summary.articles >= 400
    months = {a.published.strftime("%Y-%m") for a in manifest}
    assert len(months) >= 24
    assert len({a.site for a in manifest}) >= 5
    assert len({t for a in manifest for t in a.topics}) >= 8
    assert all(a.published.date() >= demo.START and a.published.date() <= demo.END for a in manifest)
    assert summary.first_date >= "2023-01-01" and summary.last_date <= "2025-06-30"
    assert set(summary.by_format) == {"html", "txt", "jsonl", "csv", "json", "zip", "html.gz", "warc"}
    assert summary.by_format["html"] + summary.by_format["txt"] > len(manifest) / 2
    assert sum(summary.by_format.values()) == len(manifest) + summary.duplicates
    assert summary.duplicates == demo.N_DUPLICATES
    assert 0.05 < sum(len(a.topics) == 2 for a in manifest) / len(manifest) < 0.2


def test_every_article_is_complete(manifest: list[DemoArticle]) -> None:
    for a in manifest:
        assert 4 <= len(a.paragraphs) <= 12, a.headline
        assert 1 <= len(a.authors) <= 2
        assert a.headline and a.section and a.tags and a.description and a.url.startswith("https://")
        assert ".example/" in a.url
        assert "{" not in a.text + a.headline, a.headline  # every template slot filled
        sentences = re.split(r"(?<=\.)\s+|(?<=\.”)\s+", a.text)
        assert len(sentences) == len(set(sentences)), f"repeated sentence in {a.headline}"
    assert len({a.url for a in manifest}) == len(manifest)


def _rule_matchers() -> dict[str, Callable[[str], bool]]:
    """A small evaluator for data/topics.toml queries (words, prefixes*, "phrases", AND/OR/NOT, parentheses)."""

    def term(tok: str) -> Callable[[str], bool]:
        words = tok.strip('"').lower().split()
        parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in words]
        rx = re.compile(r"\b" + r"\W+".join(parts), re.IGNORECASE)
        return lambda text: rx.search(text) is not None

    def compile_query(query: str) -> Callable[[str], bool]:
        toks = re.findall(r'"[^"]*"|\(|\)|[^\s()"]+', query)
        pos = 0

        def peek() -> str | None:
            return toks[pos] if pos < len(toks) else None

        def take() -> str:
            nonlocal pos
            pos += 1
            return toks[pos - 1]

        def p_or() -> Callable[[str], bool]:
            parts = [p_and()]
            while peek() not in (None, ")"):
                if peek() == "OR":
                    take()
                parts.append(p_and())
            return lambda t: any(p(t) for p in parts)

        def p_and() -> Callable[[str], bool]:
            parts = [p_not()]
            while peek() == "AND":
                take()
                parts.append(p_not())
            return lambda t: all(p(t) for p in parts)

        def p_not() -> Callable[[str], bool]:
            if peek() == "NOT":
                take()
                inner = p_not()
                return lambda t: not inner(t)
            if peek() == "(":
                take()
                inner = p_or()
                assert take() == ")"
                return inner
            return term(take())

        matcher = p_or()
        assert pos == len(toks)
        return matcher

    data = tomllib.loads((REPO / "data" / "topics.toml").read_text(encoding="utf-8"))
    return {t["name"]: compile_query(t["query"]) for t in data["topic"]}


def test_rule_topics_match_intended_topics(manifest: list[DemoArticle]) -> None:
    matchers = _rule_matchers()
    assert set(demo.TOPIC_SHAPES) <= set(matchers)
    exact = 0
    for a in manifest:
        text = a.headline + "\n\n" + a.text
        exact += {name for name, m in matchers.items() if m(text)} == set(a.topics)
    assert exact / len(manifest) >= 0.97


def _monthly(manifest: list[DemoArticle], topic: str) -> list[int]:
    counts = Counter(demo.month_index(a.published.date()) for a in manifest if topic in a.topics)
    return [counts.get(i, 0) for i in range(demo.N_MONTHS)]


def _idx(key: str) -> int:
    return [demo.month_key(i) for i in range(demo.N_MONTHS)].index(key)


def _mean_where(series: list[int], keep: Callable[[int], bool]) -> float:
    return statistics.mean(v for i, v in enumerate(series) if keep(i))


def _cal(i: int) -> int:
    return int(demo.month_key(i)[5:])


def test_topic_shapes(manifest: list[DemoArticle]) -> None:
    s = {t: _monthly(manifest, t) for t in demo.TOPIC_SHAPES}
    med = {t: statistics.median(v) for t, v in s.items()}

    el = s["Elections"]  # spike in the election month, a smaller convention bump in June 2024
    assert el.index(max(el)) == _idx("2024-10") and max(el) > 3 * med["Elections"]
    jun = _idx("2024-06")
    assert el[jun] >= 2 * med["Elections"] and el[jun] > el[jun - 1] and el[jun] > el[jun + 1]

    for steady in ("Economy", "Crime & Justice"):
        v = s[steady]
        assert statistics.pstdev(v) / statistics.mean(v) < 0.5, steady
        assert max(v) <= 2.5 * med[steady], steady

    cl = s["Climate"]  # slow rise plus summer heatwaves
    assert statistics.mean(cl[-12:]) > 1.5 * statistics.mean(cl[:12])
    assert _mean_where(cl, lambda i: _cal(i) in (7, 8)) > 2 * _mean_where(cl, lambda i: _cal(i) not in (7, 8))

    assert statistics.mean(s["Health"][:6]) > 3 * statistics.mean(s["Health"][-6:])  # fade
    assert statistics.mean(s["Technology"][-6:]) > 3 * statistics.mean(s["Technology"][:6])  # rise

    sp = s["Sport"]  # the summer championship, every year
    assert _mean_where(sp, lambda i: _cal(i) in (6, 7)) > 3 * _mean_where(sp, lambda i: _cal(i) not in (6, 7))

    co = s["Conflict"]  # sudden spike, then decay
    start = _idx("2024-03")
    assert co.index(max(co)) == start and max(co) > 3 * med["Conflict"]
    assert statistics.mean(co[:start]) < 1.5
    assert co[start] > co[start + 1] > co[start + 3]

    ho = s["Housing"]  # steady and low
    assert max(ho) <= 5 and 0.8 <= statistics.mean(ho) <= 2.5

    en = s["Energy"]  # winter peaks
    assert _mean_where(en, lambda i: _cal(i) in (12, 1, 2)) > 3 * _mean_where(en, lambda i: _cal(i) in (6, 7, 8))

    im = s["Immigration"]  # two spikes
    spikes = [_idx("2023-08"), _idx("2025-02")]
    assert all(im[i] > 3 * med["Immigration"] for i in spikes)
    assert sorted(range(len(im)), key=lambda i: -im[i])[:2] == sorted(spikes, key=lambda i: -im[i])


# ---------------------------------------------------------------------------------------------------------------
# Counts from the files, read independently with the stdlib


def _read_warc_pages(data: bytes) -> tuple[Counter[str], list[str]]:
    text = gzip.decompress(data).decode("utf-8")
    types = Counter(re.findall(r"^WARC-Type: (\w+)\r$", text, re.M))
    return types, re.findall(r"<article\b", text)


def test_files_hold_every_story(corpus: tuple[Path, demo.DemoSummary], manifest: list[DemoArticle]) -> None:
    root, summary = corpus
    per_format: Counter[str] = Counter()
    urls: Counter[str] = Counter()
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        name = path.name
        data = path.read_bytes()
        if name.endswith((".html", ".htm")):
            charset = re.search(rb"charset=([\w-]+)", data)
            page = data.decode(charset.group(1).decode() if charset else "utf-8")
            assert page.count("<article") == 1, name
            urls[re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)] += 1  # type: ignore[union-attr]
            per_format["html"] += 1
        elif name.endswith(".html.gz"):
            assert gzip.decompress(data).decode("utf-8").count("<article") == 1
            per_format["html.gz"] += 1
        elif name.endswith(".txt"):
            per_format["txt"] += 1
        elif name.endswith(".jsonl"):
            for line in data.decode("utf-8").splitlines():
                rec = json.loads(line)
                assert rec["url"] and rec["title"] and rec["published_at"] and ("text" in rec or "html" in rec)
                urls[rec["url"]] += 1
                per_format["jsonl"] += 1
        elif name.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
            assert all(r["link"] and r["headline"] and r["date"] and r["byline"] and r["body"] for r in rows)
            per_format["csv"] += len(rows)
        elif name.endswith(".json"):
            recs = json.loads(data)
            assert isinstance(recs, list) and all(r["url"] and r["content"] for r in recs)
            per_format["json"] += len(recs)
        elif name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
                assert any(n.endswith(".html") for n in names) and any(n.endswith(".txt") for n in names)
                assert all(i.date_time == demo.ZIP_DATE_TIME for i in zf.infolist())
                per_format["zip"] += len(names)
        elif name.endswith(".warc.gz"):
            types, pages = _read_warc_pages(data)
            assert types["warcinfo"] == 1 and types["request"] >= 1 and types["response"] == len(pages) + 1
            per_format["warc"] += len(pages)
        else:
            pytest.fail(f"unexpected file {name}")
    assert dict(per_format) == summary.by_format
    assert sum(per_format.values()) == len(manifest) + demo.N_DUPLICATES
    assert sorted(per_format) == sorted(["html", "html.gz", "txt", "jsonl", "csv", "json", "zip", "warc"])
    # Each duplicate is one canonical URL in an HTML page and in the JSONL export.
    assert sum(1 for c in urls.values() if c == 2) == demo.N_DUPLICATES
    assert max(urls.values()) == 2


def test_html_markup_varies_by_site(corpus: tuple[Path, demo.DemoSummary]) -> None:
    root = corpus[0]
    harbour = next((root / "html" / "harbourledger.example").rglob("*.html")).read_text("utf-8")
    assert re.search(r"<title>[^<]+ \| The Harbour Ledger</title>", harbour)
    for needle in (
        'property="article:published_time"',
        'rel="canonical"',
        "og:title",
        'class="cookie-banner"',
        "Most read",
        "Related",
        "newsletter",
        "share-tools",
        "breadcrumb",
        "All rights reserved",
    ):
        assert needle in harbour, needle
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', harbour, re.S).group(1))  # type: ignore[union-attr]
    assert ld["@type"] == "NewsArticle" and ld["datePublished"] and ld["author"] and ld["publisher"]["name"]

    for page in (root / "html" / "northgatecourier.example").rglob("*.html"):
        text = page.read_text("utf-8")
        assert "published_time" not in text and "datePublished" not in text
        assert re.search(r'<time class="nc-article__date" datetime="\d{4}-\d\d-\d\d', text)
        assert not re.search(r"/\d{4}/\d\d/", text.split('rel="canonical" href="')[1].split('"')[0])

    valley = sorted((root / "html" / "valleydispatch.example").rglob("*.htm"))
    assert valley and all(b"| Staff</p>" in p.read_bytes() for p in valley)
    cp1252 = [p for p in valley if b"charset=windows-1252" in p.read_bytes()]
    assert len(cp1252) == demo.N_CP1252
    for p in cp1252:
        raw = p.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert "Zoë Müller" in raw.decode("cp1252")


def test_text_dumps_have_site_chrome(corpus: tuple[Path, demo.DemoSummary]) -> None:
    root = corpus[0]
    meridian = next((root / "text" / "meridianpost").rglob("*.txt")).read_text("utf-8")
    assert re.match(r"Today: \d{1,2} \w+ \d{4}\n\d{1,2} \w+ \d{4}\n\d+ min read\n", meridian)
    for needle in ("ALSO READ: ", "\nLatest from -", "\nGo toTop\n", "\nDon't Miss\n", "All rights reserved"):
        assert needle in meridian, needle
    assert "\nPrevious Story\n" in meridian or "\nNext Story\n" in meridian
    riverbend = next((root / "text" / "riverbendgazette").glob("*.txt")).read_text("utf-8")
    assert riverbend.startswith("Skip to content\n") and "\nRelated Tags:\n" in riverbend and "\n\n" not in riverbend
    assert re.search(r"^By [A-Z]", riverbend, re.M)


def test_summary_by_topic_matches_manifest(manifest: list[DemoArticle], corpus: tuple[Path, demo.DemoSummary]) -> None:
    summary = corpus[1]
    assert summary.by_topic == {t: sum(t in a.topics for a in manifest) for t in demo.TOPIC_SHAPES}
    assert all(n >= 30 for n in summary.by_topic.values())
    assert summary.files == len(_files(corpus[0]))
