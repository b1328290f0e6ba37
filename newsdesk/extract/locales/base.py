"""The shape of one language's page-chrome table, and how its phrases become regular-expression alternations.

A table lists the words and phrases news pages of one language put around an article: reading-time lines, "read
also" links, share bars, cookie and subscription prompts, date labels, bylines, footers. Phrases are plain text
(matched case-insensitively, a space matching any run of white space, a straight apostrophe matching a curly one);
the few forms a list cannot spell out ("more <up to three words> stories") are regular-expression fragments in
`patterns`, filed under the category they extend. The cleaner (newsdesk.extract.textclean) compiles each category
of every table into its patterns once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields

Phrases = tuple[str, ...]


@dataclass(frozen=True)
class Locale:
    """One language's page chrome, by category: each a tuple of phrases. A complete table fills every category but
    those of OPTIONAL_CATEGORIES (tests/test_locales.py checks); a partial one (PARTIAL in the package) only lists
    what pages of that language were seen to need."""

    code: str  # ISO 639-1
    name: str

    # Reading time: "Lecture : 3 min" (label, number, minute word) and "3 min de lecture" (number, minute word, suffix).
    reading_time_labels: Phrases = ()
    reading_time_suffixes: Phrases = ()
    minute_words: Phrases = ()

    # Related stories: "Lire aussi : <headline>" (a prefix, then ":" and a headline) and whole-line headings over a
    # teaser list ("Sur le même sujet", "Les plus lus"), which end the body.
    related_prefixes: Phrases = ()
    teaser_headings: Phrases = ()
    # "Plus d'actualités dans <section>"-style headings after the body; what follows the prefix names the section.
    section_prefixes: Phrases = ()

    # Comment threads: the nouns of "34 commentaires" / "Commentaires (12)", the nouns of "34 réponses à <title>"
    # (too common to mark a heading alone: "Final thoughts"), the prompts that open a thread and the prepositions
    # of "34 réponses à <title>".
    comment_words: Phrases = ()
    reply_words: Phrases = ()
    comment_prompts: Phrases = ()
    comment_prepositions: Phrases = ()

    # Whole-line markers of the page after an article: story navigation ("Article suivant"), tag lists ("Mots-clés",
    # after which an article never resumes) and other closing headings ("Newsletter", "Retour en haut").
    story_navigation: Phrases = ()
    tag_headings: Phrases = ()
    end_markers: Phrases = ()

    # Share bars: one-word buttons ("Partager", "Imprimer"), whole-line phrases ("Lien copié") and prefixes of
    # "Partager sur Facebook".
    share_words: Phrases = ()
    share_phrases: Phrases = ()
    share_prefixes: Phrases = ()

    # Subscription and cookie prompts. Buttons are whole lines ("S'abonner", "Tout accepter"); subscription prompts
    # mark a short line wherever they stand in it ("réservé aux abonnés"); cookie prompts and legal notices mark a
    # line of any length ("nous utilisons des cookies", "reproduction interdite"): never body.
    subscription_buttons: Phrases = ()
    subscription_prompts: Phrases = ()
    cookie_buttons: Phrases = ()
    cookie_prompts: Phrases = ()
    legal_notices: Phrases = ()

    # Footers and furniture: the "all rights reserved" formula, footer links ("Mentions légales"), advertising labels,
    # interface lines ("Menu", "Rechercher", "Lire la suite"), interface words that disqualify a headline candidate,
    # words that open a photo credit ("Photo :") or a source credit ("Source :"), and footer terms that tell a
    # publisher's footer from an article's last paragraphs.
    rights_reserved: Phrases = ()
    footer_links: Phrases = ()
    ad_labels: Phrases = ()
    interface_words: Phrases = ()
    headline_ui_words: Phrases = ()
    photo_labels: Phrases = ()
    credit_labels: Phrases = ()
    footer_terms: Phrases = ()

    # Dates: labels of the publication and revision dates, of a page header's own date ("Aujourd'hui :"), and of
    # relative dates ("il y a 3 heures": words before or after a number and a unit; "une heure" spells the one).
    published_labels: Phrases = ()
    updated_labels: Phrases = ()
    today_labels: Phrases = ()
    ago_before: Phrases = ()
    ago_after: Phrases = ()
    one_words: Phrases = ()
    time_units: Phrases = ()

    # Bylines: "Par Jean Dupont" / "Auteur : Jean Dupont", the author box after a body ("À propos de Jean Dupont",
    # "À propos de l'auteur"), words joining names ("Jean Dupont et Anne Roy", matched case-sensitively), particles
    # inside names ("de la"), and words that mark the job-title part of a byline ("correspondant", "rédaction").
    byline_prefixes: Phrases = ()
    author_box_prefixes: Phrases = ()
    author_box_headings: Phrases = ()
    name_joiners: Phrases = ()
    name_particles: Phrases = ()
    byline_stop_words: Phrases = ()
    # Class or id words of an HTML byline element in this language (<span class="auteur">Par Jean Dupont</span>).
    byline_classes: Phrases = ()

    # Page furniture: a breadcrumb starts with the home page's name; a gallery counts "3 sur 12".
    home_labels: Phrases = ()
    counter_words: Phrases = ()

    # Title Case leaves these short words lower-case ("Department of the Interior"); only English writes headlines so.
    title_case_minor_words: Phrases = ()

    # Regular-expression fragments, by category, for forms a phrase list cannot spell out.
    patterns: tuple[tuple[str, str], ...] = ()


def categories() -> list[str]:
    """Names of the phrase categories every table has (all fields but `code`, `name` and `patterns`)."""
    return [f.name for f in fields(Locale) if f.name not in ("code", "name", "patterns")]


# Categories a complete table may leave empty, and why.
OPTIONAL_CATEGORIES: dict[str, str] = {
    "title_case_minor_words": "only English writes headlines in Title Case",
    "ago_before": "languages that put the word after the number ('3 hours ago') have none",
    "ago_after": "languages that put the word before the number ('il y a 3 heures') have none",
    "name_particles": "English names have no particles the other tables do not already list",
    "byline_classes": "English class names (byline, author, writer) are htmlmeta.BYLINE_CLASS_RE's own",
}


def _tokens(phrase: str) -> list[str]:
    """A phrase as regular-expression atoms: one per character, a run of spaces as `\\s+`, an apostrophe as either."""
    out: list[str] = []
    for part in re.split(r"(\s+|['’])", phrase.strip()):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part in "'’":
            out.append("['’]")
        else:
            out.extend(re.escape(c) for c in part)
    return out


def phrase_regex(phrase: str) -> str:
    """A plain phrase as a regular expression: escaped, spaces match any white space, apostrophes either form."""
    return "".join(_tokens(phrase))


_Trie = dict[str, "_Trie"]
_END = ""  # the key that marks a phrase ending at a trie node


def _trie_regex(node: _Trie) -> str:
    """The phrases under a trie node as one regular expression; longer matches are tried first (greedy `?`)."""
    branches = [(atom, child) for atom, child in node.items() if atom != _END]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        atom, child = branches[0]
        return atom + _trie_regex(child)
    body = "|".join(atom + _trie_regex(child) for atom, child in branches)
    return "(?:" + body + ")" + ("?" if _END in node else "")


def alternation(tables: Iterable[Locale], *categories_: str, fold_case: bool = True) -> str:
    """One non-capturing group matching any phrase (or pattern fragment) of these categories in these tables.

    The phrases are merged into a character trie, so a position where none matches costs one test per distinct
    first letter rather than one per phrase (the cleaner runs these on every line; a plain alternation of the seven
    tables made it 1.7 times slower). A category that no table fills gives a group that matches nothing. With
    `fold_case` off, phrases keep their case (for patterns compiled without IGNORECASE)."""
    tables = list(tables)
    trie: _Trie = {}
    for phrase in sorted({p.lower() if fold_case else p for t in tables for c in categories_ for p in getattr(t, c)}):
        node = trie
        for atom in _tokens(phrase):
            node = node.setdefault(atom, {})
        node[_END] = {}
    regexes = [_trie_regex(trie)] if trie else []
    regexes += [rx for t in tables for c, rx in t.patterns if c in categories_]
    return "(?:" + ("|".join(regexes) or "(?!)") + ")"
