"""Readers: every format, aliases, encodings, containers, and every kind of bad input becoming a value."""

from __future__ import annotations

import gzip
import io
import json
import os
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsdesk.sources as sources
from newsdesk.models import RawDoc, ReadError, Skipped
from newsdesk.sources import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    is_supported,
    iter_files,
    looks_binary,
    read_file,
    read_paths,
)
from newsdesk.sources import base as sources_base
from newsdesk.sources.records import split_authors, split_tags

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
AEB_WARC = Path(__file__).resolve().parents[2] / "shared" / "bench" / "aeb" / "pages.warc.gz"
SHARED_AEB_WARC = Path("/work/shared/bench/aeb/pages.warc.gz")

JA_PAGE = (
    "<html><head><title>東京の天気</title></head><body><p>今日の東京は晴れのち曇り、午後から雨が降る見込みです。"
    "気象庁によると、週末にかけて気温が下がり、冬らしい寒さになるということです。</p></body></html>"
)
RU_PAGE = (
    "<html><head><title>Новости</title></head><body><p>Сегодня в Москве прошло заседание правительства, на котором "
    "обсуждались вопросы бюджета на следующий год. Министр финансов заявил, что расходы будут сокращены.</p>"
    "</body></html>"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + bytes(64)


def read(path: Path, data: bytes | None = None) -> list[RawDoc | ReadError | Skipped]:
    return list(read_file(path, data))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def only(items: list[RawDoc | ReadError | Skipped]) -> RawDoc | ReadError | Skipped:
    assert len(items) == 1, items
    return items[0]


def only_doc(items: list[RawDoc | ReadError | Skipped]) -> RawDoc:
    item = only(items)
    assert isinstance(item, RawDoc), item
    return item


def only_error(items: list[RawDoc | ReadError | Skipped]) -> ReadError:
    item = only(items)
    assert isinstance(item, ReadError), item
    return item


# --- suffixes and file discovery -------------------------------------------------------------------------------


def test_supported_suffixes_cover_every_format_and_its_gz() -> None:
    suffixes = (".html", ".htm", ".xhtml", ".txt", ".jsonl", ".ndjson", ".json", ".csv", ".xml", ".parquet")
    for suffix in (*suffixes, ".zip", ".warc"):
        assert suffix in SUPPORTED_SUFFIXES
        assert suffix + ".gz" in SUPPORTED_SUFFIXES
    assert is_supported(Path("a/PAGE.HTML"))
    assert is_supported(Path("crawl.warc.gz"))
    assert is_supported(Path("export.JSONL.gz"))
    assert not is_supported(Path("photo.png"))
    assert not is_supported(Path("archive.gz"))
    assert not is_supported(Path("photo.png.gz"))
    assert not is_supported(Path(".html"))


def test_iter_files_walks_folders_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    for rel in ("b/2.html", "b/1.txt", "a.jsonl", "c/d/e.csv.gz", ".hidden/x.html", "b/.secret.html", "b/img.png"):
        write(tmp_path / "root" / rel, "x")
    single = write(tmp_path / "notes.xyz", "x")
    found = list(iter_files([tmp_path / "root", single, tmp_path / "missing.html"]))
    root = tmp_path / "root"
    assert found[:4] == [root / "a.jsonl", root / "b/1.txt", root / "b/2.html", root / "c/d/e.csv.gz"]
    assert found[4] == single
    error = found[5]
    assert isinstance(error, ReadError)
    assert error.reason.startswith("no such file or folder: ") and "missing.html" in error.reason
    assert len(found) == 6


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs POSIX symbolic links")
def test_links_out_of_a_folder_are_errors_and_links_inside_are_read(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.html", "<html><body><p>private outside text</p></body></html>")
    write(tmp_path / "outside" / "more" / "other.txt", "outside dump")
    root = tmp_path / "root"
    inside = write(root / "in.html", "<html><body><p>inside page</p></body></html>")
    (root / "sub").mkdir()
    (root / "link-out.html").symlink_to(outside)
    (root / "sub" / "link-in.html").symlink_to(inside)
    (root / "sub" / "relative-out.html").symlink_to(Path("..") / ".." / "outside" / "secret.html")
    (root / "dir-out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "sub" / "dir-in").symlink_to(root, target_is_directory=True)  # a loop if it were followed
    (root / "photo.png").symlink_to(tmp_path / "outside" / "secret.html")  # unsupported name: not looked at

    found = list(iter_files([root]))
    paths = [f for f in found if isinstance(f, Path)]
    errors = {Path(e.source).name: e for e in found if isinstance(e, ReadError)}
    assert paths == [root / "in.html", root / "sub" / "link-in.html"]
    assert set(errors) == {"link-out.html", "relative-out.html", "dir-out"}
    assert errors["link-out.html"].reason.startswith(f"symbolic link to a file outside {root}: not followed")
    assert errors["dir-out"].reason.startswith(f"symbolic link to a folder outside {root}: not followed")
    assert errors["link-out.html"].format == "html"

    items = list(read_paths([root]))
    assert not any(isinstance(i, RawDoc) and "private outside text" in i.content for i in items)
    assert sum(isinstance(i, RawDoc) and "inside page" in i.content for i in items) == 2
    # a link named on the command line is the caller's choice, and so is a folder given through a link
    given = only_doc(list(read_paths([root / "link-out.html"])))
    assert "private outside text" in given.content
    linked = root / "dir-out"
    assert list(iter_files([linked])) == [linked / "more" / "other.txt", linked / "secret.html"]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs POSIX symbolic links")
def test_ingest_turns_a_link_out_of_the_folder_into_an_error_row(tmp_path: Path) -> None:
    from newsdesk.ingest import ingest
    from newsdesk.store import Store

    outside = write(tmp_path / "outside.jsonl", json.dumps({"title": "Outside story", "text": "Not ours."}))
    root = tmp_path / "in"
    write(root / "a.jsonl", json.dumps({"title": "Inside story", "text": "Ours."}))
    (root / "b.jsonl").symlink_to(outside)
    store = Store(tmp_path / "db.duckdb")
    try:
        ingest(store, [root])
        cur = store.cursor()
        titles = [r[0] for r in cur.execute("SELECT title FROM articles").fetchall()]
        errors = store.catalog.query("SELECT source, reason FROM ingest_errors")
    finally:
        store.close()
    assert titles == ["Inside story"]
    assert [(Path(source).name, reason.split(":")[0]) for source, reason in errors] == [
        ("b.jsonl", f"symbolic link to a file outside {root}")
    ]


def test_unknown_suffix_is_a_read_error_naming_the_supported_ones(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "notes.xyz", "hello")))
    assert error.format == "unknown"
    assert error.reason.startswith("unsupported format '.xyz'; supported: .html")
    assert ".warc" in error.reason and "\n" not in error.reason
    assert "no suffix" in only_error(read(write(tmp_path / "README", "hello"))).reason


def test_read_paths_keeps_input_order_and_reports_missing(tmp_path: Path) -> None:
    txt = write(tmp_path / "z.txt", "Zed page")
    html = write(tmp_path / "a.html", "<html><body><p>A page</p></body></html>")
    items = list(read_paths([txt, tmp_path / "nope", html]))
    assert [type(i).__name__ for i in items] == ["RawDoc", "ReadError", "RawDoc"]
    assert [i.source for i in items] == [str(txt), str(tmp_path / "nope"), str(html)]


# --- html and text ---------------------------------------------------------------------------------------------


def test_html_saved_page_gets_url_from_saved_from_comment() -> None:
    doc = only_doc(read(FIXTURES / "saved-page.html"))
    assert doc.format == "html"
    assert doc.url == "https://news.example.com/2024/03/14/city-council-approves-budget"
    assert "City council approves budget" in doc.content and "€1.2 billion" in doc.content
    assert doc.source == doc.path == str(FIXTURES / "saved-page.html")
    assert doc.encoding == "utf-8"


def test_html_without_saved_from_has_no_url(tmp_path: Path) -> None:
    page = '<html><head><link rel="canonical" href="https://x.example/a"></head><body>Hi</body></html>'
    assert only_doc(read(write(tmp_path / "p.htm", page))).url is None


def test_windows_1252_page_with_meta_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body>“Crème brûlée” costs €5</body></html>'
    )
    doc = only_doc(read(write(tmp_path / "p.html", page.encode("cp1252"))))
    assert doc.content == page
    assert doc.encoding == "cp1252"


