"""Plain-text page dumps ("save as text", copy-all): keep the article body, read title, date, byline.

Stages, all on lines ("blocks"): (1) normalise and un-wrap hard-wrapped paragraphs; (2) classify every block
(prose, short, boilerplate, boundary marker, date line, byline, related link, ...) and give it a score; (3) the
body is the maximum-sum contiguous run of scores (long prose is worth its length, short and boilerplate lines
cost a little, boundary markers cost a lot, so the run stops at "Related" / "Latest from" / footers); (4)
inside that run, boilerplate lines are dropped and short lines kept (subheads, quotes, list items); (5) title,
dates, authors, section, reading time and related headlines are read from the lines around the body. The
publication date is the candidate nearest the article head (headline, byline, body start) or labelled as such;
a masthead's own date ("Today:", a bare weekday date, a site-wide "Last updated" above the menu) is `page_date`.
Every pattern and weight is a named constant below, calibrated on the aeb text dumps (bench/textclean_eval.py)
and never on a page id or a site's own strings; the words of page chrome ("Lire aussi", "Lesezeit", "Publicado el")
come from one table per language (newsdesk/extract/locales). bench/textclean_audit.py re-checks, per pattern, on how
many aeb sites it changes the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsdesk.extract import locales
from newsdesk.extract.dates import DateParse, date_from_url, find_dates, weekday_spans
from newsdesk.extract.locales import alternation
from newsdesk.models import Article

# ---------------------------------------------------------------------------------------------------------
# Patterns. Each is matched against one stripped line, case-insensitively. Their words and phrases come from the
# language tables (newsdesk/extract/locales: one per language, every language at once, since a dump does not say
# its language); what is written here is the shape around them, which no language changes.
# ---------------------------------------------------------------------------------------------------------


def _any(*categories: str) -> str:
    """Every language table's phrases of these categories as one alternation group."""
    return alternation(locales.TABLES, *categories)


# Social networks and wire agencies are names, the same in every language.
SOCIAL_NETWORKS = r"(?:whatsapp|facebook|twitter|linkedin|reddit|pinterest|flipboard|telegram)"
AGENCY_LINE = r"(?:reuters|ap|afp|getty images)"

# A line made only of one of these ends the body: what follows is teasers, comments or the footer.
# Calibrated on the aeb dumps: every English form appears right after an article body on some site.
BOUNDARY_LINE = re.compile(
    r"^(?:[-–—•|>»#*\s]*)(?:" + _any("teaser_headings", "end_markers") + r")\W*$",
    re.IGNORECASE,
)

# The line that opens a comment thread: "[ 167 comments ]", "Top Rated Comments", "Commentaires (12)", "34 responses
# to <title>", "6 thoughts on <title>", "Leave a reply", "Deixe seu comentário". One rule wherever a thread matters:
# it ends the body, prose after it counts little, and neither a bridge nor the date search crosses it. The rule
# audit (bench/textclean_audit.py) found the three patterns this was split into confirmed on one aeb site each and
# on four together; their "jane says:" form was confirmed on none and cut "He said, she said" from a body.
COMMENTS_HEADING = re.compile(
    r"^(?:\d+ )?(?:\w+ ){0,3}"
    + _any("comment_words")
    + r"(?: \(?\d+\)?)?(?: \w+){0,3}$"
    + r"|^\d+ "
    + _any("comment_words", "reply_words")
    + r"(?: "
    + _any("comment_prepositions")
    + r"\b.*)?$"
    + r"|^"
    + _any("comment_prompts")
    + r"\b.*$",
    re.IGNORECASE,
)

# An embedded post's attribution line ("— Jane Doe (@jane) October 9, 2018"): part of the body.
EMBED_LINE = re.compile(r"^[—–-]\s*\S.{0,60}\(@\w+\)")

# The page after the article: story navigation ("Next article", "Article suivant"), a tag list ("Tags", "Mots-clés"),
# an author box (a heading, "About the author", or the author's name under "About": "About Jane Doe", "Sobre Carlos
# Nadalim", "Über Max Muster", two or three capitalised words; "About Us" is a BOUNDARY_LINE and a company, "About
# my6sense", closing a press release is body), the copyright footer. It ends the body, and neither a bridge nor the
# date search crosses it. The rule audit found the author box alone confirmed on 2 aeb sites and the other markers on
# 1; they are one rule now.
TERMINAL = re.compile(
    r"^(?:[-–—•|>»#*\s]*)"
    + _any("story_navigation", "tag_headings", "author_box_headings")
    + r"\W*$|^"
    + _any("author_box_prefixes")
    + r" (?-i:(?:[A-ZÀ-Ý][\w'’-]+ ){1,2}[A-ZÀ-Ý][\w'’-]+)$"
    + r"|^.*"
    + _any("rights_reserved")
    + r".*$|^copyright\b.*$|^©.*$",
    re.IGNORECASE,
)

# Lines that start with one of these and then name a story are related-story links (dropped, kept as
# related headlines); they may sit inside a body, so they do not end it on their own.
RELATED_PREFIX = re.compile(
    r"^" + _any("related_prefixes", "story_navigation") + r"\s*[:>»|–—-]\s*(?P<headline>\S.{8,})$",
    re.IGNORECASE,
)

# Boilerplate lines: dropped wherever they are, but cheap, so they do not split a body. Whole lines: ads, interface
# and share buttons, subscription and cookie buttons, footer links, a date label alone, photo credits; and any line
# holding a subscription prompt ("newsletter", "réservé aux abonnés").
_JUNK_WHOLE = (
    _any("ad_labels", "interface_words", "share_words", "share_phrases", "subscription_buttons", "cookie_buttons")
    + "|"
    + _any("footer_links", "published_labels", "updated_labels")
    + "|"
    + _any("share_prefixes")
    + r"\b.*|"
    + _any("rights_reserved")
    + r".*|"
    + _any("photo_labels", "credit_labels")
    + r"s?\s*:.*|.*[\[(]"
    + _any("photo_labels", "credit_labels")
    + r"s?\b[^\])]{0,60}[\])]"
    + r"|x|×|•|\||-|/|"
    + SOCIAL_NETWORKS
    + "|"
    + AGENCY_LINE
    + r"|.*\bgetty images\b.*|.*(?:©|\(c\)|copyright).*"
)
_PROMPT = r"\b" + _any("subscription_prompts") + r"\b"
JUNK_LINE = re.compile(r"^(?:" + _JUNK_WHOLE + r"|.{0,200}" + _PROMPT + r".{0,200})\W*$", re.IGNORECASE)

# Site-wide legal and commercial notices (footers, cookie banners, affiliate and medical disclaimers): never body
# however long. Found on 25 of the 103 aeb dumps (cookie banners, "may not be reproduced", "registered trademarks",
# affiliate notices), never inside a true body; single words ("affiliate", "this site") alone matched body text.
# Searched in the lower-cased line, without IGNORECASE: a case-folding search of this alternation costs ~50 us per
# body paragraph, most of the quality flag's time per stored record; on lower-cased text it is 3.6 times faster.
LEGAL_LINE = re.compile(r"\b" + _any("legal_notices", "cookie_prompts") + r"\b")

# A photo caption ends with the agency or photographer credit instead of a full stop.
CAPTION_END = re.compile(
    r"(?:\bgetty images|\bshutterstock|\bafp|\breuters|\bap photo|\bap file|[/|] ?ap|\bepa|\bistock|\bdpa"
    r"|\bansa|\bimago|\bpicture alliance)\)?$"
    r"|\b" + _any("photo_labels", "credit_labels") + r"s?\s*:\s*[^.!?]{0,80}$"
    r"|^\d{1,3} (?:/|" + _any("counter_words") + r") \d{1,3}\b",
    re.IGNORECASE,
)
# CAPTION_END's end-anchored parts never span more than this many characters (credit word, ":", 80 characters),
# so only a line's tail is searched: a third of the cleaner's time went to scanning whole paragraphs.
CAPTION_TAIL_CHARS = 120
# ... and a tail can match only with a ":" in it or with one of these as its last word (the agencies above).
CAPTION_LAST_WORDS = frozenset(
    "images shutterstock afp reuters photo file ap epa istock dpa ansa imago alliance".split()
)

