"""Where fogwatch finds its bundled files and the shared evaluation data."""

from __future__ import annotations

from pathlib import Path

from fogwatch.settings import Settings, current

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent  # src/fogwatch -> repo, for a source checkout


def demo_corpus() -> Path:
    """The bundled demo corpus: inside the wheel, else the checkout's examples/corpus."""
    for candidate in (PACKAGE_DIR / "_demo_corpus", REPO_DIR / "examples" / "corpus"):
        if (candidate / "gold.json").exists():
            return candidate
    raise FileNotFoundError("the demo corpus is not installed with this copy of fogwatch")


def eval_data_root(settings: Settings | None = None) -> Path:
    """The `eval_data` setting (FOGWATCH_EVAL_DATA), else ../shared/data beside the checkout or the working directory."""
    given = (settings or current()).eval_data
    if given is not None:
        return given
    for candidate in (REPO_DIR.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return REPO_DIR.parent / "shared" / "data"


def data_home(settings: Settings | None = None) -> Path:
    """Where fogwatch keeps what the user made (trained models): the `home` setting (FOGWATCH_HOME),
    else $XDG_DATA_HOME/fogwatch, else ~/.local/share/fogwatch."""
    return (settings or current()).home


def corpus_inputs(corpus: Path) -> list[str]:
    """The folders of articles in a corpus directory (its gold.json and README are not articles)."""
    return [str(p) for p in sorted(corpus.iterdir()) if p.is_dir() and not p.name.startswith(".")]
