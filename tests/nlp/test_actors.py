from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fogwatch.nlp.actors import ActorMatcher, BadRegistry, load_registry, tokenize

pytest.importorskip("yaml")


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher()


def names(
    m: ActorMatcher, text: str, country: str | None = None, when: date | None = None
) -> list[tuple[str, str, int]]:
    return [(text[a.start : a.end], a.ref.name, a.ref.inter) for a in m.find(text, country, when)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the Syrian army", "Military Forces of Syria"),
        ("Syrian Arab Army", "Military Forces of Syria"),
        ("SAA", "Military Forces of Syria"),
        ("Russian forces", "Military Forces of Russia"),
        ("Turkish Armed Forces", "Military Forces of Turkey"),
        ("Ukrainian forces", "Military Forces of Ukraine"),
        ("Sudanese Armed Forces", "Military Forces of Sudan"),
        ("the armed forces of Ukraine", "Military Forces of Ukraine"),
        ("Syria's military", "Military Forces of Syria"),
        ("Kenyan police", "Police Forces of Kenya"),
        ("French troops", "Military Forces of France"),
        ("Peruvian soldiers", "Military Forces of Peru"),
        # partisan outlets name the Syrian army by its ruler, with or without the apostrophe
        ("the Assad regime", "Military Forces of Syria"),
        ("Assads forces", "Military Forces of Syria"),
        ("Assad's troops", "Military Forces of Syria"),
        ("the Syrian regular forces", "Military Forces of Syria"),
        ("Syrian regime helicopters", "Military Forces of Syria"),
        ("Syrian government jets", "Military Forces of Syria"),
    ],
)
def test_state_forces(matcher: ActorMatcher, text: str, name: str) -> None:
    found = matcher.find(text)
    assert [(text[a.start : a.end].removeprefix("the "), a.ref.name, a.ref.inter) for a in found] == [
        (text.removeprefix("the "), name, 1)
    ]


def test_every_country_has_its_army(matcher: ActorMatcher) -> None:
    reg = matcher.registry
    for code, c in reg.countries.items():
        demonym = c.forms[1] if len(c.forms) > 1 else c.name
        found = matcher.find(f"Witnesses said {demonym} soldiers entered the town.")
        assert [a.ref.country for a in found] == [code], (code, demonym)
        assert found[0].ref.name.startswith(f"Military Forces of {c.acled_name}")


def test_period_follows_the_report_date(matcher: ActorMatcher) -> None:
    assert names(matcher, "Syrian troops", when=date(2020, 2, 14))[0][1] == "Military Forces of Syria (2000-)"
    assert names(matcher, "Syrian troops", when=date(2025, 3, 1))[0][1] == "Military Forces of Syria (2024-)"
    # without a date no period is named: a default would file a 2013 report under the 2024 government
    assert names(matcher, "Syrian troops")[0][1] == "Military Forces of Syria"
    # a date before the first period the registry knows names none, not the first one
    assert names(matcher, "Turkish troops", when=date(2015, 7, 4))[0][1] == "Military Forces of Turkey"
    assert names(matcher, "Turkish troops", when=date(2017, 7, 4))[0][1] == "Military Forces of Turkey (2016-)"


def test_dated_names_a_state_by_the_event_date(matcher: ActorMatcher) -> None:
    reg = matcher.registry
    assert reg.dated("Military Forces of Syria", date(2016, 7, 5)) == "Military Forces of Syria (2000-)"
    assert reg.dated("Military Forces of Syria (2024-)", date(2013, 8, 21)) == "Military Forces of Syria (2000-)"
    assert reg.dated("Government of Syria", date(2025, 1, 2)) == "Government of Syria (2024-)"
    assert reg.dated("Islamic State", date(2016, 7, 5)) == "Islamic State"


@pytest.mark.parametrize(
    ("text", "name", "inter"),
    [
        ("Hay'at Tahrir al-Sham", "HTS: Hayat Tahrir al-Sham", 2),
        ("Hayat Tahrir al Sham", "HTS: Hayat Tahrir al-Sham", 2),
        ("HTS fighters", "HTS: Hayat Tahrir al-Sham", 2),
        ("the Syrian National Army", "SNA: Syrian National Army", 2),
        ("the National Front for Liberation", "NLF: National Front for Liberation", 2),
        ("the SDF", "SDF: Syrian Democratic Forces", 2),
        ("Daesh", "Islamic State", 2),
        # the long name with "in": its countries are part of the name, not places
        ("the Islamic State in Iraq and Syria", "Islamic State", 2),
        ("Houthi rebels", "Houthi Movement (Ansar Allah)", 2),
        ("the Rapid Support Forces", "RSF: Rapid Support Forces", 2),
        ("Wagner mercenaries", "Wagner Group", 8),
        ("JNIM", "JNIM: Group for Support of Islam and Muslims", 2),
        ("al-Shabaab", "Al Shabaab", 2),
        ("M23 rebels", "M23: March 23 Movement", 2),
        ("the Arakan Army", "AA: Arakan Army", 2),
        ("People's Defence Force", "PDF: People's Defense Force", 2),
        ("the Tatmadaw", "Military Forces of Myanmar", 1),
    ],
)
def test_named_groups(matcher: ActorMatcher, text: str, name: str, inter: int) -> None:
    found = matcher.find(f"Reports said {text} advanced.")
    assert [(a.ref.name, a.ref.inter) for a in found] == [(name, inter)]


