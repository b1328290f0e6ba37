"""Markup metadata: JSON-LD, meta tags, <time>, bylines, and the ranking of date candidates."""

from __future__ import annotations

import pytest

from newsdesk.extract.htmlmeta import (
    Candidate,
    PageMeta,
    choose_date,
    date_from_url,
    date_in_text,
    normalize_date,
    page_meta,
    parse_document,
)


def meta_of(html: str, url: str | None = None) -> PageMeta:
    return page_meta(parse_document(html), url)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("2024-01-19", "2024-01-19"),
        ("2024-01-19T08:30:00Z", "2024-01-19T08:30:00+00:00"),
        ("2024-01-19T08:30:00.000+0100", "2024-01-19T08:30:00+01:00"),
        ("2018-10-29T10:15-500", "2018-10-29T10:15:00-05:00"),
        ("20240119", "2024-01-19"),
        ("1705653000", "2024-01-19T08:30:00+00:00"),
        ("January 19, 2024", "2024-01-19"),
        ("19. Januar 2024", "2024-01-19"),
        ("19 de enero de 2024", "2024-01-19"),
        ("2024年1月19日", "2024-01-19"),
        ("19.01.2024", "2024-01-19"),
        ("2024-01", None),  # no day
        ("1970-01-01", None),  # a CMS default, not a publication date
        ("2999-01-01", None),  # the future
        ("not a date", None),
        ("", None),
    ],
)
def test_normalize_date(raw: str, want: str | None) -> None:
    assert normalize_date(raw) == want


def test_date_from_url() -> None:
    assert date_from_url("https://x.test/2024/01/19/story") == "2024-01-19"
    assert date_from_url("https://x.test/news/2024-1-9-story") == "2024-01-09"
    assert date_from_url("https://x.test/a/20240119_story.html") == "2024-01-19"
    assert date_from_url("https://x.test/2024/01/story") is None  # month only
    assert date_from_url("https://2024.x.test/story-123456") is None
    assert date_from_url(None) is None


def test_date_in_text_takes_the_first_date() -> None:
    assert date_in_text("Posted on March 3, 2021 by admin; updated 2022-01-01") == "2021-03-03"
    assert date_in_text("no date here 12345") is None


def test_json_ld_graph_references_and_broken_json() -> None:
    html = """<html><head>
    <script type="application/ld+json">{"@graph": [
      {"@type": "Person", "@id": "#p1", "name": "Ana Lopez"},
      {"@type": ["NewsArticle"], "headline": "Main story", "author": {"@id": "#p1"},
       "datePublished": "2024-01-19", "publisher": {"name": "Example News"}, "articleSection": ["City"],
       "keywords": "a, b", "articleBody": "Body from JSON-LD."}]}</script>
    <script type="application/ld+json">{"@type": "BlogPosting", "headline": "Broken", ,}</script>
    </head><body></body></html>"""
    m = meta_of(html)
    assert [c.value for c in m.titles if c.source == "json-ld"] == ["Main story"]
    assert [c.value for c in m.authors] == ["Ana Lopez"]
    assert m.published[0] == Candidate("2024-01-19", "json-ld")
    assert [c.value for c in m.sites if c.source == "json-ld"] == ["Example News"]
    assert [c.value for c in m.tags] == ["a", "b"]
    assert m.body == "Body from JSON-LD."
    assert m.warnings == ["json-ld: unparseable block ignored"]


def test_meta_tags_content_or_value_attribute() -> None:
    html = """<html lang="pt-BR"><head>
    <meta property="og:title" content="OG title"><meta name="twitter:title" value="Twitter title">
    <meta name="DC.date.issued" content="2020-06-02"><meta name="author" value="Ana Souza">
    <meta property="article:tag" content="x"><meta name="keywords" content="y; z">
    </head><body></body></html>"""
    m = meta_of(html)
    assert [c.value for c in m.titles] == ["OG title", "Twitter title"]
    assert m.published == [Candidate("2020-06-02", "meta:dc.date.issued")]
    assert m.authors == [Candidate("Ana Souza", "meta:author")]
    assert [c.value for c in m.tags] == ["x", "y", "z"]
    assert m.languages[0] == Candidate("pt-BR", "html lang")