def test_latin1_declared_page_is_read_as_windows_1252_like_browsers(tmp_path: Path) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    page = f"<html><head>{meta}</head><body>€ and ’</body>"
    doc = only_doc(read(write(tmp_path / "p.html", page.encode("cp1252"))))
    assert "€ and ’" in doc.content


@pytest.mark.parametrize(("page", "encoding"), [(JA_PAGE, "shift_jis"), (RU_PAGE, "koi8-r")])
def test_undeclared_legacy_encodings_are_detected(tmp_path: Path, page: str, encoding: str) -> None:
    data = page.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = only_doc(read(write(tmp_path / "p.html", data)))
    assert doc.content == page


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    page = "<html><body><p>Ünïcödé page — 東京</p></body></html>"
    doc = only_doc(read(write(tmp_path / "p.html", page.encode("utf-16"))))
    assert doc.content == page
    text = only_doc(read(write(tmp_path / "d.txt", "line one\r\nline two".encode("utf-16"))))
    assert text.content == "line one\nline two"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    doc = only_doc(read(write(tmp_path / "p.html", b"\xef\xbb\xbf<html><body>x</body></html>")))
    assert doc.content.startswith("<html>")


def test_binary_renamed_html_names_what_it_is(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "photo.html", PNG_BYTES)))
    assert error.format == "html" and "PNG image" in error.reason
    pdf = only_error(read(write(tmp_path / "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")))
    assert "PDF" in pdf.reason and pdf.format == "text"
    gz = only_error(read(write(tmp_path / "page.html", gzip.compress(b"<html></html>"))))
    assert "gzip" in gz.reason and ".gz" in gz.reason
    noise = only_error(read(write(tmp_path / "noise.html", bytes(range(256)) * 4)))
    assert "binary data" in noise.reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_file(tmp_path: Path, content: bytes) -> None:
    for name in ("e.html", "e.txt", "e.jsonl", "e.csv", "e.json", "e.zip", "e.warc"):
        error = only_error(read(write(tmp_path / name, content)))
        assert error.reason == "empty file", (name, error)


