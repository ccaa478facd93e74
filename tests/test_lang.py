"""Language packs: the English one is complete and reads as the code did, and a second language is a folder."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch import lang
from fogwatch.cli import app
from fogwatch.errors import BadLanguagePack, catalogue
from fogwatch.events import attribution
from fogwatch.nlp import geo_lexicon

# Sentences of the demo corpus (examples/corpus), each with what the moved patterns find in it.
DEMO_SENTENCES = [
    (
        "The source denied reports in Turkish media that drones had destroyed army tanks and howitzers on the "
        "Saraqib-Afes road and that soldiers had been killed.",
        {"denial": ["denied"], "unconfirmed": [], "hedge": []},
    ),
    (
        "The ministry did not provide a breakdown, and the figure could not be independently verified.",
        {"denial": [], "unconfirmed": ["could not be independently verified"], "hedge": []},
    ),
    (
        "Regime-aligned media denied that the town had fallen, saying the army was repelling an attack on its "
        "western outskirts.",
        {"denial": ["denied"], "unconfirmed": [], "hedge": []},
    ),
    (
        "Jets believed to be Russian reportedly struck the market, according to reports by residents.",
        {"denial": [], "unconfirmed": [], "hedge": ["believed to be", "reportedly"]},
    ),
]


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_the_english_pack_is_bundled_and_every_area_reads() -> None:
    assert "en" in lang.available()
    pack = lang.english()
    assert pack is lang.load("en")  # read once per process
    assert {"attribution", "places"} <= set(pack.areas())
    for name in pack.areas():
        area = pack.area(name)
        assert area.keys("words") or area.keys("patterns") or area.keys("tables")
        for key in area.keys("words"):
            assert area.words(key), f"{name}.{key} is empty"
        for key in area.keys("patterns"):
            area.regex(key)  # compiles
        for key in area.keys("tables"):
            assert area.table(key)


@pytest.mark.parametrize(("sentence", "found"), DEMO_SENTENCES)
def test_moved_attribution_patterns_read_real_sentences_as_before(sentence: str, found: dict[str, list[str]]) -> None:
    compiled = {"denial": attribution._DENIAL, "unconfirmed": attribution._UNCONFIRMED, "hedge": attribution._HEDGE}
    for key, pattern in compiled.items():
        assert pattern.flags & re.IGNORECASE
        assert [m.group() for m in pattern.finditer(sentence)] == found[key], key


def test_moved_word_lists_keep_their_words() -> None:
    assert {"said", "claims", "announced", "denying", "testifies"} <= attribution._CUE_FORMS  # stems inflected
    assert {"deny", "denied", "refutes", "rebuts"} <= attribution._DENIAL_CUES
    assert "may" in geo_lexicon.MONTHS_AND_DAYS and "march" in geo_lexicon.MONTHS_AND_DAYS
    assert geo_lexicon.DIRECTIONS["north-east"] == "northeast"
    assert geo_lexicon.CURRENCY_AFTER.match(" dollars in Beirut")
    assert not geo_lexicon.CURRENCY_AFTER.match(" Dollarhide")


def test_a_second_language_is_a_folder(tmp_path: Path) -> None:
    _write(
        tmp_path / "fr",
        "attribution",
        "[words]\n# pronoms sujets\npronouns = ['il', 'elle', 'ils', 'elles', 'on']\n\n"
        "[patterns]\n# une réserve: « selon des informations », « aurait »\n"
        "hedge = ['\\b(?:selon des informations|aurait|auraient', '|apparemment)\\b']\n",
    )
    assert lang.available(tmp_path) == ["fr"]
    fr = lang.load("fr", root=tmp_path).area("attribution")
    assert fr.wordset("pronouns") == frozenset({"il", "elle", "ils", "elles", "on"})
    hedge = fr.regex("hedge", re.IGNORECASE)
    sentence = "Des frappes auraient touché le marché, selon des informations locales."
    assert [m.group() for m in hedge.finditer(sentence)] == [
        "auraient",
        "selon des informations",
    ]
    # the same interface the English modules read through
    assert type(fr) is type(lang.english().area("attribution"))


def test_an_incomplete_pack_names_the_file_and_the_key(tmp_path: Path) -> None:
    _write(tmp_path / "xx", "attribution", "[words]\npronouns = ['a']\nhedge = 'not a list'\n")
    area = lang.load("xx", root=tmp_path).area("attribution")
    with pytest.raises(BadLanguagePack, match=r"xx/attribution\.toml: no key 'media' in its \[patterns\] table"):
        area.regex("media")
    with pytest.raises(BadLanguagePack, match=r"\[words\] hedge must be an array of strings"):
        area.words("hedge")
    with pytest.raises(BadLanguagePack, match=r"xx/places\.toml: no such file \(the pack has no 'places' area\)"):
        lang.load("xx", root=tmp_path).area("places")
    with pytest.raises(BadLanguagePack, match=r"zz: no such folder \(packs there: xx\)"):
        lang.load("zz", root=tmp_path)
    assert BadLanguagePack.code == "FW430" and BadLanguagePack in catalogue()


def test_a_bad_pattern_or_file_is_named(tmp_path: Path) -> None:
    _write(tmp_path / "xx", "dates", "[patterns]\nmonth = '(?:jan'\n")
    _write(tmp_path / "xx", "numbers", "[words\n")
    _write(tmp_path / "xx", "events", "[verbs]\nkill = ['kill']\n")
    pack = lang.load("xx", root=tmp_path)
    with pytest.raises(BadLanguagePack, match=r"\[patterns\] month is not a valid regular expression"):
        pack.area("dates").regex("month")
    with pytest.raises(BadLanguagePack, match=r"numbers\.toml: not valid TOML"):
        pack.area("numbers")
    with pytest.raises(BadLanguagePack, match=r"unknown table \[verbs\]"):
        pack.area("events")


def test_a_pack_pickles_as_its_code_and_folder() -> None:
    pack = lang.english()
    again = pickle.loads(pickle.dumps(pack))
    assert again is pack  # a worker reads its own copy once, nothing large travels
    assert len(pickle.dumps(pack)) < 300


def test_languages_command_lists_the_bundled_pack_and_the_settings_folder(tmp_path: Path) -> None:
    _write(tmp_path / "fr", "attribution", "[words]\n# pronoms\npronouns = ['il']\n")
    res = CliRunner().invoke(app, ["languages"], env={"FOGWATCH_LANG_DIR": str(tmp_path)})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    en = lang.english().area("attribution")
    counts = f"{len(en.keys('words'))} word lists, {len(en.keys('patterns'))} patterns"
    assert lines[0] == f"en  {lang.BUNDLED / 'en'}"
    assert f"    attribution   {counts}" in lines
    assert any(line.startswith("fr  ") and str(tmp_path) in line for line in lines)
    assert "    attribution   1 word list" in lines


def test_a_pattern_slot_is_filled_by_the_code(tmp_path: Path) -> None:
    _write(tmp_path / "xx", "clean", "[patterns]\n# a stamp\nwhen = '(?:{month} \\d{1,2}|{month}-\\d{2})'\n")
    area = lang.load("xx", root=tmp_path).area("clean")
    when = area.regex("when", re.I, month="(?:jan|feb)")
    assert when.pattern == r"(?:(?:jan|feb) \d{1,2}|(?:jan|feb)-\d{2})"  # quantifier braces are left alone
    assert when.fullmatch("Feb 14") and when.fullmatch("jan-03")
    with pytest.raises(BadLanguagePack, match=r"\[patterns\] when has no \{day\} for the code to fill"):
        area.pattern("when", day="\\d+")


def test_english_comment_stamps_and_relative_places_read_as_before() -> None:
    from fogwatch.clean import text
    from fogwatch.nlp import places

    assert text._COMMENT_BYLINE.match("Posted by Abu Hadi on 14 March 2024 at 18:40")
    assert text._COMMENT_BYLINE.match("↳ Lilit M. replied · 28 Sep 2020, 08:02")
    assert text._COMMENT_STAMP.match("3 hours ago") and not text._COMMENT_STAMP.match("3 hours later")
    m = places._REL_DISTANCE.search("shelling 5 km south-west of ")
    assert m is not None and m.groups() == ("5", "km", "south-west")
    m = places._REL_PART.search("in the western countryside of ")
    assert m is not None and m.groups() == ("western", "countryside")
    assert places._CONTAINER_GAP.match(", in the southern countryside of ")


def test_a_new_pack_is_told_what_it_lacks(tmp_path: Path) -> None:
    en = lang.english()
    _write(tmp_path / "fr", "attribution", "[words]\n# pronoms\npronouns = ['il']\n")
    lacks = lang.load("fr", root=tmp_path).missing()
    assert "places" in lacks and "clean" in lacks  # whole areas
    assert "attribution [words] noun_forms" in lacks and "attribution [patterns] hedge" in lacks
    assert "attribution [words] pronouns" not in lacks
    assert lang.load("en", root=lang.BUNDLED).missing(en) == []
    lines = lang.describe(tmp_path)
    assert any(
        line.startswith("fr  ") and f"(lacks {len(lacks)} of English's areas and keys)" in line for line in lines
    )


def _keys_read_by_the_code() -> set[tuple[str, str, str]]:
    """(area, kind, key) of every `_EN.words/wordset/pattern/regex/table("key")` in the package, with the
    area of the module's `_EN = english().area("...")`."""
    kinds = {"words": "words", "wordset": "words", "pattern": "patterns", "regex": "patterns", "table": "tables"}
    found: set[tuple[str, str, str]] = set()
    for path in Path(lang.__file__).resolve().parent.parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        area = None
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "area"
                and isinstance(node.func.value, ast.Call)
                and getattr(node.func.value.func, "id", None) == "english"
            ):
                area = node.args[0].value  # type: ignore[attr-defined]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "_EN"
                and node.func.attr in kinds
            ):
                assert area is not None, path
                found.add((area, kinds[node.func.attr], node.args[0].value))  # type: ignore[attr-defined]
    return found


def test_the_english_pack_holds_exactly_what_the_code_reads() -> None:
    en = lang.english()
    held = {(a, kind, key) for a in en.areas() for kind in lang.KINDS for key in en.area(a).keys(kind)}
    read = _keys_read_by_the_code()
    assert len(read) > 150
    assert sorted(read - held) == []  # every key read is there (importing the modules shows it too)
    assert sorted(held - read) == []  # and no key is left behind that nothing reads
