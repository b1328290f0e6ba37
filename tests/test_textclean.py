"""Tests for extract.textclean: invented page dumps with expected output, the shared example, a quality floor."""

from __future__ import annotations

import json
import os
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from newsdesk.extract.textclean import clean_dump
from newsdesk.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "textclean"
DEMO = Path(__file__).resolve().parent.parent / "data" / "articles" / "demo"
ROOT = Path(__file__).resolve().parent.parent


def _shared_folder() -> Path:
    """The shared reference folder: $NEWSDESK_SHARED, else `shared/` beside the checkout (or beside the folder of
    worktrees holding it); the first that exists."""
    candidates = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    if os.environ.get("NEWSDESK_SHARED"):
        candidates.insert(0, Path(os.environ["NEWSDESK_SHARED"]))
    return next((c for c in candidates if c.is_dir()), candidates[0])


SHARED = _shared_folder()
EXAMPLE = SHARED / "examples" / "text-dump-pakistan-iran"
AEB = SHARED / "bench" / "aeb"
# Measured 0.969 (P 0.977, R 0.960) on the 103 aeb text dumps on 2026-12-03, after the language tables and the rule
# audit (0.968 before them; 0.947 before the second pass of issue 3, 0.922 before issue 3); the floor leaves room for
# noise but fails if a whole page (about 0.01) is lost.
AEB_F1_FLOOR = 0.958
CASES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_there_are_enough_fixture_layouts_and_languages() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("case", CASES)
def test_fixture_dump(case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
    raw = (FIXTURES / f"{case}.txt").read_text(encoding="utf-8")
    art = clean_dump(raw, source=f"{case}.txt", url=expected.get("url"))
    assert isinstance(art, Article)
    assert art.format == "text" and art.raw == raw and art.source == f"{case}.txt"
    assert _norm(art.text) == _norm(expected["text"])
    assert "\n\n" in art.text and "\n\n\n" not in art.text
    for field in ("title", "published", "published_source", "page_date", "reading_minutes_stated", "authors"):
        if field in expected:
            assert getattr(art, field) == expected[field], field
    for field in ("section", "related_headlines"):
        if field in expected:
            assert getattr(art, field) == expected[field], field
    for banned in expected["must_not_contain"]:
        assert banned not in art.text, banned
    assert art.field_sources["published"] and art.published_source


def test_removed_text_keeps_what_was_dropped() -> None:
    art = clean_dump((FIXTURES / "en_blank_lines.txt").read_text(encoding="utf-8"))
    assert "Latest from -City News" in art.removed
    assert "Go toTop" in art.removed
    assert "ferry line linking" not in art.removed


def test_comments_and_newsletter_box_are_not_body() -> None:
    art = clean_dump((FIXTURES / "en_one_per_line.txt").read_text(encoding="utf-8"))
    assert "inbox" not in art.text
    assert "says:" not in art.text
    assert art.text.endswith("during dry summers.")


def test_short_lines_inside_body_survive_but_teasers_do_not() -> None:
    art = clean_dump((FIXTURES / "en_blank_lines.txt").read_text(encoding="utf-8"))
    paragraphs = art.text.split("\n\n")
    assert "The plan includes:" in paragraphs
    assert "- two new piers with covered waiting areas" in paragraphs
    assert not any("Library opening" in p for p in paragraphs)


def test_body_between_page_furniture_is_found_in_any_order() -> None:
    body = [
        "The museum reopened its east wing on Saturday after a renovation that took almost three years "
        "and cost more than the original budget.",
        "Visitors queued for hours to see the restored ceiling paintings, which had been hidden behind "
        "scaffolding since the work began.",
    ]
    dump = "\n".join(["Home", "Culture", "Museum Reopens East Wing", "June 2, 2023", *body, "Related", "Other news"])
    art = clean_dump(dump)
    assert art.text.split("\n\n") == body
    assert art.title == "Museum Reopens East Wing"
    assert art.published == "2023-06-02"


def test_several_dates_give_a_warning_and_the_published_one_wins() -> None:
    dump = "\n".join(
        [
            "Headline About Rail Strike Ends",
            "Published: 4 May 2022",
            "Updated: 6 May 2022",
            "Train drivers ended their strike on Wednesday after the union accepted a pay offer that "
            "had been improved twice during the week of talks.",
            "Services are expected to return to normal by the weekend, the operator said in a short "
            "statement on its website.",
        ]
    )
    art = clean_dump(dump)
    assert art.published == "2022-05-04"
    assert any(w.startswith("several candidate dates") for w in art.warnings)


BODY = [
    "The regional council agreed on Tuesday to rebuild the old swing bridge over the canal, which has been closed "
    "to traffic since a lorry damaged it in the spring.",
    "Engineers said the new bridge would open in about eighteen months and would carry cyclists and buses as well "
    "as cars, unlike the old one.",
]


def _dump(*lines: str) -> str:
    return "\n".join([*lines, *BODY, "Related", "Other news"])


def test_updated_later_on_the_line_makes_the_first_date_the_publication() -> None:
    art = clean_dump(
        _dump(
            "Skip to content",
            "Sunday, March 9, 2025",
            "Menu",
            "News",
            "Bridge To Be Rebuilt",
            "By Ola Berg",
            "March 4, 2025 | Updated 6:10 PM",
        )
    )
    assert art.published == "2025-03-04"
    assert art.page_date == "2025-03-09" and art.field_sources["page_date"] == "text: page header date"
    assert not any("several candidate dates" in w for w in art.warnings)


def test_a_masthead_weekday_date_right_above_the_headline_is_the_page_date() -> None:
    # the shape of the demo's Riverbend pages: menu, weekday date, ad, section, headline, standfirst, byline, date
    art = clean_dump(
        _dump(
            "Home",
            "News",
            "Sport",
            "Opinion",
            "Friday, March 7, 2025",
            "Advertisement",
            "Transport",
            "Council Votes to Rebuild Swing Bridge",
            "The old bridge has been closed since spring.",
            "By Ola Berg",
            "March 6, 2025 | Updated 8:00 PM",
        )
    )
    assert (art.published, art.page_date) == ("2025-03-06", "2025-03-07")


def test_a_date_line_just_above_the_headline_stays_the_publication_date() -> None:
    art = clean_dump(_dump("19 January 2024", "2 min read", "Council votes to rebuild the swing bridge"))
    assert art.published == "2024-01-19" and art.page_date is None
    art = clean_dump(_dump("Monday, January 22, 2024", "Council Votes to Rebuild Swing Bridge", "By Ola Berg"))
    assert art.published == "2024-01-22" and art.page_date is None  # no other date: not clearly the page's


def test_a_lone_date_at_the_top_is_not_the_publication_date() -> None:
    art = clean_dump(
        _dump(
            "May 26, 2025",
            "The Canal Times",
            "Home | News | Sport | Weather",
            "Council Votes to Rebuild Swing Bridge",
            "By Ola Berg",
        )
    )
    assert art.published is None and art.page_date == "2025-05-26"
    assert any("page header" in w for w in art.warnings)
    with_url = clean_dump(
        _dump(
            "May 26, 2025", "The Canal Times", "Home | News | Sport | Weather", "Council Votes to Rebuild Swing Bridge"
        ),
        url="https://x.example/2025/05/20/bridge",
    )
    assert (with_url.published, with_url.published_source) == ("2025-05-20", "url")


def test_an_update_date_alone_yields_to_an_earlier_url_date() -> None:
    lines = ("Council Votes to Rebuild Swing Bridge", "By Ola Berg Updated May 14, 2025, 10:28am EST")
    assert clean_dump(_dump(*lines)).published == "2025-05-14T10:28-05:00"
    art = clean_dump(_dump(*lines), url="https://x.example/2025/5/8/123/bridge")
    assert (art.published, art.published_source) == ("2025-05-08", "url")


def test_a_caption_date_does_not_beat_the_date_line() -> None:
    art = clean_dump(
        _dump(
            "Council Votes to Rebuild Swing Bridge",
            "20 Nov, 2019 05:47",
            "Traffic on the old bridge, November 19, 2019. (Photo: Canal Times)",
        )
    )
    assert art.published == "2019-11-20T05:47"


def test_teaser_dates_above_the_headline_are_not_a_page_date() -> None:
    art = clean_dump(
        _dump(
            "Latest",
            "Ferry fares to rise",
            "May 20, 2025",
            "Tram line delayed",
            "May 21, 2025",
            "Menu",
            "News",
            "Sport",
            "Council Votes to Rebuild Swing Bridge",
            "By Ola Berg | May 22, 2025",
        )
    )
    assert art.published == "2025-05-22" and art.page_date is None


def test_a_short_closing_sentence_before_a_marker_is_body() -> None:
    art = clean_dump(
        _dump("Council Votes to Rebuild Swing Bridge", "May 22, 2025").replace(
            "Related", "Few expect the work to finish early.\nRelated"
        )
    )
    assert art.text.split("\n\n") == [*BODY, "Few expect the work to finish early."]
    teaser = clean_dump(
        _dump("Council Votes to Rebuild Swing Bridge").replace("Related", "Tell us what you think...\nRelated")
    )
    assert teaser.text.split("\n\n") == BODY


def test_comment_dates_after_the_body_are_not_candidates() -> None:
    art = clean_dump((FIXTURES / "en_header_date_only.txt").read_text(encoding="utf-8"))
    assert art.published == "2025-05-12"
    assert not any("several candidate dates" in w for w in art.warnings)


def _demo_dumps() -> list[tuple[str, str]]:
    """(path, text) of every text dump in the demo corpus, files and zip members alike."""
    out = []
    for path in sorted(DEMO.rglob("*.txt")):
        out.append((str(path.relative_to(DEMO)), path.read_text(encoding="utf-8")))
    for archive in sorted(DEMO.rglob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if name.endswith(".txt"):
                    out.append((f"{archive.relative_to(DEMO)}!{name}", zf.read(name).decode("utf-8")))
    return out


def test_demo_corpus_dumps_get_the_generators_dates() -> None:
    if not DEMO.is_dir():
        pytest.skip("demo corpus absent (python -m newsdesk demo-data)")
    from newsdesk.demo.corpus import build_demo_articles

    planned = {a.path: a for a in build_demo_articles() if a.path.endswith(".txt")}
    dumps = [(path, text) for path, text in _demo_dumps() if path in planned]
    if len(dumps) < len(planned) // 2:
        pytest.skip("demo corpus on disk does not match the generator (regenerate it)")
    wrong = []
    for path, text in dumps:
        art, want = clean_dump(text, source=path), planned[path]
        page = want.page_date.isoformat() if want.page_date else None
        if (art.published or "")[:10] != want.published.date().isoformat() or art.page_date != page:
            wrong.append((path, art.published, art.page_date, want.published.date(), page))
    assert not wrong, wrong[:5]


def test_missing_date_is_a_warning_not_an_error() -> None:
    dump = (
        "A Quiet Headline\nThe committee met again on Monday and agreed to postpone its decision until the "
        "next session, citing the need for more information.\nMembers said they hoped to reach an agreement "
        "before the end of the year, though several questions remained open."
    )
    art = clean_dump(dump)
    assert art.published is None
    assert "no publication date found" in art.warnings


@pytest.mark.parametrize("bad", ["", "   \n\n ", "\x00\x01", "a", "Menu\nHome\nLogin"])
def test_bad_input_never_raises(bad: str) -> None:
    art = clean_dump(bad, source="bad.txt")
    assert isinstance(art, Article)
    assert art.source == "bad.txt" and art.format == "text"


def test_non_string_input_returns_a_warning() -> None:
    art = clean_dump(None, source="x")  # type: ignore[arg-type]
    assert art.text == "" and art.warnings


def test_shared_example_passes_exactly() -> None:
    if not EXAMPLE.with_suffix(".txt").exists():
        pytest.skip("shared example absent")
    expected = json.loads(EXAMPLE.with_suffix(".expected.json").read_text(encoding="utf-8"))
    art = clean_dump(EXAMPLE.with_suffix(".txt").read_text(encoding="utf-8"))
    required = expected["required"]
    assert art.title == required["title"]
    assert art.published == required["published"]
    assert _norm(art.text) == _norm(required["text"])
    for banned in required["must_not_contain"]:
        assert banned not in art.text
    optional = expected["optional"]
    assert art.page_date == optional["page_date"]
    assert art.reading_minutes_stated == optional["reading_minutes_stated"]
    assert art.related_headlines == optional["related_headlines"]
    assert art.section == optional["section"]


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = re.findall(r"\w+", text)
    return Counter(tuple(toks[i : i + 4]) for i in range(max(0, len(toks) - 3)))


def test_aeb_text_dumps_quality_floor() -> None:
    if not (AEB / "textdump").is_dir():
        pytest.skip("shared aeb benchmark absent")
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    precisions, recalls = [], []
    for pid, item in truth.items():
        path = AEB / "textdump" / f"{pid}.txt"
        if not path.exists():
            continue
        predicted = _shingles(clean_dump(path.read_text(encoding="utf-8"), url=item.get("url")).text)
        true = _shingles(item["articleBody"])
        overlap = sum((predicted & true).values())
        n_p, n_t = sum(predicted.values()), sum(true.values())
        precisions.append(overlap / n_p if n_p else (1.0 if not n_t else 0.0))
        recalls.append(overlap / n_t if n_t else 1.0)
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r)
    print(f"aeb text dumps: P={p:.3f} R={r:.3f} F1={f1:.3f}", file=sys.stderr)
    assert f1 >= AEB_F1_FLOOR


@pytest.mark.parametrize(
    ("footer", "site"),
    [
        ("© 2025 The Riverton Post. All rights reserved.", "The Riverton Post"),
        ("Copyright © 2019-2024 Example Media Ltd | Terms", "Example Media Ltd"),
        ("© 2024", None),
    ],
)
def test_site_name_from_the_copyright_footer(footer: str, site: str | None) -> None:
    body = "\n\n".join(
        f"Paragraph {i}: the harbour authority said on Monday that the new quay would open in the spring, "
        "after two years of delays caused by storms and a shortage of steel."
        for i in range(4)
    )
    art = clean_dump(f"Home\nNews\n\nNew quay to open in spring\n\n{body}\n\nAbout us | Contact\n{footer}\n")
    assert art.site == site
    if site:
        assert art.field_sources["site"] == "text: copyright line"


# --- Issue 3, second pass: teasers in Title Case, quotes, footers, breadcrumbs, captions, share bars, lists ---

NAV = ["Menu", "Home", "News", "Weather", "Sports", "Travel", "Contests"]
STORY = [
    "Health officials in the county said on Monday that a sixth person had died of the mosquito-borne virus, "
    "and urged residents to keep taking precautions.",
    "The department said the victim was one of two people who caught the virus in October, and that the other "
    "patient was recovering at home.",
    "Cases first appeared at the end of August and have since been reported in six counties, with ten human "
    "cases and dozens of animal cases so far.",
    "Officials said the risk would remain until the region had a sustained period of freezing temperatures, "
    "which forecasters did not expect before December.",
]


def test_a_title_case_teaser_broken_by_a_minor_word_does_not_beat_the_article() -> None:
    teaser = (
        "Your Weather Today In Detroit for 11/15 You can leave your umbrella at home through Sunday, but light "
        "rainfall is in the forecast for later in the week, forecasters said on Friday morning at the station, "
        "and temperatures will stay well below the seasonal average for the whole of next week too."
    )
    dump = "\n".join(
        [*NAV, "Weather Stories", "7 hours ago", teaser, *NAV, "Sixth Death Linked To Virus", "November 19, 2019"]
        + [*STORY, "Comments", "You must log in to post a comment."]
    )
    art = clean_dump(dump)
    assert art.text.split("\n\n") == STORY
    assert art.title == "Sixth Death Linked To Virus"


def test_a_quoted_reply_closing_the_article_is_not_a_commenter_line() -> None:
    closing = '"That\'s correct," the official said.'
    dump = "\n".join(
        [
            *NAV,
            "Sixth Death Linked To Virus",
            "November 19, 2019",
            *STORY,
            closing,
            "First published on November 19, 2019",
            "© 2019 Example Media",
        ]
    )
    art = clean_dump(dump)
    assert art.text.split("\n\n") == [*STORY, closing]


def test_the_body_resumes_after_a_ten_line_box_both_ways() -> None:
    box = ["More on this story", *[f"Earlier headline number {i} about the outbreak" for i in range(1, 10)]]
    dump = "\n".join([*NAV, "Sixth Death Linked To Virus", "November 19, 2019", *STORY[:2], *box, *STORY[2:]])
    art = clean_dump(dump + "\nRelated\nOther news")
    assert art.text.split("\n\n") == STORY


def test_the_publishers_footer_after_a_marker_is_not_body() -> None:
    footer = [
        "Share this story",
        "County Health News is an independent news service. We are funded by our readers and by grants from "
        "foundations, and we do not accept advertising from drug companies.",
        "If you have a complaint about our reporting, please write to the editor at the address above or use the "
        "form on our contact page.",
    ]
    dump = "\n".join([*NAV, "Sixth Death Linked To Virus", "November 19, 2019", *STORY, *footer])
    assert clean_dump(dump).text.split("\n\n") == STORY
    # A story that goes on after the marker is still bridged (no footer words after it).
    story = "\n".join([*NAV, "Sixth Death Linked To Virus", "November 19, 2019", *STORY[:2], "Share this story"])
    assert clean_dump(story + "\n" + "\n".join(STORY[2:])).text.split("\n\n") == STORY


def test_a_breadcrumb_gives_only_its_last_crumb_as_headline() -> None:
    dump = "\n".join([*NAV, "Messages » Reflection » The patience of simple days", "November 19, 2019", *STORY])
    assert clean_dump(dump).title == "The patience of simple days"


def test_a_sentence_over_a_photo_credit_is_a_caption() -> None:
    caption = "Officials handed out masks to schoolchildren amid the outbreak."
    dump = "\n".join(
        [*NAV, "Sixth Death Linked To Virus", "November 19, 2019", *STORY[:2], caption]
        + ["Jane Roe/County Times/Getty Images", *STORY[2:], "Related", "Other news"]
    )
    art = clean_dump(dump)
    assert art.text.split("\n\n") == STORY
    assert caption in art.removed


def test_the_bottom_share_bar_ends_the_article_and_keeps_its_notes() -> None:
    sidebar = [
        "Click the photo of our columnist to read his columns about racing and other sports he writes about.",
        "» Power Ranking",
        "Click the image above to see how the drivers stand this season in the championship and at each race.",
    ]
    notes = ["* Dates may change", "www.example.com.br"]
    dump = "\n".join(
        [*NAV, "Sixth Death Linked To Virus", "November 19, 2019", "Share this on WhatsApp", *STORY, *notes]
        + ["Share this on WhatsApp", *sidebar]
    )
    assert clean_dump(dump).text.split("\n\n") == [*STORY, *notes]


def test_an_article_that_is_a_list_under_its_date_line_is_found() -> None:
    items = [
        f"{n}a etapa: {d} de março – {place}"
        for n, d, place in [
            (1, 10, "Interlagos"),
            (2, 17, "Curitiba"),
            (3, 24, "Velopark"),
            (4, 31, "Londrina"),
            (5, 7, "Cascavel"),
            (6, 14, "Goiânia"),
        ]
    ]
    sidebar = [
        "Tags",
        "Click the image above to see the ranking of the drivers this season in the Brazilian Grand Prix and overall.",
        "Click and see the TV schedule of the Brazilian Grand Prix, the twentieth race of the season, and the track.",
        "A big return of our podcast in its twelfth season, talking about everything that has happened in racing.",
    ]
    dump = "\n".join([*NAV, "Stock Car Calendar 2018", "22 de janeiro de 2018 às 0:13", *items, *sidebar])
    art = clean_dump(dump)
    assert art.text.split("\n\n") == items


def test_caption_end_on_the_line_tail_agrees_with_a_full_search() -> None:
    from newsdesk.extract.textclean import CAPTION_END, _is_caption_end

    lines = [
        "A long paragraph " * 20 + "ends with a credit. Photo: Jane Roe",
        "3 of 12 " + "a gallery caption that goes on and on " * 5,
        "Sanjeev Verma/Hindustan Times/Getty Images",
        "The council said the work would finish in May, after two years of delays " * 3,
        "(Image: © TNG Collaboration)",
        "Prime Minister (AP)",
    ]
    for line in lines:
        assert _is_caption_end(line) == bool(CAPTION_END.search(line)), line