# A line that is only a photo credit: "Name Surname/Agency/Getty Images", "Name | Bloomberg | Getty Images",
# "(Image: © Lab Collaboration)", "Photo: X". The sentence right above it (CAPTION_MIN_WORDS to CAPTION_MAX_WORDS;
# agency captions run long) is that photo's caption. On the aeb dumps: 13 lines above such credits on 10 pages,
# none body (4 inside a chosen body, dropped now); bare agency names ("Reuters") and "Source:" lines are left alone
# (they also close paragraphs and articles).
CREDIT_ONLY = re.compile(
    r"^\(?" + _any("photo_labels") + r"s?\s*:\s*[^.!?]{1,60}\)?$"
    r"|^[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,3} ?([/|]) ?[^/|]{2,40}(?:\1 ?[^/|]{2,40})?$",
    re.IGNORECASE,
)
CREDIT_MAX_WORDS = 8
CAPTION_MIN_WORDS, CAPTION_MAX_WORDS = 4, 60

# "By Jane Doe", "Von Max Muster", "Par Jean Dupont", "Por ...", "Di ...", "Door ...", "Text: ...".
BYLINE = re.compile(
    r"(?:^|\s|\|)" + _any("byline_prefixes") + r"\s*:?\s+(?P<names>[^\W\d_][^\n]{1,120})$", re.IGNORECASE
)
BYLINE_BARE = re.compile(r"^" + _any("byline_prefixes") + r":?$", re.IGNORECASE)
# Words that mark the job-title part of a byline ("Jane Doe, Senior Reporter"), or its date or reading time.
BYLINE_TITLE_WORDS = re.compile(
    r"\b" + _any("byline_stop_words", "published_labels", "updated_labels", "minute_words") + r"\b|@",
    re.IGNORECASE,
)
NAME_SPLIT = re.compile(r"\s*(?:,|;|&|/|\b" + alternation(locales.TABLES, "name_joiners", fold_case=False) + r"\b)\s*")
# Bylines that name a wire agency or a photo credit rather than a person.
NOT_A_NAME = re.compile(
    r"\b(?:reuters|associated press|ap|afp|dpa|ansa|efe|xinhua|getty|images|" + _any("photo_labels") + r")\b",
    re.IGNORECASE,
)
# A bare author line under the headline: "Ellen Shaw", "Jean-Luc de la Tour" (gold set; demo dumps unchanged).
BARE_NAME = re.compile(
    r"^[A-ZÀ-Ý][\w'’.-]+(?: (?:[A-ZÀ-Ý][\w'’.-]+|"
    + alternation(locales.TABLES, "name_particles", fold_case=False)
    + r")){1,3}$"
)
BARE_NAME_MIN_WORDS, BARE_NAME_MAX_WORDS = 2, 4
BYLINE_MAX_WORDS = 8  # a job-title line under a name ("Local government reporter") is this short
NAME_PARTICLES = frozenset(p.lower() for t in locales.TABLES for p in t.name_particles)

# Stated reading time: "1 min read", "Reading time: 4 minutes", "Lesezeit: 3 Min.", "5 min de lecture",
# "Lecture : 3 min". A label must be followed by a minute word or end the line ("Lecture 3: Thermodynamics" is not).
READING_TIME = re.compile(
    r"(?:(?P<n>\d{1,3})\s*(?:-\s*)?"
    + _any("minute_words")
    + r"\.?\s*"
    + _any("reading_time_suffixes")
    + r"|\b"
    + _any("reading_time_labels")
    + r"\s*:?\s*(?P<n2>\d{1,3})\s*(?:"
    + _any("minute_words")
    + r"\b|$))",
    re.IGNORECASE,
)

# A page header's own date ("Today: 12 April 2025"): the day the page was saved, not the article's date.
PAGE_DATE_LINE = re.compile(r"^" + _any("today_labels") + r"\s*[:,-]?\s*", re.IGNORECASE)
# Labels that make a date line the publication date (or, for "updated", a later revision).
PUBLISHED_LABEL = re.compile(r"\b" + _any("published_labels") + r"\b", re.IGNORECASE)
UPDATED_LABEL = re.compile(r"\b" + _any("updated_labels") + r"\b", re.IGNORECASE)
# A relative date on a date line: "3 hours ago", "vor 2 Stunden", "il y a une heure", "2 ore fa".
RELATIVE_TIME = re.compile(
    r"\b(?:(?:\d+|"
    + _any("one_words")
    + ") "
    + _any("time_units")
    + " "
    + _any("ago_after")
    + "|"
    + _any("ago_before")
    + r" (?:\d+|"
    + _any("one_words")
    + ") "
    + _any("time_units")
    + r")\b",
    re.IGNORECASE,
)
# Section lines: "Latest from -Top News", "More in Business", breadcrumbs "Home > News > World".
# A copyright line names the site: "© 2025 The Riverton Post. All rights reserved." / "Copyright 2019-2024 Example
# Media Ltd". The name is what follows the years, up to the first sentence end or "All rights reserved".
COPYRIGHT_SITE = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*){1,2}(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[,.]?\s*"
    r"(?P<site>[^.|©]{2,60}?)\s*(?:[.|,]|" + _any("rights_reserved") + "|$)",
    re.IGNORECASE,
)
SITE_MAX_WORDS = 6  # a site name longer than this is a sentence, not a name
SECTION_LINE = re.compile(r"^" + _any("section_prefixes") + r"\s*[-–:]?\s*(?P<s>.{2,40})$", re.IGNORECASE)
# Navigation flattened onto one line: a menu ("Home | News | Business") or a breadcrumb trail ("Accueil > Nantes >
# Transports", "Mensagens » Reflexão » A paciência dos dias simples"): items between spaced separators. One pattern
# for the three things that read such lines (the page-header menu, the section, a headline's last crumb); the rule
# audit found the three separate patterns it replaced confirmed on no aeb site apart, on fixtures only.
NAV_SEPARATOR = re.compile(r"\s[|•·>»›/]\s")
# A breadcrumb starts with the home page's name; its last crumb (or the one before a headline-long one) is the section.
BREADCRUMB = re.compile(r"^" + _any("home_labels") + r"\s[|•·>»›/]\s", re.IGNORECASE)
BREADCRUMB_MAX_CRUMBS = 4
# A line with this many separators is a trail; as a headline candidate only its last crumb counts.
CRUMB_MIN_SEPARATORS = 2

