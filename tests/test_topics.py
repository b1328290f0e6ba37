"""Tests for newsdesk.analysis.topics: the query language, rule files, the matcher and topic discovery."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import newsdesk.analysis.topics as topics_mod
from newsdesk.analysis.topics import (
    AUTO_TOPICS_MAX,
    AUTO_TOPICS_MIN,
    LABEL_MAX_WORDS,
    Discovery,
    Doc,
    Query,
    QueryError,
    RuleMatcher,
    RuleTopic,
    TopicsFileError,
    _label,
    _mix_weights,
    _terms_of,
    _word_vector_part,
    auto_n_topics,
    corpus_fingerprint,
    discover_topics,
    load_rules,
    parse_query,
    save_rules,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "topics"
SHIPPED_RULES = REPO / "data" / "topics.toml"


def m(query: str, text: str, title: str = "") -> bool:
    return parse_query(query).matches(Doc.of(title, text))


# --- query language ----------------------------------------------------------------------------------------


def test_whole_word_not_substring() -> None:
    assert m("vote", "Every vote counts")
    assert not m("vote", "Voters went home")  # whole word only
    assert not m("vote", "They devoted time")


def test_prefix() -> None:
    assert m("vote*", "Voters went home")
    assert m("vote*", "One vote")
    assert not m("vote*", "They devoted time")  # prefix anchors at a word start


def test_phrase_words_in_order_across_punctuation() -> None:
    assert m('"polling station"', "queues at the polling station today")
    assert m('"polling station"', "queues at the Polling-Station, today")
    assert m('"polling station"', "polling\n   station")
    assert not m('"polling station"', "station polling")
    assert not m('"polling station"', "polling stations")  # last word whole unless starred
    assert m('"polling station*"', "the polling stations closed")
    assert not m('"polling station*"', "the polling closed at the station")


def test_phrase_does_not_span_title_and_text() -> None:
    assert not parse_query('"interest rates"').matches(Doc.of("Interest", "rates rose"))
    assert parse_query('"interest rates"').matches(Doc.of("Interest rates", "rose"))


def test_title_and_text_both_searched() -> None:
    q = parse_query("ballot AND court")
    assert q.matches(Doc.of("Ballot dispute", "Goes to court"))
    assert not q.matches(Doc.of("Ballot dispute", "Goes nowhere"))
    assert RuleMatcher([RuleTopic("T", "ballot")]).match("Ballot", "") == [("T", "ballot")]
    assert RuleMatcher([RuleTopic("T", "ballot")]).match("", "the ballot") == [("T", "ballot")]
    assert RuleMatcher([RuleTopic("T", "ballot")]).match(None, None) == []


def test_precedence_not_and_or() -> None:
    q = "a OR b AND c"  # a OR (b AND c)
    assert m(q, "a")
    assert not m(q, "b")
    assert m(q, "b c")
    q = "NOT a AND b"  # (NOT a) AND b
    assert m(q, "b")
    assert not m(q, "a b")
    assert not m(q, "c")
    assert m("(a OR b) AND c", "b c")
    assert not m("(a OR b) AND c", "a")
    assert m("NOT NOT a", "a")


def test_implicit_or() -> None:
    assert m("alpha beta", "only beta here")
    assert m("alpha beta", "only alpha here")
    assert not m("alpha beta", "neither")
    # implicit OR binds like OR, so AND is tighter: a (b AND c) == a OR (b AND c)
    assert m('alpha "gamma ray" AND delta', "alpha")
    assert not m('alpha "gamma ray" AND delta', "gamma ray")
    assert m('alpha "gamma ray" AND delta', "gamma ray delta")


def test_not_excludes() -> None:
    q = 'ballot* AND NOT "student union"'
    assert m(q, "ballots counted")
    assert not m(q, "the student union ballot")
    assert m("NOT sport", "politics")
    assert not m("NOT sport", "Sport news")


def test_operators_any_case_and_quoted_operator_is_a_word() -> None:
    assert m("alpha and beta", "alpha beta")
    assert not m("alpha and beta", "alpha")
    assert m('"not"', "this is not it")
    assert not m('"not"', "this is it")


def test_case_insensitive_and_accents_folded() -> None:
    assert m("ELECTION", "the election")
    assert m("election", "THE ELECTION")
    assert m("élection", "Election day")
    assert m("election", "Élection présidentielle")
    assert m('"présidentielle française"', "la PRESIDENTIELLE   Française")
    assert m("münchen", "Muenchen and MÜNCHEN")
    assert m("straße", "STRASSE gesperrt")  # casefold: ß == ss
    assert m("zürich*", "Zuricher See")


def test_unicode_words_and_punctuation() -> None:
    assert m("covid-19", "Covid 19 cases")  # a hyphenated query word is a phrase
    assert m("covid-19", "COVID-19: cases rise")
    assert m("u.s.", "The U.S. economy")
    assert m("o'brien", "O’Brien said")  # curly apostrophe splits like a straight one
    assert m("москва", "В Москве и Москва")
    assert m("東京", "東京 オリンピック")
    assert m("election", "(election)")
    assert m("election", "election,ballot")


def test_curly_quotes_in_query() -> None:
    assert m("\u201cpolling station\u201d", "at the polling station")


def test_evidence_lists_what_matched() -> None:
    q = parse_query('elect* OR "polling station*" OR NOT zebra AND ballot')
    doc = Doc.of("Elections today", "Polling stations open; electors and ballots")
    assert q.evidence(doc) == ["elections", "electors", "polling stations"]
    assert q.evidence(Doc.of("", "zebra")) == []
    # the branch that failed (coach without match) is not evidence
    q = parse_query("coach AND match OR league")
    assert q.evidence(Doc.of("", "the coach of the league")) == ["league"]
    assert isinstance(q, Query)
    assert q.matches("coach match")  # a plain string is tokenised on the fly


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [
        ("(alpha OR beta", 1, "unclosed '('"),
        ("alpha OR beta)", 14, "unmatched ')'"),
        ("alpha AND", 10, "add a term"),
        ("alpha OR OR beta", 10, "found 'OR'"),
        ("AND alpha", 1, "found 'AND'"),
        ('alpha "beta', 7, "unclosed quote"),
        ("el*ct", 1, "'*'"),
        ("alpha NOT beta", 7, "AND NOT"),
        ("()", 1, "empty parentheses"),
        ('alpha ""', 7, "empty phrase"),
        ("alpha & beta", 7, "no letters"),
        ("alpha *", 7, "no letters"),
    ],
)
def test_query_errors_name_position(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query, topic="My topic")
    err = info.value
    assert err.position == position
    assert fragment in str(err)
    assert "'My topic'" in str(err)
    assert f"position {position}" in str(err)
    assert "\n" not in str(err)


def test_empty_query_is_an_error() -> None:
    with pytest.raises(QueryError, match="empty query"):
        parse_query("   ")


# --- rule files ------------------------------------------------------------------------------------------------


def test_load_rules_fixture() -> None:
    rules = load_rules(FIXTURES / "rules.toml")
    assert rules == [
        RuleTopic("Elections", 'election* OR "polling station*" OR ballot', "Votes and campaigns"),
        RuleTopic("Football", 'football AND NOT "american football"'),
    ]
    matcher = RuleMatcher(rules)
    assert matcher.match("Football final", "Elections aside, the ballot...") == [
        ("Elections", "elections, ballot"),
        ("Football", "football"),
    ]
    assert matcher.match("American football", "") == []


def test_missing_rules_file_is_empty(tmp_path: Path) -> None:
    assert load_rules(tmp_path / "nope.toml") == []


def test_bad_query_in_file_names_file_topic_and_position() -> None:
    with pytest.raises(TopicsFileError) as info:
        load_rules(FIXTURES / "bad_query.toml")
    msg = str(info.value)
    assert "bad_query.toml" in msg and "'Broken'" in msg and "position 1" in msg and "\n" not in msg


def test_bad_toml_names_file() -> None:
    with pytest.raises(TopicsFileError, match=r"bad_syntax\.toml: not valid TOML"):
        load_rules(FIXTURES / "bad_syntax.toml")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('[[topic]]\nquery = "a"\n', "missing 'name'"),
        ('[[topic]]\nname = "A"\n', "missing 'query'"),
        ('[[topic]]\nname = "A"\nquery = "a"\n[[topic]]\nname = "A"\nquery = "b"\n', "duplicate name"),
        ('topic = "x"\n', "list of tables"),
    ],
)
def test_bad_tables(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(content)
    with pytest.raises(TopicsFileError, match=fragment):
        load_rules(path)


def test_save_load_round_trip(tmp_path: Path) -> None:
    rules = [
        RuleTopic("Crime & Justice", 'court OR "trial" AND NOT "clinical trial*"', 'Says "hi"\nand more'),
        RuleTopic("Énergie", "électricité OR gaz", ""),
        RuleTopic("Quotes 'n' stuff", "it's OR \"o'brien\""),
    ]
    path = tmp_path / "sub" / "topics.toml"
    save_rules(path, rules)
    assert load_rules(path) == rules
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Rule topics")
    assert "Query syntax" in text
    with pytest.raises(QueryError):
        save_rules(path, [RuleTopic("Bad", "(a")])
    assert load_rules(path) == rules  # a failed save leaves the file alone


def test_shipped_rules_load_and_match_examples() -> None:
    if not SHIPPED_RULES.exists():
        pytest.skip("data/topics.toml not present")
    rules = load_rules(SHIPPED_RULES)
    examples = json.loads((FIXTURES / "rule_examples.json").read_text(encoding="utf-8"))
    names = [r.name for r in rules]
    assert set(examples["match"]) == set(names), "every shipped topic needs example sentences"
    matcher = RuleMatcher(rules)
    for name, sentences in examples["match"].items():
        for sentence in sentences:
            found = dict(matcher.match("", sentence))
            assert name in found, f"{name!r} should match {sentence!r}"
            assert found[name], "evidence must name the matched words"
    for name, sentences in examples["not_match"].items():
        for sentence in sentences:
            assert name not in dict(matcher.match("", sentence)), f"{name!r} should not match {sentence!r}"
    for sentence in examples["unrelated"]:
        assert matcher.match(sentence, "") == [], sentence


# --- discovered topics -------------------------------------------------------------------------------------

VOCABULARIES = {
    "space": "rocket orbit astronaut satellite launch telescope planet lunar mission nasa galaxy comet".split(),
    "food": "recipe chef bake flour oven pasta sauce garlic butter dessert kitchen spice".split(),
    "sport": "striker goal league referee stadium midfielder penalty coach tournament defender keeper match".split(),
}
# Shared by every document: news filler and French/German function words, which must never label a topic.
FILLER = "said new year people week report le la les et der die und today also".split()


def synthetic_corpus(seed: int = 7, per_topic: int = 30) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Documents drawn from three disjoint vocabularies plus shared filler; returns (docs, doc id -> truth)."""
    rng = random.Random(seed)
    docs: list[tuple[str, str]] = []
    truth: dict[str, str] = {}
    for name, vocab in VOCABULARIES.items():
        for i in range(per_topic):
            words = rng.choices(vocab, k=rng.randint(8, 14)) + rng.choices(FILLER, k=rng.randint(4, 8))
            rng.shuffle(words)
            doc_id = f"{name}-{i:02d}"
            docs.append((doc_id, " ".join(words).capitalize() + "."))
            truth[doc_id] = name
    rng.shuffle(docs)
    return docs, truth


