"""Tests for extract.locales: every language table is complete and well-formed, the cleaner's patterns recognise each
language's page chrome, and the hand-written dumps of each language (tests/fixtures/textclean/<lang>/) come out
with their title, date, authors and body."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsdesk.extract import locales
from newsdesk.extract.locales import COMPLETE, OPTIONAL_CATEGORIES, TABLES, alternation, categories, phrase_regex
from newsdesk.extract.textclean import (
    BYLINE,
    JUNK_LINE,
    LEGAL_LINE,
    PUBLISHED_LABEL,
    READING_TIME,
    RELATED_PREFIX,
    UPDATED_LABEL,
    _classify,
    clean_dump,
)

FIXTURES = Path(__file__).parent / "fixtures" / "textclean"
LANGUAGES = ("fr", "de", "es", "it", "pt", "nl")  # the six the issue names; English is one more table
CASES = sorted(str(p.relative_to(FIXTURES)).removesuffix(".expected.json") for p in FIXTURES.glob("*/*.expected.json"))


def test_the_six_languages_and_english_have_complete_tables() -> None:
    assert {t.code for t in COMPLETE} == {"en", *LANGUAGES}
    assert len({t.code for t in TABLES}) == len(TABLES)
    for table in COMPLETE:
        missing = [c for c in categories() if not getattr(table, c) and c not in OPTIONAL_CATEGORIES]
        assert not missing, f"{table.code}: empty categories {missing}"


def test_optional_categories_are_real_categories() -> None:
    assert set(OPTIONAL_CATEGORIES) <= set(categories())


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.code)
def test_every_phrase_is_plain_text_and_matches_its_own_category(table: locales.Locale) -> None:
    for category in categories():
        pattern = re.compile(alternation([table], category), re.IGNORECASE)
        for phrase in getattr(table, category):
            assert phrase == phrase.strip() and "  " not in phrase, (category, phrase)
            assert pattern.fullmatch(phrase), (category, phrase)
    for category, fragment in table.patterns:
        assert category in categories(), category
        re.compile(fragment)


def test_phrases_match_either_apostrophe_and_any_spacing() -> None:
    rx = re.compile(phrase_regex("à lire aussi l'article"), re.IGNORECASE)
    assert rx.fullmatch("À lire  aussi l’article")
    assert not rx.fullmatch("à lire aussi larticle")


def test_a_category_no_table_fills_matches_nothing() -> None:
    assert re.search(alternation([], "teaser_headings"), "anything") is None


# What the issue lists, per language: each line is recognised as what it is.
CHROME = {
    "fr": ("Lecture : 3 min", "Lire aussi : Le port de Brest double sa capacité", "Partager", "Abonnez-vous",
           "Par Jean Dupont", "Publié le 3 mai 2024 à 08h30", "mis à jour le 4 mai 2024"),
    "de": ("Lesezeit: 4 Min.", "Auch interessant: Neue Brücke über den Rhein eröffnet", "Teilen", "Jetzt abonnieren",
           "Von Max Mustermann", "Veröffentlicht am 3. Mai 2024", "Aktualisiert am 4. Mai 2024"),
    "es": ("Tiempo de lectura: 5 min", "Lee también: El metro de Bilbao amplía su horario", "Compartir",
           "Suscríbete", "Por Lucía Ortega", "Publicado el 3 de mayo de 2024", "Actualizado el 4 de mayo de 2024"),
    "it": ("Tempo di lettura: 3 minuti", "Leggi anche: Torino, riapre il museo del cinema", "Condividi", "Abbonati",
           "Di Giulia Ferraro", "Pubblicato il 3 maggio 2024", "Aggiornato il 4 maggio 2024"),
    "pt": ("Tempo de leitura: 4 min", "Leia também: Porto abre nova linha de metro", "Partilhar", "Assine",
           "Por Mariana Costa", "Publicado em 3 de maio de 2024", "Atualizado em 4 de maio de 2024"),
    "nl": ("Leestijd: 4 minuten", "Lees ook: Utrecht krijgt grootste fietsenstalling", "Delen", "Abonneer",
           "Door Sanne de Vries", "Gepubliceerd op 3 mei 2024", "Bijgewerkt op 4 mei 2024"),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cleaner_recognises_each_languages_chrome(lang: str) -> None:
    reading, related, share, subscribe, byline, published, updated = CHROME[lang]
    m = READING_TIME.search(reading)
    assert m and int(m["n"] or m["n2"]) in (3, 4, 5)
    assert RELATED_PREFIX.match(related)
    assert JUNK_LINE.match(share) and JUNK_LINE.match(subscribe)
    assert BYLINE.match(byline)
    assert PUBLISHED_LABEL.search(published) and not UPDATED_LABEL.search(published)
    assert UPDATED_LABEL.search(updated)


@pytest.mark.parametrize(
    "line",
    [
        "Nous utilisons des cookies pour vous proposer des contenus adaptés et mesurer l'audience.",
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten und unsere Angebote zu verbessern.",
        "Utilizamos cookies propias y de terceros para analizar nuestros servicios y mostrarle publicidad.",
        "Questo sito utilizza cookie di profilazione di terze parti per inviarti pubblicità mirata.",
        "Utilizamos cookies para personalizar conteúdos e anúncios e para analisar o nosso tráfego.",
        "Wij gebruiken cookies om onze website te verbeteren en om advertenties te personaliseren.",
    ],
)
def test_cookie_banners_are_never_body_however_long(line: str) -> None:
    assert LEGAL_LINE.search(line.lower())  # the cleaner searches the lower-cased line
    blocks = _classify(
        ["A first paragraph of the story that runs long enough to read as prose, with a full stop.", line]
    )
    assert blocks[1].kind == "junk"


def test_legal_line_is_all_lower_case_so_a_lower_cased_line_is_enough() -> None:
    """LEGAL_LINE runs without IGNORECASE on `line.lower()`: an upper-case letter in it (a locale's pattern
    fragment) would never match."""
    assert not re.search(r"(?<!\\)[A-Z]", LEGAL_LINE.pattern)


def test_a_label_needs_minutes_or_the_line_end_to_be_a_reading_time() -> None:
    assert READING_TIME.search("Lecture : 3 min") and READING_TIME.search("Lesezeit 3")
    assert not READING_TIME.search("Lecture 3: Thermodynamics and heat engines")


def test_prose_that_mentions_subscribers_stays_body() -> None:
    """Subscription prompts are imperative phrases, not words a news story uses ('gli abbonati', 'que assine')."""
    for line in (
        "Gli abbonati al servizio sono aumentati del dieci per cento nell'ultimo anno, secondo i dati dell'azienda.",
        "O sindicato espera que o governo assine o acordo antes do fim do mês, disse o presidente da federação.",
    ):
        assert not JUNK_LINE.match(line) and not LEGAL_LINE.search(line.lower())


def test_every_language_has_at_least_two_fixture_dumps() -> None:
    for lang in LANGUAGES:
        assert len([c for c in CASES if c.startswith(f"{lang}/")]) >= 2, lang


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", CASES)
def test_language_fixture(case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.expected.json").read_text(encoding="utf-8"))
    raw = (FIXTURES / f"{case}.txt").read_text(encoding="utf-8")
    art = clean_dump(raw, source=f"{case}.txt", url=expected.get("url"))
    assert art.title == expected["title"]
    assert art.published == expected["published"]
    assert art.authors == expected["authors"]
    assert _norm(art.text) == _norm(expected["text"])
    for field in ("reading_minutes_stated", "related_headlines"):
        if field in expected:
            assert getattr(art, field) == expected[field], field
    for banned in expected["must_not_contain"]:
        assert banned not in art.text, banned
