"""The event-type registry read from resources/event-types.toml: ACLED's typology, the properties
the rules key on, and a new type as one entry."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from fogwatch.events import typology
from fogwatch.events.fuse import fusion_type, types_compatible
from fogwatch.events.notes import event_notes
from fogwatch.events.typology import (
    NO_FATALITIES,
    TERRITORY_TYPES,
    TYPOLOGY_FILE,
    VIOLENT_TYPES,
    BadTypology,
    load_typology,
)
from fogwatch.model import Event, Location, TimeValue
from fogwatch.report.words import colour


def test_acled_typology_as_its_codebook_spells_it() -> None:
    assert typology.EVENT_TYPES == (
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    )
    assert len(typology.SUB_EVENT_TYPES) == 25
    assert typology.event_type_of("Air/drone strike") == "Explosions/Remote violence"
    assert typology.case_code("Looting/property destruction") == "PROPERTY_DISTRUCT"
    assert typology.CASE_CODES["GOV_REGAINS_TERIT"] == "Government regains territory"
    assert typology.sub_event_types("Riots") == ["Violent demonstration", "Mob violence"]
    assert "DIPLO" in typology.NON_CONFLICT_CODES


def test_properties_the_rules_key_on() -> None:
    assert {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"} == VIOLENT_TYPES
    assert {"Peaceful protest", "Protest with intervention"} == NO_FATALITIES
    assert {"Government regains territory", "Non-state actor overtakes territory"} == TERRITORY_TYPES
    # a place handed over fuses with the battle that often came before it
    assert fusion_type("Strategic developments", "Non-violent transfer of territory") == "Battles"
    assert fusion_type("Strategic developments", "Arrests") == "Strategic developments"
    assert types_compatible("Battles", "Violence against civilians")
    assert types_compatible("Riots", "Protests")
    assert not types_compatible("Protests", "Battles")
    assert colour("Battles") == "#d7301f"


def test_every_constant_names_a_type_in_the_file() -> None:
    known = set(typology.EVENT_TYPES) | set(typology.SUB_EVENT_TYPES)
    constants = {k: v for k, v in vars(typology).items() if k.isupper() and isinstance(v, str)}
    named = {k: v for k, v in constants.items() if not k.endswith("_FILE")}
    assert len(named) == 6 + 25
    assert set(named.values()) == known


def _with_entry(tmp_path: Path, entry: str) -> Path:
    path = tmp_path / "event-types.toml"
    path.write_text(TYPOLOGY_FILE.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    return path


def test_a_new_type_is_one_entry(tmp_path: Path) -> None:
    path = _with_entry(
        tmp_path,
        """
[[sub_event_type]]
name = "Siege"
key = "SIEGE"
event_type = "Battles"
case_code = "SIEGE"
fatalities = false
note_verb = "besieged"
note_target = ""
""",
    )
    reg = load_typology(path)
    siege = reg.sub_event_types["Siege"]
    assert (siege.event_type, siege.case_code, siege.fatalities, siege.fuse_as) == (
        "Battles",
        "SIEGE",
        False,
        "Battles",
    )
    assert reg.key("SIEGE") == "Siege"
    assert len(reg.sub_event_types) == 26


def test_the_shipped_notes_come_from_the_file() -> None:
    ev = Event(
        id="e1",
        event_type="Battles",
        sub_event_type="Government regains territory",
        date=TimeValue(date(2020, 2, 9), date(2020, 2, 9), "day"),
        actor1="Military Forces of Syria (2000-)",
        actor2="HTS: Hayat Tahrir al-Sham",
        assoc_actors=[],
        location=Location("Khan al-Assal", 36.17, 37.04, country="Syria", admin1="Aleppo"),
        fatalities=None,
        claim_ids=["c1"],
        article_ids=["a1"],
        story_ids=[],
        sources=["Levant Monitor"],
        independent_sources=1,
        status="single-source",
    )
    assert "regained Khan al-Assal (Aleppo, Syria) from HTS: Hayat Tahrir al-Sham" in event_notes(ev)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (
            '[[sub_event_type]]\nname = "X"\nkey = "X"\nevent_type = "Nope"\ncase_code = "X"\nnote_verb = "did"\n',
            "'Nope' is no event type",
        ),
        ('[[sub_event_type]]\nname = "X"\nkey = "X"\nevent_type = "Battles"\nnote_verb = "did"\n', "missing case_code"),
        (
            '[[sub_event_type]]\nname = "X"\nkey = "X"\nevent_type = "Battles"\ncase_code = "X"\nnote_verb = "did"\nfatal = 1\n',
            "unknown field(s) fatal",
        ),
        (
            '[[sub_event_type]]\nname = "X"\nkey = "AIR_STRIKE"\nevent_type = "Battles"\ncase_code = "X"\nnote_verb = "did"\n',
            "share a key",
        ),
        (
            '[[sub_event_type]]\nname = "X"\nkey = "X"\nevent_type = "Battles"\ncase_code = "X"\nnote_verb = 3\n',
            "note_verb must be a str",
        ),
        ("[[sub_event_type]\n", "not valid TOML"),
    ],
)
def test_a_bad_entry_names_the_file_and_the_problem(tmp_path: Path, entry: str, said: str) -> None:
    path = _with_entry(tmp_path, entry)
    with pytest.raises(BadTypology, match=r"event typology .*event-types\.toml") as exc:
        load_typology(path)
    assert said in str(exc.value)


def test_code_names_types_through_the_registry() -> None:
    # A string constant equal to a type's name outside typology.py is a list a new type would
    # have to join; code uses the constants (AIR_STRIKE) or a property from the file instead.
    package = Path(typology.__file__).resolve().parent.parent
    names = set(typology.EVENT_TYPES) | set(typology.SUB_EVENT_TYPES)
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "typology.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{path.relative_to(package)}:{node.lineno} {node.value!r}")
    assert found == []