def test_generic_descriptions_take_the_report_country(matcher: ActorMatcher) -> None:
    text = "Villagers said militants stormed the market before pro-government forces and protesters arrived."
    assert names(matcher, text, "SY") == [
        ("Villagers", "Civilians (Syria)", 7),
        ("militants", "Rebels (Syria)", 2),
        ("pro-government forces", "Pro-Government Militia (Syria)", 3),
        ("protesters", "Protesters (Syria)", 6),
    ]
    assert names(matcher, "civilians fled", None) == [("civilians", "Civilians", 7)]
    assert names(matcher, "Malian civilians fled", "SY")[0][1] == "Civilians (Mali)"


@pytest.mark.parametrize(
    ("text", "span", "affiliation"),
    [
        ("Turkish-backed armed groups shelled the road.", "Turkish-backed armed groups", "Turkish-backed"),
        ("Iran-backed militias withdrew.", "Iran-backed militias", "Iran-backed"),
        ("Russian-backed separatists advanced.", "Russian-backed separatists", "Russian-backed"),
        ("Pro-government forces entered.", "Pro-government forces", "pro-government"),
        (
            "The Turkish-backed National Front for Liberation held.",
            "Turkish-backed National Front for Liberation",
            "Turkish-backed",
        ),
    ],
)
def test_affiliation(matcher: ActorMatcher, text: str, span: str, affiliation: str) -> None:
    a = matcher.find(text, "SY")[0]
    assert text[a.start : a.end] == span
    assert (a.ref.affiliation or "").lower() == affiliation.lower()


def test_the_army_is_the_report_country(matcher: ActorMatcher) -> None:
    assert names(matcher, "Army units shelled the hills.", "YE") == [("Army units", "Military Forces of Yemen", 1)]
    # the army named by its master or its aircraft
    assert names(matcher, "The president's forces shelled the hills.", "SY")[0][1:] == ("Military Forces of Syria", 1)
    assert names(matcher, "Regime helicopters dropped barrel bombs.", "SY")[0][1:] == ("Military Forces of Syria", 1)


def test_common_words_are_not_groups(matcher: ActorMatcher) -> None:
    assert names(matcher, "The amnesty was offered by a man named Jordan in the us.") == []


