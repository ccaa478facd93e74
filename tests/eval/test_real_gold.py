"""The gold tool: labellers' quotes become offsets, and nothing of the text is kept."""

from __future__ import annotations

from datetime import date

from fogwatch.eval.fakes_data import FakesRow, decode_field, part
from fogwatch.eval.real_gold import content_hash, convert

TEXT = (
    "Tue 05 Jul 2016 Bomb kills 16 in a northern town. A bomb killed at least 16 people in the town of "
    "Tadef on Tuesday the monitor said. --Wire"
)


def _row(text: str = TEXT) -> FakesRow:
    return FakesRow(7, "123", "t", text, "x", date(2016, 7, 5), "aleppo", "unknown", "explosion", 16, 0, 0, 0, True)


def test_quotes_become_offsets() -> None:
    draft = {
        "row": 7,
        "published": {"date": "2016-07-05", "quote": "Tue 05 Jul 2016"},
        "outlet": {"site": None, "wire": [{"name": "Wire", "quote": "--Wire"}]},
        "events": [
            {
                "id": "e1",
                "sub_event_type": "Remote explosive/landmine/IED",
                "date": "2016-07-05",
                "date_basis": "text",
                "date_quote": "on Tuesday",
                "place": {"name": "Tadef", "lat": 36.35, "lon": 37.53, "geo_precision": 1, "quote": "Tadef"},
                "actor1": {"class": "unknown", "name": "Unidentified Armed Group (Syria)", "quote": None},
                "fatalities": 16,
                "fatalities_quote": {"q": "at least 16 people", "n": 0},
                "evidence": ["A bomb killed at least 16 people"],
                "fusion": "tadef-bomb",
            }
        ],
        "claims": [
            {
                "text": "A bomb killed at least 16 people in the town of Tadef on Tuesday the monitor said",
                "speaker": {"kind": "media", "quote": "the monitor"},
                "cue": "said",
                "certainty": "attributed",
                "event": "e1",
            }
        ],
    }
    gold, problems = convert(draft, _row())
    assert [p for p in problems if "warning" not in p] == []
    (e,) = gold["events"]
    assert TEXT[slice(*e["place"]["span"])] == "Tadef"
    assert TEXT[slice(*e["fatalities_span"])] == "at least 16 people"
    assert e["event_type"] == "Explosions/Remote violence"
    (c,) = gold["claims"]
    assert TEXT[slice(*c["speaker"]["span"])] == "the monitor" and TEXT[slice(*c["cue_span"])] == "said"
    assert gold["sha"] == content_hash(TEXT) and gold["part"] == part("123")
    assert "quote" not in str(gold) and "A bomb killed" not in str(gold)


def test_a_quote_not_in_the_text_and_a_bad_label_are_reported() -> None:
    draft = {
        "row": 7,
        "events": [{"id": "e1", "sub_event_type": "Bombing", "evidence": ["nowhere"]}],
        "claims": [{"text": "not there", "certainty": "sure", "speaker": "outlet", "event": "e9"}],
    }
    _, problems = convert(draft, _row())
    assert any("not ACLED's" in p for p in problems)
    assert any("quote not found" in p for p in problems)
    assert any("certainty 'sure'" in p for p in problems)
    assert any("'e9' is not an event id" in p for p in problems)


def test_fields_are_decoded_one_by_one() -> None:
    utf8 = "Aleppo’s".encode().decode("utf-8", "surrogateescape")
    cp1252 = "Aleppo\x92s".encode("latin-1").decode("utf-8", "surrogateescape")
    assert decode_field(utf8) == "Aleppo’s" and decode_field(cp1252) == "Aleppo’s"


def test_an_articles_own_toll_is_its_highest_neutral_figure() -> None:
    from fogwatch.eval.real import _own_toll

    ev = {
        "figures": [
            {"best": 6, "claim_ids": ["other"], "by_party": False},
            {"best": 8, "claim_ids": ["a1", "a2"], "by_party": False},
            {"best": 5, "claim_ids": ["a3"], "by_party": False},
            {"best": 50, "claim_ids": ["a4"], "by_party": True},
        ]
    }
    assert _own_toll(ev, {"a1", "a3", "a4"}) == 8  # the outlet's own highest, not the party's 50
    assert _own_toll(ev, {"a4"}) == 50  # only a party gives one: that figure
    assert _own_toll(ev, {"nothing"}) is None
