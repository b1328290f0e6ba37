"""detect_language: two-letter codes from py3langid, None for text too short to judge."""

from __future__ import annotations

import pytest

from newsdesk.extract.language import MIN_LETTERS, detect_language, normalize_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The city council approved the budget for the new library on Tuesday night after a long debate.", "en"),
        ("Der Stadtrat hat am Dienstagabend nach langer Debatte den Haushalt für die neue Bibliothek gebilligt.", "de"),
        ("Le conseil municipal a approuvé mardi soir le budget de la nouvelle bibliothèque après un long débat.", "fr"),
        (
            "El ayuntamiento aprobó el martes por la noche el presupuesto de la nueva biblioteca tras un largo debate.",
            "es",
        ),
    ],
)
def test_detects_common_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_too_short_or_empty_is_none() -> None:
    assert detect_language("") is None
    assert detect_language("hello") is None
    assert detect_language("12345 67890 !!! ... 2024-01-19 " * 5) is None  # no letters at all
    assert detect_language("a" * (MIN_LETTERS - 1)) is None


@pytest.mark.parametrize(
    ("declared", "code"),
    [("en-US", "en"), ("de_DE", "de"), ("FR", "fr"), ("pt-BR", "pt"), ("", None), (None, None), ("english", None)],
)
def test_normalize_language(declared: str | None, code: str | None) -> None:
    assert normalize_language(declared) == code


def test_only_the_sample_is_classified() -> None:
    from newsdesk.extract.language import MAX_CHARS

    german = "Der Stadtrat hat am Dienstagabend den Haushalt für die neue Bibliothek gebilligt. "
    english = "The council approved the budget for the new library on Tuesday night after a debate. "
    text = german * (MAX_CHARS // len(german) + 1) + english * 200
    assert detect_language(text) == "de"


def test_letters_are_counted_only_up_to_the_minimum() -> None:
    assert detect_language("1234 " * 50 + "Der Stadtrat hat den Haushalt für die neue Bibliothek gebilligt.") == "de"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "The council said on Tuesday that the new library would open in the spring, and that the budget was "
            "approved by a large majority of the members who were present for the vote.",
            "en",
        ),
        (
            "Le conseil municipal a approuvé mardi soir le budget de la nouvelle bibliothèque, qui sera ouverte au "
            "printemps, et il a dit que les travaux sont déjà en cours dans le quartier de la gare.",
            "fr",
        ),
        (
            "Der Stadtrat hat am Dienstag den Haushalt für die neue Bibliothek gebilligt, die im Frühjahr eröffnet "
            "wird, und er sagte, dass die Arbeiten auf dem Gelände bereits begonnen haben und nicht ruhen.",
            "de",
        ),
        (
            "De gemeenteraad heeft dinsdag de begroting voor de nieuwe bibliotheek goedgekeurd, die in het voorjaar "
            "wordt geopend, en het college zei dat de werkzaamheden op het terrein al zijn begonnen.",
            "nl",
        ),
    ],
)
def test_function_words_settle_plain_prose_and_agree_with_the_model(text: str, code: str) -> None:
    from newsdesk.extract.language import FAST_MIN_WORDS, _by_function_words, model_language

    text = f"{text} {text}"  # a paragraph of news, past the fast path's minimum
    assert len(text.split()) >= FAST_MIN_WORDS
    assert _by_function_words(text) == code == model_language(text) == detect_language(text)


@pytest.mark.parametrize(
    "text",
    [
        # Swedish: no list of its own; a few Dutch/German look-alikes must not settle it
        "Kommunfullmäktige godkände på tisdagen budgeten för det nya biblioteket, som öppnar i vår, och "
        "kommunen sade att arbetet på platsen redan har börjat och att det går enligt planen för året.",
        # half English, half German: no clear leader
        "The council approved the budget for the library on Tuesday and said that the work has begun. "
        "Der Stadtrat hat den Haushalt für die Bibliothek gebilligt und sagte, dass die Arbeiten begonnen haben.",
        "short text with the and of",  # too few words
    ],
)
def test_function_words_leave_other_texts_to_the_model(text: str) -> None:
    from newsdesk.extract.language import _by_function_words

    assert _by_function_words(text) is None