def test_text_dump_line_endings_normalised() -> None:
    doc = only_doc(read(FIXTURES / "page-dump.txt"))
    assert doc.format == "text"
    assert "\r" not in doc.content
    assert "City council approves budget\n14 March 2024\nBy Dana Whitfield" in doc.content
    assert doc.url is None and doc.hints == {}


def test_upload_bytes_are_read_without_touching_disk(tmp_path: Path) -> None:
    doc = only_doc(read(tmp_path / "not-on-disk" / "upload.txt", b"Uploaded text\r\n"))
    assert doc.content == "Uploaded text\n"
    assert doc.source == str(tmp_path / "not-on-disk" / "upload.txt")


# --- sizes and unreadable files --------------------------------------------------------------------------------


def test_file_above_cap_names_size_and_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sources_base.MAX_BYTES_BY_FORMAT, "html", 2048)
    path = write(tmp_path / "big.html", "<p>" + "x" * 4000 + "</p>")
    error = only_error(read(path))
    assert error.format == "html"
    assert "3.9 KB" in error.reason and "2.0 KB limit" in error.reason
    assert "2.0 KB limit" in only_error(read(path, path.read_bytes())).reason


def test_unreadable_file_is_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.html", "<html>x</html>")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sources, "open", deny, raising=False)
    error = only_error(read(path))
    assert "permission denied" in error.reason and error.format == "html"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file_is_a_read_error(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "text")
    path.chmod(0)
    try:
        assert "permission denied" in only_error(read(path)).reason
    finally:
        path.chmod(0o644)


def test_a_bug_in_a_reader_becomes_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(sources, "read_html", broken)
    error = only_error(read(write(tmp_path / "p.html", "<html>x</html>")))
    assert error.reason.startswith("internal error while reading (KeyError")


# --- records ---------------------------------------------------------------------------------------------------


def test_jsonl_aliases_case_insensitive_and_bad_lines() -> None:
    path = FIXTURES / "export.jsonl"
    items = read(path)
    assert [i.source for i in items] == [f"{path}#{n}" for n in range(1, 7)]
    first, second, broken, third, not_object, no_fields = items
    assert isinstance(first, RawDoc) and first.format == "record"
    assert first.content == "First story body."
    assert first.url == "https://news.example.com/a"
    assert first.path == str(path)
    assert first.hints == {
        "title": "First story",
        "published": "2024-03-14T09:00:00Z",
        "authors": ["Ann Lee", "Bo Chan"],
        "section": "Politics",
        "tags": ["budget", "council"],
        "language": "en",
        "site": "Example News",
    }
    assert isinstance(second, RawDoc) and second.format == "html"
    assert second.url == "https://news.example.com/b" and second.content.startswith("<html>")
    assert second.hints == {"title": "Second story"}
    assert isinstance(broken, ReadError) and broken.format == "jsonl" and "not valid JSON" in broken.reason
    assert isinstance(third, RawDoc) and third.format == "record" and third.content == ""
    assert third.hints == {
        "title": "Only a headline",
        "description": "A teaser for the third story.",
        "authors": ["Cy Park", "Di Ruiz"],
    }
    assert isinstance(not_object, ReadError) and "not an object" in not_object.reason
    assert isinstance(no_fields, ReadError) and "no text, html, title or description" in no_fields.reason
    assert "id, views" in no_fields.reason