def top_topics(assignments: list[tuple[str, int, float]]) -> dict[str, int]:
    best: dict[str, tuple[int, float]] = {}
    for doc_id, topic, weight in assignments:
        if doc_id not in best or weight > best[doc_id][1]:
            best[doc_id] = (topic, weight)
    return {doc_id: topic for doc_id, (topic, _) in best.items()}


def test_discovery_recovers_three_vocabularies() -> None:
    docs, truth = synthetic_corpus()
    disc = discover_topics(docs, 3)
    assert [t.id for t in disc.topics] == [0, 1, 2]
    top = top_topics(disc.assignments)
    assert set(top) == set(truth)
    # every topic is one vocabulary, every vocabulary one topic
    groups: dict[int, set[str]] = {}
    for doc_id, topic in top.items():
        groups.setdefault(topic, set()).add(truth[doc_id])
    assert sorted(len(g) for g in groups.values()) == [1, 1, 1]
    assert {next(iter(g)) for g in groups.values()} == set(VOCABULARIES)
    for topic in disc.topics:
        (name,) = groups[topic.id]
        label_words = topic.label.split(" · ")
        assert len(label_words) == 3
        assert all(w in VOCABULARIES[name] for term in label_words for w in term.split()), topic.label
        assert not set(topic.terms) & set(FILLER), "filler and stop words must not become topic terms"
        assert topic.size >= 30
    assert all(0.0 < w <= 1.0 for _, _, w in disc.assignments)


