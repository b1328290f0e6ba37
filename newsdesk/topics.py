"""Topics: rule topics (readable keyword queries from a TOML file) and topics discovered from the corpus.

Rule topics: `parse_query` compiles a query once into a predicate over a `Doc` (a set of folded tokens plus
the tokens joined by single spaces, for phrases and prefixes); `RuleMatcher` runs every rule on one article
and says which words matched. Discovered topics: `discover_topics` fits TF-IDF (uni+bigrams, sublinear tf)
and NMF, labels each topic by its top terms and gives each document its strongest topics.
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
    return _TOKEN_RE.findall(fold(text))


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
        segments = [" ".join(tokenize(part)) for part in (title, text) if isinstance(part, str) and part]
        joined = " " + _SEGMENT_BREAK.join(segments) + " "
        return cls(frozenset(joined.split()), joined)


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
        return _Node(lambda d: word in d.tokens, lambda d, ev: ev.append(word))
    needle = " " + " ".join(words) + ("" if prefix else " ")
    if not prefix:
        return _Node(lambda d: needle in d.text, lambda d, ev: ev.append(needle.strip()))
    finder = re.compile(re.escape(needle) + r"\w*")
    return _Node(
        lambda d: needle in d.text,
        lambda d, ev: ev.extend(dict.fromkeys(m.group(0).strip() for m in finder.finditer(d.text))),
    )


def _or(nodes: list[_Node]) -> _Node:
    if len(nodes) == 1:
        return nodes[0]
    preds = tuple(n.pred for n in nodes)

    def evid(d: Doc, ev: list[str]) -> None:
        for n in nodes:
            if n.pred(d):
                n.evid(d, ev)

    return _Node(lambda d: any(p(d) for p in preds), evid)


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

# Corpora smaller than this get no discovered topics: NMF on a handful of documents only echoes them back.
MIN_DOCS = 10
# n_topics=None picks round(sqrt(n_docs / AUTO_TOPICS_DOCS_DIVISOR)) clamped to [AUTO_TOPICS_MIN, AUTO_TOPICS_MAX]:
# 100 docs -> 4, 500 -> 10, 2,000 -> 20, 10,000+ -> 25. The cap keeps the dashboard's topic list readable.
AUTO_TOPICS_DOCS_DIVISOR = 5
AUTO_TOPICS_MIN = 3
AUTO_TOPICS_MAX = 25
# A document also gets every other topic whose weight is at least this fraction of its top topic's weight.
# 0.5 gives 1.7 topics per record on the News Category dev set (bench/topics_eval.py; one-line snippets spread
# their weight, full articles concentrate it), so a second topic only where it has half the top one's weight.
SECONDARY_WEIGHT_FRACTION = 0.5
# ... and only when that topic holds at least this share of the document's whole topic weight: a document spread
# thin over many topics (an article unlike the rest of the corpus gave four topics at 0.13-0.24) keeps its top one.
MIN_SECONDARY_SHARE = 0.25
# Feature settings, chosen on bench/topics_eval.py (NMI 0.23 vs 0.15 for default TF-IDF + NMF in the same run):
# uni+bigrams, sublinear tf, terms in >= 2 docs and <= half of them, letters-only tokens of 2+ characters.
NGRAM_RANGE = (1, 2)
MIN_DF = 2
MAX_DF = 0.5
MAX_FEATURES = 30_000  # bounds memory and NMF time on 100k-article corpora; rarer terms never reach a label
MAX_DOC_CHARS = 5_000  # a story's theme is set in its opening; the rest costs time without changing topics
# Multiplicative-update NMF: same NMI as coordinate descent on the dev set (0.225 vs 0.224) in half the time.
NMF_SOLVER = "mu"
NMF_MAX_ITER = 300
NMF_TOL = 1e-4
# BLAS threads during the fit. NMF's products are small and many: with more threads OpenBLAS spent 10-20x longer
# waiting than computing on a loaded 2-core machine (bench/topics_eval.py: 0.6-1.4 s vs 10-11 s for 2,000 docs).
BLAS_THREADS = 1
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
LABEL_TERMS = 3  # terms in a topic's label
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


def _label(terms: Sequence[str], used: set[str]) -> str:
    """LABEL_TERMS top terms without repeated words: a bigram replaces the unigrams it contains, a term that
    only overlaps a chosen one is skipped; a label already in `used` gets more terms, then a number."""
    chosen: list[str] = []
    for term in terms[:LABEL_LOOKAHEAD]:
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
    for n in range(LABEL_TERMS, len(chosen) + 1):
        label = LABEL_SEPARATOR.join(chosen[:n])
        if label not in used:
            return label
    base, n = LABEL_SEPARATOR.join(chosen), 2
    label = base
    while label in used:
        label, n = f"{base} ({n})", n + 1
    return label


def discover_topics(docs: Sequence[tuple[str, str]], n_topics: int | None = None, *, seed: int = 0) -> Discovery:
    """Topics learned from `docs` ((id, title + text) pairs) with TF-IDF + NMF; deterministic for a given corpus.

    Documents are sorted by id first, so the same corpus in any order gives the same topics. Topics are numbered
    by size (0 = largest); a topic no document ends up in is dropped. Fewer than MIN_DOCS usable documents, or
    no usable vocabulary, gives an empty Discovery.
    """
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    empty = Discovery(topics=[], assignments=[])
    usable = sorted(
        ((str(doc_id), text) for doc_id, text in docs if isinstance(text, str) and text.strip()),
        key=lambda d: d[0],
    )
    if len(usable) < MIN_DOCS:
        return empty
    vectorizer = TfidfVectorizer(
        preprocessor=fold,
        token_pattern=TOKEN_PATTERN,
        stop_words=_stop_words(),
        ngram_range=NGRAM_RANGE,
        min_df=MIN_DF,
        max_df=MAX_DF,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float64,
    )
    try:
        x = vectorizer.fit_transform([text[:MAX_DOC_CHARS] for _, text in usable])
    except ValueError:  # empty vocabulary: every word is a stop word or appears once
        return empty
    k = auto_n_topics(len(usable)) if n_topics is None else n_topics
    k = min(k, x.shape[0], x.shape[1])
    if k < 1:
        return empty
    model = NMF(
        n_components=k, init="nndsvda", solver=NMF_SOLVER, random_state=seed, max_iter=NMF_MAX_ITER, tol=NMF_TOL
    )
    with threadpool_limits(limits=BLAS_THREADS), np.errstate(all="ignore"):
        w = model.fit_transform(x)
    h = model.components_
    vocab = vectorizer.get_feature_names_out()

    totals = w.sum(axis=1)
    per_doc: list[list[tuple[int, float]]] = []
    for i in range(w.shape[0]):
        if totals[i] <= 0:
            per_doc.append([])
            continue
        row = w[i]
        top = row.max()
        strong = sorted(
            (int(t) for t in np.flatnonzero(row >= SECONDARY_WEIGHT_FRACTION * top)), key=lambda t: (-row[t], t)
        )
        shares = [(t, float(row[t] / totals[i])) for t in strong]
        per_doc.append(shares[:1] + [(t, share) for t, share in shares[1:] if share >= MIN_SECONDARY_SHARE])

    sizes = np.zeros(k, dtype=int)
    for doc_topics in per_doc:
        for t, _ in doc_topics:
            sizes[t] += 1
    order = [int(t) for t in sorted(range(k), key=lambda t: (-sizes[t], t)) if sizes[t] > 0]
    new_id = {old: new for new, old in enumerate(order)}

    topics: list[DiscoveredTopic] = []
    used: set[str] = set()
    for old in order:
        terms = [str(vocab[j]) for j in np.argsort(-h[old], kind="stable")[:TOPIC_TERMS] if h[old, j] > 0]
        label = _label(terms, used)
        used.add(label)
        topics.append(DiscoveredTopic(id=new_id[old], label=label, terms=terms, size=int(sizes[old])))

    by_id = {doc_id: picks for (doc_id, _), picks in zip(usable, per_doc, strict=True)}
    assignments: list[tuple[str, int, float]] = []
    seen: set[str] = set()
    for doc_id, _ in docs:  # input order, each id once
        key = str(doc_id)
        if key in seen or key not in by_id:
            continue
        seen.add(key)
        assignments.extend((key, new_id[t], round(weight, 4)) for t, weight in by_id[key])
    return Discovery(topics=topics, assignments=assignments)
