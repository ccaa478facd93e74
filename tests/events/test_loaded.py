"""Loaded language, name-calling, doubt and sarcasm (our own sentences, written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fogwatch.events.loaded import BadLexicon, Lexicon, default_lexicon, loaded_language


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in loaded_language(text)]


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("The butchers of the old regime shelled the bakery again.", "butchers", "loaded-language"),
        ("It was a barbaric attack on a sleeping village.", "barbaric", "loaded-language"),
        ("Our heroic defenders held the line for a week.", "heroic", "loaded-language"),
        ("The liberation of the valley is now complete.", "liberation", "loaded-language"),
        ("Witnesses described a massacre in the square.", "massacre", "loaded-language"),
        ("Terrorists fired rockets at the school.", "Terrorists", "name-calling"),
        ("Terrorists fired rockets at the school.", "Terrorists", "loaded-language"),
        ("The jihadists retreated into the hills.", "jihadists", "name-calling"),
        ("Aircraft of the regime bombed the road.", "the regime", "name-calling"),
        ("The occupiers must leave our land.", "occupiers", "name-calling"),
        ("They are nothing but Western puppets.", "Western puppets", "name-calling"),
        ("Foreign mercenaries guard the mine.", "mercenaries", "name-calling"),
        ("The so-called council met in a hotel abroad.", "so-called", "doubt"),
        ("The alleged victims were never named.", "alleged", "doubt"),
        ("The self-styled governor fled on Tuesday.", "self-styled", "doubt"),
        ("Arms went to the so-called moderate opposition.", "so-called moderate opposition", "sarcasm"),
    ],
)
def test_labels(text: str, word: str, label: str) -> None:
    assert (word, label) in found(text)


def test_scare_quotes() -> None:
    text = "The channel praised the “moderate rebels” who had “liberated” the town."
    got = found(text)
    assert ("“moderate rebels”", "sarcasm") in got
    assert ("“liberated”", "doubt") in got


def test_a_quoted_statement_is_not_a_scare_quote() -> None:
    text = "“Never,” he said. She answered: “We stay.”"
    assert [label for _, label in found(text)] == []


def test_neutral_reporting_has_no_flags() -> None:
    text = (
        "Government forces and rebel fighters clashed near the dam on Tuesday. Five soldiers were killed "
        "and three tanks were destroyed, the ministry said. The National Front for Liberation did not comment."
    )
    assert found(text) == []


def test_names_are_not_loaded() -> None:
    # a capitalised word inside a sentence is part of a name
    assert found("Fighters of the Popular Liberation Front entered the town.") == []
    assert ("Liberation", "loaded-language") in found("Liberation came at last to the town.")


def test_quoted_attr() -> None:
    text = 'The army said "terrorists" fired first. Terrorists fired first.'
    spans = [s for s in loaded_language(text) if s.label == "name-calling"]
    assert [s.attrs["quoted"] for s in spans] == [True, False]


def test_start_and_end() -> None:
    text = "A barbaric act. A heroic act."
    start = text.index("A heroic")
    assert [(text[s.start : s.end], s.label) for s in loaded_language(text, start)] == [("heroic", "loaded-language")]
    assert [text[s.start : s.end] for s in loaded_language(text, 0, start)] == ["barbaric"]


def test_spans_in_text_order() -> None:
    spans = loaded_language("The heroic troops crushed the terrorists in a brutal assault.")
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_own_lexicon(tmp_path: Path) -> None:
    lex = Lexicon({"loaded-language": ["grim*"], "name-calling": ["Blue Hats"]})
    text = "Grimly, the blue hats waited. The Blue Hats left."
    assert [(text[s.start : s.end], s.label) for s in lex.find(text)] == [
        ("Grimly", "loaded-language"),
        ("blue hats", "name-calling"),
        ("Blue Hats", "name-calling"),
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("shouting: [loud]\n", encoding="utf-8")
    with pytest.raises(BadLexicon, match="unknown labels"):
        Lexicon.load(bad)
    with pytest.raises(BadLexicon, match="cannot be read"):
        Lexicon.load(tmp_path / "missing.yaml")


def test_default_lexicon_loads_every_label() -> None:
    lex = default_lexicon()
    assert lex.labels == ["loaded-language", "name-calling", "doubt", "sarcasm"]
    assert lex.mock is not None


def test_fast() -> None:
    import time

    text = "The heroic army crushed the so-called “moderate” terrorists near the river. " * 2000
    t0 = time.perf_counter()
    spans = loaded_language(text)
    assert time.perf_counter() - t0 < 2.0
    assert len(spans) >= 8000
