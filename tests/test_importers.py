"""Importers: each tool's export (hand-written fixtures in its documented shape) comes in with title, date, site,
authors and text where the tool has them, field by field; the readers behind them (tool tables, XML, Parquet)."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from newsdesk.models import Article, RawDoc, ReadError
from newsdesk.pipeline import extract_paths
from newsdesk.sources import parquet as parquet_reader
from newsdesk.sources import read_file
from newsdesk.sources.records import map_fields
from newsdesk.sources.tools import TOOL_FIELDS, language_code, recognise

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
ROOT = Path(__file__).resolve().parent.parent

PORT_TEXT = (
    "Dock workers at the northern terminal returned to work on Wednesday morning after union leaders and the port "
    "authority agreed a two-year pay deal."
)
PORT_URL = "https://www.harbourgazette.example/2024/05/01/port-strike-ends"
RIVER_URL = "https://rivertimes.example/news/crossing-vote-delayed"
FERRY_URL = "https://coastpost.example/business/ferry-ceo"

# file -> one expectation per record, in file order: Article attribute -> value ("text" may be a (prefix,) tuple;
# "warnings" lists warnings that must be among the article's).
EXPECTED: dict[str, list[dict[str, Any]]] = {
    "news-please.jsonl": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01T08:30:00",
            "site": "www.harbourgazette.example",
            "authors": ["Maria Okafor", "Tom Lindqvist"],
            "language": "en",
            "description": "Dock workers and the port authority reached a deal after a night of talks.",
            "text": PORT_TEXT + "\nThe strike had held up more than forty container ships since Sunday, and the "
            "backlog is expected to take a week to clear.",
            "warnings": [],
        },
        {  # date_publish null: no date, said so
            "title": "Summer ferry timetable starts Monday",
            "published": None,
            "site": "www.harbourgazette.example",
            "authors": [],
            "text": ("The summer ferry timetable starts on Monday",),
            "warnings": ["no publication date found"],
        },
        {  # maintext null: the description stands in, said so
            "title": "Fish market faces closure vote",
            "published": "2024-05-02T17:05:00",
            "authors": ["Ines Duarte"],
            "text": "The council will vote next month on a plan to close the old fish market.",
            "warnings": ["record has no body text; the description stands in for it"],
        },
    ],
    "news-please-article.json": [
        {
            "url": "https://www.nordkurier.example/politik/haushalt-beschlossen",
            "title": "Stadtrat beschließt Haushalt mit knapper Mehrheit",
            "published": "2024-04-17T19:45:00",
            "site": "www.nordkurier.example",
            "authors": ["Lena Brandt"],
            "language": "de",
            "text": ("Der Stadtrat hat am Mittwochabend den Haushalt",),
            "warnings": [],
        }
    ],
    "mediacloud.csv": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01T08:30:00",
            "site": "harbourgazette.example",
            "authors": [],
            "language": "en",
            "text": "",
            "warnings": ["no article text found"],
        },
        {
            "title": "Council delays vote on river crossing, again",
            "published": "2024-05-02",
            "site": "rivertimes.example",
            "url": RIVER_URL,
        },
        {  # publish_date empty
            "title": "El puerto recupera la normalidad tras la huelga",
            "published": None,
            "site": "diariodelpuerto.example",
            "language": "es",
            "warnings": ["no publication date found", "no article text found"],
        },
    ],
    "mediacloud-legacy.csv": [
        {
            "url": "https://www.harbourgazette.example/2019/03/14/harbour-budget",
            "title": "City council approves harbour budget",
            "published": "2019-03-14T08:30:00",
            "site": "The Harbour Gazette",
            "language": "en",
            "tags": ["finances", "politics and government"],
            "text": "",
            "warnings": ["no article text found"],
        },
        {"title": "Storm warning for the coast tonight", "published": "2019-03-14T11:02:17", "site": "River Times"},
        {  # publish_date, language and themes empty
            "title": "Ferry operator names new chief executive",
            "published": None,
            "site": "Coast Post",
            "tags": [],
            "warnings": ["no publication date found", "no article text found"],
        },
    ],
    "gdelt-artlist.json": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01T08:30:00+00:00",
            "site": "harbourgazette.example",
            "language": "en",
            "text": "",
            "warnings": ["no article text found"],
        },
        {"title": "El puerto recupera la normalidad tras la huelga", "published": "2024-05-02T15:45:00+00:00"},
        {  # no language key
            "title": "Council delays vote on river crossing, again",
            "published": "2024-05-03T07:15:00+00:00",
            "site": "rivertimes.example",
        },
    ],
    "newsapi-everything.json": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01T08:30:00+00:00",
            "site": "The Harbour Gazette",
            "authors": ["Maria Okafor", "Tom Lindqvist"],
            "description": "Dock workers and the port authority reached a deal after a night of talks.",
            "text": PORT_TEXT + " The strike had held up more than forty container sh",
        },
        {  # author null
            "title": "Council delays vote on river crossing, again",
            "published": "2024-05-02T18:00:00+00:00",
            "site": "River Times",
            "authors": [],
            "text": ("The city council on Thursday postponed its vote",),
        },
        {  # content null: the description stands in
            "url": FERRY_URL,
            "site": "Coast Post",
            "authors": ["Ines Duarte"],
            "text": "The island ferry company has appointed its finance director as chief executive.",
            "warnings": ["record has no body text; the description stands in for it"],
        },
    ],
    "trafilatura-output.jsonl": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01",
            "site": "The Harbour Gazette",
            "authors": ["Maria Okafor", "Tom Lindqvist"],
            "language": "en",
            "section": "Business",
            "tags": ["strike", "port", "unions"],
            "description": "Dock workers and the port authority reached a deal after a night of talks.",
            "text": PORT_TEXT + "\nThe strike had held up more than forty container ships since Sunday.",
            "warnings": [],
        },
        {"title": "Council delays vote on river crossing, again", "authors": ["Sam Whitaker"], "site": "River Times"},
        {  # date, author and sitename null: the URL's host stands in for the site
            "url": FERRY_URL,
            "published": None,
            "authors": [],
            "site": "coastpost.example",
            "warnings": ["no publication date found"],
        },
    ],
    "trafilatura-article.xml": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01",
            "site": "The Harbour Gazette",
            "authors": ["Maria Okafor", "Tom Lindqvist"],
            "language": "en",
            "section": "Business",
            "tags": ["strike", "port", "unions"],
            "text": PORT_TEXT + "\n\nWhat the deal says\n\n"
            "The agreement raises pay by 4 percent this year and 3 percent next year.\n"
            "Night shifts get a new allowance.\n\n"
            "Forty container ships were held up.\nThe backlog should clear within a week.",
            "warnings": [],
        }
    ],
    "trafilatura-no-author.xml": [
        {
            "url": "https://rivertimes.example/weather/storm-warning",
            "title": "Storm warning for the coast tonight",
            "published": "2024-05-04",
            "site": "rivertimes.example",
            "authors": [],
            "text": ("The weather service has issued an amber warning",),
        }
    ],
    "articles.parquet": [
        {
            "url": PORT_URL,
            "title": "Port strike ends after overnight talks",
            "published": "2024-05-01T08:30:00+00:00",
            "site": "The Harbour Gazette",
            "authors": ["Maria Okafor", "Tom Lindqvist"],
            "language": "en",
            "text": "Dock workers at the northern terminal returned to work on Wednesday morning.\n\n"
            "The strike had held up more than forty container ships since Sunday.",
            "warnings": [],
        },
        {"title": "Council delays vote on river crossing, again", "published": "2024-05-02T18:00:00+00:00"},
        {  # published and authors null
            "url": FERRY_URL,
            "published": None,
            "authors": [],
            "site": "Coast Post",
            "warnings": ["no publication date found"],
        },
    ],
}
# Which table each fixture is read through (None: the generic aliases).
IMPORTER = {
    "news-please.jsonl": "news-please",
    "news-please-article.json": "news-please",
    "mediacloud.csv": "mediacloud",
    "mediacloud-legacy.csv": "mediacloud-legacy",
    "gdelt-artlist.json": "gdelt",
    "newsapi-everything.json": "newsapi",
    "trafilatura-output.jsonl": "trafilatura",
    "trafilatura-article.xml": "trafilatura-xml",
    "trafilatura-no-author.xml": "trafilatura-xml",
    "articles.parquet": None,
}


def articles(path: Path) -> list[Article]:
    items = list(extract_paths([path]))
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


def test_every_fixture_is_covered() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.suffix != ".py"}
    assert on_disk == set(EXPECTED) == set(IMPORTER)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_comes_in_field_by_field(name: str) -> None:
    got = articles(FIXTURES / name)
    assert len(got) == len(EXPECTED[name])
    for n, (art, expected) in enumerate(zip(got, EXPECTED[name], strict=True), start=1):
        for field, value in expected.items():
            actual = getattr(art, field)
            if field == "text" and isinstance(value, tuple):
                assert actual.startswith(value[0]), (name, n, actual)
            elif field == "warnings":
                assert set(value) <= set(actual) and (value or not actual), (name, n, actual)
            else:
                assert actual == value, (name, n, field, actual)
        for field in ("title", "published", "authors", "site"):
            if expected.get(field):
                # "record (<tool> <its field>)": the record's own value, and which of the tool's fields it was
                assert art.field_sources[field].startswith("record"), (name, n, field, art.field_sources)


@pytest.mark.parametrize("name", sorted(IMPORTER))
def test_each_record_names_the_table_it_was_read_through(name: str) -> None:
    docs = [d for d in read_file(FIXTURES / name) if isinstance(d, RawDoc)]
    assert docs and all(d.hints.get("importer") == IMPORTER[name] for d in docs)
    if IMPORTER[name]:
        assert all(set(d.hints["importer_fields"]) >= {"title"} for d in docs)


def test_importer_fields_name_the_key_behind_each_field() -> None:
    first = next(d for d in read_file(FIXTURES / "news-please.jsonl") if isinstance(d, RawDoc))
    assert first.hints["importer_fields"] == {
        "title": "title",
        "published": "date_publish",
        "authors": "authors",
        "description": "description",
        "language": "language",
        "site": "source_domain",
        "text": "maintext",
    }
    gdelt = next(d for d in read_file(FIXTURES / "gdelt-artlist.json") if isinstance(d, RawDoc))
    assert gdelt.hints["importer_fields"]["published"] == "seendate"
    assert gdelt.hints["published"] == "2024-05-01T08:30:00Z"


def test_cli_extract_reads_every_importer_fixture() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", "extract", str(FIXTURES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert not [r for r in rows if "error" in r]
    assert len(rows) == sum(len(v) for v in EXPECTED.values())
    by_source = {Path(r["source"]).name: r for r in rows}
    port = by_source["gdelt-artlist.json#1"]
    assert (port["title"], port["published"], port["site"], port["language"]) == (
        "Port strike ends after overnight talks",
        "2024-05-01T08:30:00+00:00",
        "harbourgazette.example",
        "en",
    )


# --- tool tables -----------------------------------------------------------------------------------------------


def test_tools_are_recognised_by_their_signature_only() -> None:
    assert recognise({"seendate", "domain", "title"}) == "gdelt"
    assert recognise({"title", "date", "domain"}) is None  # a generic export with a domain column
    assert recognise({"publishedat", "title", "url"}) is None  # NewsAPI-like, but without its characteristic keys
    assert recognise({"storiesid", "mediaid", "medianame", "indexeddate"}) == "mediacloud"  # table order decides
    for name, shape in TOOL_FIELDS.items():
        assert set(shape.fields) <= {"url", "title", "text", "description", "published", "authors", "site"} | {
            "section",
            "tags",
            "language",
        }, name


def test_generic_records_keep_the_generic_aliases() -> None:
    fields = map_fields({"Title": "T", "domain": "example.com", "date": "2024-05-01", "body": "B"})
    assert fields.tool is None and fields.values["site"] == "example.com" and fields.values["text"] == "B"


def test_a_tool_table_falls_back_to_the_aliases_for_fields_it_does_not_name() -> None:
    record = {"url": "https://x.example/a", "title": "T", "seendate": "20240501T083000Z", "domain": "x.example"}
    fields = map_fields({**record, "section": "World", "author": "Ann Lee"})
    assert fields.tool == "gdelt"
    assert fields.values["section"] == "World" and fields.values["authors"] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("20240501T083000Z", "2024-05-01T08:30:00Z"),
        ("20240501T0830", "2024-05-01T08:30:00"),
        ("20240501083000", "2024-05-01T08:30:00"),
        ("20240501T083000+0200", "2024-05-01T08:30:00+0200"),
        ("20240501", "2024-05-01"),
        ("2024-05-01 08:30:00", "2024-05-01 08:30:00"),
        ("May 1, 2024", "May 1, 2024"),
    ],
)
def test_compact_dates_are_rewritten_to_iso(given: str, expected: str) -> None:
    assert map_fields({"title": "T", "date": given}).values["published"] == expected


def test_language_names_become_codes() -> None:
    assert language_code("English") == "en" and language_code(" spanish ") == "es" and language_code("Chinese") == "zh"
    assert language_code("en") == "en" and language_code("Klingon") == "Klingon"


def test_newsapi_truncation_marker_is_stripped_with_a_warning() -> None:
    docs = [d for d in read_file(FIXTURES / "newsapi-everything.json") if isinstance(d, RawDoc)]
    assert docs[0].content.endswith("forty container sh") and "chars]" not in docs[0].content
    assert docs[0].hints["warnings"] == ["text is truncated in the newsapi export (1874 more characters were left out)"]
    assert docs[1].content.endswith("eastern approach road.")
    assert "932 more characters" in docs[1].hints["warnings"][0]
    assert "warnings" not in docs[2].hints  # no content at all: the description stands in, nothing was cut
    only_marker = map_fields({"publishedAt": "2024-05-01", "urlToImage": None, "title": "T", "content": "[+80 chars]"})
    assert "text" not in only_marker.values and only_marker.warnings


def test_a_marker_in_a_generic_record_is_left_alone() -> None:
    assert map_fields({"title": "T", "text": "Body … [+12 chars]"}).values["text"] == "Body … [+12 chars]"


# --- trafilatura XML -------------------------------------------------------------------------------------------


def read_one(path: Path, data: bytes | str) -> RawDoc | ReadError:
    items = list(read_file(path, data.encode() if isinstance(data, str) else data))
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, RawDoc | ReadError)
    return item


def test_trafilatura_xml_is_one_article_named_by_the_file() -> None:
    path = FIXTURES / "trafilatura-article.xml"
    doc = read_one(path, path.read_bytes())
    assert isinstance(doc, RawDoc) and doc.format == "record" and doc.source == str(path)
    assert "About time too" not in doc.content  # reader comments are not the article


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title></channel></rss>', "XML root is <rss>"),
        ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>', "instead of --xmltei"),
        ('<doc title="T"><p>no main</p></doc>', "<doc> without a <main> body"),
        ("<doc><main><p>unclosed</main></doc>", "not well-formed XML"),
        ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "a sitemap lists pages"),
    ],
)
def test_other_xml_is_an_error_saying_which_xml_is_understood(tmp_path: Path, data: str, expected: str) -> None:
    error = read_one(tmp_path / "other.xml", data)
    assert isinstance(error, ReadError) and error.format == "xml"
    assert expected in error.reason and "only trafilatura's XML output is understood" in error.reason


def test_xml_entities_are_never_expanded_or_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    external = (
        f'<!DOCTYPE doc [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<doc title="External"><main><p>before &x; after</p></main></doc>'
    )
    laughs = (
        '<!DOCTYPE doc [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        '<doc title="Laughs"><main><p>&d;</p></main></doc>'
    )
    deep = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    in_attribute = f'<!DOCTYPE doc [<!ENTITY e0 "lol">{deep}]><doc title="&e9;"><main><p>x</p></main></doc>'
    for data in (external, laughs):
        item = read_one(tmp_path / "hostile.xml", data)
        assert isinstance(item, RawDoc)
        assert "TOP-SECRET" not in item.content and "aaaaaaaaaa" not in item.content and "&" not in item.content
    bomb = read_one(tmp_path / "bomb.xml", in_attribute)  # a billion laughs where entities do expand: refused
    assert isinstance(bomb, ReadError) and "amplification" in bomb.reason


def test_xml_in_another_encoding_and_in_a_zip(tmp_path: Path) -> None:
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?><doc title="Café"><main><p>Crème brûlée</p></main></doc>'
    doc = read_one(tmp_path / "latin.xml", xml.encode("latin-1"))
    assert isinstance(doc, RawDoc) and doc.hints["title"] == "Café" and doc.content == "Crème brûlée"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "trafilatura-article.xml", "export/a.xml")
    member = read_one(tmp_path / "bundle.zip", buffer.getvalue())
    assert isinstance(member, RawDoc) and member.hints["importer"] == "trafilatura-xml"


# --- Parquet ---------------------------------------------------------------------------------------------------


def fixture_rows() -> list[dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("make_parquet", FIXTURES / "make_parquet.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.ROWS)


def test_parquet_fixture_holds_exactly_the_hand_written_rows() -> None:
    assert pq.read_table(FIXTURES / "articles.parquet").to_pylist() == fixture_rows()
    assert pq.ParquetFile(FIXTURES / "articles.parquet").num_row_groups == 2


def test_parquet_is_read_in_batches_of_the_article_columns_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, list[str]]] = []
    original = pq.ParquetFile.iter_batches

    def spy(self: pq.ParquetFile, *args: Any, **kwargs: Any) -> Any:
        calls.append((kwargs["batch_size"], list(kwargs["columns"])))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    monkeypatch.setattr(parquet_reader, "PARQUET_BATCH_ROWS", 1)
    docs = list(read_file(FIXTURES / "articles.parquet"))
    assert [d.source for d in docs] == [f"{FIXTURES / 'articles.parquet'}#{n}" for n in (1, 2, 3)]
    assert calls == [(1, ["url", "headline", "body", "published", "authors", "site_name", "language"])]


def test_parquet_upload_bytes_and_gz_read_like_the_file(tmp_path: Path) -> None:
    import gzip

    data = (FIXTURES / "articles.parquet").read_bytes()
    from_file = [d.hints for d in read_file(FIXTURES / "articles.parquet") if isinstance(d, RawDoc)]
    upload = [d.hints for d in read_file(tmp_path / "up.parquet", data) if isinstance(d, RawDoc)]
    gz = [d.hints for d in read_file(tmp_path / "up.parquet.gz", gzip.compress(data)) if isinstance(d, RawDoc)]
    assert from_file == upload == gz and len(from_file) == 3


def test_corrupt_parquet_is_a_read_error_never_a_crash(tmp_path: Path) -> None:
    data = (FIXTURES / "articles.parquet").read_bytes()
    for name, blob in {
        "truncated.parquet": data[: len(data) // 2],
        "garbage.parquet": b"PAR1" + b"\x13\x37" * 500 + b"PAR1",
        "csv-renamed.parquet": b"title,text\nA,B\n",
        "bad-footer.parquet": data[:-12] + b"\xff" * 8 + data[-4:],
    }.items():
        error = read_one(tmp_path / name, blob)
        assert isinstance(error, ReadError) and error.format == "parquet", (name, error)
        assert error.reason.startswith("not a readable Parquet file"), (name, error.reason)
        on_disk = tmp_path / f"disk-{name}"
        on_disk.write_bytes(blob)
        assert [type(i).__name__ for i in read_file(on_disk)] == ["ReadError"]


def test_parquet_corrupt_mid_file_keeps_the_rows_before(monkeypatch: pytest.MonkeyPatch) -> None:
    original = pq.ParquetFile.iter_batches

    def broken(self: pq.ParquetFile, *args: Any, **kwargs: Any) -> Any:
        batches = original(self, *args, **kwargs)
        yield next(batches)
        raise OSError("Couldn't deserialize thrift: TProtocolException: Invalid data")

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", broken)
    monkeypatch.setattr(parquet_reader, "PARQUET_BATCH_ROWS", 2)
    items = list(read_file(FIXTURES / "articles.parquet"))
    assert [type(i).__name__ for i in items] == ["RawDoc", "RawDoc", "ReadError"]
    assert items[-1].reason.startswith("Parquet data is corrupt after row 2 (Couldn't deserialize thrift")


def test_parquet_without_article_columns_or_rows(tmp_path: Path) -> None:
    import pyarrow as pa

    pq.write_table(pa.table({"id": [1, 2], "views": [10, 20]}), tmp_path / "stats.parquet")
    error = read_one(tmp_path / "stats.parquet", (tmp_path / "stats.parquet").read_bytes())
    assert isinstance(error, ReadError) and "no article columns (columns: id, views)" in error.reason
    pq.write_table(pa.table({"title": pa.array([], pa.string())}), tmp_path / "empty.parquet")
    empty = read_one(tmp_path / "empty.parquet", (tmp_path / "empty.parquet").read_bytes())
    assert isinstance(empty, ReadError) and empty.reason == "Parquet file has no rows"