# ---------------------------------------------------------------------------------------------------------
# Scores (calibrated on the aeb text dumps with bench/textclean_eval.py).
# ---------------------------------------------------------------------------------------------------------
MARKER_MAX_WORDS = 14  # boundary and comment markers are short lines; longer ones are never tested
JUNK_MAX_WORDS = 60  # boilerplate lines (copyright, captions) are never longer than this
LONG_WORDS = 12  # a prose paragraph has at least this many words ...
PROSE_WORD_VALUE = 0.1  # ... and is worth this much per word
PROSE_MAX = 12.0  # a single huge block (a whole page on one line) must not buy a region on its own
MEDIUM_WORDS = 6  # a sentence-like line of this many words is a mild positive (short paragraph, quote)
MEDIUM_VALUE = 0.0  # (0.3 let lists of "most read" headlines with a final ")" or "?" pass for body)
TRUNCATED_COST = -1.5  # a long line cut off ("...") or a long Title-Case line: a teaser lede or headline
NO_END_FACTOR = 0.5  # a long sentence-case line without final punctuation is probably prose, maybe cut off
JUNK_COST = -0.5  # boilerplate is dropped but does not split a body (ads, "Share", captions)
DUPLICATE_COST = -0.5  # a line seen twice on the page is more likely navigation or a teaser than body text
LISTING_GAP = 6  # two date lines this close, with text between, are items of a list (teasers, comments)
LISTING_DATE_COST = -8.0  # ... and their date lines separate the items so no body run spans them
HEADER_REACH = 4  # a prose block at most this many lines after a date line or byline starts an article ...
HEADER_TRIM = 4  # a date line or byline among the first lines of the body marks where the body really starts
HEADER_BONUS = 4.0  # ... and gets this bonus (about two average paragraphs' worth)
MIN_BODY_MASS = 8.0  # once this much prose was seen, a comments heading starts the comment thread ...
AFTER_COMMENTS_FACTOR = 0.25  # ... whose prose counts for this much
SHORT_NAV_COST = -1.0  # a short Title-Case or one/two-word line (menu item, teaser headline)
SHORT_TEXT_COST = -0.4  # a short sentence-case line (a list item, a subhead in prose, a short answer)
HEADLINE_PREFIX_WORDS = 6  # a long line opening with this many Capitalised Words is a flattened teaser
# Title Case leaves these short words lower-case ("Your Weather Today In Detroit for 11/15 You ..."): one of them,
# alone, neither counts nor breaks the run; two in a row ("Department of the Interior") do break it, and so does
# one after clause punctuation (prose full of names: "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on
# Wednesday"). On the aeb dumps this turns 40 teaser lines truncated and no body line.
HEADLINE_RUN_BREAK = re.compile(r"[,;:()—–]")
HEADLINE_MINOR_WORDS = frozenset(w for t in locales.TABLES for w in t.title_case_minor_words)
CAPITALISED_SHARE = 0.6  # share of capitalised words above which a short line reads as a headline
TABLE_VALUE = 0.2
# A non-boilerplate line repeated this often, with single lines between its copies, separates teaser items.
# On the aeb dumps 19 such lists (share bars, section labels, "1 day ago"): none of their 70 items was body text;
# the one repeated line that did sit between body paragraphs was "Advertisement" (boilerplate, so excluded).
SEPARATOR_MIN_COPIES = 3
SEPARATED_MIN_ITEMS = 2
LIST_ITEM_MAX_WORDS = 15
TEASER_MIN_PAIRS = 3  # headline + lede pairs after a marker that make a teaser list (gold set; aeb same at 2 or 3)
BRIDGE_MAX_LINES = 10  # an interruption inside a body (newsletter box, "Trending" list) is at most this long
BRIDGE_MIN_SCORE = 5.0  # ... and is crossed when at least this much body text follows it
# ... unless the interruption holds a boundary marker ("Share this story") and the text after it speaks about the
# site rather than the story: the publisher's footer ("We are funded by our readers", "write to the editor").
# At least FOOTER_MIN_TERMS distinct terms of FOOTER_TERM in the resumed run (gold set text/07; aeb unchanged).
FOOTER_TERM = re.compile(r"©|\b" + _any("footer_terms", "rights_reserved") + r"\b", re.IGNORECASE)
FOOTER_MIN_TERMS = 3
BODY_KINDS = (
    "prose",
    "medium",
    "short",
    "truncated",
    "table",
)  # a table row (standings, results) is body when it sits among body text
BOUNDARY_COST = -40.0  # a boundary marker ends the body
RELATED_COST = -1.0  # "Read more: <headline>" inside a body is dropped, outside it ends nothing
TITLE_WINDOW = 12  # how far before the body to look for the headline and the date/byline lines
DATE_WINDOW_AFTER = 8  # how far after the body a "First published ..." line still counts
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
TITLE_KINDS = ("short", "medium", "duplicate", "truncated", "listitem", "prose")
TITLE_DISTANCE_COST = 0.06  # per line between a headline candidate and the body
TITLE_REPEATED_BONUS = 0.5  # the headline often appears twice (page title, breadcrumb, share text)
TITLE_BEFORE_HEADER_BONUS = 0.7  # the headline sits above the date line / byline
TITLE_SLUG_BONUS = 1.5  # the URL slug repeats the headline's words ...
TITLE_SLUG_SHARE = 0.5  # ... when this share of the shorter word set is shared
TITLE_UI_MAX_WORDS = 6  # a line this short holding an interface word is interface, not a headline
# Words of interface lines that sit where a headline could be ("Share", "Follow us", "Print this article").
TITLE_UI_WORDS = re.compile(r"\b" + _any("headline_ui_words") + r"\b", re.IGNORECASE)
# Publication-date choice. Set on the demo corpus's two dump layouts (a "Today:" masthead; a bare weekday masthead
# above a "By ... / <date> | Updated <time>" head: all 185 dumps right) and the fixtures, then checked by hand on the
# aeb dumps: 2 of 103 chosen dates changed, both to the right one (a caption lost to the date line; an "Updated"-only
# date lost to the URL's). A candidate's score is its zone's base, minus distance, plus its role's weight.
DATED_KINDS = ("date", "byline", "junk", "short", "pagedate", "duplicate", "medium")  # lines a date is read from
DATED_MAX_WORDS = 30  # longer lines are prose that mentions a date, not a date line
DATE_ZONE_HEAD = 3.0  # between the headline and the body start (byline, date line): the article's own date
DATE_ZONE_ABOVE = 2.0  # above the headline (kicker, date strip) ...
DATE_ABOVE_LINE_COST = 0.25  # ... less this per non-boilerplate line between it and the headline
DATE_ZONE_AFTER = 1.0  # just after the body ("First published on ...", a footer line)
DATE_ROLE_SCORE = {"published": 1.5, "implied": 0.5, "plain": 0.0, "updated": -1.5}  # see _date_roles
DATE_MENTION_COST = -1.0  # an unlabelled date inside a caption, headline or teaser rather than a date line
DATE_LISTING_COST = -2.0  # a date line of a teaser or comment list (see LISTING_GAP)
MENU_MIN_ITEMS = 3  # a line of at least this many NAV_SEPARATOR items is a site menu
NAV_MIN_LINES = 3  # or at least this many one/two-word lines (menu items, the site name) in the page header
PAGE_TOP_LINES = 3  # a bare date among the page's first lines, before the site name and menu, is the page's
HEAD_LINES_NO_TITLE = 3  # without a headline, the article head is taken to be this many lines before the body
BARE_DATE_MAX_WORDS = 1  # a bare date line holds at most this many words besides dates, weekdays and labels
REPEAT_NEAR_LINES = 3  # copies this close are an inline teaser (image link + headline link), not a recurring line
# A list that closes the body: marked items after a line ending in ":" (or from item 1), at least LIST_MIN_ITEMS.
LIST_MARKER = re.compile(r"^(?:\d{1,3}[.)]|\(\d{1,3}\)|[-–•*▪·●■►✓])\s*\S")
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
LIST_MIN_ITEMS = 2
# ... or unmarked items of one punctuation shape ("Spain (Group F): 11th appearance" -> "():"): at least
# LIST_SHAPE_MIN_ITEMS of them with LIST_SHAPE_MIN_CHARS shape characters (one ":" alone also fits teaser
# headlines such as "Analysis: ..."), maybe under a heading of at most LIST_HEADING_MAX_WORDS words.
LIST_SHAPE_CHARS = frozenset(":()–—|;")
LIST_SHAPE_MIN_CHARS = 2
LIST_SHAPE_MIN_ITEMS = 4
LIST_HEADING_MAX_WORDS = 8
BYLINE_TAIL_LINES = 2  # a byline among the body's last lines starts the author box (gold set; aeb unchanged)
# A share bar ("Share this on WhatsApp") seen right above the body and again inside it, after a body's worth of
# prose (MIN_BODY_MASS), is the bar under the article: the body ends there. Share bars top and bottom are a common
# layout; on the aeb dumps this cuts one sidebar (14 lines, none body); an "Email" line after a lede is left alone.
SHARE_BAR = re.compile(r"\b(?:" + SOCIAL_NETWORKS + "|" + _any("share_words") + r")\b", re.IGNORECASE)
SHARE_BAR_REACH = 6  # how many lines above the body start the first copy may sit
SHARE_BAR_MIN_WORDS = 2  # a one-word button ("Email", "Print") also sits beside pull quotes inside bodies
CLOSING_MIN_WORDS = 4  # a closing sentence after the body's run has this many words (demo dumps; aeb F1 unchanged)
WRAP_MAX = 100  # a dump whose lines never exceed this many characters may be hard-wrapped
WRAPPED_FILL = 0.6  # ... and a paragraph of it is, when all its lines but the last fill 60% of the width

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？:;)\]\"'”’»›%*]$")
_TRUNCATED_ENDS = ("...", "…", "[...]", "[…]", "\ufffd")  # a teaser cut short, whitespace after it or not
_COUNT_SUFFIX = re.compile(r"\(\d+\)$")  # "Headline (185)": a most-read/most-commented list entry