def test_discovery_is_deterministic_and_order_free() -> None:
    docs, _ = synthetic_corpus(seed=11)
    first = discover_topics(docs, 3, seed=0)
    assert discover_topics(docs, 3, seed=0) == first
    reordered = discover_topics(list(reversed(docs)), 3, seed=0)
    assert reordered.topics == first.topics
    assert sorted(reordered.assignments) == sorted(first.assignments)


def test_mixed_document_gets_both_topics_and_empty_one_none() -> None:
    docs, _ = synthetic_corpus(seed=3)
    mixed = " ".join(VOCABULARIES["space"][:6] + VOCABULARIES["food"][:6])
    docs = [*docs, ("mixed", mixed), ("stop-only", "the and of le la und die"), ("blank", "   ")]
    disc = discover_topics(docs, 3)
    by_doc: dict[str, list[int]] = {}
    for doc_id, topic, _ in disc.assignments:
        by_doc.setdefault(doc_id, []).append(topic)
    assert len(by_doc["mixed"]) == 2
    assert "stop-only" not in by_doc and "blank" not in by_doc
    assert sum(t.size for t in disc.topics) == len(disc.assignments)


def test_discovery_small_or_degenerate_corpus_is_empty() -> None:
    docs, _ = synthetic_corpus(per_topic=3)  # 9 docs < MIN_DOCS
    assert discover_topics(docs) == Discovery([], [])
    assert discover_topics([(str(i), "the and of") for i in range(50)]) == Discovery([], [])
    assert discover_topics([]) == Discovery([], [])


