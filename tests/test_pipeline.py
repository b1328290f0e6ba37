"""pipeline: ids, canonical URLs, hints over extraction, finalize, errors as values."""

from __future__ import annotations

from newsdesk.analysis.topics import RuleMatcher, RuleTopic
from newsdesk.ids import article_id, canonical_url, site_from_url
from newsdesk.models import Article, ExtractError, RawDoc
from newsdesk.pipeline import (
    count_words,
    extract_doc,
    extract_paths,
    finalize,
)

BODY = (
    "The central bank raised interest rates again on Thursday, its fourth increase this year, as inflation stayed "
    "well above target. Economists said the decision had been expected for weeks.\n\n"
    "Shoppers in the capital said prices for food and rent had climbed faster than wages."
)


def test_canonical_url_folds_what_does_not_name_a_different_story() -> None:
    a = canonical_url("http://WWW.Example.com/news/story/?utm_source=x&id=7#comments")
    b = canonical_url("https://example.com/news/story?id=7")
    assert a == b == "https://example.com/news/story?id=7"
    assert canonical_url("https://example.com/a") != canonical_url("https://example.com/b")
    assert canonical_url("not a url") is None
    assert canonical_url("javascript:alert(1)") is None


def test_article_id_by_url_or_by_text() -> None:
    assert article_id("https://example.com/x?utm_medium=y", None, "a") == article_id(
        "http://www.example.com/x/", "t", "b"
    )
    assert article_id(None, "Title", "Some  text!") == article_id(None, "title", "some text")
    assert article_id(None, "Title", "Some text") != article_id(None, "Title", "Other text")
    assert len(article_id(None, "", "")) == 16


def test_site_and_words() -> None:
    assert site_from_url("https://www.harbourledger.example/a/b") == "harbourledger.example"
    assert count_words("It's 3 o'clock, isn't it?") == 8  # \w+ tokens, as the benchmark metric counts


def test_finalize_fills_common_fields() -> None:
    art = finalize(Article(source="s", url="https://news.example/2024/story", title="Rates rise", text=BODY))
    assert art.id == article_id("https://news.example/2024/story", None, "")
    assert art.site == "news.example" and art.field_sources["site"] == "url host"
    assert art.word_count == count_words(BODY)
    assert art.reading_minutes == 1.0
    assert art.language == "en"
    assert "no publication date found" in art.warnings


def test_record_hints_win_and_conflicts_are_warned() -> None:
    doc = RawDoc(
        source="export.jsonl#3",
        path="export.jsonl",
        format="record",
        content=BODY,
        url="https://news.example/rates",
        hints={"title": "Rates rise again", "published": "2024-03-05T10:00:00Z", "authors": "Ann Lee; Bo Chan"},
    )
    art = extract_doc(doc, RuleMatcher([RuleTopic("Economy", 'inflation OR "interest rate*"')]))
    assert isinstance(art, Article)
    assert art.title == "Rates rise again" and art.field_sources["title"] == "record"
    assert art.published is not None and art.published.startswith("2024-03-05")
    assert art.published_source == "record"
    assert art.authors == ["Ann Lee", "Bo Chan"]
    assert art.topics == ["Economy"]
    assert art.source == "export.jsonl#3"


def test_record_without_text_uses_description() -> None:
    doc = RawDoc(source="x.csv#1", path="x.csv", format="record", content="", hints={"description": "A short lede."})
    art = extract_doc(doc)
    assert isinstance(art, Article)
    assert art.text == "A short lede."
    assert any("description stands in" in w for w in art.warnings)


def test_extractor_failure_is_a_value(monkeypatch) -> None:
    import newsdesk.pipeline as pipeline

    def boom(*args: object, **kwargs: object) -> Article:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(pipeline, "extract_html", boom)
    result = extract_doc(RawDoc(source="p.html", path="p.html", format="html", content="<html></html>"))
    assert isinstance(result, ExtractError)
    assert "parser exploded" in result.reason and result.source == "p.html"


def test_extract_paths_keeps_input_order(tmp_path) -> None:
    (tmp_path / "b.txt").write_text("Headline here\n\n" + BODY, encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(
        '{"url": "https://n.example/1", "title": "One", "text": "First story text about things."}\n'
        "not json\n"
        '{"url": "https://n.example/2", "title": "Two", "text": "Second story text about things."}\n',
        encoding="utf-8",
    )
    items = list(extract_paths([tmp_path / "b.txt", tmp_path / "a.jsonl"]))
    sources = [i.source for i in items]
    assert sources[0].endswith("b.txt")
    assert [s.rsplit("#", 1)[1] for s in sources[1:]] == ["1", "2", "3"]
    assert isinstance(items[2], type(items[2])) and not isinstance(items[2], Article)