def _truncated(line: str) -> bool:
    return line.rstrip().endswith(_TRUNCATED_ENDS)  # a search for "…\s*$" tried every position of every line


def _count_suffix(line: str) -> bool:
    return ")" in line[-2:] and _COUNT_SUFFIX.search(line) is not None


_CLOSING_SENTENCE = re.compile(r"[.!?][\"”’')]?$")
_LAST_WORD = re.compile(r"[^\W\d_]+(?=\W*$)")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_NUMBER = re.compile(r"^[\d.,:%/+-]+$")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")


@dataclass
class _Block:
    """One line/paragraph of the dump with its classification."""

    idx: int
    text: str
    kind: str = "short"
    score: float = 0.0
    words: int = 0


def _normalise(text: str) -> list[str]:
    """Lines of the dump with invisible characters gone, spaces collapsed and hard wraps joined.

    A hard-wrapped paragraph is a group of consecutive lines (between blank lines) in a dump whose lines
    never exceed `WRAP_MAX` characters, where every line but the last fills most of the width.
    """
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
    nonblank = [ln for ln in lines if ln]
    if not nonblank:
        return []
    width = max(len(ln) for ln in nonblank)
    if width > WRAP_MAX or "" not in lines:
        return nonblank
    out: list[str] = []
    group: list[str] = []
    for ln in lines + [""]:
        if ln:
            group.append(ln)
            continue
        if len(group) >= 2 and all(len(g) >= WRAPPED_FILL * width for g in group[:-1]):
            out.append(" ".join(group))
        else:
            out.extend(group)
        group = []
    return out


def _word_count(line: str) -> int:
    words = len(_WORD.findall(line))
    return words if line.isascii() else words + len(_CJK.findall(line)) // 2


def _classify(lines: list[str]) -> list[_Block]:
    counts = Counter(ln.lower() for ln in lines)
    blocks = []
    for i, ln in enumerate(lines):
        b = _Block(i, ln, words=_word_count(ln))
        low = ln.lower()
        short = b.words <= MARKER_MAX_WORDS
        bare = _EDGE_PUNCT.sub("", ln) if short else ""
        if short and (
            BOUNDARY_LINE.match(bare) or SECTION_LINE.match(ln) or COMMENTS_HEADING.match(bare) or TERMINAL.match(bare)
        ):
            b.kind, b.score = "boundary", BOUNDARY_COST
        elif RELATED_PREFIX.match(ln):
            b.kind, b.score = "related", RELATED_COST
        elif PAGE_DATE_LINE.match(ln) and find_dates(ln):
            b.kind, b.score = "pagedate", JUNK_COST
        elif (
            b.words <= JUNK_MAX_WORDS
            and (JUNK_LINE.match(ln) or _is_caption_end(ln))
            or LEGAL_LINE.search(low)
            or b.words <= 8
            and READING_TIME.search(ln)
        ):
            b.kind, b.score = "junk", JUNK_COST
        elif EMBED_LINE.match(ln):
            b.kind, b.score = "medium", 0.0  # before date lines: the attribution ends with the post's date
        elif b.words <= 20 and _is_date_line(ln):
            b.kind, b.score = "date", JUNK_COST
        elif b.words <= 14 and (BYLINE.match(ln) or BYLINE_BARE.match(ln)):
            b.kind, b.score = "byline", JUNK_COST
        elif b.words >= LONG_WORDS or _count_suffix(ln):
            if _truncated(ln) or _count_suffix(ln) or _has_headline_prefix(ln):
                b.kind, b.score = "truncated", TRUNCATED_COST
            elif _SENTENCE_END.search(ln):
                b.kind, b.score = "prose", min(PROSE_MAX, b.words * PROSE_WORD_VALUE)
            elif _is_headline_like(ln):
                b.kind, b.score = "truncated", TRUNCATED_COST
            else:
                b.kind, b.score = "prose", min(PROSE_MAX, b.words * PROSE_WORD_VALUE) * NO_END_FACTOR
        elif b.words >= MEDIUM_WORDS and _SENTENCE_END.search(ln) and not _truncated(ln):
            b.kind, b.score = "medium", MEDIUM_VALUE
        elif _is_table_row(ln):
            b.kind, b.score = "table", TABLE_VALUE
        else:
            b.kind, b.score = "short", SHORT_NAV_COST if _is_headline_like(ln) else SHORT_TEXT_COST
        if counts[low] > 1 and len(ln) >= 20 and b.kind in ("prose", "medium", "short", "truncated", "table"):
            b.kind, b.score = "duplicate", min(b.score * 0.5, 0.0) + DUPLICATE_COST
        blocks.append(b)
    _mark_listings(blocks)
    _mark_separated_items(blocks)
    _mark_list_items(blocks)
    _mark_captions(blocks)
    _apply_context(blocks)
    return blocks


def _mark_separated_items(blocks: list[_Block]) -> None:
    """Single lines between copies of one repeated line ("Whatsapp Facebook Pin", "Business", "1 day ago") are
    the items of a teaser list; a repeated boilerplate line ("Advertisement") between paragraphs is not a list."""
    where: dict[str, list[int]] = {}
    for b in blocks:
        if b.kind != "junk":
            where.setdefault(b.text.lower(), []).append(b.idx)
    for idxs in where.values():
        if len(idxs) < SEPARATOR_MIN_COPIES:
            continue
        items = [a + 1 for a, z in zip(idxs, idxs[1:], strict=False) if z - a == 2]
        if len(items) >= SEPARATED_MIN_ITEMS:
            for i in idxs:
                if blocks[i].kind in ("short", "duplicate"):
                    blocks[i].kind, blocks[i].score = "junk", min(blocks[i].score, JUNK_COST)  # never a headline
            for i in items:
                if blocks[i].kind not in ("boundary", "junk", "date", "byline", "pagedate"):
                    blocks[i].kind, blocks[i].score = "listitem", min(blocks[i].score, TRUNCATED_COST)


def _mark_captions(blocks: list[_Block]) -> None:
    """A short sentence right above a credit-only line (CREDIT_ONLY) is a photo caption: boilerplate."""
    for b in blocks[1:]:
        if b.kind != "junk" or b.words > CREDIT_MAX_WORDS or not CREDIT_ONLY.match(b.text):
            continue
        prev = blocks[b.idx - 1]
        fits = CAPTION_MIN_WORDS <= prev.words <= CAPTION_MAX_WORDS
        if prev.kind in ("prose", "medium", "short") and fits and _is_caption_end(b.text):
            prev.kind, prev.score = "junk", JUNK_COST


def _teaser_pairs(blocks: list[_Block], k: int) -> int:
    """How many (headline, lede) pairs start at k: a short line without a sentence end, then one longer line,
    again and again ("More from ..." lists). Fewer than TEASER_MIN_PAIRS is a subhead over a paragraph: 0."""
    n = 0
    while k + 1 < len(blocks):
        head, lede = blocks[k], blocks[k + 1]
        if head.kind not in ("short", "truncated", "duplicate") or head.words > LIST_ITEM_MAX_WORDS:
            break
        if _SENTENCE_END.search(head.text) or lede.kind not in ("prose", "truncated", "medium"):
            break
        if lede.words <= LIST_ITEM_MAX_WORDS:
            break
        n, k = n + 1, k + 2
    return n if n >= TEASER_MIN_PAIRS else 0


