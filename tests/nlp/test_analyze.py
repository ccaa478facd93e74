from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from fogwatch.analyze import Analysis, Analyzer, AnalyzeStep, analyze, analyze_pending, marked_text, stored_mentions
from fogwatch.cli import app
from fogwatch.doc import Doc
from fogwatch.model import ActorRef, Article, Quantity, Reject, TimeValue
from fogwatch.pipeline import Counters, run_chain
from fogwatch.store import Store, schema

pytest.importorskip("spacy")

REPORT = (
    "Militia Pushes Into Ras al-Hadid After Night Raid\n\n"
    "Fighters of the Syrian National Army entered the hamlet of Ras al-Hadid late on Tuesday after a night raid "
    "on positions held by the Syrian Democratic Forces, a commander told our correspondent.\n\n"
    "At least 14 SDF fighters were killed and nine were captured, the commander said, while two armoured vehicles "
    "were destroyed. The SDF said Turkish drones had struck the hamlet on February 2.\n\n"
    "Dozens of families fled towards the river and are sheltering in a school, residents said."
)
FRENCH = (
    "Les combattants sont entrés dans le village mardi soir après un raid nocturne sur les positions tenues par "
    "les forces kurdes, a déclaré un commandant à notre correspondant. Au moins quatorze combattants ont été tués."
)


def article(aid: str, text: str, published: date | None) -> Article:
    return Article(id=aid, source=f"/reports/{aid}.txt", format="text", raw=text, title=text.split("\n", 1)[0],
                   published=published)  # fmt: skip


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer().load()


def test_analyze_finds_each_kind(analyzer: Analyzer) -> None:
    a = article("a1", REPORT, date(2020, 2, 6))  # a Thursday
    ms = analyze(a, a.published, analyzer)
    text = a.text
    dates = {text[m.start : m.end]: m.value.start for m in ms if isinstance(m.value, TimeValue)}
    assert dates["late on Tuesday"] == date(2020, 2, 4)
    assert dates["February 2"] == date(2020, 2, 2)
    actors = {text[m.start : m.end]: m.value.name for m in ms if isinstance(m.value, ActorRef)}
    assert actors["Syrian National Army"] == "SNA: Syrian National Army"
    assert actors["Syrian Democratic Forces"] == "SDF: Syrian Democratic Forces"
    assert actors["Turkish drones"] == "Military Forces of Turkey (2016-)"
    quantities = {
        text[m.start : m.end]: (m.value.kind, m.value.value, m.value.actor) for m in ms if isinstance(m.value, Quantity)
    }
    assert quantities["At least 14 SDF fighters"] == ("killed", 14, "SDF: Syrian Democratic Forces")
    assert quantities["nine"][:2] == ("captured", 9)
    assert quantities["two armoured vehicles"][:2] == ("destroyed", 2)
    assert quantities["Dozens of families"][:2] == ("displaced", 12)
    assert all(0 <= m.sentence < 8 for m in ms)
    assert ms == sorted(ms, key=lambda m: (m.start, m.end, m.kind))


def test_step_skips_other_languages_and_empty_text(analyzer: Analyzer) -> None:
    step = AnalyzeStep()
    step.analyzer = analyzer
    counters = Counters()
    out = list(
        run_chain([step], [article("fr", FRENCH, None), article("e", "", None), article("en", REPORT, None)], counters)
    )
    rejects = {r.input: r for r in out if isinstance(r, Reject)}
    assert rejects["fr"].kind == "language" and "'fr'" in rejects["fr"].reason
    assert rejects["e"].kind == "empty"
    assert [r.article_id for r in out if isinstance(r, Analysis)] == ["en"]
    assert counters.steps["analyze"].rejected == {"language": 1, "empty": 1}


def test_no_anchor_keeps_year_unknown(analyzer: Analyzer) -> None:
    ms = analyze(article("u", REPORT, None), None, analyzer)
    feb2 = [m.value for m in ms if isinstance(m.value, TimeValue) and m.value.day == 2]
    assert feb2 and not feb2[0].year_known and feb2[0].start is None


def test_pathological_text_is_bounded(analyzer: Analyzer) -> None:
    blob = " ".join(
        ["12 killed 5 wounded by Syrian army near the village on Monday"] * 1500
    )  # no full stop: 90,000 characters
    started = time.perf_counter()
    result = analyzer.analyze(article("big", blob, date(2020, 1, 1)), date(2020, 1, 1))
    assert isinstance(result, Analysis) and result.mentions
    assert time.perf_counter() - started < 15