def test_auto_topic_count() -> None:
    assert auto_n_topics(0) == AUTO_TOPICS_MIN
    assert auto_n_topics(500) == 10
    assert auto_n_topics(2_000) == 20
    assert auto_n_topics(1_000_000) == AUTO_TOPICS_MAX
    docs, _ = synthetic_corpus()
    assert len(discover_topics(docs).topics) <= auto_n_topics(len(docs))


def test_fingerprint_tracks_corpus_not_order() -> None:
    docs, _ = synthetic_corpus()
    assert corpus_fingerprint(docs) == corpus_fingerprint(list(reversed(docs)))
    assert corpus_fingerprint(docs) != corpus_fingerprint([*docs[:-1], (docs[-1][0], docs[-1][1] + " x")])


def test_label_prefers_bigrams_and_avoids_repeats() -> None:
    assert _label(["trump", "donald", "donald trump", "president", "campaign"], set()) == (
        "donald trump · president · campaign"
    )
    assert _label(["twitter", "users", "twitter users", "twitter user", "user", "face", "person"], set()) == (
        "twitter users · face · person"
    )
    assert _label(["a1", "b1", "c1", "d1"], {"a1 · b1 · c1"}) == "a1 · b1 · c1 · d1"
    assert _label(["a1", "b1", "c1"], {"a1 · b1 · c1"}) == "a1 · b1 · c1 (2)"


