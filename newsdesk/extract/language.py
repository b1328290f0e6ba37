"""Language of a text: ISO 639-1 code from py3langid (its model ships inside the package, no download)."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

# Below this many letters a guess is noise (py3langid calls "hello" Breton); checked by hand on headlines
# and one-line teasers: 40 letters is about one short sentence, where guesses start to be right.
MIN_LETTERS = 40
LETTER_RE = re.compile(r"[^\W\d_]")
# Normalised probability under which the guess is withheld (mixed-language or code-heavy text).
MIN_PROBABILITY = 0.5
# Only this much text is classified: the verdict is stable long before, and cost grows with length (py3langid
# counts features in Python: ~0.6 ms per 1,000 characters, a third of a record's ingest when it states no
# language). On the 584 bench pages (title + body) 2,500 characters give the answer 5,000 give on every page; 1,500
# on every page but one bilingual German/English page (read as English). 1,500: the cost of a million records without
# a language stated matters more than that page.
MAX_CHARS = 1500


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """The py3langid model, loaded once per process (about two seconds)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`; None when it is too short (MIN_LETTERS) or the model is unsure."""
    if not text:
        return None
    sample = text[:MAX_CHARS]
    if sum(1 for _ in itertools.islice(LETTER_RE.finditer(sample), MIN_LETTERS)) < MIN_LETTERS:
        return None  # stops counting at MIN_LETTERS: 50x cheaper than counting every letter of the sample
    try:
        lang, prob = _identifier().classify(sample)
    except Exception:
        return None
    if prob < MIN_PROBABILITY:
        return None
    return str(lang)


def normalize_language(value: str | None) -> str | None:
    """A declared language ("en-US", "de_DE", "EN") as a lower-case two-letter code, else None."""
    if not value:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value)
    if not m:
        return None
    code = m.group(1).lower()
    return code if len(code) == 2 else None
