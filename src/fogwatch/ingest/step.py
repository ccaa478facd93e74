"""The read step: the files named by `Input` records to Articles, one per file or many per archive.

Above the readers it dispatches to (`read.py` for one file, `jsonl.py`, `warc.py`), which build on
`read.py` and never on this module.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from fogwatch.ingest.decode import DecodeError
from fogwatch.ingest.jsonl import JsonFields, read_jsonl
from fogwatch.ingest.read import READ_SECONDS, article_from_bytes, read_bounded
from fogwatch.ingest.warc import read_warc
from fogwatch.model import Article, Input, Reject
from fogwatch.settings import Settings


class ReadStep:
    """Reads the files named by `Input` records: one Article per file, or many for archives."""

    name = "read"
    budget = READ_SECONDS
    budget_hint = " (set FOGWATCH_READ_SECONDS to allow more)"

    def __init__(self, json_fields: JsonFields | None = None, settings: Settings | None = None) -> None:
        """`settings` gives the limits and the time budget (carried to worker processes with the step);
        without them, the built-in ones."""
        self.json_fields = json_fields or JsonFields()
        self.settings = settings
        if settings is not None:
            self.budget = settings.read_seconds

    def run(self, records: Iterable[Input]) -> Iterator[Article | Reject]:
        for inp in records:
            yield from self.read(inp)

    def read(self, inp: Input) -> Iterator[Article | Reject]:
        if inp.kind == "warc":
            yield from read_warc(inp.location, step=self.name, settings=self.settings)
        elif inp.kind == "jsonl":
            yield from read_jsonl(inp.location, self.json_fields, step=self.name, settings=self.settings)
        else:
            yield self.read_one(inp)

    def read_one(self, inp: Input) -> Article | Reject:
        if inp.kind == "unsupported":
            ext = os.path.splitext(inp.location)[1] or "(no extension)"
            return Reject(inp.location, self.name, "unsupported", f"fogwatch does not read {ext} files")
        try:
            data = read_bounded(inp.location, self.settings.max_bytes if self.settings is not None else None)
        except DecodeError as exc:
            return Reject(inp.location, self.name, exc.kind, exc.reason)
        except OSError as exc:
            return Reject(inp.location, self.name, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return article_from_bytes(inp.location, data, inp.kind, step=self.name, settings=self.settings)
