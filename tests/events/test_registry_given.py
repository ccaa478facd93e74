"""The actor registry an analyzer is given is the one its events are coded with: generic actors
("Civilians (Syria)", "Unidentified Armed Group (Syria)") are named from it, not from a second
registry built behind its back from the environment."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from fogwatch.analyze import Analysis, Analyzer
from fogwatch.model import ActorRef, Article
from fogwatch.settings import Settings

pytest.importorskip("spacy")

TEXT = (
    "A roadside bomb killed three soldiers near Saraqib in Idlib province on Monday.\n\n"
    "Gunmen shot dead two villagers in Saraqib on Tuesday."
)
RENAMED = """\
generic:
  unidentified:
    name: "Persons Unknown ({country})"
    inter: 3
    words: [gunmen, unidentified gunmen]
  civilians:
    name: "Noncombatants ({country})"
    inter: 7
    words: [civilians, villagers]
"""


def _actors(analyzer: Analyzer) -> list[tuple[str, str | None, str | None]]:
    art = Article(id="a1", source="report.txt", format="text", raw=TEXT, published=date(2020, 2, 12))
    res = analyzer.analyze(art)
    assert isinstance(res, Analysis)
    out = []
    for c in res.claims:
        e = c.event
        if e is None:
            continue
        names = [
            a.value.name if a is not None and isinstance(a.value, ActorRef) else None for a in (e.actor1, e.actor2)
        ]
        out.append((e.sub_event_type, names[0], names[1]))
    return out


@pytest.fixture
def renamed(tmp_path: Path) -> Path:
    path = tmp_path / "renamed.yaml"
    path.write_text(RENAMED, encoding="utf-8")
    return path


def test_the_default_registry_names_generic_actors() -> None:
    assert _actors(Analyzer(settings=Settings())) == [
        ("Remote explosive/landmine/IED", "Unidentified Armed Group (Syria)", "Military Forces of Syria"),
        ("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)"),
    ]


def test_an_actors_file_given_to_the_analyzer_names_them(renamed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOGWATCH_ACTORS", raising=False)
    expected = [
        ("Remote explosive/landmine/IED", "Persons Unknown (Syria)", "Military Forces of Syria"),
        ("Attack", "Persons Unknown (Syria)", "Noncombatants (Syria)"),
    ]
    assert _actors(Analyzer(actors=renamed, settings=Settings())) == expected
    # the same through the settings, and in a copy sent to another process
    by_settings = Analyzer(settings=Settings(actors=str(renamed)))
    assert _actors(by_settings) == expected
    assert _actors(pickle.loads(pickle.dumps(by_settings))) == expected
    # and a default analyzer after them is not coloured by what they used
    assert _actors(Analyzer(settings=Settings()))[1][2] == "Civilians (Syria)"
