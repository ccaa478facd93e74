"""Turn the paths a user names into inputs, recursively."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from fogwatch.errors import InputNotFound
from fogwatch.model import Input

SUFFIX_KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def kind_of(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIX_KINDS.get(suffixes[-1]) if suffixes else None


def discover(paths: Iterable[str]) -> Iterator[Input]:
    """Yield an Input per file under the given paths, sorted within each directory, and one per URL.

    A path that does not exist raises InputNotFound before anything is read.
    Files of a kind fogwatch cannot read are yielded with kind "unsupported" so
    the reader records them as rejected instead of skipping them in silence.
    Hidden files and folders (".git", ".DS_Store") are not inputs.
    """
    from fogwatch.ingest import urls

    resolved: list[Path | str | tuple[str, str]] = []
    for p in paths:
        if p.lower().startswith(("http://", "https://")):
            resolved.append(p)
            continue
        if urls.is_fsspec_url(p) and not Path(p).exists():
            resolved.extend(urls.discover_url(p, lambda name: kind_of(Path(name)) or "unsupported"))
            continue
        path = Path(urls.local_path(p) if urls.is_file_url(p) else p)
        if not path.exists():
            raise InputNotFound(p)
        resolved.append(path)
    for item in resolved:
        if isinstance(item, str):
            yield Input(item, "url")
            continue
        if isinstance(item, tuple):  # a file at an fsspec URL
            yield Input(*item)
            continue
        path = item
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    yield _input(Path(root) / name)
        else:
            yield _input(path)


def _input(path: Path) -> Input:
    return Input(str(path.resolve()), kind_of(path) or "unsupported")
