"""`fogwatch train`: learning from an ACLED-style export, storing, loading, and bad input."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("sklearn")
pytest.importorskip("numpy")

from fogwatch.cli import app
from fogwatch.errors import FogwatchError
from fogwatch.events.models import load_classifier
from fogwatch.events.train import (
    BadModelFile,
    BadTrainingFile,
    CombinedClassifier,
    LinearModel,
    TrainedClassifier,
    clean_note,
    default_model_path,
    train_from_acled,
)

# Invented rows in the shape of ACLED notes: a date, what happened, a size remark.
ROWS: dict[str, list[str]] = {
    "Peaceful protest": [
        "nurses protested outside the provincial hospital demanding unpaid salaries",
        "students marched to the education ministry to protest higher fees",
        "farmers held a demonstration in the market square against new land taxes",
        "residents protested in front of the town hall over repeated power cuts",
        "teachers staged a sit-in at the district office demanding promotions",
        "taxi drivers protested along the main avenue against fuel prices",
        "traders demonstrated near the customs office against a new levy",
        "pensioners gathered peacefully at the square to protest delayed payments",
    ],
    "Armed clash": [
        "militants clashed with the army near the river crossing, several fighters were killed",
        "rebels and government troops exchanged fire at a checkpoint on the highway",
        "fighting broke out between the militia and soldiers in the hills east of the town",
        "insurgents attacked a military post and clashed with soldiers for two hours",
        "two armed groups clashed over control of the road near the village",
        "soldiers repelled an attack by militants on their base, killing three attackers",
        "clashes between rebels and the army continued on the northern front line",
        "an army patrol was ambushed by gunmen and returned fire",
    ],
    "Shelling/artillery/missile attack": [
        "rebel forces shelled the outskirts of the city with mortars",
        "artillery fire hit residential buildings in the eastern district",
        "several rockets landed near the airport, causing damage to a hangar",
        "government forces fired artillery shells at rebel positions in the valley",
        "mortar rounds struck a neighbourhood, wounding two residents",
        "the army shelled villages held by the militia overnight",
        "rockets were fired at the military base from the hills",
        "heavy shelling targeted the town centre in the afternoon",
    ],
    "Arrests": [
        "police arrested a local opposition official at his home",
        "security forces detained two suspected members of the armed group",
        "intelligence officers arrested a journalist at the border",
        "police detained a party organiser accused of incitement",
        "the army arrested three men suspected of supporting the rebels",
        "authorities arrested a student leader after a speech on campus",
        "police arrested a former commander of the militia in the capital",
        "security agents detained a human rights lawyer in the city",
    ],
}


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for row in rows:
            w.writerow(row)
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    rows = []
    for i, (sub, notes) in enumerate(sorted(ROWS.items())):
        for j, note in enumerate(notes):
            rows.append(
                {
                    "event_id_cnty": f"XYZ{i}{j}",
                    "event_date": f"{j + 1} May 2020",
                    "event_type": "",
                    "sub_event_type": sub,
                    "notes": f"On {j + 1} May 2020, {note}. [size=no report]",
                }
            )
    return write_csv(
        tmp_path / "export.csv", rows, ["event_id_cnty", "event_date", "event_type", "sub_event_type", "notes"]
    )


def test_clean_note() -> None:
    assert clean_note("On 3 May 2020, police arrested a man. [size=no report]").strip() == "police arrested a man."


def test_train_store_load_classify(export: Path, tmp_path: Path) -> None:
    out = tmp_path / "model.npz"
    report = train_from_acled(export, out)
    assert out.exists()
    assert report.rows == 32 and set(report.classes) == set(ROWS)
    assert report.held_out_accuracy is not None and 0.0 <= report.held_out_accuracy <= 1.0
    text = "\n".join(report.lines())
    assert "32 rows" in text and str(out) in text
    # the file is plain arrays: it must load without pickle
    with zipfile.ZipFile(out) as z:
        assert {"terms.npy", "idf.npy", "coef.npy", "intercept.npy", "classes.npy", "meta.npy"} <= set(z.namelist())
    clf = load_classifier(str(out))
    assert clf.name == "trained"
    det = clf.classify("Hundreds of nurses protested outside the hospital to demand their salaries.")
    assert det is not None and det.sub_event_type == "Peaceful protest" and det.source == "trained"
    assert det.event_type == "Protests" and 0 < det.score <= 1
    assert det.trigger is not None
    det = clf.classify("Police arrested an opposition official at his home in the capital.")
    assert det is not None and det.sub_event_type == "Arrests"
    assert clf.classify_many(["rebels shelled the town", "rebels shelled the town"])[0] == clf.classify(
        "rebels shelled the town"
    )


def test_default_location_and_combined(export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOGWATCH_HOME", str(tmp_path / "home"))
    report = train_from_acled(export)
    assert report.out == default_model_path() and report.out.is_relative_to(tmp_path / "home")
    trained = load_classifier("trained")
    combined = load_classifier("combined")
    assert isinstance(trained, TrainedClassifier) and isinstance(combined, CombinedClassifier)
    # the rules keep non-events out, whatever the trained model thinks
    assert combined.classify("Heavy rains flooded the coastal province, killing 14 people.") is None
    assert trained.classify("Heavy rains flooded the coastal province, killing 14 people.") is not None
    det = combined.classify("Students marched to the ministry to protest higher fees.")
    assert det is not None and det.sub_event_type == "Peaceful protest"


def test_cli_train(export: Path, tmp_path: Path, cli: CliRunner) -> None:
    out = tmp_path / "cli-model.npz"
    res = cli.invoke(app, ["train", "--acled", str(export), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "learned from 32 rows" in res.output and "held-out accuracy" in res.output
    assert out.exists()


@pytest.mark.parametrize(
    ("columns", "rows", "message"),
    [
        (["notes", "event_type"], [{"notes": "x", "event_type": "Battles"}], "missing column sub_event_type"),
        (["id", "text"], [{"id": "1", "text": "x"}], "missing columns notes, sub_event_type"),
        (["notes", "sub_event_type"], [], "no rows"),
        (["notes", "sub_event_type"], [{"notes": "", "sub_event_type": "Armed clash"}], "no rows"),
        (
            ["notes", "sub_event_type"],
            [{"notes": "a", "sub_event_type": "Armed clash"}, {"notes": "b", "sub_event_type": "Shootout"}],
            "unknown sub_event_type 'Shootout' \\(line 3\\)",
        ),
        (["notes", "sub_event_type"], [{"notes": "a", "sub_event_type": "Armed clash"}] * 3, "at least two"),
    ],
)
def test_bad_exports(tmp_path: Path, columns: list[str], rows: list[dict[str, str]], message: str) -> None:
    path = write_csv(tmp_path / "bad.csv", rows, columns)
    with pytest.raises(BadTrainingFile, match=message) as info:
        train_from_acled(path, tmp_path / "m.npz")
    assert str(path) in str(info.value)
    assert not (tmp_path / "m.npz").exists()


def test_missing_file_and_folder(tmp_path: Path, cli: CliRunner) -> None:
    with pytest.raises(FogwatchError, match="no such file"):
        train_from_acled(tmp_path / "nope.csv")
    with pytest.raises(BadTrainingFile, match="is a folder"):
        train_from_acled(tmp_path)
    res = cli.invoke(app, ["train", "--acled", str(tmp_path / "nope.csv")])
    assert res.exit_code != 0 and "nope.csv" in res.output


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("notes,sub_event_type\ncaf\xe9 attack,Attack\n".encode("latin-1"))
    with pytest.raises(BadTrainingFile, match="not UTF-8"):
        train_from_acled(path, tmp_path / "m.npz")


def test_bad_model_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(BadModelFile, match=r"junk\.npz"):
        LinearModel.load(path)
    with pytest.raises(FogwatchError):
        load_classifier(str(path))


@pytest.mark.slow
def test_train_on_the_shared_acled_export(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "acled-2020-04" / "acled.csv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    report = train_from_acled(path, tmp_path / "acled.npz")
    assert report.rows > 5000
    assert report.held_out_accuracy is not None and report.held_out_accuracy >= 0.8