def test_time_tags_outside_comments_only() -> None:
    html = """<html><body><article><h1>Story</h1>
    <p class="byline">By Ana Lopez</p>
    <time datetime="2021-05-04T10:00:00Z">May 4</time>
    <span class="updated">Updated June 1, 2021</span></article>
    <div class="comments"><time datetime="2023-01-01">comment</time></div>
    <aside><span class="date">February 2, 2022</span></aside></body></html>"""
    m = meta_of(html)
    assert [c.value[:10] for c in m.published] == ["2021-05-04"]
    assert [c.value for c in m.modified] == ["2021-06-01"]
    assert [c.value for c in m.authors] == ["By Ana Lopez"]


def test_byline_cluster_ignores_other_stories() -> None:
    html = """<html><body>
    <div class="story-header"><span class="author"><a rel="author">Ana Lopez</a></span></div>
    <p>Text.</p>
    <div class="more"><div class="teaser"><span class="author"><a rel="author">Other Person</a></span></div></div>
    </body></html>"""
    m = meta_of(html)
    assert {c.value for c in m.authors} == {"Ana Lopez"}


def test_choose_date_ranking_and_warnings() -> None:
    m = PageMeta(
        published=[Candidate("2024-01-18", "url"), Candidate("2024-01-19T08:00:00", "json-ld")],
        modified=[Candidate("2024-02-01", "json-ld")],
    )
    best, warnings = choose_date(m)
    assert best == Candidate("2024-01-19T08:00:00", "json-ld")
    assert warnings == ["published: json-ld 2024-01-19 vs url 2024-01-18"]
    only_modified = PageMeta(modified=[Candidate("2024-02-01", "meta:article:modified_time")])
    best, _ = choose_date(only_modified)
    assert best is not None and best.value == "2024-02-01"
    url_and_modified = PageMeta(published=[Candidate("2024-01-18", "url")], modified=only_modified.modified)
    best, _ = choose_date(url_and_modified)
    assert best is not None and best.source == "url"  # measured: a URL day beats a modified date


def test_choose_date_respects_crawl_date() -> None:
    m = PageMeta(published=[Candidate("2024-03-01", "json-ld"), Candidate("2024-01-18", "url")])
    best, _ = choose_date(m, crawl_date="2024-02-01")
    assert best == Candidate("2024-01-18", "url")
    best, _ = choose_date(m, crawl_date="2023-01-01")
    assert best is None


def test_unparseable_document() -> None:
    assert parse_document("") is None
    assert page_meta(None) == PageMeta()


@pytest.mark.parametrize(
    ("others", "want"),
    [
        # the same instant with its own offset: restated in that zone
        ([Candidate("2023-11-08T21:11:03-05:00", "itemprop:datepublished")], "2023-11-08T21:11:03-05:00"),
        # a naive local time: the difference is the offset
        ([Candidate("2023-11-08T21:11:03", "meta:sailthru.date")], "2023-11-08T21:11:03-05:00"),
        # a shown day the instant can reach: that day
        ([Candidate("2023-11-08", "date element"), Candidate("2023-11-08", "time tag")], "2023-11-08"),
        # shown days that disagree, or no local statement: the UTC timestamp stays
        ([Candidate("2023-11-08", "date element"), Candidate("2023-11-09", "url")], "2023-11-09T02:11:03+00:00"),
        ([Candidate("2023-11-09T02:11:03+00:00", "meta:article:published_time")], "2023-11-09T02:11:03+00:00"),
    ],
)
def test_a_utc_timestamp_takes_the_local_day_the_page_states(others: list[Candidate], want: str) -> None:
    m = PageMeta(published=[Candidate("2023-11-09T02:11:03+00:00", "json-ld"), *others])
    best, _ = choose_date(m)
    assert best is not None and best.value == want and best.source == "json-ld"