def test_a_document_spread_thin_keeps_only_its_top_topic() -> None:
    vocabularies = {
        **VOCABULARIES,
        "music": "guitar album concert singer chorus melody drummer orchestra rhythm lyrics band tour".split(),
        "garden": "tomato compost seedling pruning hedge soil bulbs greenhouse lawn mulch orchard roses".split(),
    }
    rng = random.Random(3)
    docs = [
        (f"{name}-{i:02d}", " ".join(rng.choices(vocab, k=12)))
        for name, vocab in vocabularies.items()
        for i in range(25)
    ]
    mixed = " ".join(w for vocab in vocabularies.values() for w in vocab[:4])  # a little of all five
    focused = " ".join(VOCABULARIES["space"][:8] + VOCABULARIES["food"][:6])  # two real subjects
    docs += [("mixed", mixed), ("focused", focused)]
    disc = discover_topics(docs, 5)
    picks: dict[str, list[int]] = {}
    for doc_id, topic, _ in disc.assignments:
        picks.setdefault(doc_id, []).append(topic)
    assert len(picks["mixed"]) == 1  # five topics at about a fifth each: background, so only the top one
    assert len(picks["focused"]) == 2


def test_label_stays_within_three_to_five_words() -> None:
    # three bigrams would make six words: the third gives way to the next single word
    assert _label(["white house", "donald trump", "supreme court", "senate", "vote"], set()) == (
        "white house · donald trump · senate"
    )
    for terms in (["aa bb", "cc dd", "ee ff", "gg hh"], ["aa", "bb", "cc", "dd"], ["aa bb", "cc", "dd ee", "ff"]):
        words = len(_label(terms, set()).replace(" · ", " ").split())
        assert 3 <= words <= LABEL_MAX_WORDS, terms
    # a taken label grows only while it stays within the maximum, then gets a number
    assert _label(["aa bb", "cc", "dd", "ee ff"], {"aa bb · cc · dd"}) == "aa bb · cc · dd (2)"


def test_terms_pair_only_real_neighbours() -> None:
    stop = frozenset({"the", "on", "to", "show"})
    terms = _terms_of("What to watch on Netflix\nLate Show host", stop)
    assert "watch netflix" not in terms and "late host" not in terms  # a stop word stood between them
    assert {"what", "watch", "netflix", "late", "host"} <= set(terms)
    assert "what watch" not in terms
    assert "netflix late" not in terms  # no pair across the title / text break
    expected = ["rocket", "launch", "delayed", "rocket launch", "launch delayed"]
    assert _terms_of("Rocket launch delayed", stop) == expected


def test_mix_weights_recover_a_non_negative_mix() -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    centres = rng.normal(size=(4, 30))
    vectors = np.vstack([0.7 * centres[0] + 0.3 * centres[2], centres[1], 0.5 * centres[3]])
    w = _mix_weights(vectors, centres)
    assert (w >= 0).all()
    assert w[0] == pytest.approx([0.7, 0, 0.3, 0], abs=0.02)
    assert w[1] == pytest.approx([0, 1, 0, 0], abs=0.02)
    assert w[2] == pytest.approx([0, 0, 0, 0.5], abs=0.02)


# Each subject written with many different words, so two stories on one subject rarely share one: word overlap
# (TF-IDF, LSA) has little to go on, general word knowledge (the word vectors) a lot.
SYNONYM_SUBJECTS = {
    "law": "senate congress lawmakers legislation bill senator parliament vote statute amendment legislature "
    "lawmaker caucus filibuster ratify veto".split(),
    "food": "recipe baking flour oven pastry dessert cooking chef sauce butter dough cake bread kitchen "
    "simmer roast".split(),
    "sport": "football striker goalkeeper league championship tournament referee stadium midfielder coach "
    "soccer playoff penalty match season".split(),
}


