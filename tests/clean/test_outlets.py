"""Outlets and datelines read from a text's own furniture (texts written for these tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fogwatch.clean.dates import find_dateline
from fogwatch.clean.outlets import canonical_site, find_outlets
from fogwatch.clean.step import CleanStep
from fogwatch.model import Article

BODY = (
    "Shelling hit the market of the town on Tuesday morning and killed four people including a boy "
    "the head of the local council said adding that rescuers were still searching the rubble."
)


@pytest.mark.parametrize(
    ("text", "site", "wires"),
    [
        (BODY + " --Reuters", None, ["Reuters"]),
        (BODY + " The war began in 2011.-AFP", None, ["AFP"]),
        (BODY + " Copyright 2019 Levant Monitor. All rights reserved.", "Levant Monitor", []),
        (BODY + " © 2021 The Daily Star", "The Daily Star", []),
        (BODY + " (Source: Syrian Coalition's Media Office) Twitter", "Syrian Coalition", []),
        (BODY + " (Source: Syrian Coalitions Media Department)", "Syrian Coalition", []),
        (BODY + " (With AFP and Reuters) Last Update: Sunday 3 May 2015", None, ["AFP", "Reuters"]),
        ("BEIRUT (AP) -- " + BODY, None, ["AP"]),
        ("ALEPPO, Syria (The Associated Press) - " + BODY, None, ["AP"]),
        ("MOSCOW (Sputnik) " + BODY, "Sputnik", []),
        (BODY + " Source AA Related News Ten more stories", None, ["Anadolu Agency"]),
        (BODY + " a resident told Al Arabiya English by phone.", "Al Arabiya", []),
        (BODY + " SEND httpsabahdai.ly7Qx2Lp", None, []),  # residue in the middle of nowhere: see below
        ("Published May 3 2016 SEND httpsabahdai.ly7Qx2Lp " + BODY, "Daily Sabah", []),
        (BODY + " Comment via FacebookComment via Sputnik News", "Sputnik", []),
        (BODY + " and the bombing continued; Press TV reported. SSH 11", None, ["Press TV"]),
        ("Strikes kill four in Idlib Monitor AFP Friday 15 Jul 2016 " + BODY, None, ["AFP"]),
        ("Aleppo SANA- " + BODY, None, ["SANA"]),
        (
            BODY + " Reporting by Jane Roe; Editing by John Doe Our Standards: The Thomson Reuters Trust Principles.",
            None,
            ["Reuters"],
        ),
    ],
)
def test_credits_name_the_site_and_the_wire_apart(text: str, site: str | None, wires: list[str]) -> None:
    if "httpsabahdai" in text and not text.startswith("Published"):
        text = BODY + " " + BODY + " " + BODY + " " + BODY + " " + BODY + " SEND httpsabahdai.ly7Qx2Lp " + BODY * 4
        site = None  # short-link residue counts in the header or the footer, not mid-story
    found = find_outlets(text)
    assert (found.site.name if found.site else None) == site
    assert found.wire_names == wires


@pytest.mark.parametrize(
    "text",
    [
        BODY + " Observatory head Rami Abdel Rahman told AFP that the toll would rise.",
        BODY + " State news agency SANA reported two more dead.",
        BODY + " a military source told SANA reporter.",  # wire copy says "told <agency>" wherever it is carried
        BODY + " the Lebanese Al-Manar TV channel reported. A commander told Al-Manar the town had fallen.",
        "A man searches the rubble in Aleppo Syria June 11 2016. (Reuters) " + BODY,  # a photo credit
        "Kurdish fighters advance near Tabqa REUTERS Rodi Said Middle East 1730 28.04.2017 " + BODY,
        BODY + " Al-Jazeera reporter killed in a strike on Idlib on Monday.",
        BODY + " the Syrian Coalition said in a statement.",
    ],
)
def test_an_outlet_quoted_inside_the_story_is_not_its_outlet(text: str) -> None:
    found = find_outlets(text)
    assert found.site is None
    assert found.wire_names == []


def test_a_credit_line_outranks_a_last_sentence_attribution() -> None:
    text = BODY + " the minister said Interfax reported. Writing by Jane Roe; Editing by John Doe Thomson Reuters"
    assert find_outlets(text).wire_names[0] == "Reuters"


@pytest.mark.parametrize(
    ("text", "day", "evidence"),
    [
        ("Tue 05 Jul 2016 Suicide bombing kills 16 in Hasaka. " + BODY, date(2016, 7, 5), "dateline"),
        ("Fri Sep 27 2013 Bomb blast kills 60 . " + BODY, date(2013, 9, 27), "dateline"),
        ("Last updated at Apr 232017 " + BODY, date(2017, 4, 23), "publication-line"),
        ("Date of publication 4 October 2016 " + BODY, date(2016, 10, 4), "publication-line"),
        ("Published July 27 2016 " + BODY, date(2016, 7, 27), "publication-line"),
        ("Posted on April 2 2017 by A Writer " + BODY, date(2017, 4, 2), "publication-line"),
        ("27-07-2016 " + BODY, date(2016, 7, 27), "dateline"),
        ("6-09-2013 " + BODY, date(2013, 9, 6), "dateline"),
        ("24.08.2013Get short URL " + BODY, date(2013, 8, 24), "dateline"),
        ("Aug. 1 2016 Rescuers say " + BODY, date(2016, 8, 1), "dateline"),
        ("Wednesday 07 December 2016 135 Civilians Killed " + BODY, date(2016, 12, 7), "dateline"),
        ("Strikes kill four in Idlib Monitor AFP Friday 15 Jul 2016 " + BODY, date(2016, 7, 15), "dateline"),
        ("Title of a story here Middle East Syria 07-08-2013 0147 PM " + BODY, date(2013, 8, 7), "dateline"),
    ],
)
def test_datelines_in_their_real_forms(text: str, day: date, evidence: str) -> None:
    dl = find_dateline(text)
    assert dl is not None and dl.date == day and dl.evidence == evidence
    assert str(day.year) in text[dl.start : dl.end]


@pytest.mark.parametrize(
    "text",
    [
        "1. Ghouta: On August 21 2013 the regime fired rockets. " + BODY,
        "Airstrikes killed 12 people in Idlib since 3 March 2017 the monitor said. " + BODY,
        BODY + " Tue 05 Jul 2016",  # not in the header
        "Four killed in Idlib town. " + BODY + " It happened in Idlib Syria June 11 2016.",
    ],
)
def test_a_date_of_events_is_not_a_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_clean_step_keeps_the_dateline_as_metadata_and_names_no_file(tmp_path: Path) -> None:
    raw = "Tue 05 Jul 2016 Suicide bombing kills 16 in Hasaka. " + BODY + " --Reuters"
    source = str(tmp_path / "dumps" / "0042-unit.txt")
    art = CleanStep().clean_one(Article(id="x", source=source, format="text", raw=raw))
    assert isinstance(art, Article)
    assert art.published == date(2016, 7, 5) and art.published_evidence == "dateline"
    assert any(s.label == "metadata" and raw[s.start : s.end] == "Tue 05 Jul 2016" for s in art.removed)
    assert art.text.startswith("Suicide bombing kills 16")
    assert art.site is None and art.wire == "Reuters" and art.outlet == "Reuters"
    bare = CleanStep().clean_one(Article(id="y", source=source, format="text", raw=BODY))
    assert isinstance(bare, Article) and bare.outlet is None  # unknown: never the file's name


def test_known_hosts_and_aliases_take_the_registry_name() -> None:
    assert canonical_site("www.dailysabah.com") == "Daily Sabah"
    assert canonical_site("english.alarabiya.net") == "Al Arabiya"
    assert canonical_site("Al-Arabiya") == "Al Arabiya"
    assert canonical_site("example.org") == "example.org"
    assert canonical_site("Frontline Dispatch") == "Frontline Dispatch"


def test_every_dateline_form_needs_a_year_so_a_header_without_one_is_skipped() -> None:
    # find_dateline returns early on a header holding no four-digit year: right only while every form has one
    from fogwatch.clean.dates import _DATE_FORMS

    assert all("(?:19|20)\\d{2}" in form for form in _DATE_FORMS)
    assert find_dateline("Wednesday 07 December, " + BODY) is None  # no year: no dateline, as before


def _documents() -> list[str]:
    import json

    from fogwatch.paths import REPO_DIR

    texts = []
    for path in sorted((REPO_DIR / "datasets").glob("*/*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            texts += [str(json.loads(line).get("raw") or "") for line in fh]
    return [t for t in texts if t]


def test_a_text_naming_no_known_outlet_gets_the_same_credits_without_the_name_patterns() -> None:
    # find_outlets skips the patterns that need a registry name when the text holds none; on the
    # repository's documents with every registry name blanked out, it must find what all patterns find
    import re

    from fogwatch.clean.outlets import _find_outlets, _patterns, _without_names, registry

    any_name, _ = _without_names()
    name = re.compile(registry().name_re)
    credited = 0
    for text in _documents():
        blank = name.sub(lambda m: "x" * len(m.group()), text)
        assert any_name.search(blank) is None
        full = _find_outlets(blank, _patterns())
        assert find_outlets(blank) == full
        credited += full.site is not None or bool(full.wires)
    assert credited >= 20  # credits the free-form patterns still find: the comparison is not of empty results