def test_every_alias_is_recognised(tmp_path: Path) -> None:
    groups = {
        "url": ["url", "link", "uri", "canonical_url", "article_url"],
        "title": ["title", "headline"],
        "published": [
            "published",
            "date",
            "publish_date",
            "published_at",
            "pubdate",
            "date_published",
            "datetime",
            "publication_date",
        ],
        "authors": ["authors", "author", "byline", "creator", "writer"],
        "text": ["text", "body", "content", "article", "articlebody", "full_text", "maintext", "article_text"],
        "html": ["html", "raw_html", "page", "source_html"],
        "description": ["description", "summary", "short_description", "lede", "abstract", "excerpt"],
        "section": ["section", "category"],
        "tags": ["tags", "keywords"],
        "language": ["language", "lang"],
        "site": ["site", "site_name", "publisher", "source_name", "domain"],
    }
    lines = []
    expected = []
    for field, aliases in groups.items():
        for alias in aliases:
            record = {"title": "T"} if field != "title" else {}
            value = {"authors": "Ann Lee", "tags": "a, b", "html": f"<p>v-{alias}</p>"}.get(field, f"v-{alias}")
            record[alias.upper() if len(lines) % 2 else alias] = value
            lines.append(json.dumps(record))
            expected.append((field, alias, value))
    items = read(write(tmp_path / "aliases.ndjson", "\n".join(lines)))
    assert len(items) == len(expected)
    for item, (field, alias, value) in zip(items, expected, strict=True):
        assert isinstance(item, RawDoc), (alias, item)
        if field == "url":
            assert item.url == value, alias
        elif field == "text":
            assert item.format == "record" and item.content == value, alias
        elif field == "html":
            assert item.format == "html" and item.content == value, alias
        elif field == "authors":
            assert item.hints["authors"] == ["Ann Lee"], alias
        elif field == "tags":
            assert item.hints["tags"] == ["a", "b"], alias
        else:
            assert item.hints[field] == value, alias


def test_page_number_is_not_mistaken_for_html(tmp_path: Path) -> None:
    doc = only_doc(read(write(tmp_path / "p.jsonl", '{"title": "Print story", "page": "A12", "text": "Body"}')))
    assert doc.format == "record" and doc.content == "Body"


def test_author_and_tag_splitting() -> None:
    assert split_authors("By Ann Lee, Bo Chan and Cy Park & Di Ruiz; Ed Moss") == [
        "Ann Lee",
        "Bo Chan",
        "Cy Park",
        "Di Ruiz",
        "Ed Moss",
    ]
    assert split_authors(["Ann Lee", {"name": "Bo Chan"}, "ann lee", ""]) == ["Ann Lee", "Bo Chan"]
    assert split_authors("Sandra Anderson") == ["Sandra Anderson"]
    assert split_tags("economy, city;budget") == ["economy", "city", "budget"]
    assert split_tags(["a", " b ", None]) == ["a", "b"]


def test_json_array_object_and_wrapper(tmp_path: Path) -> None:
    array = read(write(tmp_path / "a.json", json.dumps([{"title": "One", "text": "1"}, {"title": "Two", "text": "2"}])))
    assert [d.source for d in array] == [f"{tmp_path / 'a.json'}#1", f"{tmp_path / 'a.json'}#2"]
    assert [d.content for d in array if isinstance(d, RawDoc)] == ["1", "2"]
    single = only_doc(read(write(tmp_path / "o.json", json.dumps({"headline": "Solo", "body": "b"}))))
    assert single.source.endswith("o.json#1") and single.hints["title"] == "Solo"
    newsapi = {
        "status": "ok",
        "totalResults": 2,
        "articles": [
            {"source": {"id": None, "name": "BBC"}, "author": "Ann Lee", "title": "W1", "url": "https://b/1"},
            {"title": "W2", "description": "d2", "publishedAt": "2024-01-02T00:00:00Z"},
        ],
    }
    wrapped = read(write(tmp_path / "w.json", json.dumps(newsapi)))
    assert [d.hints.get("title") for d in wrapped if isinstance(d, RawDoc)] == ["W1", "W2"]
    nested = {"response": {"status": "ok", "results": [{"webTitle": "G1", "webUrl": "https://g/1"}]}}
    assert only_doc(read(write(tmp_path / "g.json", json.dumps(nested)))).url == "https://g/1"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example feed",
        "items": [{"id": "1", "url": "https://f/1", "title": "F1", "content_html": "<p>Body</p>"}],
    }
    feed_item = only_doc(read(write(tmp_path / "feed.json", json.dumps(feed))))
    assert feed_item.format == "html" and feed_item.hints == {"title": "F1"} and feed_item.url == "https://f/1"
    keyed = {"k1": {"title": "K1"}, "k2": {"title": "K2"}}
    assert len(read(write(tmp_path / "k.json", json.dumps(keyed)))) == 2


