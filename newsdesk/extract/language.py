"""Language of a text: ISO 639-1 code from py3langid (its model ships inside the package, no download), with a
function-word count in front of it that settles plain running text of the seven languages users store most."""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
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

# The fast path: the commonest function words of news prose in each language of the complete locale tables. In
# running text of one of these languages a fifth or more of the words are on its list, and at most a few on any
# other's; py3langid settles everything else (other languages, mixed text, lists, code, short texts). Measured by
# bench/language.py (7,787 texts: the 584 shared bench pages, 1,997 headlines, fixtures, the demo corpus, 5,000
# synthetic records): the fast path answers for 74% of them (79-90% of the real pages, 4% of the one-line headlines,
# all but 3 records) in a seventh of py3langid's time, and its answer is py3langid's on every one.
FUNCTION_WORDS: dict[str, str] = {
    "en": "the and of to is was that with for are this have has been were which their they said would will from who"
    " in as do no",
    "fr": "le la les des et est une dans pour que qui sur pas avec aux du ce cette sont ont il elle mais nous plus été"
    " au de en son",
    "de": "der die das und ist nicht mit den dem des ein eine zu auf für sich auch von im sie wird wurde hat sind"
    " er in",
    "es": "el los las del que y en un una por con para es se al lo como más pero sus su fue ha este esta son de no dos",
    "it": "il di che e la le gli della del un una per con non è sono da nel alla dei delle anche più come ha questo in"
    " o lo",
    "pt": "o os as da do das dos que e em um uma para com não no na por mais é foi ao se seu sua também pelo de como"
    " este esta",
    "nl": "de het een van en in is dat op te met voor zijn niet aan er die wordt ook bij naar maar heeft werd",
}
FAST_MIN_WORDS = 40  # fewer words in the sample: the model decides
FAST_MIN_SHARE = 0.12  # the leading language's words among the sample's words
FAST_MARGIN = 3.0  # ... at least this many times the runner-up's
# A word common in two of these languages is on both lists ("la", "que", "de", "in"): it tells nothing apart, and
# only words on one list count.
_LISTED = [w for words in FUNCTION_WORDS.values() for w in words.split()]
_WORD_LANG: dict[str, str] = {
    w: code for code, words in FUNCTION_WORDS.items() for w in words.split() if _LISTED.count(w) == 1
}
_WORD_RE = re.compile(r"[^\W\d_]+")


def _by_function_words(sample: str) -> str | None:
    """The language whose function words clearly dominate `sample`, else None (let the model decide)."""
    words = _WORD_RE.findall(sample.lower())
    if len(words) < FAST_MIN_WORDS:
        return None
    hits = dict.fromkeys(FUNCTION_WORDS, 0)
    for code, n in Counter(map(_WORD_LANG.get, words)).items():  # counted in C: a loop per word cost twice as much
        if code is not None:
            hits[code] = n
    (first, top), (_, second) = sorted(hits.items(), key=lambda kv: -kv[1])[:2]
    if top >= FAST_MIN_SHARE * len(words) and top >= FAST_MARGIN * second:
        return first
    return None


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
    fast = _by_function_words(sample)
    if fast is not None:
        return fast
    return model_language(sample)


def model_language(sample: str) -> str | None:
    """py3langid's verdict on `sample`, None when unsure (MIN_PROBABILITY)."""
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