def test_pending_is_analysed_once_and_stored(tmp_path: Path, analyzer: Analyzer) -> None:
    store = Store.open(str(tmp_path / "a.db"))
    store.write_batch(
        [article("a1", REPORT, date(2020, 2, 6)), article("fr", FRENCH, None), article("u", REPORT + " ", None)]
    )
    with store.engine.begin() as conn:  # "u" is undated; its story was first published on 2020-02-06
        conn.execute(schema.stories.insert().values(id="s1", canonical_id="a1", size=2, sites=[], first_published="2020-02-06",
                                                     independent_sources=1))  # fmt: skip
        conn.execute(
            schema.story_members.insert().values(article_id="u", story_id="s1", relation="exact", similarity=1.0)
        )
    assert analyze_pending(store, workers=1) == 3
    assert analyze_pending(store, workers=1) == 0
    with store.engine.connect() as conn:
        marks = {r.article_id: r for r in conn.execute(select(schema.analyzed))}
    assert marks["fr"].status == "skipped" and marks["fr"].language == "fr" and "only English" in marks["fr"].reason
    assert marks["a1"].status == "analysed" and marks["a1"].anchor == "2020-02-06"
    assert marks["u"].anchor == "2020-02-06"
    stored = stored_mentions(store, "a1")
    assert len(stored) == marks["a1"].mentions > 0
    assert stored == analyze(article("a1", REPORT, date(2020, 2, 6)), date(2020, 2, 6), analyzer)
    assert "«Syrian National Army»[actor: SNA: Syrian National Army, inter 2]" in marked_text(REPORT, stored)


def test_cli_show_and_export(tmp_path: Path, analyzer: Analyzer) -> None:
    db = str(tmp_path / "c.db")
    store = Store.open(db)
    store.write_batch([article("a1", REPORT, date(2020, 2, 6))])
    analyze_pending(store, workers=1)
    cli = CliRunner()
    shown = cli.invoke(app, ["show", "a1", "--mentions", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "«late on Tuesday»[date: 2020-02-04 day]" in shown.output
    assert "«At least 14 SDF fighters»[quantity: killed 14+ fighters of SDF: Syrian Democratic Forces" in shown.output
    exported = cli.invoke(app, ["export", "mentions", "--format", "jsonl", "--db", db])
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in exported.output.splitlines()]
    assert {"article_id", "start", "end", "text", "kind", "value"} <= set(rows[0])
    assert all(REPORT[r["start"] : r["end"]] == r["text"] for r in rows)
    killed = [r for r in rows if r["kind"] == "quantity" and r["value"]["kind"] == "killed"]
    assert killed[0]["value"]["value"] == 14


def test_one_broken_text_does_not_stop_the_others(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    step = AnalyzeStep()
    step.analyzer = analyzer
    real = analyzer.document

    def flaky(text: str) -> Doc:
        if text.startswith("Broken"):
            raise ValueError("a rule met something it did not expect")
        return real(text)

    monkeypatch.setattr(analyzer, "document", flaky)
    out = list(step.run([article("bad", "Broken. " + REPORT, None), article("good", REPORT, None)]))
    assert isinstance(out[0], Reject) and out[0].kind == "error" and "ValueError" in out[0].reason
    assert isinstance(out[1], Analysis) and out[1].mentions


def test_an_article_is_tokenised_and_split_once(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    """One Doc per article: the tokens and sentences every annotator reads are made once (the geoparser
    still reads capitalised words its own way, once, on the text with possessives blanked)."""
    import fogwatch.nlp.actors as actors_mod
    import fogwatch.nlp.places as places_mod

    texts: dict[str, list[int]] = {"tokens": [], "sentences": [], "place words": []}

    def counting(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            texts[name].append(len(args[-1] if name == "sentences" else args[0]))
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(actors_mod, "tokenize", counting("tokens", actors_mod.tokenize))
    monkeypatch.setattr(places_mod, "tokenize", counting("place words", places_mod.tokenize))
    pipeline = analyzer.text_pipeline
    monkeypatch.setattr(pipeline, "parse", counting("sentences", pipeline.parse))
    a = article("once", REPORT, date(2020, 2, 6))
    result = analyzer.analyze(a, a.published)
    assert isinstance(result, Analysis) and result.claims and result.mentions
    whole = len(a.text)
    assert {name: lengths.count(whole) for name, lengths in texts.items()} == {
        "tokens": 1,
        "sentences": 1,
        "place words": 1,
    }