def test_json_errors(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "bad.json", '[{"title": "x"},')))
    assert error.format == "json" and error.reason.startswith("not valid JSON") and error.source.endswith("bad.json")
    assert "empty list" in only_error(read(write(tmp_path / "empty.json", "[]"))).reason
    assert "no list of articles" in only_error(read(write(tmp_path / "cfg.json", '{"debug": true}'))).reason
    jsonl_named_json = read(write(tmp_path / "lines.json", '{"title": "a"}\n{"title": "b"}\n'))
    assert [d.hints["title"] for d in jsonl_named_json if isinstance(d, RawDoc)] == ["a", "b"]


def test_epoch_dates_become_iso(tmp_path: Path) -> None:
    items = read(
        write(tmp_path / "e.jsonl", '{"title": "s", "date": 1710400000}\n{"title": "m", "date": 1710400000000}')
    )
    assert [d.hints["published"] for d in items if isinstance(d, RawDoc)] == ["2024-03-14T07:06:40+00:00"] * 2


def test_csv_semicolon_bom_quotes_and_newlines_in_fields() -> None:
    path = FIXTURES / "export-semicolon.csv"
    first, second = read(path)
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.source == f"{path}#1" and second.source == f"{path}#2"
    assert first.url == "https://news.example.com/c"
    assert first.content == 'First paragraph, with a comma.\n\nSecond paragraph with "quotes".'
    assert first.hints == {
        "title": "Budget; the vote",
        "published": "2024-03-15",
        "authors": ["Ann Lee", "Bo Chan"],
        "tags": ["economy", "city"],
    }
    assert second.hints == {"title": "Plain row", "published": "2024-03-16", "authors": ["Ed Moss"]}


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_delimiter_sniffed_and_huge_fields_allowed(tmp_path: Path, delimiter: str) -> None:
    body = "word, " * 40_000  # 240 KB in one cell: above csv's default 128 KB field limit
    rows = [["Title", "Link", "Body"], ["Big, one", "https://x/1", body], ["Small; two", "https://x/2", "short"]]
    text = "\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in rows)
    first, second = read(write(tmp_path / "big.csv", text))
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.content == body and first.hints["title"] == "Big, one"
    assert second.url == "https://x/2" and second.hints["title"] == "Small; two"


def test_csv_row_without_article_fields_is_an_error_and_file_goes_on(tmp_path: Path) -> None:
    items = read(write(tmp_path / "r.csv", "title,text\nA,body a\n,\n,,\nC,body c\n"))
    assert [i.source.rsplit("#", 1)[1] for i in items] == ["1", "2"]
    assert "CSV has a header row but no records" in only_error(read(write(tmp_path / "h.csv", "title,text\n"))).reason
    mixed = read(write(tmp_path / "m.csv", "title,text,x\nA,body a,1\n,,2\nC,body c,3\n"))
    assert [type(i).__name__ for i in mixed] == ["RawDoc", "ReadError", "RawDoc"]
    assert mixed[1].source.endswith("m.csv#2")