def synonym_corpus(per_subject: int = 25, seed: int = 4) -> tuple[list[tuple[str, str]], dict[str, str]]:
    rng = random.Random(seed)
    docs, truth = [], {}
    for name, vocab in SYNONYM_SUBJECTS.items():
        for i in range(per_subject):
            doc_id = f"{name}-{i:02d}"
            docs.append((doc_id, " ".join(rng.sample(vocab, 2))))
            truth[doc_id] = name
    return docs, truth


def purity(disc: Discovery, truth: dict[str, str]) -> float:
    groups: dict[int, list[str]] = {}
    for doc_id, topic in top_topics(disc.assignments).items():
        groups.setdefault(topic, []).append(truth[doc_id])
    return sum(max(g.count(n) for n in set(g)) for g in groups.values()) / len(truth)


def test_word_vectors_group_stories_that_share_no_word(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip(topics_mod.WORD_VECTORS_MODULE, reason="word vectors package not installed")
    docs, truth = synonym_corpus()  # two words a story: most pairs of stories on one subject share none
    assert purity(discover_topics(docs, 3), truth) >= 0.95
    monkeypatch.setattr(topics_mod, "_word_vector_table", lambda: None)
    assert purity(discover_topics(docs, 3), truth) < 0.8  # word overlap alone (0.64 when measured) cannot


def test_discovery_works_without_word_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(topics_mod, "_word_vector_table", lambda: None)
    docs, truth = synthetic_corpus()
    disc = discover_topics(docs, 3)
    assert purity(disc, truth) == 1.0
    assert len(disc.topics) == 3


def test_word_vectors_skipped_when_they_do_not_know_the_language() -> None:
    pytest.importorskip(topics_mod.WORD_VECTORS_MODULE, reason="word vectors package not installed")
    rng = random.Random(2)
    made_up = ["".join(rng.choices("bcdfghjklmnpqrstvwxz", k=9)) for _ in range(40)]
    assert _word_vector_part([" ".join(rng.sample(made_up, 6)) for _ in range(30)]) is None
    english = _word_vector_part(["rocket launch orbit", "pasta sauce garlic", "striker goal league"])
    assert english is not None and english.shape[0] == 3


def test_placing_a_kept_model_needs_no_scikit_learn(tmp_path: Path) -> None:
    """A placing worker unpickles the model and places texts without importing scikit-learn (128 MB a worker),
    and places them exactly as the process that learned it."""
    import pickle
    import subprocess
    import sys

    docs, _ = synthetic_corpus(seed=5, per_topic=40)
    texts = [t for _, t in docs]
    model = topics_mod.fit_topic_model(texts, 3, seed=0)
    assert model is not None and model.svd is not None  # the LSA path, not the toy-vocabulary one
    blob = tmp_path / "model.pkl"
    blob.write_bytes(pickle.dumps(model))
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    code = (
        "import json, sys\n"
        "from newsdesk.analysis import placing\n"
        f"placing.set_model(open({str(blob)!r}, 'rb').read())\n"
        f"texts = json.load(open({str(tmp_path / 'texts.json')!r}))\n"
        "docs, groups, weights = placing.place_task((list(range(len(texts))), texts))\n"
        "print(json.dumps({'sklearn': any(m.startswith('sklearn') for m in sys.modules),\n"
        "                  'picks': [docs.tolist(), groups.tolist(), weights.tolist()]}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd())
    out = json.loads(done.stdout)
    assert out["sklearn"] is False
    here = [(i, g, round(w, 4)) for i, picks in enumerate(model.place(texts)) for g, w in picks]
    assert [tuple(r) for r in zip(*out["picks"], strict=True)] == here
    assert len({g for _, g, _ in here}) == 3