def test_a_utc_timestamp_keeps_its_day_when_no_real_offset_reaches_the_other() -> None:
    m = PageMeta(published=[Candidate("2023-11-09T13:00:00+00:00", "json-ld"), Candidate("2023-11-08", "url")])
    best, _ = choose_date(m)  # 13:00 UTC is 2023-11-09 from UTC-12 to UTC+10
    assert best is not None and best.value == "2023-11-09T13:00:00+00:00"


def test_a_date_labelled_as_an_update_is_a_modified_date() -> None:
    html = """<html><body><h1>Harbour lights replaced</h1>
    <p class="meta">Aktualisiert am <time datetime="2021-05-09T10:00:00+02:00">9. Mai</time></p>
    <p class="meta"><span class="stamp">Published 3 May 2021</span></p><p>Text.</p></body></html>"""
    m = meta_of(html)
    assert [c.value[:10] for c in m.modified] == ["2021-05-09"]
    assert [c.value[:10] for c in m.published] == ["2021-05-03"]
    best, _ = choose_date(m)
    assert best is not None and best.value[:10] == "2021-05-03"


def test_date_modified_never_wins_over_date_published() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable",
    "dateModified": "2022-03-01T09:00:00Z", "datePublished": "2021-11-02T08:00:00Z"}</script>
    <meta property="article:modified_time" content="2022-03-01T09:00:00Z"></head>
    <body><h1>Ferry timetable</h1><span class="updated">Updated March 1, 2022</span><p>Text.</p></body></html>"""
    best, _ = choose_date(meta_of(html))
    assert best is not None and best.value.startswith("2021-11-02")
    only_modified = html.replace('"datePublished": "2021-11-02T08:00:00Z"', '"name": "x"')
    shown = only_modified.replace("<p>Text.</p>", "<p>Posted on 2 November 2021</p>")
    best, _ = choose_date(meta_of(shown))
    assert best is not None and best.value == "2021-11-02"  # an earlier day the page shows beats the update


@pytest.mark.parametrize(("lang", "day"), [("pt-BR", "2018-10-05"), ("en-GB", "2018-10-05"), ("en-US", "2018-05-10")])
def test_numeric_dates_are_read_in_the_pages_locale(lang: str, day: str) -> None:
    html = f"""<html lang="{lang}"><body><h1>Vacina contra a gripe</h1><p class="post-date">05/10/2018</p>
    <p>Text.</p></body></html>"""
    assert meta_of(html).published == [Candidate(day, "date element")]


def test_a_short_date_line_beats_a_date_inside_a_sentence() -> None:
    html = """<html><body><h1>Hackathon at the summer camp</h1>
    <p>Some of our members will travel there on 23.-26.8.2017 and take part in the workshops on the lake shore.</p>
    <p>Saved by rasos on 24 July 2017 - 18:55</p></body></html>"""
    m = meta_of(html)
    assert m.published == [Candidate("2017-07-24", "text")]


def test_text_dates_are_read_from_the_headline_not_from_a_logo_h1_above_the_navigation() -> None:
    menu = "".join(f"<li><a href='/s{i}'>Service page number {i} of the federal office</a></li>" for i in range(120))
    html = f"""<html><head><title>Agency online - Press - New rules for the tobacco tax</title></head><body>
    <h1>Agency</h1><ul>{menu}</ul><h1>Press</h1><p>Our press releases</p>
    <h1>New rules for the tobacco tax</h1><p>Date: 18.10.2021</p>
    <p>The law of 17 August 2021 changes the tax on tobacco from next year on.</p></body></html>"""
    assert len(" ".join(meta_of(html).visible)) > 5000  # the date line is far below the logo <h1>
    assert meta_of(html).published == [Candidate("2021-10-18", "text")]


def test_generic_and_modified_dates_yield_to_an_earlier_shown_date() -> None:
    generic = Candidate("2020-02-12", "meta:date")
    best, _ = choose_date(PageMeta(published=[generic, Candidate("2020-02-05", "date element")]))
    assert best is not None and best.value == "2020-02-05"
    best, _ = choose_date(PageMeta(published=[generic, Candidate("2020-03-01", "date element")]))
    assert best == generic  # a later shown date is an update, not the publication
    modified = PageMeta(published=[Candidate("2020-03-31", "text")], modified=[Candidate("2020-06-02", "json-ld")])
    best, _ = choose_date(modified)
    assert best == Candidate("2020-03-31", "text")


def test_the_first_date_element_on_the_page_wins() -> None:
    html = """<html><body><h1>Headline here</h1><span class="post-date">29 June 2019</span><p>Text.</p>
    <ul><li><time datetime="2019-07-03T10:18:46Z">3 July</time></li></ul></body></html>"""
    best, _ = choose_date(meta_of(html))
    assert best is not None and best.value == "2019-06-29"


def test_a_local_day_without_its_offset_says_where_it_came_from() -> None:
    m = PageMeta(published=[Candidate("2019-11-20T04:26:47+00:00", "json-ld"), Candidate("2019-11-19", "text")])
    best, warnings = choose_date(m)
    assert best == Candidate("2019-11-19", "json-ld")
    assert warnings[0] == "published: json-ld 2019-11-20T04:26:47+00:00 is 2019-11-19 in the page's time zone"


@pytest.mark.parametrize(
    ("author", "want"),
    [
        ('{"@type": "Person", "name": "Ana Lopez"}', ["Ana Lopez"]),
        (
            '[{"@type": "Person", "name": "Ana Lopez"}, {"@type": "Person", "name": "Tom Reed"}]',
            ["Ana Lopez", "Tom Reed"],
        ),
        ('{"@type": "Organization", "name": "Example Wire"}', []),
        (
            '[{"@type": "Person", "name": "Ana Lopez"}, {"@type": "NewsMediaOrganization", "name": "Example News"}]',
            ["Ana Lopez"],
        ),
        ('"Ana Lopez and Tom Reed"', ["Ana Lopez and Tom Reed"]),
        ('{"@type": "Person", "givenName": "Ana", "familyName": "Lopez"}', ["Ana Lopez"]),
        ('{"@id": "#ana"}', ["Ana Lopez"]),
        ('{"@type": ["Person", "Organization"], "name": "Ana Lopez"}', ["Ana Lopez"]),  # a site owner, as Yoast
        ('"{ \\"@type\\":\\"Person\\", \\"name\\":\\"Ana Lopez\\" }"', ["Ana Lopez"]),  # JSON left in a string
    ],
)
def test_json_ld_author_shapes(author: str, want: list[str]) -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@graph": [
      {{"@type": "Person", "@id": "#ana", "name": "Ana Lopez"}},
      {{"@type": "NewsArticle", "headline": "Bridge reopens", "author": {author}}}]}}</script></head>
    <body></body></html>"""
    assert [c.value for c in meta_of(html).authors if c.source == "json-ld"] == want


def test_visible_text_by_xslt_matches_the_tree_walk() -> None:
    from newsdesk.extract.htmlmeta import _visible_chunks, visible_blocks

    html = """<html><head><title>t</title><style>p {}</style></head><body>Lead <b>bold</b> tail
    <div>One<script>var x;</script> after script<p>Two <span hidden>gone</span>kept</p>three</div>
    <template><p>never</p></template><ul><li>a</li><li>b<br>c</li></ul><svg><text>no</text></svg>end</body>
    trailing</html>"""
    doc = parse_document(html)
    lines = (" ".join(line.split()) for line in "".join(_visible_chunks(doc)).split("\n"))
    assert visible_blocks(doc) == [line for line in lines if line]
    assert visible_blocks(doc)[:2] == ["Lead bold tail", "One after script"]