# --- zip and gz ------------------------------------------------------------------------------------------------


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_with_nested_folders_records_nested_zip_and_unsafe_member(tmp_path: Path) -> None:
    inner = make_zip({"deep/page.htm": b"<html><body>inner page</body></html>"})
    data = make_zip(
        {
            "export/2024/03/page.html": b"<html><body>page one</body></html>",
            "export/2024/notes.txt": b"a text dump",
            "export/records.jsonl": b'{"title": "r1", "text": "t1"}\n{"title": "r2", "text": "t2"}\n',
            "export/page2.html.gz": gzip.compress(b"<html><body>gzipped page</body></html>"),
            "export/inner.zip": inner,
            "../escape.html": b"<html>evil</html>",
            "/abs/evil.html": b"<html>evil</html>",
            "__MACOSX/export/._page.html": b"\x00\x05\x16\x07",
            "export/.DS_Store": b"\x00\x00",
            "export/photo.jpg": b"\xff\xd8\xff\xe0",
            "export/empty/": b"",
        }
    )
    path = write(tmp_path / "export.zip", data)
    items = read(path)
    by_source = {i.source: i for i in items}
    z = str(path)
    assert set(by_source) == {
        f"{z}!/abs/evil.html",
        f"{z}!../escape.html",
        f"{z}!export/2024/03/page.html",
        f"{z}!export/2024/notes.txt",
        f"{z}!export/inner.zip!deep/page.htm",
        f"{z}!export/page2.html.gz",
        f"{z}!export/photo.jpg",
        f"{z}!export/records.jsonl#1",
        f"{z}!export/records.jsonl#2",
    }
    assert all(i.path == z for i in items)
    for unsafe in (f"{z}!../escape.html", f"{z}!/abs/evil.html"):
        assert isinstance(by_source[unsafe], ReadError) and "unsafe member name" in by_source[unsafe].reason
    assert isinstance(by_source[f"{z}!export/photo.jpg"], Skipped)
    page = by_source[f"{z}!export/2024/03/page.html"]
    assert isinstance(page, RawDoc) and page.format == "html" and "page one" in page.content
    assert by_source[f"{z}!export/2024/notes.txt"].format == "text"
    assert "gzipped page" in by_source[f"{z}!export/page2.html.gz"].content  # type: ignore[union-attr]
    assert "inner page" in by_source[f"{z}!export/inner.zip!deep/page.htm"].content  # type: ignore[union-attr]
    assert by_source[f"{z}!export/records.jsonl#2"].content == "t2"  # type: ignore[union-attr]
    # the same bytes given as an upload read the same
    assert [i.source for i in read(path, data)] == [i.source for i in items]


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("../escape.html", True),
        ("export/../../escape.html", True),
        ("/abs/evil.html", True),
        ("..\\escape.html", True),
        ("C:/Windows/evil.html", True),
        ("c:evil.html", True),
        ("export/page..html", False),
        ("export/2024/page.html", False),
    ],
)
def test_zip_member_names_that_would_leave_the_folder_are_refused(tmp_path: Path, name: str, unsafe: bool) -> None:
    from newsdesk.sources.archive import unsafe_member_name

    assert unsafe_member_name(name) is unsafe
    items = read(write(tmp_path / "z.zip", make_zip({name: b"<html><body>member</body></html>"})))
    refused = [i for i in items if isinstance(i, ReadError) and "unsafe member name" in i.reason]
    assert bool(refused) is unsafe
    assert all(i.path == str(tmp_path / "z.zip") for i in items)  # read in memory: nothing written anywhere


def test_zip_nested_two_levels_is_refused(tmp_path: Path) -> None:
    level2 = make_zip({"p.html": b"<html>x</html>"})
    level1 = make_zip({"l2.zip": level2})
    error = only_error(read(write(tmp_path / "outer.zip", make_zip({"l1.zip": level1}))))
    assert error.source == f"{tmp_path / 'outer.zip'}!l1.zip!l2.zip" and "nested" in error.reason


def test_corrupt_and_unhelpful_zips(tmp_path: Path) -> None:
    corrupt = only_error(read(write(tmp_path / "c.zip", b"PK\x03\x04 this is not really a zip file at all")))
    assert corrupt.format == "zip" and "not a readable zip archive" in corrupt.reason
    truncated = make_zip({"a.html": b"<html>" + b"x" * 5000 + b"</html>"})[:-40]
    assert isinstance(only(read(write(tmp_path / "t.zip", truncated))), ReadError)
    images = read(write(tmp_path / "i.zip", make_zip({"a.png": PNG_BYTES})))
    assert isinstance(images[0], Skipped) and isinstance(images[-1], ReadError)
    assert "no supported files" in images[-1].reason


def test_zip_bomb_guards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdesk.sources.archive as archive

    page = b"<html><body>" + b"a" * 30_000 + b"</body></html>"  # deflates to well under 1 KB
    data = make_zip({f"p{n}.html": page for n in range(5)})
    assert len(data) < 5_000
    monkeypatch.setattr(archive, "ZIP_MAX_MEMBER_BYTES", 20_000)
    items = read(write(tmp_path / "m.zip", data))
    assert len(items) == 5 and all(isinstance(i, ReadError) and "20000" not in i.reason for i in items)
    assert "above the 19.5 KB limit" in items[0].reason
    monkeypatch.setattr(archive, "ZIP_MAX_MEMBER_BYTES", 100_000)
    monkeypatch.setattr(archive.Budget, "__init__", lambda self, remaining=70_000: setattr(self, "remaining", 70_000))
    items = read(write(tmp_path / "t.zip", data))
    assert [type(i).__name__ for i in items] == ["RawDoc", "RawDoc", "ReadError"]
    assert "zip bomb guard" in items[-1].reason


def test_gz_of_each_kind(tmp_path: Path) -> None:
    page = only_doc(read(write(tmp_path / "page.html.gz", gzip.compress(b"<html><body>hello</body></html>"))))
    assert page.format == "html" and "hello" in page.content and page.source == str(tmp_path / "page.html.gz")
    records = read(write(tmp_path / "export.jsonl.gz", gzip.compress(b'{"title": "a"}\n{"title": "b"}\n')))
    assert [r.source for r in records] == [f"{tmp_path / 'export.jsonl.gz'}#1", f"{tmp_path / 'export.jsonl.gz'}#2"]
    dump = only_doc(read(write(tmp_path / "d.TXT.GZ", gzip.compress(b"a\r\nb"))))
    assert dump.format == "text" and dump.content == "a\nb"


