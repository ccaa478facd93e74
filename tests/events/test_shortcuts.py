"""The shortcuts of events/ (arguments, classify) give what the plain path gives: each is checked here
against the work it saves, on our own sentences, generated ones and (when present) the real FA-KES texts."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fogwatch.events import arguments
from fogwatch.events.arguments import UNKNOWN_TOLL, _told_without_figure
from fogwatch.model import Mention, Quantity, Reject


def plain_told_without_figure(text: str, a: int, b: int) -> tuple[int, int | None, int | None, tuple[int, int]] | None:
    """`_told_without_figure` as it was: every pattern searched."""
    from fogwatch.nlp.numbers import parse_number

    hit = arguments._FAMILY.search(text, a, b)
    if hit is not None:
        n = parse_number(hit["n"])
        if n:
            return n, n, n, (hit.start(), hit.end())
    listed = arguments._listed_dead(text, a, b)
    if listed is not None:
        return listed[0], listed[0], listed[0], listed[1]
    for rx, n in arguments._FEW_DEATHS:
        hit = rx.search(text, a, b)
        if hit is not None:
            return n, n, n, (hit.start(), hit.end())
    hit = arguments._UNKNOWN_TOLL.search(text, a, b)
    if hit is not None:
        return UNKNOWN_TOLL, None, None, (hit.start(), hit.end())
    return None


SENTENCES = [
    "A man and a woman were killed in the strike.",
    "Gunmen killed a family of five in the village.",
    "The bodies of a man and his son were found on Monday.",
    "An unknown number of soldiers were killed.",
    "A TEACHER WAS SHOT DEAD near the school.",
    "The officer succumbed to his wounds.",
    "Militants stabbed a journalist to death.",
    "The shelling continued through the night.",
    "Rebels shot and killed the village chief, leaving a soldier dead.",
    "A father a mother and a son were killed while another son was hurt.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_deaths_without_a_figure_as_the_plain_search_finds_them(sentence: str) -> None:
    text = "Intro. " + sentence + " Outro."
    for a, b in ((0, len(text)), (7, 7 + len(sentence)), (9, 20)):
        assert _told_without_figure(text, a, b) == plain_told_without_figure(text, a, b)


PIECES = [
    "a ", "an ", "the ", "man ", "woman ", "soldier ", "family of ", "five ", "were ", "was ", "killed ",
    "KİLLED ", "ſhot dead ", "died ", "body ", "of ", "unknown number of ", "leaving ", "dead ", "him ",
    "stabbed ", "to death ", "his ", "and ", "found ", "resulting in ", "her ", "death ", "corpse ", ". ",
    ", ", "two ", "children ", "father ", "mother ", "of ",
]  # fmt: skip
WORDS = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(0, 200), st.integers(0, 200))
def test_deaths_without_a_figure_on_generated_text(text: str, a: int, b: int) -> None:
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    assert _told_without_figure(text, a, b) == plain_told_without_figure(text, a, b)


def test_deaths_without_a_figure_and_the_gated_patterns_on_the_real_fakes_texts(shared_data: Path) -> None:
    from fogwatch.eval.fakes_data import read_fakes
    from fogwatch.events import classify
    from fogwatch.nlp.starts import Needing

    folder = shared_data / "fakes"
    if not (folder / "dev.csv").is_file():
        pytest.skip("FA-KES not present")
    gated = [n for module in (arguments, classify) for n in vars(module).values() if isinstance(n, Needing)]
    assert len(gated) >= 10
    checked = 0
    for row in read_fakes(folder):
        text = row.content
        for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
            a, b = m.span()
            assert _told_without_figure(text, a, b) == plain_told_without_figure(text, a, b), (row.row, m.group())
            for n in gated:
                found, plain = n.search(text, a, b), n.rx.search(text, a, b)
                assert (found and found.span()) == (plain and plain.span()), (row.row, n.pattern)
                window = text[max(0, a - 60) : a]  # the stretch before a name, as the places' rules read it
                assert (n.search(window) is None) == (n.rx.search(window) is None)
            checked += 1
    assert checked > 5000


def test_the_kind_of_a_speaker_is_the_same_remembered_or_not() -> None:
    from fogwatch.events.attribution import speaker_kind

    speakers = [
        None, "", "he", "local sources", "the Defense Ministry", "the Syrian Observatory for Human Rights",
        "a source", "Reuters", "the United Nations", "activists", "residents", "the army", "SANA",
    ]  # fmt: skip
    plain = [speaker_kind.__wrapped__(s) for s in speakers]
    assert [speaker_kind(s) for s in speakers] == plain
    assert [speaker_kind(s) for s in reversed(speakers)] == plain[::-1]


# --- a sentence's mentions by bisection ----------------------------------------------------------


def _mention(start: int) -> Mention:
    return Mention("a", start, start + 3, "quantity", Quantity("killed", 2, None, None, "people"), 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 60), max_size=30), st.integers(0, 70), st.integers(0, 70), st.booleans())
def test_the_mentions_of_a_stretch_are_those_the_plain_scan_finds(
    starts: list[int], a: int, b: int, ordered: bool
) -> None:
    mentions = [_mention(s) for s in (sorted(starts) if ordered else starts)]
    view = arguments._Ordered.of(mentions)
    in_order = all(x.start <= y.start for x, y in itertools.pairwise(mentions))
    assert isinstance(view, arguments._Ordered) == in_order
    assert view == mentions
    assert arguments._between(view, a, b) == [m for m in mentions if a <= m.start < b]
    assert arguments._before(view, a) == [m for m in mentions if m.start < a]
    assert arguments._deaths("x" * 80, view, a, b) == arguments._deaths("x" * 80, list(mentions), a, b)


TEXT = (
    "ALEPPO, Feb 13 (Wire) - Syrian government forces shelled Saraqib on Monday, killing 12 civilians. "
    "Two children were among the dead, a local official said. "
    "Russian warplanes struck Ariha late on Tuesday. "
    "Rebels said they had repelled an attack. "
    "Three soldiers were killed in the fighting, the army said. "
    "Aid agencies warned the roads were no longer safe."
)


@pytest.fixture(scope="module")
def mentions() -> list[Mention]:
    pytest.importorskip("spacy")
    from fogwatch.analyze import Analyzer
    from fogwatch.model import Article

    analyzer = Analyzer(events=False).load()
    article = Article(id="t", source="t.txt", format="text", raw=TEXT)
    result = analyzer.analyze(article, date(2020, 2, 14))
    assert not isinstance(result, Reject)
    return result.mentions


def test_the_places_an_event_falls_back_on_are_read_once_and_are_those_read_afresh(mentions: list[Mention]) -> None:
    from fogwatch.nlp.text import TextPipeline

    sentences = TextPipeline().parse(TEXT).sentences
    cleaned, focus = arguments._article_view(TEXT, mentions)
    assert isinstance(cleaned, arguments._Ordered)
    remembered = [arguments._fallback_place(TEXT, sentences, i, cleaned, focus) for i in range(len(sentences))]
    afresh = [arguments._fallback_place(TEXT, sentences, i, list(cleaned), focus) for i in range(len(sentences))]
    assert remembered == afresh
    assert any(remembered) and cleaned.fallback  # something was remembered and read back
    again = [arguments._fallback_place(TEXT, sentences, i, cleaned, focus) for i in range(len(sentences))]
    assert again == afresh


# --- stretches of time ---------------------------------------------------------------------------

TIME_PIECES = [
    "hours ", "after ", "a day ", "since ", "two weeks ", "before ", "DAYS ", "ſince ", "the strike ", "killed ",
    "months ", "year ", "3 ", ". ", "just ", "some ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TIME_PIECES), max_size=12).map("".join), st.integers(0, 90), st.integers(0, 90))
def test_a_stretch_of_time_is_found_where_the_plain_search_finds_it(text: str, a: int, b: int) -> None:
    from fogwatch.events.classify import ELAPSED

    pos, end = min(a, b), max(a, b)
    plain = [m.span() for m in ELAPSED.finditer(text, pos, end)]
    assert [m.span() for m in arguments._ELAPSED.finditer(text, pos, end)] == plain
    assert arguments._elapsed_cut(text, pos, end, pos) == (plain[0][0] if plain else end)


# --- the classifier ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The weather was fine on Monday.",
        "Aid agencies warned that the roads were no longer safe.",
        "The claim could not be independently verified.",
        "Government forces shelled the town, killing 12 civilians.",
        "Two days after the strike, rebels attacked a checkpoint.",
    ],
)
def test_a_sentence_without_an_event_word_reads_as_the_rules_read_it(sentence: str) -> None:
    pytest.importorskip("yaml")
    from fogwatch.events.classify import RuleClassifier, _Text

    clf = RuleClassifier()
    reading = clf.read(sentence)
    if not any(e.kind == "trigger" for e, _, _ in clf.lexicon.scan(sentence)):
        decision, reason = clf._decide(_Text(sentence, reading.cues), [])
        assert (reading.hits, reading.decision, reading.reason) == ([], decision, reason)
    else:
        assert reading.hits


def test_each_sentence_gives_the_toll_it_gives_with_the_plain_scan(mentions: list[Mention]) -> None:
    from fogwatch.events.extract import _deaths_by_sentence
    from fogwatch.nlp.text import TextPipeline

    sentences = TextPipeline().parse(TEXT).sentences
    tolls = _deaths_by_sentence(TEXT, sentences, mentions)
    assert tolls  # "killing 12 civilians", "Three soldiers were killed"
    for i, (a, b) in enumerate(sentences):
        plain = arguments.event_toll(TEXT, a, b, list(mentions))  # a plain list: every mention read
        assert tolls.get(i) == (plain if plain is not None and plain[0].best > 0 else None)


# --- the classifier's lexicon and attribution's tokens -------------------------------------------

REAL_LIKE = [
    TEXT,
    "Dozens of soldiers were neutralised near 'Ain Issa; 12 fighters had been eliminated. Nothing happened.",
    "“We will not retreat,” the commander said — the shelling of al-Bab resumed at 5 p.m. on Jan. 3rd.",
    "",
]


def plain_scan(lexicon: object, text: str) -> list[tuple[object, int, int]]:
    """`Lexicon.scan` reading every match's groups, as it did."""
    from fogwatch.events.classify import _WORD_START

    out: list[tuple[object, int, int]] = []
    for w in _WORD_START.finditer(text):
        rx = lexicon._regex(w.group().lower())  # type: ignore[attr-defined]
        m = rx.match(text, w.start()) if rx is not None else None
        if m is None:
            continue
        for g, span_text in m.groupdict().items():
            if span_text is not None:
                out.append((lexicon.entries[g], w.start(), w.start() + len(span_text)))  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize("text", REAL_LIKE)
