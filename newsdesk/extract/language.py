"""Language of a text: ISO 639-1 code from py3langid (its model ships inside the package, no download)."""

from __future__ import annotations

import functools
import re
from typing import Any

# Below this many letters a guess is noise (py3langid calls "hello" Breton); checked by hand on headlines
# and one-line teasers: 40 letters is about one short sentence, where guesses start to be right.
MIN_LETTERS = 40
# Normalised probability under which the guess is withheld (mixed-language or code-heavy text).
MIN_PROBABILITY = 0.5
# Only this much text is classified: the verdict is stable long before, and cost grows with length. 1,000 characters
# gave the same answer as 5,000 on all 685 texts tried (the 103 aeb bodies in many languages, the demo exports, 500
# scale-bench records) at 0.42 ms a text instead of 1.0 ms.
MAX_CHARS = 1000
_LETTER = re.compile(r"[^\W\d_]")


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
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
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