def _mark_list_items(blocks: list[_Block]) -> None:
    """Short lines right after a boundary marker ("Related", "Most read") are the list it announces."""
    mass = 0.0
    for b in blocks:
        mass += max(b.score, 0.0)
        if b.kind != "boundary" or mass < MIN_BODY_MASS:
            continue  # a marker in the page header announces nothing: the article has not started yet
        pairs = _teaser_pairs(blocks, b.idx + 1)
        for nxt in blocks[b.idx + 1 :]:
            if nxt.idx < b.idx + 1 + 2 * pairs:
                pass  # a headline and its lede
            elif nxt.words > LIST_ITEM_MAX_WORDS or nxt.kind not in (
                "short",
                "medium",
                "prose",
                "truncated",
                "duplicate",
            ):
                break
            nxt.kind, nxt.score = "listitem", min(nxt.score, SHORT_NAV_COST)


def _apply_context(blocks: list[_Block]) -> None:
    """Scores that depend on neighbours: a bonus for prose right after a date line or byline (an article
    starts there), and a discount for prose after a comments heading that follows a body (comments)."""
    for b in blocks:
        if b.kind in ("date", "byline") and b.score > LISTING_DATE_COST:
            for nxt in blocks[b.idx + 1 : b.idx + 1 + HEADER_REACH]:
                if nxt.kind == "prose":
                    nxt.score += HEADER_BONUS
                    break
                if nxt.kind == "boundary":
                    break
                end = _patterned_list(blocks, nxt.idx)
                if end is not None:
                    _score_head_list(blocks, nxt.idx, end)
                    break
    mass = 0.0
    discount = 1.0
    for b in blocks:
        if b.score > 0:
            b.score *= discount
            mass += b.score
        elif b.kind == "boundary" and mass >= MIN_BODY_MASS and COMMENTS_HEADING.match(_EDGE_PUNCT.sub("", b.text)):
            discount = AFTER_COMMENTS_FACTOR


def _score_head_list(blocks: list[_Block], start: int, end: int) -> None:
    """An article that opens with a list of same-shaped lines (a calendar, a results list) right under its date
    line: the items are its text, worth their words like prose, and the first one takes the header bonus."""
    items = [b for b in blocks[start : end + 1] if b.kind in BODY_KINDS]
    for b in items:
        b.score = max(b.score, b.words * PROSE_WORD_VALUE)
    if items:
        items[0].score += HEADER_BONUS


def _mark_listings(blocks: list[_Block]) -> None:
    """Date lines a few lines apart are teaser lists or comment threads: make their dates expensive."""
    dated = [b.idx for b in blocks if b.kind == "date"]
    for a, z in zip(dated, dated[1:], strict=False):
        between = blocks[a + 1 : z]
        if z - a <= LISTING_GAP and any(b.kind in ("prose", "medium", "truncated") for b in between):
            blocks[a].score = min(blocks[a].score, LISTING_DATE_COST)
            blocks[z].score = min(blocks[z].score, LISTING_DATE_COST)


def _is_caption_end(line: str) -> bool:
    """CAPTION_END on the line's tail (its end-anchored parts) and at its start (a "3 of 12" counter)."""
    if line[:1].isdigit() and CAPTION_END.match(line):
        return True
    tail = max(0, len(line) - CAPTION_TAIL_CHARS)
    last = _LAST_WORD.search(line[-24:])
    if ":" not in line[tail:] and (last is None or last[0].lower() not in CAPTION_LAST_WORDS):
        return False
    return CAPTION_END.search(line, tail) is not None


def _is_headline_like(line: str) -> bool:
    """One or two words, or mostly Capitalised Words: a menu item or a headline rather than body text."""
    words = [w for w in _WORD.findall(line) if not w.isdigit()]
    if len(words) <= 2 or _COUNT_SUFFIX.search(line):
        return True
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= CAPITALISED_SHARE * len(words)


def _has_headline_prefix(line: str) -> bool:
    """A teaser flattened into one line ("Detroit's 5 Best Spots For Desserts Need more desserts ...") starts
    with a run of Capitalised Words; ALL-CAPS words (datelines, agencies) neither count nor break the run."""
    run = minor = 0
    for m in _WORD.finditer(line[:200]):
        w = m[0]
        if w.isupper() or w.isdigit():
            continue
        if not w[:1].isupper():
            minor += 1
            if run == 0 or minor > 1 or w not in HEADLINE_MINOR_WORDS or HEADLINE_RUN_BREAK.search(line, 0, m.start()):
                return False
            continue
        run, minor = run + 1, 0
        if run >= HEADLINE_PREFIX_WORDS:
            return True
    return False


def _is_table_row(line: str) -> bool:
    """A row of a data table: several cells, at least a third of them numbers (standings, results, prices)."""
    cells = line.split()
    return len(cells) >= 4 and sum(1 for c in cells if _NUMBER.match(c)) * 3 >= len(cells)


def _is_date_line(line: str) -> bool:
    """A line that is mostly a date (plus a label, a time, an agency or a byline)."""
    relative = RELATIVE_TIME.search(line)
    found = find_dates(line)
    if not found and not relative:
        return False
    rest = RELATIVE_TIME.sub(" ", line)
    for m, _ in found:
        rest = rest.replace(m.text, " ")
    return _word_count(rest) <= 8


def _is_terminal(line: str) -> bool:
    """A comment thread or the page after the article (TERMINAL) starts here: the article does not resume."""
    bare = _EDGE_PUNCT.sub("", line)
    return bool(COMMENTS_HEADING.match(bare) or TERMINAL.match(bare))


def _best_region(blocks: list[_Block]) -> tuple[int, int] | None:
    """Maximum-sum contiguous run of block scores (Kadane), as (first, last) indexes."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, b in enumerate(blocks):
        if run <= 0:
            run, start = b.score, i
        else:
            run += b.score
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _run_from(blocks: list[_Block], start: int, step: int) -> tuple[int, float]:
    """Best prefix-sum run of scores from `start` going `step` (+1/-1): (index where it ends, its sum)."""
    total, best, best_at = 0.0, float("-inf"), start
    i = start
    while 0 <= i < len(blocks):
        total += blocks[i].score
        if total > best:
            best, best_at = total, i
        if total < best + BOUNDARY_COST / 2:
            break
        i += step
    return best_at, best


def _resumes(blocks: list[_Block], k: int, step: int) -> tuple[int, float] | None:
    """If body text resumes at block k going `step`: (where that run ends, its gain); else None."""
    if blocks[k].kind != "prose" or blocks[k].score < 1.0:
        return None
    end, gain = _run_from(blocks, k, step)
    lo, hi = min(k, end), max(k, end)
    n_prose = sum(1 for b in blocks[lo : hi + 1] if b.kind == "prose")
    return (end, gain) if gain >= BRIDGE_MIN_SCORE and n_prose >= 2 else None


def _is_footer_after_marker(blocks: list[_Block], gap: int, k: int, end: int) -> bool:
    """Lines gap..k-1 hold a boundary marker and the run k..end reads as the publisher's footer (FOOTER_TERM)."""
    if not any(b.kind == "boundary" for b in blocks[gap:k]):
        return False
    terms = {m[0].lower() for b in blocks[k : end + 1] for m in FOOTER_TERM.finditer(b.text)}
    return len(terms) >= FOOTER_MIN_TERMS


def _bridge(blocks: list[_Block], first: int, last: int, dropped: set[int]) -> tuple[int, int]:
    """Extend the body across short interruptions (a newsletter box, a "Trending" list) when real body
    text resumes right after; lines of the interruption that are not prose are dropped."""
    while True:
        for k in range(last + 1, min(len(blocks), last + 2 + BRIDGE_MAX_LINES)):
            if blocks[k].kind in ("date", "byline", "pagedate") or _is_terminal(blocks[k].text):
                break
            found = _resumes(blocks, k, 1)
            if found and _is_footer_after_marker(blocks, last + 1, k, found[0]):
                break
            if found:
                dropped.update(i for i in range(last + 1, k) if blocks[i].kind != "prose")
                last = found[0]
                break
        else:
            break
        if last < k:
            break
    while True:
        for k in range(first - 1, max(-1, first - 2 - BRIDGE_MAX_LINES), -1):
            if blocks[k].kind in ("date", "byline", "pagedate") or _is_terminal(blocks[k].text):
                break
            found = _resumes(blocks, k, -1)
            if found:
                dropped.update(i for i in range(k + 1, first) if blocks[i].kind != "prose")
                first = found[0]
                break
        else:
            break
        if first > k:
            break
    return first, last