def test_the_lexicon_finds_what_reading_every_group_finds(text: str) -> None:
    pytest.importorskip("yaml")
    from fogwatch.events.classify import Lexicon

    lexicon = Lexicon.load()
    assert lexicon.scan(text) == plain_scan(lexicon, text)


@pytest.mark.parametrize("text", REAL_LIKE)
def test_attribution_tokens_are_the_words_and_marks(text: str) -> None:
    from fogwatch.events.attribution import _WORD, _Tok, _tokens

    for a, b in ((0, len(text)), (5, 40)):
        plain = [
            _Tok(m.start(), m.end(), m.group(), m.group().lower(), m.group()[0].isalnum())
            for m in _WORD.finditer(text, a, b)
        ]
        assert _tokens(text, a, b) == plain


def test_the_roles_an_event_borrows_are_read_once_and_are_those_read_afresh(mentions: list[Mention]) -> None:
    from fogwatch.nlp.text import TextPipeline

    sentences = TextPipeline().parse(TEXT).sentences
    cleaned, _ = arguments._article_view(TEXT, mentions)
    assert isinstance(cleaned, arguments._Ordered)
    none = arguments._Roles(None, None, [])
    remembered = [arguments._borrow(TEXT, sentences, i, cleaned, none) for i in range(len(sentences))]
    afresh = [arguments._borrow(TEXT, sentences, i, list(cleaned), none) for i in range(len(sentences))]
    assert remembered == afresh
    assert any(r.actor1 is not None for r in remembered) and cleaned.borrowed
    assert [arguments._borrow(TEXT, sentences, i, cleaned, none) for i in range(len(sentences))] == afresh


class _Everything:
    def __contains__(self, _: object) -> bool:
        return True


def test_loaded_language_found_as_when_every_word_is_cut_into_prefixes(shared_data: Path) -> None:
    pytest.importorskip("yaml")
    import copy

    from fogwatch.eval.fakes_data import read_fakes
    from fogwatch.events.loaded import default_lexicon

    lexicon = default_lexicon()
    plain = copy.copy(lexicon)
    plain._prefix_heads = _Everything()  # type: ignore[assignment]
    texts = [*REAL_LIKE, "The butchers of Aleppo, so-called moderate rebels and terrorists, massacred them."]
    folder = shared_data / "fakes"
    if (folder / "dev.csv").is_file():
        texts += [row.content for row in read_fakes(folder)]
    found = 0
    for text in texts:
        spans = lexicon.find(text)
        assert spans == plain.find(text)
        found += len(spans)
    assert found > 0
