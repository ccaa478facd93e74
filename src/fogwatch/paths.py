"""Where fogwatch finds its bundled files and the shared evaluation data."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent  # src/fogwatch -> repo, for a source checkout


def demo_corpus() -> Path:
    """The bundled demo corpus: inside the wheel, else the checkout's examples/corpus."""
    for candidate in (PACKAGE_DIR / "_demo_corpus", REPO_DIR / "examples" / "corpus"):
        if (candidate / "gold.json").exists():
            return candidate
    raise FileNotFoundError("the demo corpus is not installed with this copy of fogwatch")


def eval_data_root() -> Path:
    """FOGWATCH_EVAL_DATA, else ../shared/data beside the checkout or the working directory."""
    env = os.environ.get("FOGWATCH_EVAL_DATA")
    if env:
        return Path(env)
    for candidate in (REPO_DIR.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return REPO_DIR.parent / "shared" / "data"


def data_home() -> Path:
    """Where fogwatch keeps what the user made (trained models): FOGWATCH_HOME, else
    $XDG_DATA_HOME/fogwatch, else ~/.local/share/fogwatch."""
    env = os.environ.get("FOGWATCH_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share") / "fogwatch"


def corpus_inputs(corpus: Path) -> list[str]:
    """The folders of articles in a corpus directory (its gold.json and README are not articles)."""
    return [str(p) for p in sorted(corpus.iterdir()) if p.is_dir() and not p.name.startswith(".")]