def test_truncated_and_corrupt_gzip(tmp_path: Path) -> None:
    full = gzip.compress(("<html><body>" + "story text " * 2000 + "</body></html>").encode())
    truncated = only_error(read(write(tmp_path / "t.html.gz", full[: len(full) // 2])))
    assert truncated.format == "gz" and "truncated" in truncated.reason
    corrupt = only_error(read(write(tmp_path / "c.html.gz", b"\x1f\x8b\x08\x00garbage-garbage-garbage")))
    assert corrupt.format == "gz"
    not_gzip = only_error(read(write(tmp_path / "n.jsonl.gz", b'{"title": "plain"}')))
    assert "not valid gzip" in not_gzip.reason


def test_gz_inflating_past_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sources_base.MAX_BYTES_BY_FORMAT, "html", 10_000)
    bomb = gzip.compress(b"<p>" + b"x" * 1_000_000)
    error = only_error(read(write(tmp_path / "bomb.html.gz", bomb)))
    assert "decompresses to more than 9.8 KB" in error.reason


# --- warc ------------------------------------------------------------------------------------------------------


def build_warc(gz: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)

    def response(uri: str, body: bytes, content_type: str | None, status: str = "200 OK") -> None:
        headers = [("Content-Type", content_type)] if content_type else []
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        record.rec_headers.replace_header("WARC-Date", "2024-03-14T10:11:12Z")
        writer.write_record(record)

    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    request = StatusAndHeaders("GET /story HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(
            "https://news.example.com/story", "request", payload=io.BytesIO(b""), http_headers=request
        )
    )
    response("https://news.example.com/story", b"<html><body><p>The story</p></body></html>", "text/html")
    response("https://news.example.com/logo.png", PNG_BYTES, "image/png")
    response("https://news.example.com/ru", RU_PAGE.encode("koi8-r"), "text/html; charset=KOI8-R")
    response("https://news.example.com/bare", b"<!DOCTYPE html><html><body>no type</body></html>", None)
    response("https://news.example.com/old", b"<html>moved</html>", "text/html", status="301 Moved Permanently")
    return buffer.getvalue()


def test_warc_reads_html_responses_and_skips_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "crawl.warc.gz", build_warc())
    items = read(path)
    assert [type(i).__name__ for i in items] == [
        "Skipped",  # warcinfo
        "Skipped",  # request
        "RawDoc",
        "Skipped",  # image
        "RawDoc",
        "RawDoc",  # no Content-Type, sniffed as HTML
        "Skipped",  # 301
    ]
    assert [i.source for i in items] == [f"{path}#{n}" for n in range(1, 8)]
    story = items[2]
    assert isinstance(story, RawDoc) and story.format == "html"
    assert story.url == "https://news.example.com/story"
    assert story.hints == {"crawl_date": "2024-03-14T10:11:12Z"}
    assert story.content == "<html><body><p>The story</p></body></html>"
    russian = items[4]
    assert isinstance(russian, RawDoc) and russian.content == RU_PAGE and russian.encoding == "koi8-r"
    assert "warcinfo" in items[0].reason and "request" in items[1].reason
    assert "image/png" in items[3].reason and "301" in items[6].reason
    assert all(i.format == "warc" for i in items if not isinstance(i, RawDoc))
    plain = read(write(tmp_path / "crawl.warc", build_warc(gz=False)))
    assert [i.source.rsplit("#")[1] for i in plain if isinstance(i, RawDoc)] == ["3", "5", "6"]


def test_truncated_warc_yields_what_it_read_then_an_error(tmp_path: Path) -> None:
    for gz in (False, True):
        data = build_warc(gz=gz)
        cut = len(data) * 2 // 3 if gz else data.index(b"<title>", data.index(b"https://news.example.com/ru"))
        path = write(tmp_path / f"cut{gz}.warc{'.gz' if gz else ''}", data[:cut])
        items = read(path)
        assert isinstance(items[2], RawDoc) and items[2].url == "https://news.example.com/story"
        assert isinstance(items[-1], ReadError) and items[-1].format == "warc"
        assert "truncated" in items[-1].reason, items[-1]
        assert [type(i).__name__ for i in items[:-1]] == ["Skipped", "Skipped", "RawDoc", "Skipped", "RawDoc"][
            : len(items) - 1
        ]
        assert len(items) >= 4
    garbage = only_error(read(write(tmp_path / "junk.warc.gz", b"this is no web archive\n" * 10)))
    assert "not a WARC file" in garbage.reason
    data = build_warc(gz=True)
    middle = data.index(b"\x1f\x8b", len(data) // 2)  # the start of a gzip member (one record each)
    corrupt = read(write(tmp_path / "corrupt.warc.gz", data[:middle] + b"\x1f\x8b\x08\x00" + b"\xff" * 100))
    assert isinstance(corrupt[-1], ReadError) and "truncated or corrupt" in corrupt[-1].reason
    assert any(isinstance(i, RawDoc) for i in corrupt)


def test_aeb_warc_from_shared_bench() -> None:
    warc = next((p for p in (AEB_WARC, SHARED_AEB_WARC) if p.is_file()), None)
    if warc is None:
        pytest.skip("shared/bench/aeb/pages.warc.gz is absent")
    start = time.perf_counter()
    items = list(read_paths([warc]))
    elapsed = time.perf_counter() - start
    kinds = Counter(type(i).__name__ for i in items)
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert len(docs) == 103 and kinds["ReadError"] == 0
    assert all(d.format == "html" and d.url and d.url.startswith("http") for d in docs)
    assert all(d.hints.get("crawl_date") and len(d.content) > 1000 for d in docs)
    assert kinds["Skipped"] == 1
    print(f"aeb WARC: {len(docs)} docs, {kinds['Skipped']} skipped in {elapsed:.2f} s")


# --- encoding helpers ------------------------------------------------------------------------------------------


def test_decode_bytes_order_and_never_raises() -> None:
    assert decode_bytes("é".encode("cp1252") + b" plain", "ISO-8859-1") == ("é plain", "cp1252")
    # a wrong declaration that does not decode strictly falls through to UTF-8
    text, encoding = decode_bytes("naïve — ok".encode(), "us-ascii")
    assert (text, encoding) == ("naïve — ok", "utf-8")
    xml = '<?xml version="1.0" encoding="koi8-r"?><rss>' + "Новости дня" + "</rss>"
    assert decode_bytes(xml.encode("koi8-r")) == (xml, "koi8-r")
    assert decode_bytes("abc".encode("utf-16-le")) == ("abc", "utf-16-le")
    assert decode_bytes(b"x", "no-such-charset") == ("x", "utf-8")
    for blob in (bytes(range(256)), b"\xff\xfe\x00", b"\x81\x8d\x8f\x90\x9d" * 3, b""):
        text, encoding = decode_bytes(blob)
        assert isinstance(text, str) and encoding


def test_looks_binary_kinds() -> None:
    assert looks_binary(PNG_BYTES) == "a PNG image"
    assert looks_binary(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "a JPEG image"
    assert looks_binary(b"GIF89a\x01\x00") == "a GIF image"
    assert looks_binary(b"%PDF-1.4") == "a PDF document"
    assert looks_binary(make_zip({"a.txt": b"a"})) == "a ZIP archive"
    assert looks_binary(gzip.compress(b"x")) == "gzip-compressed data"
    assert looks_binary(b"text\x00with\x00nuls in random places") == "binary data"
    assert looks_binary(bytes(range(1, 32)) * 10) == "binary data"
    assert looks_binary("plain <html> page".encode("utf-16-le")) is None
    assert looks_binary(b"plain text\twith tabs\r\n") is None
    assert looks_binary("ﾃｷｽﾄ".encode("utf-16")) is None


def test_a_jsonl_file_is_streamed_and_reads_as_its_bytes_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON Lines file on disk is read a line at a time (exports of millions of articles are gigabytes); it gives
    exactly what the same bytes give in memory, whatever its encoding, with the encoding told from its start."""
    from newsdesk.sources import records

    monkeypatch.setattr(records, "JSONL_SNIFF_BYTES", 2001)  # the sniffed start ends mid-file (mid-character too)
    lines = [
        json.dumps({"title": f"Élection {i} à Zürich", "text": "Café crème " * 5}, ensure_ascii=False)
        for i in range(40)
    ]
    for name, encoding in (("utf8.jsonl", "utf-8"), ("latin.jsonl", "latin-1"), ("bom.jsonl", "utf-8-sig")):
        path = tmp_path / name
        path.write_bytes("\n".join(lines).encode(encoding))
        streamed = list(sources.read_file(path))
        whole = list(sources.read_file(path, data=path.read_bytes()))
        if encoding != "latin-1":  # (a legacy encoding is a guess, on a few KB as on the whole file)
            assert [d.hints.get("title") for d in streamed] == [f"Élection {i} à Zürich" for i in range(40)], name
        assert [(d.source, d.content, d.hints) for d in streamed] == [(d.source, d.content, d.hints) for d in whole]
