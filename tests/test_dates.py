"""Tests for newsdesk.extract.dates: formats news pages use, languages, relative dates, URLs, false positives."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from newsdesk.extract.dates import MIN_YEAR, DateParse, date_from_url, find_dates, parse_date, weekday_spans


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-01-19", "2024-01-19"),
        ("2024-01-19T08:03:00+01:00", "2024-01-19T08:03:00+01:00"),
        ("19 January 2024", "2024-01-19"),
        ("January 19, 2024", "2024-01-19"),
        ("Jan. 19, 2024 10:32 AM ET", "2024-01-19T10:32"),
        ("19.01.2024", "2024-01-19"),
        ("2024/01/19", "2024-01-19"),
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19T08:03"),
        ("By Tess Bonn - 11/19/19 06:56 AM EST", "2019-11-19T06:56-05:00"),
        ("19 Nov 2019 05:44 GMT", "2019-11-19T05:44+00:00"),
        ("Posted: Fri 6:45 PM, Feb 16, 2018 |", "2018-02-16T18:45"),
        ("13/06/2014 Tony Carter", "2014-06-13"),
        ("Monday November 18, 2019 7:45 am PST by Joe", "2019-11-18T07:45-08:00"),
        ("Von Moritz Bachmann publiziert am 25. September 2018", "2018-09-25"),
        ("19. März 2021", "2021-03-19"),
        ("le 3 février 2021 à 14h05", "2021-02-03T14:05"),
        ("5 de marzo de 2020", "2020-03-05"),
        ("12 gennaio 2022", "2022-01-12"),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22T20:13"),
        ("12 januari 2023", "2023-01-12"),
        ("November 19th, 2019 at 8:40 AM", "2019-11-19T08:40"),
    ],
)
def test_parse_date_formats(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.iso == iso


def test_languages_restrict_month_names() -> None:
    assert parse_date("3 mai 2021", languages=["fr"]) == DateParse("2021-05-03")
    assert parse_date("3 maart 2021", languages=["en"]) is None
    assert parse_date("3 maart 2021", languages=["nl"]) == DateParse("2021-03-03")


@pytest.mark.parametrize(
    "text",
    ["", "no date here", "Rs 300 in 1850", "Call 555-1234-567", "1 January 1850", "version 12.3", "2090-01-01"],
)
def test_no_false_positives(text: str) -> None:
    assert parse_date(text) is None


def test_bounds_are_enforced() -> None:
    assert parse_date(f"1 January {MIN_YEAR - 1}") is None
    assert parse_date(f"1 January {MIN_YEAR}") == DateParse(f"{MIN_YEAR}-01-01")
    far = date.today() + timedelta(days=400)
    assert parse_date(far.isoformat()) is None


def test_relative_dates_need_a_reference() -> None:
    assert parse_date("Updated 3 hours ago") is None
    ref = datetime(2024, 1, 19, 12, 0)
    parsed = parse_date("Updated 3 hours ago", reference=ref)
    assert parsed is not None and parsed.date == "2024-01-19" and parsed.relative
    assert parse_date("2 days ago", reference=date(2024, 1, 19)) == DateParse("2024-01-17", relative=True)
    assert parse_date("vor 2 Tagen", reference=date(2024, 1, 19)) == DateParse("2024-01-17", relative=True)
    assert parse_date("yesterday", reference=date(2024, 1, 19)) == DateParse("2024-01-18", relative=True)


def test_find_dates_gives_every_date_in_order_with_spans() -> None:
    text = "Published 19 January 2024, updated 2024-01-20 10:00"
    found = find_dates(text)
    assert [p.date for _, p in found] == ["2024-01-19", "2024-01-20"]
    match, _ = found[0]
    assert text[match.start : match.end] == match.group() and "19 January 2024" in match.group()


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://x.example/news/2024/01/19/some-story/", "2024-01-19"),
        ("https://x.example/news/20240119/some-story", "2024-01-19"),
        ("https://x.example/a/story-2024-01-19.html", "2024-01-19"),
        ("https://x.example/2024/01/story", None),
        ("https://www.example.com/articles/google-11574168580", None),
        ("https://x.example/2024/13/45/bad", None),
        (None, None),
        ("", None),
    ],
)
def test_date_from_url(url: str | None, iso: str | None) -> None:
    assert date_from_url(url) == iso


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://x.example/news/2022/09/14", "2022-09-14"),  # the day ends the path
        ("https://x.example/blog/2022_09_14_harbour-lights", "2022-09-14"),
        ("https://2022-09-14.x.example/harbour-lights", None),  # a host is not a path
    ],
)
def test_date_only_in_the_url(url: str, iso: str | None) -> None:
    assert date_from_url(url) == iso


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Monday, May 26, 2025", ["Monday"]),
        ("Mon. 26 May 2025", ["Mon."]),
        ("lundi 3 mars 2025", ["lundi"]),
        ("sexta-feira, 22 de outubro de 2010", ["sexta-feira"]),
        ("Published 4:00 am CST, Wednesday, November 20, 2019", ["Wednesday"]),
        ("Samsung Monthly report, 26 May 2025", []),
        ("8 mar 2021", []),
        ("", []),
    ],
)
def test_weekday_spans(text: str, names: list[str]) -> None:
    assert [text[a:z] for a, z in weekday_spans(text)] == names


def test_weekday_spans_respects_languages() -> None:
    assert weekday_spans("Montag, 26. Mai 2025", languages=["en"]) == []
    assert weekday_spans("Montag, 26. Mai 2025", languages=["de"]) == [(0, 6)]


def test_bad_input_never_raises() -> None:
    for bad in [None, 12, b"2024-01-01", "\x00" * 50, "9" * 5000]:
        assert parse_date(bad) is None  # type: ignore[arg-type]
    for not_text in [None, 12, b"Monday, May 26, 2025"]:
        assert weekday_spans(not_text) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Publié le 3 mai 2024 à 08h30, mis à jour le 4 mai 2024", "2024-05-03T08:30"),
        ("Publié le 1er mai 2024", "2024-05-01"),
        ("le 1ᵉʳ mai 2024", "2024-05-01"),
        ("3 mai 2024 à 8 h 30", "2024-05-03T08:30"),
        ("Veröffentlicht am 3. Mai 2024, 08:30 Uhr", "2024-05-03T08:30"),
        ("Publicado el 3 de mayo de 2024 a las 08:30", "2024-05-03T08:30"),
        ("Publicado el 3 de mayo del 2024", "2024-05-03"),
        ("Pubblicato il 3 maggio 2024 ore 8:30", "2024-05-03T08:30"),
        ("Pubblicato il 1º maggio 2024 alle 08:30", "2024-05-01T08:30"),
        ("Publicado em 3 de maio de 2024 às 08h30", "2024-05-03T08:30"),
        ("Gepubliceerd op 3 mei 2024 om 08:30", "2024-05-03T08:30"),
        ("vrijdag 3 mei 2024 08.30 uur", "2024-05-03T08:30"),
    ],
)
def test_localized_date_lines(text: str, iso: str) -> None:
    """The published lines of the six languages' news pages (the localized-forms block of dates.py)."""
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso == iso


def test_a_spaced_french_time_needs_its_minutes() -> None:
    assert parse_date("3 mai 2024 à 8 h") == DateParse("2024-05-03")
    assert parse_date("Route 8 h 30 km, 3 mai 2024") == DateParse("2024-05-03")
