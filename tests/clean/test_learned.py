from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.clean.learned import LABEL, Thresholds, apply_learned, line_key
from fogwatch.clean.step import CleanStep
from fogwatch.cli import app
from fogwatch.model import Article, article_id

MOTTO = "Steppe Courier stays on the road thanks to 3,120 members. Be the next."
STOCK = (
    "The front line east of Kupiansk has barely moved since the spring, and both armies have dug in along "
    "the Oskil river, according to maps published by independent analysts."
)
PLACES = ["Kupiansk", "Lyman", "Siversk", "Vovchansk", "Kurakhove", "Toretsk", "Chasiv Yar"]


def dump(i: int, motto: bool = True, stock: bool = False) -> str:
    place = PLACES[i % len(PLACES)]
    body = [
        f"Shelling damaged the railway depot in {place} overnight, regional officials said on day {i}, and repair "
        f"crews were kept away from the tracks until the afternoon because drones were still circling overhead.",
        f"A volunteer who drives evacuation runs to {place} said the road was passable but that he now travels only "
        f"before dawn. 'The drones hunt anything with an engine,' he said, asking that his name not be used ({i}).",
    ]
    if stock:
        body.append(STOCK)
    lines = [f"Depot in {place} hit again ({i})", "", f"Steppe Courier, March {i + 1}, 2024", ""]
    if motto:
        lines += [MOTTO, ""]
    return "\n".join([*lines, "\n\n".join(body)]) + "\n"


def arts(n: int, **kw: bool) -> list[Article]:
    out = []
    for i in range(n):
        raw = dump(i, **kw)
        src = f"/corpus/steppe-courier/{i}.txt"
        a = Article(id=article_id(src, raw), source=src, format="text", raw=raw)
        out.append(CleanStep().clean_one(a))  # type: ignore[arg-type]
    return out


def test_line_keys_ignore_case_digits_and_spacing() -> None:
    assert line_key("Be one of 3,120 members!") == line_key("be  one of 4,001 MEMBERS")
    assert line_key("---") is None


def test_a_recurring_site_line_is_learned() -> None:
    docs = arts(5)
    assert all(MOTTO in a.text for a in docs)  # no rule knows this line
    apply_learned(docs)
    for a in docs:
        assert MOTTO not in a.text
        assert any(s.label == LABEL for s in a.removed)
        assert "railway depot" in a.text and "drones hunt anything" in a.text


def test_too_few_documents_learn_nothing() -> None:
    docs = arts(2)
    apply_learned(docs)
    assert all(MOTTO in a.text for a in docs)


def test_a_stock_paragraph_needs_more_evidence_than_a_short_line() -> None:
    docs = arts(6, motto=False, stock=False)
    for i in (0, 2, 4):  # half the site's articles repeat a background paragraph
        raw = dump(i, motto=False, stock=True)
        src = f"/corpus/steppe-courier/{i}.txt"
        docs[i] = CleanStep().clean_one(Article(id=article_id(src, raw), source=src, format="text", raw=raw))  # type: ignore[assignment]
    apply_learned(docs)
    assert all(STOCK in docs[i].text for i in (0, 2, 4))


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError):
        Thresholds(min_docs=1)
    with pytest.raises(ValueError):
        Thresholds(min_share=0)
    assert Thresholds().passes(3, 5, prose=False)
    assert not Thresholds().passes(3, 5, prose=True)


def _texts(cli: CliRunner, db: str) -> dict[str, str]:
    out = cli.invoke(app, ["export", "articles", "--db", db]).output
    return {json.loads(x)["source"]: json.loads(x)["text"] for x in out.splitlines()}


def test_learning_in_the_database_reaches_back_to_earlier_articles(tmp_path: Path, cli: CliRunner) -> None:
    site = tmp_path / "steppe-courier"
    site.mkdir()
    db = str(tmp_path / "db.sqlite")
    for i in range(2):
        (site / f"{i}.txt").write_text(dump(i))
    assert cli.invoke(app, ["ingest", str(site), "--db", db]).exit_code == 0
    assert all(MOTTO in t for t in _texts(cli, db).values())  # two documents prove nothing yet
    for i in range(2, 5):
        (site / f"{i}.txt").write_text(dump(i))
    res = cli.invoke(app, ["ingest", str(site), "--db", db])
    assert res.exit_code == 0, res.output
    texts = _texts(cli, db)
    assert len(texts) == 5
    assert not any(MOTTO in t for t in texts.values())  # the first two were cleaned again
    again = cli.invoke(app, ["ingest", str(site), "--db", db])
    assert "0 new articles stored, 5 already stored" in again.output
    assert _texts(cli, db) == texts


def test_a_daily_toll_sentence_with_new_figures_is_not_a_template() -> None:
    docs = []
    for i in range(8):
        raw = dump(i, motto=False) + (
            f"\nThe health ministry said {1200 + 37 * i} people had been killed and {3000 + 90 * i} wounded "
            "in the region since the offensive began, figures that could not be independently verified.\n"
        )
        src = f"/corpus/steppe-courier/toll-{i}.txt"
        docs.append(CleanStep().clean_one(Article(id=article_id(src, raw), source=src, format="text", raw=raw)))
    apply_learned(docs)  # type: ignore[arg-type]
    assert all("health ministry said" in a.text for a in docs)  # type: ignore[union-attr]


def test_a_wire_story_reprinted_under_one_byline_is_not_a_template() -> None:
    """Copies of one article on several sites, whose only site evidence is a shared byline."""
    body = dump(3, motto=False).split("\n", 4)[4]
    docs = []
    for i, host in enumerate(["alpha", "bravo", "charlie", "delta", "echo"]):
        raw = f"Depot in Lyman hit again\n\nBy Steppe Wire Staff\n\n{body}\n© 2024 {host.title()} News\n"
        src = f"/corpus/{host}/wire-{i}.txt"
        docs.append(CleanStep().clean_one(Article(id=article_id(src, raw), source=src, format="text", raw=raw)))
    apply_learned(docs)  # type: ignore[arg-type]
    assert all("railway depot" in a.text for a in docs)  # type: ignore[union-attr]