def test_user_file_extends_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n"
        "  my.brigade: {name: 'Northern Hawks Brigade', inter: 3, country: SY, aliases: [Northern Hawks, NHB]}\n"
        "  sy.hts: {name: 'Hayat Tahrir al-Sham (renamed)', inter: 2, country: SY, aliases: [HTS]}\n"
        "periods:\n"
        "  PE: ['2023-01-01']\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FOGWATCH_ACTORS", str(extra))
    m = ActorMatcher(load_registry())
    assert names(m, "the Northern Hawks and HTS") == [
        ("Northern Hawks", "Northern Hawks Brigade", 3),
        ("HTS", "Hayat Tahrir al-Sham (renamed)", 2),
    ]
    assert names(m, "Peruvian soldiers", when=date(2024, 5, 1))[0][1] == "Military Forces of Peru (2023-)"
    monkeypatch.delenv("FOGWATCH_ACTORS")
    m2 = ActorMatcher(
        load_registry({"actors": {"x.y": {"name": "Given Group", "inter": 2, "aliases": ["Given Group"]}}})
    )
    assert names(m2, "the Given Group")[0][1] == "Given Group"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors:\n  a.b: {name: X, inter: 9, aliases: [X]}\n", "inter must be an ACLED actor class 1-8"),
        ("actors:\n  a.b: {name: X, inter: 2, country: ZZ, aliases: [X]}\n", "unknown country code"),
        ("actors:\n  a.b: {state: SY.navy, aliases: [X]}\n", "state must be COUNTRY.military"),
        ("[not, a, mapping]\n", "the top level must be a mapping"),
        ("actors: {a: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_registry_says_where(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(BadRegistry, match=message) as err:
        load_registry(bad)
    assert str(bad) in str(err.value)


def test_missing_user_file() -> None:
    with pytest.raises(BadRegistry, match="no such file"):
        load_registry("/nonexistent/actors.yaml")


def test_tokens_fold_marks_and_keep_offsets() -> None:
    text = "Hay’at Tahrir al-Sham's U.S.-made"
    toks = tokenize(text)
    assert [t.key for t in toks] == ["hayat", "tahrir", "al", "sham", "'s", "us", "made"]
    assert all(text[t.start : t.end].replace("’", "'").replace(".", "") for t in toks)


@pytest.mark.parametrize("text", ["Syria's army", "SYRIA'S ARMY", "Syria’s army", "Syria’S army"])
def test_a_possessive_is_split_off_with_its_offsets(text: str) -> None:
    toks = tokenize(text)
    assert [(t.start, t.end, t.key) for t in toks] == [(0, 5, "syria"), (5, 7, "'s"), (8, 12, "army")]
    assert toks[1].exact == "'s"


def test_a_currency_names_no_country_of_the_report(matcher: ActorMatcher) -> None:
    text = "Rioters angry at the US dollar rate hurled stones at Lebanese soldiers; the Syrian pound fell too."
    assert list(matcher.countries_in(text)) == ["LB"]


@pytest.mark.parametrize(
    "text",
    [
        "strikes on rebel-held areas",
        "the government-held west of the city",
        "the IS-held town of Mayadin",
        # the hyphen stripped, as scraped text has it
        "a shelling attack on the government held western part of the city",
    ],
)
def test_who_holds_a_place_is_not_an_actor_there(matcher: ActorMatcher, text: str) -> None:
    assert matcher.find(text, "SY") == []


def test_held_as_a_verb_keeps_its_actor(matcher: ActorMatcher) -> None:
    assert [m.ref.name for m in matcher.find("the government held talks with the opposition", "SY")] == [
        "Government of Syria"
    ]


def test_a_patron_with_a_word_of_holding_still_names_the_fighters(matcher: ActorMatcher) -> None:
    (m,) = matcher.find("Turkish-controlled fighters advanced", "SY")
    assert m.ref.name.startswith("Rebels") and m.ref.affiliation


def test_a_label_after_a_named_group_is_part_of_its_name(matcher: ActorMatcher) -> None:
    # "the Daesh terrorist group" is one group, not Daesh and an unnamed "terrorist group"
    assert names(matcher, "mines planted by the Daesh terrorist group", "SY") == [
        ("Daesh terrorist group", "Islamic State", 2)
    ]
    assert names(matcher, "an ISIS terrorist attack on the city", "SY") == [("ISIS terrorist", "Islamic State", 2)]
    assert [n for _, n, _ in names(matcher, "Nusra terrorists shelled the town", "SY")] == ["Jabhat al-Nusra"]


def test_unnamed_kurdish_fighters_are_the_kurdish_group_of_the_country() -> None:
    m = ActorMatcher()
    assert names(m, "Kurdish forces killed 16 militants", "SY")[0][1] == "YPG: People's Protection Units"
    assert names(m, "Kurdish militants attacked a post", "TR")[0][1] == "PKK: Kurdistan Workers' Party"
    assert names(m, "Kurdish fighters advanced", "IQ")[0][1].endswith("(Peshmerga)")
    # in a country with no entry the description stays a description
    assert names(m, "Kurdish fighters advanced", "IR")[0][1] == "Kurdish Ethnic Militia (Iran)"


def test_by_country_must_name_a_named_actor(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text(
        "generic:\n  kurds:\n    name: K ({country})\n    inter: 4\n    by_country: {SY: no.such}\n    words: [kurds]\n"
    )
    with pytest.raises(BadRegistry, match="by_country"):
        load_registry(bad)


def test_two_sides_sharing_one_head_noun_are_both_found(matcher: ActorMatcher) -> None:
    found = [m.ref.name for m in matcher.find("clashes between regime and rebel forces in Aleppo", "SY")]
    assert found == ["Military Forces of Syria", "Rebels (Syria)"]
    found = [m.ref.name for m in matcher.find("clashes between pro-regime and opposition forces", "SY")]
    assert found == ["Pro-Government Militia (Syria)", "Rebels (Syria)"]
    # a word before "and" that names no side adds nothing
    assert [m.ref.name for m in matcher.find("food and rebel forces", "SY")] == ["Rebels (Syria)"]