def _punct_shape(text: str) -> str:
    return "".join(c for c in text if c in LIST_SHAPE_CHARS)


def _patterned_list(blocks: list[_Block], k: int) -> int | None:
    """End of a list of same-shaped short lines ("England (Group A): 10th appearance", ...) starting at k,
    maybe under a short heading ("Qualified teams"); None when there is none."""
    start = k
    heading = k < len(blocks) and blocks[k].kind == "short" and blocks[k].words <= LIST_HEADING_MAX_WORDS
    if heading and not _punct_shape(blocks[k].text):
        start = k + 1  # a heading has no shape of its own
    if start >= len(blocks):
        return None
    shape = _punct_shape(blocks[start].text)
    if len(shape) < LIST_SHAPE_MIN_CHARS:
        return None
    end = start
    while (
        end + 1 < len(blocks)
        and blocks[end + 1].kind in BODY_KINDS
        and blocks[end + 1].words <= LIST_ITEM_MAX_WORDS
        and _punct_shape(blocks[end + 1].text) == shape
    ):
        end += 1
    if blocks[start].kind not in BODY_KINDS or end - start + 1 < LIST_SHAPE_MIN_ITEMS:
        return None
    return end


def _list_after(blocks: list[_Block], last: int) -> int:
    """Take in a list that closes the body ("Here are the best deals:" then "1) ...", "2) ..."): marked items
    (numbers, bullets) right after a line ending in a colon, each maybe followed by one short line of its own (a
    link, a price); after the last item only when every item had one. The run's scores leave it out because list
    items are short. In the rule audit: a list opening at item 1 without the colon changed no aeb page or fixture
    (removed), and the one aeb site with lines between items had bare links there (generalised to any short line)."""
    k = last + 1
    patterned = _patterned_list(blocks, k)
    if patterned is not None:
        return patterned
    if k >= len(blocks) or not LIST_MARKER.match(blocks[k].text) or not blocks[last].text.endswith(":"):
        return last
    end, items, attached = last, 0, 0
    while k < len(blocks):
        b = blocks[k]
        if LIST_MARKER.match(b.text) and b.kind in BODY_KINDS:
            items, end = items + 1, k
        elif b.kind in BODY_KINDS and b.words <= LIST_ITEM_MAX_WORDS and LIST_MARKER.match(blocks[k - 1].text):
            attached += 1
            if k + 1 < len(blocks) and LIST_MARKER.match(blocks[k + 1].text):
                pass  # between two items
            elif attached == items and items >= LIST_MIN_ITEMS:
                end = k  # the last item's own line, as every item had one
                break
            else:
                break
        else:
            break
        k += 1
    return end if items >= LIST_MIN_ITEMS else last


def _closing_line(blocks: list[_Block], last: int) -> int:
    """Take in one short closing sentence ("Few expect a quick resolution.") that the body's run left out because
    it scores below zero, when what follows it is clearly not body (a marker, boilerplate, or the page's end)."""
    k = last + 1
    if k >= len(blocks) or blocks[k].kind not in ("medium", "short") or _is_headline_like(blocks[k].text):
        return last
    text = blocks[k].text
    if not _CLOSING_SENTENCE.search(text) or _truncated(text) or blocks[k].words < CLOSING_MIN_WORDS:
        return last
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    return k if nxt is None or nxt.kind in ("boundary", "junk", "listitem", "date") else last


def _share_bar_end(blocks: list[_Block], first: int, last: int) -> int:
    """End the body at the second copy of the share bar that sits right above it (see SHARE_BAR): before it when
    it is inside the body, or after the short text lines that separate the body from it."""
    bars = {b.text.lower() for b in blocks[max(0, first - SHARE_BAR_REACH) : first] if b.kind == "junk"}
    bars = {t for t in bars if SHARE_BAR.search(t) and _word_count(t) >= SHARE_BAR_MIN_WORDS}
    if not bars:
        return last
    mass = 0.0
    for b in blocks[first : last + 1]:
        if b.kind == "junk" and b.text.lower() in bars and mass >= MIN_BODY_MASS:
            return b.idx - 1
        mass += max(b.score, 0.0)
    for b in blocks[last + 1 : last + 1 + SHARE_BAR_REACH]:
        if b.kind == "junk" and b.text.lower() in bars:
            return b.idx - 1  # the lines up to the bottom bar are the article's notes ("* Dates may change")
        if b.kind not in ("short", "medium") or b.score <= SHORT_NAV_COST:
            break
    return last


def _repeated_inside(blocks: list[_Block], first: int, last: int) -> set[int]:
    """Duplicate lines whose every copy lies inside the body: the article repeats them itself (an interview's
    recurring question, a menu plan's recurring headings), so they are body, not navigation or teasers."""
    where: dict[str, list[int]] = {}
    for b in blocks:
        if b.kind == "duplicate":
            where.setdefault(b.text.lower(), []).append(b.idx)
    keep: set[int] = set()
    for idxs in where.values():
        spaced = all(z - a > REPEAT_NEAR_LINES for a, z in zip(idxs, idxs[1:], strict=False))
        if spaced and all(first <= i <= last for i in idxs):
            keep.update(idxs)
    return keep


def clean_dump(text: str, *, source: str = "", url: str | None = None) -> Article:
    """Article body and metadata from a plain-text dump of a whole news page; never raises on bad text."""
    art = Article(source=source, format="text", url=url, raw=text if isinstance(text, str) else "")
    if not isinstance(text, str) or not text.strip():
        art.warnings.append("empty text dump")
        return art
    try:
        return _clean(art, text, url)
    except Exception as exc:  # a bug must not stop a batch: the article keeps its raw text and says why
        art.warnings.append(f"text cleaning failed: {type(exc).__name__}: {exc}")
        return art


def _clean(art: Article, text: str, url: str | None) -> Article:
    lines = _normalise(text)
    blocks = _classify(lines)
    region = _best_region(blocks)
    if region is None:
        art.warnings.append("no article body found")
        art.removed = "\n".join(lines)
        _read_metadata(art, blocks, len(blocks), len(blocks), url)
        return art
    first, last = region
    dropped: set[int] = set()
    first, last = _bridge(blocks, first, last, dropped)
    last = _list_after(blocks, last)
    last = _closing_line(blocks, last)
    for b in blocks[first : min(last, first + HEADER_TRIM)]:
        if b.kind in ("date", "byline"):
            first = b.idx + 1  # a standfirst or caption before the date line is not body
    for b in blocks[max(first + 1, last - BYLINE_TAIL_LINES + 1) : last + 1]:
        if b.kind == "byline":
            last = b.idx - 1  # "Written by ..." and the author's bio close the page, not the article
            break
    last = _share_bar_end(blocks, first, last)
    inner = _repeated_inside(blocks, first, last)
    body: list[str] = []
    removed: list[str] = []
    for b in blocks:
        keep = first <= b.idx <= last and (b.kind in BODY_KINDS or b.idx in inner) and b.idx not in dropped
        (body if keep else removed).append(b.text)
    art.text = "\n\n".join(body)
    art.removed = "\n".join(removed)
    art.field_sources["text"] = f"text: lines {first + 1}-{last + 1} of {len(blocks)}"
    _read_metadata(art, blocks, first, last, url)
    return art


# ---------------------------------------------------------------------------------------------------------
# Metadata around the body
# ---------------------------------------------------------------------------------------------------------


def _read_metadata(art: Article, blocks: list[_Block], first: int, last: int, url: str | None) -> None:
    before = blocks[max(0, first - TITLE_WINDOW) : first]
    title_at = _read_title(art, blocks, first, url)
    _read_dates(art, blocks, first, last, url, title_at)
    _read_authors(art, before)
    if not art.authors:
        _read_bare_author(art, blocks, title_at, first)
    if not art.authors:
        after = [b for b in blocks[last + 1 : last + 1 + DATE_WINDOW_AFTER] if b.kind == "byline"]
        _read_authors(art, after)  # "Written by ..." under the body
    _read_reading_time(art, blocks, first)
    _read_section(art, blocks, first, last)
    _read_related(art, blocks, first, last)
    _read_site(art, blocks, last)


