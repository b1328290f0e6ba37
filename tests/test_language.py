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
