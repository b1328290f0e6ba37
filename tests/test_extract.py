"""extract_html on hand-written pages in different styles, plus hostile and broken input."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from newsdesk.extract import html as extract_mod
from newsdesk.extract.html import clean_authors, extract_html, strip_site_name
from newsdesk.extract.htmlmeta import Candidate
from newsdesk.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def page(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction must never touch the network: any connection attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_json_ld_news_page() -> None:
    art = extract_html(
        page("jsonld_news"), url="https://example-news.test/2024/01/18/harbor-bridge-reopens?utm=x", source="a"
    )
    assert art.format == "html" and art.source == "a"
    assert art.title == "Harbor Bridge Reopens After Two-Year Repair"
    assert art.authors == ["Ana Lopez", "Tom Reed"]  # the @id reference is resolved; the second block ignored
    assert art.published == "2024-01-19T08:30:00+01:00"
    assert art.published_source == "json-ld"
    assert "published: json-ld 2024-01-19 vs url 2024-01-18" in art.warnings
    assert art.url == "https://example-news.test/2024/01/18/harbor-bridge-reopens"  # canonical, resolved
    assert art.site == "Example News"
    assert art.section == "City"
    assert art.tags == ["transport", "bridges", "city council"]
    assert art.language == "en"
    assert art.top_image == "https://cdn.example-news.test/img/bridge.jpg"
    assert art.text.startswith("The Harbor Bridge carried its first cars")
    assert art.text.count("\n\n") == 3  # four paragraphs, one blank line between them
    assert "Related stories" not in art.text and "Related stories" in art.removed
    assert "Copyright 2024" in art.removed
    for name in ("title", "authors", "published", "url", "site", "section", "tags", "language", "text"):
        assert name in art.field_sources, name


def test_og_only_blog() -> None:
    art = extract_html(page("og_blog"))
    assert art.title == "Sourdough at altitude"
    assert art.site == "Crumb Notes"
    assert art.authors == ["Priya Natarajan"]
    assert art.published == "2023-03-05T17:45:00+00:00"
    assert art.published_source == "meta:article:published_time"  # published beats modified
    assert art.url == "https://crumbnotes.test/posts/sourdough-at-altitude"
    assert art.tags == ["sourdough", "baking"]
    assert art.section == "Baking"
    assert art.language == "en"  # "en-GB" folded to the two-letter code
    assert art.description == "What changed when I moved my starter to a mountain village."
    assert "starter seems happy again" in art.text
    assert "Get new posts by email" not in art.text


def test_byline_with_job_title() -> None:
    art = extract_html(page("byline"), url="https://valleycourier.test/news/school-board")
    assert art.authors == ["Jane Doe"]
    assert art.field_sources["authors"] == "byline"
    assert art.published is not None and art.published.startswith("2022-09-14")
    assert art.title == "School board delays vote on new start times"
    assert art.url == "https://valleycourier.test/news/school-board"
    assert "sixty parents" in art.text


def test_title_suffix_and_logo_h1_removed() -> None:
    art = extract_html(page("title_suffix"), url="https://www.dailyexample.test/news/library")
    assert art.title == "Council approves budget for new library"
    assert art.published == "2021-03-03"
    assert art.tags == ["library", "budget", "council"]
    assert art.site is None  # the pipeline derives it from the host


def test_non_english_page() -> None:
    art = extract_html(page("german"))
    assert art.language == "de"
    assert art.title == "Neue Radwege für die Altstadt"
    assert art.published == "2024-01-19"
    assert "zwanzig Kilometer neue Radwege" in art.text
    assert not art.text.startswith("Neue Radwege für die Altstadt")  # the headline is not body text


def test_broken_json_ld_and_dublin_core() -> None:
    art = extract_html(page("broken_meta"))
    assert art.title == "Le marché couvert rouvre ses portes"
    assert art.language == "fr"
    assert art.published is not None and art.published.startswith("2020-06-02")
    assert art.authors == ["Marie Dupont"] or art.authors == ["Marie Dupont", "Luc Martin"]
    assert "plexiglas" in art.text


def test_script_and_event_handlers_never_reach_the_text() -> None:
    art = extract_html(page("hostile"))
    assert "thirty thousand homes" in art.text
    for bad in ("alert", "<script", "onerror", "<img", "<iframe", "tracking", "color: red"):
        assert bad not in art.text
        assert bad not in art.removed
    assert not re.search(r"<[a-z/]", art.text)
    assert art.top_image is None  # no page URL: nothing resolved against a made-up host


def test_page_without_an_article() -> None:
    art = extract_html(page("no_article"))
    assert isinstance(art, Article)
    assert art.text == ""
    assert art.published is None and art.authors == []
    assert "Password" in art.removed


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01garbage", "<html", "<<<>>>&&&" * 500, None, b"<p>bytes</p>"])
def test_bad_input_never_raises(bad: object) -> None:
    art = extract_html(bad, source="x")  # type: ignore[arg-type]
    assert isinstance(art, Article) and art.format == "html"
    assert not re.search(r"<[a-z/!]", art.text, re.I)  # a literal "<" is text; a tag never is


def test_deeply_nested_markup() -> None:
    html = "<html><body>" + "<div>" * 5000 + "<p>" + "word " * 200 + "</p>" + "</div>" * 5000 + "</body></html>"
    art = extract_html(html)
    assert isinstance(art, Article)
    assert "<div" not in art.text


def test_large_page_is_stripped_and_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_mod, "LARGE_PAGE_CHARS", 50_000)
    monkeypatch.setattr(extract_mod, "MAX_BODY_CHARS", 60_000)
    para = "<p>" + "The committee met again on Monday to discuss the plans for the harbour. " * 4 + "</p>"
    script = "<script>" + "var a = 1;" * 500 + "</script>"
    html = "<html><head><title>Big</title></head><body><article>" + (para + script) * 400 + "</article></body></html>"
    art = extract_html(html)
    assert "committee met again" in art.text
    assert "var a" not in art.text
    assert any("cut to" in w for w in art.warnings)


def test_newspaper_is_the_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_mod, "trafilatura_body", lambda *a, **k: "")
    art = extract_html(page("og_blog"))
    assert art.field_sources["text"] == "newspaper"
    assert "starter seems happy again" in art.text


def test_trafilatura_is_the_body_extractor_and_newspaper_is_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import newspaper

    def boom(self: object) -> None:
        raise AssertionError("newspaper ran although trafilatura found the body")

    monkeypatch.setattr(newspaper.Article, "parse", boom)
    art = extract_html(page("jsonld_news"))
    assert art.field_sources["text"] == "trafilatura"
    assert not any(w.startswith("newspaper") for w in art.warnings)


def test_every_extractor_failing_keeps_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    import newspaper
    import trafilatura

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(newspaper.Article, "parse", boom)
    monkeypatch.setattr(trafilatura, "extract", boom)
    art = extract_html(page("og_blog"))
    assert art.title == "Sourdough at altitude"
    assert art.published == "2023-03-05T17:45:00+00:00"
    assert any(w.startswith("newspaper: failed (RuntimeError") for w in art.warnings)
    assert sum(w.startswith("trafilatura: failed (RuntimeError") for w in art.warnings) == 1


def test_crawl_date_bounds_the_publication_date() -> None:
    html = page("og_blog").replace("2023-03-05T17:45:00Z", "2030-01-01T00:00:00Z")
    art = extract_html(html, crawl_date="2023-05-01")
    assert art.published is None or art.published <= "2023-05-01"


def test_strip_site_name() -> None:
    keys = {"dailyexample", "thedailyexample"}
    assert strip_site_name("Budget approved - The Daily Example", keys, []) == "Budget approved"
    assert strip_site_name("The Daily Example | Budget approved today", keys, []) == "Budget approved today"
    assert strip_site_name("Votes counted in three towns | Local", set(), []) == "Votes counted in three towns"
    assert strip_site_name("Trump - Biden debate", set(), []) == "Trump - Biden debate"
    assert strip_site_name("Rain: what to expect", set(), []) == "Rain: what to expect"
    assert strip_site_name("这个约会软件想帮你找对象_智能_好奇心日报", set(), []) == "这个约会软件想帮你找对象"
    assert strip_site_name("snake_case_names explained", set(), []) == "snake_case_names explained"


def test_clean_authors() -> None:
    def names(*values: str, site: str | None = None) -> list[str]:
        return clean_authors([Candidate(v, "byline") for v in values], site)

    assert names("By Jane Doe, Staff Writer") == ["Jane Doe"]
    assert names("BY JOHN SMITH and MARY MAJOR") == ["John Smith", "Mary Major"]
    assert names("Jane Doe Email the author") == ["Jane Doe"]
    assert names("Sam Stein Senior Politics Editor") == ["Sam Stein"]
    assert names("By Jane Doe Dec. 5, 2016") == ["Jane Doe"]
    assert names("Example News", site="Example News") == []
    assert names("https://facebook.com/someone", "@handle") == []
    assert names("ByTravis Haney") == ["Travis Haney"]
    assert names("Meg Wagner NEW YORK DAILY NEWS") == ["Meg Wagner"]
    assert names("Jean DUPONT") == ["Jean DUPONT"]
    assert names("Pete Evans · CBC News", site="CBC") == ["Pete Evans"]
    assert names("By Oli Coleman View author archive Get author RSS feed") == ["Oli Coleman"]


def test_byline_in_a_side_column_address() -> None:
    art = extract_html(page("side_byline"), url="https://morningledger.test/news/rail-strike")
    assert art.authors == ["Ruth Okafor", "Dan Mills"]  # <address> in an <aside>; not "Our Staff", not a teaser
    assert art.title == "Rail strike called off after late-night talks"
    assert art.published == "2022-11-08T06:10:00+00:00"
    assert "independent mediation" in art.text and "More news" not in art.text


def test_author_archive_link_without_byline_class() -> None:
    art = extract_html(page("link_byline"))
    assert art.authors == ["Lena Grey"]  # the sidebar's "Tom Barnes" link is another story's
    assert art.field_sources["authors"] == "author link"


def test_short_fast_body_is_retried_in_thorough_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []

    def fake(doc: object, url: object, warnings: object, *, fast: bool = True) -> str:
        calls.append(fast)
        return "short" if fast else "A much longer body.\n" + "Found by the thorough mode. " * 10

    monkeypatch.setattr(extract_mod, "trafilatura_body", fake)
    art = extract_html(page("og_blog"))
    assert calls == [True, False]
    assert art.text == "A much longer body.\n\n" + ("Found by the thorough mode. " * 10).strip()
    assert art.field_sources["text"] == "trafilatura"


def test_htmldate_dates_an_undated_page(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html><body><h1>Notes on a quiet harbour</h1><p>" + "The boats stayed in. " * 30 + "</p></body></html>"
    monkeypatch.setattr(extract_mod, "htmldate_date", lambda *a: "2021-06-14")
    art = extract_html(html)
    assert (art.published, art.published_source) == ("2021-06-14", "htmldate")


def test_htmldate_is_bounded_by_the_crawl_date() -> None:
    html = (
        "<html><body><h1>Notes on a quiet harbour</h1><div class='entry'><p>Posted 14 June 2031</p><p>"
        + "The boats stayed in. " * 30
        + "</p></div></body></html>"
    )
    art = extract_html(html, crawl_date="2024-03-01")
    assert art.published is None or art.published[:10] <= "2024-03-01"


def test_markup_shown_as_text_on_the_page_is_kept_as_text() -> None:
    para = (
        "The clerk read out the comment, which said &lt;script&gt;alert(1)&lt;/script&gt; and nothing else, and the "
        "council laughed before moving on to the budget for the harbour lights and the new ferry timetable."
    )
    other = "The harbour lights will be replaced before winter, the harbour master said after the meeting ended."
    html = f"<html><body><article><h1>Council notes</h1><p>{para}</p><p>{other}</p></article></body></html>"
    art = extract_html(html)
    assert "<script>alert(1)</script>" in art.text  # what a reader of the page saw; the dashboard escapes it


def test_name_shown_twice_then_a_bio_is_one_name() -> None:
    cands = [Candidate("Ana Lopez Ana Lopez Building kinder newsrooms in the age of apps", "byline")]
    assert clean_authors(cands, None) == ["Ana Lopez"]


def test_author_handles_wait_behind_spelled_out_names() -> None:
    html = """<html><head><title>Bridge reopens after repairs</title>
    <meta name="sailthru.author" content="analopez"><meta name="twitter:creator" content="MorningShow"></head>
    <body><h1>Bridge reopens after repairs</h1><div class="byline">By Ana Lopez | alopez@example.test</div>
    <p>Text.</p></body></html>"""
    art = extract_html(html, url="https://example.test/news/bridge")
    assert art.authors == ["Ana Lopez"] and art.field_sources["authors"] == "byline"
    only_handle = html.replace('<div class="byline">By Ana Lopez | alopez@example.test</div>', "")
    assert extract_html(only_handle, url="https://example.test/news/bridge").authors == ["analopez", "MorningShow"]


def test_a_name_inside_a_figure_credits_the_photo_not_the_article() -> None:
    html = """<html><head><title>Cup final</title><meta name="author" content="Sam Reed"></head><body>
    <h1>Cup final goes to extra time</h1><figure><img src="x.jpg"><figcaption><span itemprop="author">Kim Lens
    </span></figcaption></figure><div class="byline">By <a href="/author/sam-reed">Sam Reed</a></div>
    <p>The final went to extra time after a late equaliser, and the home side held on through thirty more minutes
    of rain before the penalty shoot-out, which the visitors won with their fifth kick of the evening.</p>
    </body></html>"""
    art = extract_html(html, url="https://example.test/sport/cup-final")
    assert art.authors == ["Sam Reed"]
    alone = html.replace('<meta name="author" content="Sam Reed">', "").replace(
        '<div class="byline">By <a href="/author/sam-reed">Sam Reed</a></div>', ""
    )
    assert extract_html(alone, url="https://example.test/sport/cup-final").authors == []


def test_stated_title_that_completes_the_h1_wins() -> None:
    html = """<html><head><title>Night Owls: Night Owls Album Review | Soundpage</title>
    <meta property="og:title" content="Night Owls: Night Owls"><meta property="og:site_name" content="Soundpage">
    </head><body><h1>Night Owls</h1><p>Text.</p></body></html>"""
    assert extract_html(html, url="https://soundpage.test/reviews/night-owls").title == "Night Owls: Night Owls"
    annotated = html.replace('content="Night Owls: Night Owls"', 'content="Night Owls (Published 2016)"')
    assert extract_html(annotated, url="https://soundpage.test/reviews/night-owls").title == "Night Owls"


def test_entities_left_in_a_stated_title_are_decoded() -> None:
    html = """<html><head><meta property="og:title" content="Record of the week: &#8216;Blue Dot&#8217;">
    </head><body><h2>x</h2><p>Text.</p></body></html>"""
    assert extract_html(html, url="https://example.test/a").title == "Record of the week: \u2018Blue Dot\u2019"


# ------------------------------------------------------------------------------ authors, titles on unseen shapes
def test_people_not_desks_wires_photo_credits_or_accounts() -> None:
    art = extract_html(page("wire_byline"), url="https://harbourgazette.test/news/2023/11/14/ferry-winter")
    # JSON-LD names an Organization ("Reuters"), the byline adds the wire and the desk, a figure credits the
    # photographer, twitter:creator is the site's account, sailthru holds a login: only the two writers remain
    assert art.authors == ["Mira Okonjo", "Pavel Strand"]
    assert art.field_sources["authors"] == "byline"
    assert art.title == "Ferry operator cuts winter sailings to the islands"
    assert art.published == "2023-11-14T06:30:00+00:00"  # datePublished, not dateModified nor "Updated"


def test_a_page_crediting_only_a_desk() -> None:
    art = extract_html(page("desk_only"), url="https://anzeiger-nordstadt.test/lokales/radwege")
    # "Redaktion" and "dpa" alone name nobody; a desk with a name stands in when no person is named, and says so
    assert art.authors == ["Anzeiger Nordstadt Redaktion"]
    assert art.field_sources["authors"] == "byline (desk)"
    assert art.title == "Neue Radwege am Stadtpark – und was aus den Parkplätzen wird"  # an <h1> keeps its tail
    assert art.published == "2024-03-12"


@pytest.mark.parametrize(
    ("byline", "want"),
    [
        ("By Ana Lopez and Tom Reed", ["Ana Lopez", "Tom Reed"]),
        ("By Ana Lopez, Tom Reed and Eli Park", ["Ana Lopez", "Tom Reed", "Eli Park"]),
        ("Von Lena Voss und Jonas Brandt", ["Lena Voss", "Jonas Brandt"]),
        ("Ana Lopez with Tom Reed", ["Ana Lopez", "Tom Reed"]),
        ("By Ana Lopez, Reuters", ["Ana Lopez"]),
        ("By ANA LOPEZ AP Business Writer", ["Ana Lopez"]),
        ("Eli Park for The Example Post", ["Eli Park"]),
        ("Reuters", []),
        ("Staff", []),
        ("Redaktion", []),
        ("The Associated Press", []),
        ("Newsroom", []),
        ("@analopez", []),
        ("Photo: Ana Lopez", []),
        ("Text & Fotos: Lena Voss", ["Lena Voss"]),
        ("Published by Ana Lopez", ["Ana Lopez"]),
        ("Veröffentlicht von Lena Voss am 23. Februar 2020", ["Lena Voss"]),
        ("Von Lena Voss 19.10.19, 08:16 Uhr", ["Lena Voss"]),
        ("Ana Lopez Monday, May 3, 2021", ["Ana Lopez"]),
        ("Ana Lopez | Updated May 3, 2021", ["Ana Lopez"]),
        ("Lena Voss Chefredakteurin", ["Lena Voss"]),
        ("Bundesministerium für Verkehr und Bau", []),
        ("Harbour Gazette Staff", []),
        ("文● ヤマダ／編集部", ["ヤマダ"]),
    ],
)
def test_byline_shapes(byline: str, want: list[str]) -> None:
    assert clean_authors([Candidate(byline, "byline")], None) == want


def test_the_sites_own_name_is_not_an_author() -> None:
    names = clean_authors(
        [Candidate("Harbour Gazette", "json-ld"), Candidate("Mira Okonjo Harbour Gazette Staff", "byline")],
        "Harbour Gazette",
        "https://www.harbourgazette.test/a",
    )
    assert names == ["Mira Okonjo"]
    # ... found by the registered name under a subdomain too, but a personal site's owner stays a person
    assert clean_authors([Candidate("GAZETTE", "meta:author")], None, "https://news.gazette.test/a") == []
    assert clean_authors([Candidate("Ana Lopez", "meta:author")], "Ana Lopez's Blog", "https://alopez.test/a") == [
        "Ana Lopez"
    ]


def test_rel_author_links_name_every_author_of_the_first_byline_block() -> None:
    html = (
        """<html><head><title>Bridge reopens</title></head><body><h1>Bridge reopens after two years</h1>
    <p class="credits"><a rel="author" href="/people/ana-lopez">Ana Lopez</a> and
    <a rel="author" href="/people/tom-reed">Tom Reed</a></p><p>"""
        + "The bridge carried its first cars. " * 20
        + """</p>
    <aside class="related"><a rel="author" href="/people/eli-park">Eli Park</a></aside></body></html>"""
    )
    art = extract_html(html, url="https://example.test/news/bridge")
    assert art.authors == ["Ana Lopez", "Tom Reed"]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("<title>Rail strike called off | Morning Ledger</title>", "Rail strike called off"),
        (
            "<title>Bahnstreik abgesagt - Morgenblatt</title><meta property='og:site_name' content='Morgenblatt'>",
            "Bahnstreik abgesagt",
        ),
        (
            "<title>Morgenblatt: Bahnstreik abgesagt</title><meta property='og:site_name' content='Morgenblatt'>",
            "Bahnstreik abgesagt",
        ),
        ("<title>鉄道ストが中止に｜朝刊ニュース</title>", "鉄道ストが中止に"),
        ("<title>铁路罢工取消了吗_交通_晨报网</title>", "铁路罢工取消了吗"),
        ("<title>Rail strike called off – for now | Morning Ledger</title>", "Rail strike called off – for now"),
    ],
)
def test_title_tag_site_suffixes_in_any_language(title: str, want: str) -> None:
    html = f"<html><head>{title}</head><body><p>{'Talks went on all night. ' * 20}</p></body></html>"
    assert extract_html(html, url="https://ledger.test/a").title == want


def test_an_h1_keeps_a_dashed_tail_that_a_title_tag_would_lose() -> None:
    html = (
        """<html><head><title>Students fined for bad grades - Until Now | Civic Post</title></head><body>
    <h1>Students fined for bad grades - Until Now</h1><p>"""
        + "The county dropped the rule. " * 20
        + """</p>
    </body></html>"""
    )
    assert extract_html(html, url="https://civicpost.test/a").title == "Students fined for bad grades - Until Now"


def test_date_only_in_the_url_or_only_in_the_text() -> None:
    body = "<p>" + "The council met on the harbour front. " * 20 + "</p>"
    html = f"<html><head><title>Harbour lights</title></head><body><h1>Harbour lights</h1>{body}</body></html>"
    art = extract_html(html, url="https://example.test/news/2022/09/14/harbour-lights")
    assert (art.published, art.published_source) == ("2022-09-14", "url")
    dated = html.replace("<h1>Harbour lights</h1>", "<h1>Harbour lights</h1><p>Posted on 14 September 2022</p>")
    art = extract_html(dated, url="https://example.test/news/harbour-lights")
    assert (art.published, art.published_source) == ("2022-09-14", "text")


def test_page_furniture_left_in_the_body_is_removed() -> None:
    story = "The harbour master said the new lights would be switched on before the first winter storm. " * 3
    html = f"""<html><head><title>Harbour lights</title></head><body><article><h1>Harbour lights</h1>
    <p>Monday, 14 March 2022</p><p>{story}</p><p>Read more: Ferry timetable changes again</p>
    <p><a href="/news/ferry-timetable-changes-again-this-winter">Ferry timetable changes again this winter</a></p>
    <p>{story.replace("harbour master", "mayor")}</p><p>- Sign up for the harbour newsletter, it is free</p>
    <p>Share this story</p></article></body></html>"""
    text = extract_html(html, url="https://example.test/news/harbour-lights").text
    assert "harbour master" in text and "mayor" in text
    assert "Read more" not in text and "Share this" not in text and "14 March" not in text
    assert "Ferry timetable changes again this winter" not in text  # another story's linked headline
    assert "Sign up for the harbour newsletter" in text  # a list item is content