def _slug_words(url: str | None) -> set[str]:
    """Lower-case words of the last meaningful URL path segment (news slugs repeat the headline)."""
    if not url:
        return set()
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE).split("?")[0]
    segments = [seg for seg in path.split("/") if re.search(r"[^\W\d_]{3,}", seg)]
    return {w.lower() for w in re.findall(r"[^\W\d_]+", segments[-1])} if segments else set()


def _title_text(line: str) -> str:
    """The line as a headline: a breadcrumb trail's last crumb, any other line whole."""
    if len(NAV_SEPARATOR.findall(line)) < CRUMB_MIN_SEPARATORS:
        return line
    return NAV_SEPARATOR.split(line)[-1].strip()


def _title_score(b: _Block, distance: int, header_at: int, counts: Counter[str], slug: set[str]) -> float:
    """How much a line before the body looks like the article's headline (higher is better, <= 0 never)."""
    text = _title_text(b.text)
    words = _word_count(text) if text != b.text else b.words
    if b.kind not in TITLE_KINDS or not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS:
        return 0.0
    ui = TITLE_UI_WORDS.search(text)
    if text.endswith((",", ":")) or "@" in text or ui and (ui.start() == 0 or words <= TITLE_UI_MAX_WORDS):
        return 0.0
    if BARE_URL.match(text) or text.startswith("(") and text.endswith(")") or CREDIT_ONLY.match(text):
        return 0.0  # a link, or a photo credit ("(Reed Saxon / Associated Press)")
    score = 1.0 if words >= 4 else 0.3
    score -= distance * TITLE_DISTANCE_COST
    if counts[b.text.lower()] > 1:
        score += TITLE_REPEATED_BONUS
    if header_at > b.idx:
        score += TITLE_BEFORE_HEADER_BONUS  # headline, then date line / byline, then body
    if text.endswith(".") and not text.endswith("..."):
        score -= 0.5  # a standfirst or caption, not a headline
    if text.isupper() and words <= 4:
        score -= 0.5
    if slug:
        vocab = {w.lower() for w in _WORD.findall(text)}
        if vocab and len(vocab & slug) >= TITLE_SLUG_SHARE * min(len(vocab), len(slug)):
            score += TITLE_SLUG_BONUS
    return score


def _title_window_start(blocks: list[_Block], first: int) -> int:
    """Where the headline search starts: TITLE_WINDOW lines before the body, not counting boilerplate lines
    (a share bar and a photo caption between headline and body must not push the headline out of reach)."""
    seen = 0
    for k in range(first - 1, -1, -1):
        if blocks[k].kind != "junk":
            seen += 1
            if seen == TITLE_WINDOW:
                return k
    return 0


def _read_title(art: Article, blocks: list[_Block], first: int, url: str | None) -> int | None:
    """Set the headline; return its block index (None when no line looks like one)."""
    window = blocks[_title_window_start(blocks, first) : first]
    header_at = max((b.idx for b in window if b.kind in ("date", "byline")), default=-1)
    counts = Counter(b.text.lower() for b in blocks)
    slug = _slug_words(url)
    best, best_score = None, 0.0
    for distance, b in enumerate(reversed(window), start=1):
        score = _title_score(b, distance, header_at, counts, slug)
        if score > best_score:
            best, best_score = b, score
    if best is None:
        return None
    art.title = _title_text(best.text)
    art.field_sources["title"] = "text: headline line before the body"
    return best.idx


@dataclass(frozen=True)
class _DateCandidate:
    """A date seen near the article, with what its line says about it and how much it is trusted."""

    block: _Block
    parsed: DateParse
    role: str  # "published", "implied" (first date before "Updated"), "updated", "plain"
    zone: str  # "head" (headline to body), "above" (above the headline), "after" (after the body)
    score: float


def _date_roles(line: str) -> list[tuple[DateParse, str]]:
    """Every date of a line with its role: the nearest label before it decides ("Published 4 May, updated 6 May");
    an unlabelled first date with "Updated" later on the line is the publication ("May 12 | Updated 8:00 PM")."""
    labels = [(m.end(), "published") for m in PUBLISHED_LABEL.finditer(line)]
    labels += [(m.end(), "updated") for m in UPDATED_LABEL.finditer(line)]
    out: list[tuple[DateParse, str]] = []
    for i, (m, parsed) in enumerate(find_dates(line)):
        before = [(end, role) for end, role in labels if end <= m.start]
        if before:
            role = max(before)[1]
        elif i == 0 and any(end > m.end and role == "updated" for end, role in labels):
            role = "implied"
        else:
            role = "plain"
        out.append((parsed, role))
    return out


def _may_hold_date(b: _Block) -> bool:
    return b.kind in DATED_KINDS and b.words <= DATED_MAX_WORDS


def _lines_between(blocks: list[_Block], a: int, z: int) -> int:
    """Lines strictly between blocks a and z that are not boilerplate (ads, "Share", reading time)."""
    return sum(1 for b in blocks[a + 1 : z] if b.kind != "junk")


def _is_bare_date_line(text: str) -> bool:
    """Nothing on the line but dates, times, weekday names and a label ("Last updated:", "Today:")."""
    rest = PAGE_DATE_LINE.sub(" ", text)
    for m, _ in find_dates(rest):
        rest = rest.replace(m.text, " ")
    for a, z in reversed(weekday_spans(rest)):
        rest = rest[:a] + " " + rest[z:]
    rest = UPDATED_LABEL.sub(" ", PUBLISHED_LABEL.sub(" ", rest))
    return _word_count(rest) <= BARE_DATE_MAX_WORDS


def _has_navigation(blocks: list[_Block]) -> bool:
    """A site menu among these lines: a line of several "|"-separated items, or a few one/two-word lines."""
    if any(len(NAV_SEPARATOR.findall(b.text)) >= MENU_MIN_ITEMS - 1 for b in blocks):
        return True
    return sum(1 for b in blocks if b.kind in ("short", "junk", "boundary") and b.words <= 2) >= NAV_MIN_LINES


def _page_date_block(blocks: list[_Block], first: int, head_start: int, head_has_date: bool) -> _Block | None:
    """The page header's own date line (the day the page was shown or saved), if one is clearly there.

    That is a "Today:" line anywhere above the body, or else the page's first dated line above the headline
    when it holds nothing but a date (no "Published"; not followed by more bare date lines, which make a list)
    and sits in the header: before the site menu (a weekday date, a site-wide "Last updated" line, or a date
    among the page's first lines), or a weekday masthead date while the article head has a date of its own.
    """
    for b in blocks[:first]:
        if b.kind == "pagedate" and find_dates(b.text):
            return b  # labelled ("Today:"), so it may sit anywhere above the body
    for b in blocks[:head_start]:
        if not _may_hold_date(b) or not find_dates(b.text):
            continue
        if not _is_bare_date_line(b.text) or PUBLISHED_LABEL.search(b.text):
            return None
        between = blocks[b.idx + 1 : head_start]
        if any(_may_hold_date(c) and _is_bare_date_line(c.text) and find_dates(c.text) for c in between):
            return None  # a list of dates (teasers, archive), not one masthead date
        roles = _date_roles(b.text)
        site_updated = bool(roles) and roles[0][1] == "updated"
        weekday = bool(weekday_spans(b.text))
        if _has_navigation(between) and (weekday or site_updated or b.idx < PAGE_TOP_LINES):
            return b
        if head_has_date and not site_updated and (weekday or b.idx < PAGE_TOP_LINES):
            return b
        return None
    return None


