"""Every error fogwatch raises crosses the process boundary as itself, and missing extras are named at once."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from concurrent.futures import ProcessPoolExecutor

import pytest

import fogwatch
from fogwatch.errors import (
    EXTRAS,
    BadPlacesFile,
    DownloadFailed,
    FogwatchError,
    GazetteerUnreadable,
    MissingExtra,
    MissingExtras,
    check_extras,
    missing_extras,
)


def _all_error_classes() -> list[type[FogwatchError]]:
    for mod in pkgutil.walk_packages(fogwatch.__path__, "fogwatch."):
        try:
            importlib.import_module(mod.name)
        except ImportError:  # an optional extra not installed here
            continue
    seen: list[type[FogwatchError]] = []
    todo = [FogwatchError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in seen if c.__module__.startswith("fogwatch.")]


def _example(cls: type[FogwatchError]) -> FogwatchError:
    """An instance made with a plausible value for each constructor argument."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    args: list[object] = []
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
            continue
        ann = str(p.annotation)
        args.append(3 if "int" in ann and "str" not in ann else ["a", "b"] if "list" in ann else f"<{p.name}>")
    return cls(*args)


ERRORS = _all_error_classes()


def test_the_error_classes_are_all_found() -> None:
    names = {c.__name__ for c in ERRORS}
    assert {"MissingExtra", "BadPlacesFile", "GazetteerUnreadable", "DownloadFailed", "InputNotFound"} <= names
    assert len(ERRORS) >= 20


@pytest.mark.parametrize("cls", ERRORS, ids=lambda c: c.__name__)
def test_each_error_class_survives_pickling(cls: type[FogwatchError]) -> None:
    err = _example(cls)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert str(back) == str(err)
    assert back.exit_code == err.exit_code
    assert back.__dict__ == err.__dict__


def _raise(err: FogwatchError) -> None:
    raise err


@pytest.mark.parametrize(
    "err",
    [
        MissingExtra("trafilatura", "html", "Reading HTML pages"),
        BadPlacesFile("places.csv", "no header"),
        GazetteerUnreadable("/tmp/g.sqlite", "file is not a database"),
        DownloadFailed("https://example.org/SY.zip", "HTTP 404"),
        MissingExtras("fogwatch demo", ["trafilatura", "spacy"], ["html", "nlp"]),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_raised_in_a_worker_process_reach_the_parent(err: FogwatchError) -> None:
    with ProcessPoolExecutor(1) as pool:
        future = pool.submit(_raise, err)
        with pytest.raises(type(err)) as got:
            future.result(timeout=60)
    assert str(got.value) == str(err)


def test_missing_extras_are_named_together_with_one_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EXTRAS, "html", (("trafilatura", "trafilatura"), ("no_such_module_x", "lxml_html_clean")))
    monkeypatch.setitem(EXTRAS, "nlp", (("no_such_module_y", "spacy"), ("no_such_module_z", "pyyaml")))
    assert missing_extras(["html", "nlp", "stories"]) == {"html": ["lxml_html_clean"], "nlp": ["spacy", "pyyaml"]}
    with pytest.raises(MissingExtras) as got:
        check_extras("fogwatch demo", ["html", "nlp", "stories"])
    message = str(got.value)
    assert "\n" not in message
    assert message == (
        "fogwatch demo needs lxml_html_clean, spacy, pyyaml, not installed. "
        "Install them with: pip install 'fogwatch[html,nlp]'"
    )
    check_extras("fogwatch demo", ["stories"])  # installed here: nothing raised


def test_every_extra_of_pyproject_is_known() -> None:
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    extras = project["project"]["optional-dependencies"]
    assert set(EXTRAS) == set(extras) - {"all", "dev"}
    for extra, modules in EXTRAS.items():
        listed = " ".join(extras[extra]).lower().replace("-", "_")
        for _, package in modules:
            assert package.lower().replace("-", "_") in listed, (extra, package)


def test_every_error_is_in_the_catalogue_with_a_code_of_its_own() -> None:
    """One module defines the errors a user sees; each keeps its code (FW and three digits) for good."""
    from fogwatch.errors import catalogue

    listed = catalogue()
    assert [c for c in ERRORS if c not in listed] == []  # none defined elsewhere
    codes = [c.code for c in listed]
    assert all(len(code) == 5 and code.startswith("FW") and code[2:].isdigit() for code in codes)
    assert len(set(codes)) == len(codes)
    assert [c.__name__ for c in listed if not (c.__dict__.get("__doc__") or "").strip()] == []
    # codes are stable: a few pinned, so renumbering is a visible change
    from fogwatch.errors import BadSetting, InputNotFound, NoDatabase, StorageError

    assert (InputNotFound.code, BadSetting.code, StorageError.code, NoDatabase.code) == (
        "FW102",
        "FW150",
        "FW200",
        "FW201",
    )


def test_no_module_raises_a_bare_fogwatch_error() -> None:
    """A message made where it is raised would bypass the catalogue: every raise names its class."""
    import re
    from pathlib import Path

    src = Path(fogwatch.__file__).parent
    bare = [
        f"{p.relative_to(src)}:{n}"
        for p in sorted(src.rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bFogwatchError\(", line) and "class " not in line
    ]
    assert bare == []


def test_errors_command_lists_the_catalogue(cli: object) -> None:
    from typer.testing import CliRunner

    from fogwatch.cli import app
    from fogwatch.errors import catalogue

    res = CliRunner().invoke(app, ["errors"])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert len(lines) == len(catalogue())
    assert lines[2].split()[:4] == ["FW102", "exit", "2", "InputNotFound"]
