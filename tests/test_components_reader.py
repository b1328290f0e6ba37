"""The reader's pure parts: which metadata fields are shown with their sources, topic evidence, dates."""

from __future__ import annotations

from components.widgets.reader import metadata_fields, pretty_date, topic_lines

ART = {
    "title": "Rates <b>held</b>",
    "authors": ["Ana Ruiz", "Ben Okafor"],
    "published": "2024-03-02",
    "published_source": "json-ld",
    "site": "herald.example",
    "section": None,
    "tags": [],
    "word_count": 476,
    "reading_minutes": 2.0,
    "reading_minutes_stated": 3,
    "field_sources": {"title": "og:title", "authors": "byline", "text": "newspaper"},
    "topic_rows": [
        {"id": "rule:Economy", "kind": "rule", "name": "Economy", "score": 1.0, "evidence": "interest rates"},
        {
            "id": "disc:2",
            "kind": "discovered",
            "name": "bank, rates",
            "score": 0.4213,
            "terms": ["bank", "rates", "cut"],
        },
    ],
}


def test_metadata_fields_with_sources_and_no_empty_ones() -> None:
    fields = {label: (value, source) for label, value, source in metadata_fields(ART)}
    assert fields["Title"] == ("Rates <b>held</b>", "og:title")
    assert fields["Authors"] == ("Ana Ruiz, Ben Okafor", "byline")
    assert fields["Published"] == ("2024-03-02", "json-ld")
    assert fields["Words"] == ("476", "newspaper")
    assert fields["Stated reading time"][0] == "3 min"
    assert "Section" not in fields and "Tags" not in fields


def test_topic_lines_show_evidence_and_weight() -> None:
    rule, disc = topic_lines(ART)
    assert rule == "- **Economy** · rule · matched interest rates"
    assert disc == "- **bank, rates** · discovered · weight 0.42 · bank, rates, cut"


def test_topic_names_are_escaped() -> None:
    (line,) = topic_lines({"topic_rows": [{"kind": "rule", "name": "<i>x</i>", "evidence": "[a](b)"}]})
    assert "<i>" not in line and "[a](b)" not in line


def test_pretty_date() -> None:
    assert pretty_date("2025-06-27T18:45") == "27 Jun 2025, 18:45"
    assert pretty_date("2024-03-02") == "2 Mar 2024"
    assert pretty_date("sometime in May") == "sometime in May"
    assert pretty_date(None) == ""


def test_discovered_terms_are_capped() -> None:
    row = {"kind": "discovered", "name": "a", "score": 1.0, "terms": [f"t{i}" for i in range(20)]}
    (line,) = topic_lines({"topic_rows": [row]})
    assert line.endswith("t0, t1, t2, t3, t4, t5")