def _date_candidates(blocks: list[_Block], first: int, last: int, head_start: int) -> list[_DateCandidate]:
    """Scored dates around the body: before it (within `TITLE_WINDOW`) and just after it (up to a comments
    heading or a footer marker)."""
    out: list[_DateCandidate] = []
    before = [b for b in blocks[max(0, first - TITLE_WINDOW) : first] if _may_hold_date(b) and b.kind != "pagedate"]
    after = []
    for b in blocks[last + 1 : last + 1 + DATE_WINDOW_AFTER]:
        if b.words <= MARKER_MAX_WORDS and _is_terminal(b.text):
            break  # comments, tags and footers follow: their dates are not the article's
        if _may_hold_date(b):
            after.append(b)
    for b in before + after:
        if b.idx >= head_start and b.idx < first:
            zone, score = "head", DATE_ZONE_HEAD
        elif b.idx < head_start:
            zone = "above"
            score = DATE_ZONE_ABOVE - DATE_ABOVE_LINE_COST * _lines_between(blocks, b.idx, head_start)
        else:
            zone, score = "after", DATE_ZONE_AFTER
        if b.score <= LISTING_DATE_COST:
            score += DATE_LISTING_COST
        for parsed, role in _date_roles(b.text):
            mention = b.kind not in ("date", "byline") and role in ("plain", "implied")
            total = score + DATE_ROLE_SCORE[role] + (DATE_MENTION_COST if mention else 0.0)
            out.append(_DateCandidate(b, parsed, role, zone, total))
    return out


def _read_dates(
    art: Article, blocks: list[_Block], first: int, last: int, url: str | None, title_at: int | None
) -> None:
    """Publication date: the best-scored candidate near the headline, byline and body start; the page
    header's own date goes to `page_date` and never competes. Falls back to a date in the URL."""
    head_start = title_at if title_at is not None and title_at < first else max(0, first - HEAD_LINES_NO_TITLE)
    candidates = _date_candidates(blocks, first, last, head_start)
    head_has_date = any(c.zone == "head" and c.role != "updated" for c in candidates)
    page_block = _page_date_block(blocks, first, head_start, head_has_date)
    if page_block is not None:
        art.page_date = find_dates(page_block.text)[0][1].iso
        art.field_sources["page_date"] = "text: page header date"
        candidates = [c for c in candidates if c.block.idx != page_block.idx]
    from_url = date_from_url(url)
    if candidates:
        best = max(candidates, key=lambda c: (c.score, c.block.idx if c.zone != "after" else -c.block.idx))
        distinct = sorted({c.parsed.date for c in candidates})
        if len(distinct) > 1:
            art.warnings.append("several candidate dates: " + ", ".join(distinct))
        if best.role == "updated" and from_url and from_url < best.parsed.date:
            _set_published(art, from_url, "url")  # the page states only a revision date
            return
        if best.zone == "after":
            source = "text: date line after the body"
        elif best.block.kind == "byline" or BYLINE.search(best.block.text):
            source = "text: byline date"
        else:
            source = "text: date line"
        _set_published(art, best.parsed.iso, source)
        return
    if from_url:
        _set_published(art, from_url, "url")
        return
    if page_block is not None:
        art.warnings.append("no publication date found (only the page header's date, kept as page_date)")
    else:
        art.warnings.append("no publication date found")


def _set_published(art: Article, value: str, source: str) -> None:
    art.published, art.published_source = value, source
    art.field_sources["published"] = source


def _clean_names(raw: str) -> list[str]:
    """Names from the part of a byline after "By": no dates, job titles, agencies or handles."""
    for m, _ in find_dates(raw):
        raw = raw.replace(m.text, " | ")
    raw = re.split(r"\s[|·•–—-]\s|\s[|·•]|\bon\b|\bat\b|\bupdated\b|\bpublished\b|\bposted\b|\bin\b", raw)[0]
    names = []
    for part in NAME_SPLIT.split(raw):
        part = part.strip(" .:-|")
        if not part or BYLINE_TITLE_WORDS.search(part) or NOT_A_NAME.search(part) or "@" in part:
            continue
        tokens = part.split()
        if not 1 <= len(tokens) <= 5:
            continue
        # A name starts with a capital; "de Campinas" after "Por Beatriz Lima," is where she wrote from.
        if tokens[0][:1].isupper() and all(t[:1].isupper() or t.lower() in NAME_PARTICLES for t in tokens):
            names.append(part)
    return names


def _read_authors(art: Article, before: list[_Block]) -> None:
    for i, b in enumerate(before):
        if BYLINE_BARE.match(b.text) and i + 1 < len(before):
            names = _clean_names(before[i + 1].text)
        else:
            m = BYLINE.search(b.text) if b.words <= 20 else None
            names = _clean_names(m["names"]) if m else []
        if names:
            art.authors = list(dict.fromkeys(names))
            art.field_sources["authors"] = "text: byline"
            return


def _read_bare_author(art: Article, blocks: list[_Block], title_at: int | None, first: int) -> None:
    """A name with no "By" between the headline and the body ("Ellen Shaw" over "Local government reporter" or
    over the date line): two or three capitalised words, right before a job title or a date line."""
    if title_at is None or title_at >= first:
        return
    for b in blocks[title_at + 1 : first]:
        nxt = blocks[b.idx + 1]
        tokens = b.text.split()
        if not BARE_NAME_MIN_WORDS <= len(tokens) <= BARE_NAME_MAX_WORDS or not BARE_NAME.match(b.text):
            continue
        job = nxt.words <= BYLINE_MAX_WORDS and BYLINE_TITLE_WORDS.search(nxt.text) is not None
        if nxt.kind == "date" or job:
            names = _clean_names(b.text)
            if names:
                art.authors = names
                art.field_sources["authors"] = "text: name line under the headline"
                return


def _read_reading_time(art: Article, blocks: list[_Block], first: int) -> None:
    for b in blocks[max(0, first - TITLE_WINDOW - 5) : first + 1]:
        m = READING_TIME.search(b.text) if b.words <= 10 else None
        if m:
            art.reading_minutes_stated = int(m["n"] or m["n2"])
            art.field_sources["reading_minutes_stated"] = "text: stated reading time"
            return


def _read_section(art: Article, blocks: list[_Block], first: int, last: int) -> None:
    for b in blocks[max(0, first - TITLE_WINDOW) : first]:
        if BREADCRUMB.match(b.text):
            parts = [p for p in NAV_SEPARATOR.split(b.text)[1:] if p]
            if 0 < len(parts) <= BREADCRUMB_MAX_CRUMBS:
                art.section = parts[-1] if len(parts) == 1 or _word_count(parts[-1]) <= 4 else parts[-2]
                art.field_sources["section"] = "text: breadcrumb"
                return
    for b in blocks[last + 1 :]:
        m = SECTION_LINE.match(b.text)
        if m:
            art.section = m["s"].strip(" -–:")
            art.field_sources["section"] = "text: 'latest from' line"
            return


def _read_site(art: Article, blocks: list[_Block], last: int) -> None:
    """The site's name from its copyright line (after the body, the page footer), for dumps with no URL."""
    for b in reversed(blocks[last + 1 :]):
        m = COPYRIGHT_SITE.match(b.text) if b.words <= JUNK_MAX_WORDS else None
        if m:
            name = m["site"].strip(" -–:,")
            if name and _word_count(name) <= SITE_MAX_WORDS and re.search(r"[A-Za-zÀ-ÿ]", name):
                art.site = name
                art.field_sources["site"] = "text: copyright line"
                return


def _read_related(art: Article, blocks: list[_Block], first: int, last: int) -> None:
    """Headlines of related/previous/next links in and right after the body (not the whole teaser lists)."""
    headlines: list[str] = []
    end = min(len(blocks), last + 1 + DATE_WINDOW_AFTER)
    for i in range(first, end):
        b = blocks[i]
        if b.kind == "related":
            m = RELATED_PREFIX.match(b.text)
            if m:
                headlines.append(m["headline"].strip())
        elif b.kind == "boundary" and re.match(r"^(?:previous|next|prev)\b", b.text, re.I) and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if nxt.kind not in ("boundary", "junk") and TITLE_MIN_WORDS <= nxt.words <= TITLE_MAX_WORDS:
                headlines.append(nxt.text)
    art.related_headlines = list(dict.fromkeys(headlines))
