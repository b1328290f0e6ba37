"""newsdesk.analysis.rulesql: rule queries in SQL give exactly RuleMatcher's matches and evidence.

Compared on the demo corpus, on hand-written tricky text (punctuation, hyphens, apostrophes, accents composed and
decomposed, case, ligatures, scripts that NFC composes) and on seeded random text and queries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from newsdesk.analysis import rulesql
from newsdesk.analysis.topics import _TOKEN_RE, Doc, QueryError, RuleMatcher, RuleTopic, load_rules, parse_query

REPO_TOPICS = Path(__file__).resolve().parent.parent / "data" / "topics.toml"
Row = tuple[str, str | None, str | None]


def _table(rows: Sequence[Row]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(len(rows))]
    con.register(
        "_rows",
        pa.table(
            {
                "id": [r[0] for r in rows],
                "title": pa.array([r[1] for r in rows], type=pa.string()),
                "text": pa.array([r[2] for r in rows], type=pa.string()),
                "published_day": pa.array(days, type=pa.date32()),
            }
        ),
    )
    con.execute("CREATE TABLE docs AS SELECT * FROM _rows")
    con.unregister("_rows")
    return con


def _expected(rows: Sequence[Row], rules: Sequence[RuleTopic]) -> set[tuple[str, str, str]]:
    matcher = RuleMatcher(rules)
    return {(aid, f"rule:{name}", ev) for aid, title, text in rows for name, ev in matcher.match(title or "", text)}


def _got(con: duckdb.DuckDBPyConnection, rules: Sequence[RuleTopic]) -> set[tuple[str, str, str]]:
    table = rulesql.match_rules(con, rules, source="docs")
    assert set(table.column("score").to_pylist()) <= {1.0}
    got = list(
        zip(
            table.column("article_id").to_pylist(),
            table.column("topic_id").to_pylist(),
            table.column("evidence").to_pylist(),
            strict=True,
        )
    )
    assert len(got) == len(set(got)), "a row came back twice"
    return set(got)


def _risky_share(con: duckdb.DuckDBPyConnection) -> float:
    total = con.execute("SELECT count(*) FROM docs").fetchone()[0]  # type: ignore[index]
    return len(rulesql._risky_rows(con, "docs")) / total


def test_python_word_characters_are_what_the_tables_assume() -> None:
    for cp in range(0x30000):
        ch = chr(cp)
        if not 0xD800 <= cp <= 0xDFFF:
            assert rulesql._is_word(ch) == bool(_TOKEN_RE.fullmatch(ch)), hex(cp)


def test_demo_corpus_same_rows_as_rulematcher() -> None:
    from newsdesk.demo.corpus import build_demo_articles

    rows = [(f"d{a.uid}", a.headline, a.text) for a in build_demo_articles()]
    rules = load_rules(REPO_TOPICS)
    con = _table(rows)
    assert _risky_share(con) < 0.1  # the SQL path, not the fallback, judged the demo corpus
    expected = _expected(rows, rules)
    assert len(expected) > 500
    assert _got(con, rules) == expected
    for rule in rules:
        count = rulesql.count_query(con, rule.query, source="docs", sample=3)
        assert count.matches == sum(1 for _, topic, _ in expected if topic == f"rule:{rule.name}")
        assert count.total == len(rows)


TRICKY: list[Row] = [
    ("t01", "Election night", "The ELECTIONS were close; re-election looms."),
    ("t02", "Élection présidentielle", "Une élection, deux électeurs — l'électorat."),
    ("t03", "Decomposed", "E\u0301lection day: the e\u0301lecteurs voted."),  # combining accents
    ("t04", "Straße", "Die Straße ist gesperrt; strasse nicht."),  # ß folds to "ss"
    ("t05", "Ligatures", "The ﬁnal oﬃce ﬁle; ACME™ shares; ½ of voters."),
    ("t06", "Hyphens", "A vote-counting machine and a well-known campaign-trail; e-mail."),
    ("t07", "Apostrophes", "The voter's choice and voters’ rights; don't vote."),
    ("t08", "Under_scores", "snake_case and election_2024 and polling_station tags"),
    ("t09", "Digits", "COVID-19 cases and the G7 summit; 2024 elections in 3 states."),
    ("t10", "Polling station", "Queues at the polling\nstations; a polling-station closed."),
    ("t11", "Title ends with polling", "station officials said nothing."),  # no phrase across title and text
    ("t12", "Ελληνικά", "Οι ΕΚΛΟΓΈΣ και η εκλογή· ΣΟΦΟΣ σοφός."),
    ("t13", "İstanbul", "İSTANBUL and istanbul and ıstanbul."),
    ("t14", "Fullwidth", "ＥＬＥＣＴＩＯＮ ｎｅｗｓ"),
    ("t15", "日本", "東京で選挙が行われた。か\u3099ぎ and が"),  # a kana voicing mark NFC composes
    ("t16", "हिन्दी", "चुनाव आयोग ने चुनाव की घोषणा की"),  # vowel signs split tokens in Python's \w
    ("t17", "Jamo", "\u1112\u1161\u11ab and 한 and 한국"),  # conjoining jamo NFC composes
    ("t18", "Punctuation", "(election) [ballot] {voter} <campaign> “candidate” «referendum» ¿primaries?"),
    ("t19", "", "untitled election story"),
    ("t20", None, None),
    ("t21", "Emoji 🗳️", "Vote 🗳️ now — election🗳️day"),
    ("t22", "ab a", "ab ab a, and x ab a y"),  # a phrase whose last word starts its first
    ("t23", "Trial", "The drug trial and the clinical trial; a court trial; trials"),
    ("t24", "Mixed", "Inflation, interest-rates and the central bank's rate; interest rate rises."),
    ("t25", "Spaces", "polling\u00a0station and polling\u2003station and polling\tstation"),
    ("t26", "Marks alone", "\u0301election and x\u0301election"),
    ("t27", "Case", "eLeCtIoN ELECTION election Election"),
    ("t28", "Numbers", "²election and election² and x²"),
    ("t29", "Dotless", "ELECTİON ıs"),
    ("t30", "Nothing", "weather and gardens"),
]

TRICKY_RULES = [
    RuleTopic("Word", "election"),
    RuleTopic("Prefix", "elect*"),
    RuleTopic("Phrase", '"polling station"'),
    RuleTopic("PhrasePrefix", '"polling station*"'),
    RuleTopic("Hyphen", "vote-counting OR well-known OR e-mail OR covid-19"),
    RuleTopic("Apostrophe", "voter's OR don't"),
    RuleTopic("Accents", "élection OR électeur* OR straße OR strasse"),
    RuleTopic("Ligature", "final OR office OR file OR acmetm OR acme"),
    RuleTopic("Greek", "εκλογες OR εκλογη OR σοφος"),
    RuleTopic("Turkish", "istanbul"),
    RuleTopic("Japanese", "選挙 OR が OR か"),
    RuleTopic("Hindi", "चुनाव"),
    RuleTopic("Korean", "한 OR 한국"),
    RuleTopic("Boolean", "(election OR ballot*) AND NOT (drug OR clinical)"),
    RuleTopic("Implicit", "voter campaign candidate"),
    RuleTopic("Nested", 'trial AND NOT (clinical OR "drug trial*") OR court'),
    RuleTopic("Underscore", "snake_case OR election_2024 OR polling_station"),
    RuleTopic("Digits", "g7 OR 2024 OR covid*"),
    RuleTopic("SelfOverlap", '"ab a"'),
    RuleTopic("SelfOverlapPrefix", '"ab a*"'),
    RuleTopic("NotOnly", "NOT election"),
    RuleTopic("Conflicting", 'interest* OR "interest rate" OR rate OR rates OR "central bank*"'),
    RuleTopic("Curly", "“candidate” OR «referendum» OR primaries"),
    RuleTopic("Superscript", "election2 OR 2election"),
]


def test_tricky_text_same_rows_as_rulematcher() -> None:
    con = _table(TRICKY)
    expected = _expected(TRICKY, TRICKY_RULES)
    assert _got(con, TRICKY_RULES) == expected
    for rule in TRICKY_RULES:
        want = {aid for aid, topic, _ in expected if topic == f"rule:{rule.name}"}
        count = rulesql.count_query(con, rule.query, source="docs", sample=100)
        assert count.matches == len(want), rule
        assert set(count.sample_ids) == want, rule


def test_tricky_cases_cover_both_paths() -> None:
    """The tricky rows include some the regexes judge with accents and punctuation, and some (ß, ligatures,
    combining marks, jamo, voicing marks) only RuleMatcher can judge: both sides of the split are tested."""
    con = _table(TRICKY)
    risky = {r[0] for r in rulesql._risky_rows(con, "docs")}
    assert {"t03", "t04", "t05", "t15", "t17", "t26"} <= risky
    assert not risky & {"t01", "t02", "t06", "t07", "t10", "t12", "t13", "t16", "t18", "t21", "t25", "t27"}


def test_evidence_reads_like_rulematcher() -> None:
    con = _table([("a", "Elections ahead", "Voters and ELECTORS met at the polling stations; a referendum.")])
    rules = [RuleTopic("Elections", 'election* OR voter* OR "polling station*" OR referendum OR ballot')]
    (row,) = _got(con, rules)
    assert row == ("a", "rule:Elections", "elections, voters, polling stations, referendum")


# Characters random text is made of: ASCII, accented letters (composed and not), punctuation of all kinds,
# and characters that only RuleMatcher can judge.
POOL = (
    list("abcdeilnorstuvxyz  ") + list("éÉèàÄöÖçñøÅ’“”—–-_.,;:!?()'\"\n\t") + ["\u0301", "ß", "ﬁ", "™", "²", "İ", "ı"]
)
WORDS = ["vote", "voter", "voters", "elect", "election", "poll", "polling", "station", "stations", "ab", "a", "x"]


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 30)):
        if rng.random() < 0.6:
            word = rng.choice(WORDS)
            if rng.random() < 0.2:
                word = word.upper() if rng.random() < 0.5 else word.capitalize()
            if rng.random() < 0.1:
                word = word.replace("e", rng.choice(["é", "e\u0301", "E"]))
            parts.append(word)
        else:
            parts.append("".join(rng.choice(POOL) for _ in range(rng.randint(1, 3))))
    return "".join(p + rng.choice([" ", " ", "", "-", ", ", "\n\n"]) for p in parts)


def _random_term(rng: random.Random) -> str:
    n = rng.choice([1, 1, 1, 2, 3])
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words[-1] = words[-1][: rng.randint(1, len(words[-1]))] + "*"
    return f'"{" ".join(words)}"' if n > 1 else words[0]


def _random_query(rng: random.Random, depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.4:
        return _random_term(rng)
    op = rng.choice([" OR ", " AND ", " ", " AND NOT "])
    left, right = _random_query(rng, depth + 1), _random_query(rng, depth + 1)
    query = f"{left}{op}{right}"
    return f"({query})" if rng.random() < 0.5 else query


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_text_and_queries_same_rows_as_rulematcher(seed: int) -> None:
    rng = random.Random(seed)
    rows: list[Row] = [(f"r{i}", _random_text(rng), _random_text(rng)) for i in range(250)]
    rules = [RuleTopic(f"q{i}", _random_query(rng)) for i in range(40)]
    con = _table(rows)
    assert _risky_share(con) < 0.9  # both paths get work
    assert _got(con, rules) == _expected(rows, rules)


@pytest.mark.parametrize(
    "query", ["(election", "election)", "", "   ", "election AND", "NOT", '"unclosed', "()", "elec*tion", "a NOT b"]
)
def test_bad_queries_raise_what_parse_query_raises(query: str) -> None:
    with pytest.raises(QueryError) as expected:
        parse_query(query, topic="T")
    with pytest.raises(QueryError) as got:
        rulesql.compile_query(query, topic="T")
    assert str(got.value) == str(expected.value)
    assert got.value.position == expected.value.position


def test_a_long_or_is_split_into_several_regexes() -> None:
    words = [f"w{i}x" for i in range(40)]
    predicate = rulesql.compile_query(" OR ".join(words) + " OR (w1x AND w2x)")
    assert predicate.count("regexp_matches(title") == 3 + 2  # ceil(40 / 16) for the OR, one per AND term
    rows: list[Row] = [(f"r{i}", "", " ".join(words[i : i + 2])) for i in range(0, 40, 3)] + [("none", "", "w")]
    rules = [RuleTopic("Many", " OR ".join(words))]
    con = _table(rows)
    assert _got(con, rules) == _expected(rows, rules)
    assert rulesql.count_query(con, rules[0].query, source="docs").matches == len(rows) - 1


def test_unsafe_characters() -> None:
    con = duckdb.connect()
    pattern = rulesql.unsafe_pattern()

    def flagged(s: str) -> bool:
        return bool(con.execute("SELECT regexp_matches(?, ?)", [s, pattern]).fetchone()[0])  # type: ignore[index]

    for s in ["ß", "ﬁ", "™", "½", "e\u0301", "\u1161", "\u3099"]:
        assert flagged(s), repr(s)
    for s in ["é", "É", "“quoted”", "—", "’", "ı", "İ", "Σ", "ς", "日本", "🗳", "\u00a0", "²"]:
        assert not flagged(s), repr(s)


def test_count_query_samples_newest_first() -> None:
    rows: list[Row] = [(f"n{i}", f"Election {i}", "text") for i in range(8)]
    con = _table(rows)
    count = rulesql.count_query(con, "election", source="docs", sample=3)
    assert (count.matches, count.total) == (8, 8)
    assert count.sample_ids == ("n7", "n6", "n5")  # published_day grows with i
    assert rulesql.count_query(con, "nothing", source="docs").sample_ids == ()


def test_rule_rows_for_no_rules_and_null_text() -> None:
    con = _table([("z", None, None)])
    assert rulesql.match_rules(con, [], source="docs").num_rows == 0
    assert _got(con, [RuleTopic("Not", "NOT x")]) == {("z", "rule:Not", "")}
    assert Doc.of(None, None).text.strip() == ""
