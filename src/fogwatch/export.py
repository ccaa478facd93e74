"""Exports. The `articles` JSON-lines fields are a stable contract: extend, never rename.

CSV has fixed, flat columns for each kind (`CSV_COLUMNS`), written as the header even when
there are no rows: lists are joined with "; ", and nothing is JSON inside a cell. A file given
with --output is written beside itself under a temporary name and renamed over it only once
complete, so a failure (a full disk, a database gone) never leaves a truncated file.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from fogwatch.errors import BinaryNeedsFile, UnknownExport
from fogwatch.model import Article, Story
from fogwatch.store import Store
from fogwatch.store.errors import output_failed
from fogwatch.stories.read import stories, story_ids

T = TypeVar("T")

ARTICLE_FIELDS = ["id", "source", "site", "title", "published", "text", "removed"]
KINDS = {
    "articles": ("jsonl", "csv", "parquet"),
    "rejects": ("jsonl", "csv", "parquet"),
    "stories": ("jsonl", "csv", "parquet"),
    "mentions": ("jsonl", "csv", "parquet"),
    "events": ("jsonl", "csv", "acled", "geojson", "parquet"),
    "claims": ("jsonl", "csv", "parquet"),
}
BINARY = ("parquet",)  # formats written only to a file (`export_file`)


def article_record(a: Article, story_id: str | None = None) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "site": a.site,
        "wire": a.wire,
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "text": a.text,
        "removed": [
            {"start": s.start, "end": s.end, "reason": s.label, "text": a.raw[s.start : s.end]}
            for s in sorted(a.removed, key=lambda s: s.start)
        ],
        "byline": a.byline,
        "published_evidence": a.published_evidence,
        "language": a.language,
        "original_source": a.original_source,
        "format": a.format,
        "meta": a.meta,
        "story_id": story_id,
    }


def story_record(st: Story) -> dict[str, Any]:
    return {
        "id": st.id,
        "canonical_id": st.canonical_id,
        "members": [
            {"article_id": m.article_id, "relation": m.relation, "similarity": m.similarity} for m in st.members
        ],
        "sites": st.sites,
        "first_published": st.first_published.isoformat() if st.first_published else None,
        "independent_sources": st.independent_sources,
    }


def records(store: Store, kind: str) -> Iterator[dict[str, Any]]:
    if kind == "articles":
        story_of = story_ids(store)
        for a in store.articles():
            yield article_record(a, story_of.get(a.id))
    elif kind == "stories":
        for st in stories(store):
            yield story_record(st)
    elif kind == "mentions":
        from fogwatch.analyze import iter_mentions, mention_attrs

        for m, covered in iter_mentions(store):
            value = mention_attrs(m)
            yield {
                "article_id": m.article_id,
                "start": m.start,
                "end": m.end,
                "text": covered,
                "kind": m.kind,
                "value": {k: v for k, v in value.items() if k not in ("sentence", "confidence")},
                "sentence": m.sentence,
                "confidence": m.confidence,
            }
    elif kind == "events":
        from fogwatch.events.export import event_record

        for ev in _events(store):
            yield event_record(ev)
    elif kind == "claims":
        from fogwatch.events.export import claim_record
        from fogwatch.store.claims import iter_claims

        with store.engine.connect() as conn:
            claims = list(iter_claims(conn))
        for c in claims:
            yield claim_record(c)
    elif kind == "rejects":
        for r in store.rejects():
            yield {"input": r.input, "step": r.step, "kind": r.kind, "reason": r.reason}
    else:
        raise UnknownExport(f"unknown export '{kind}'; choose one of: {', '.join(KINDS)}")


def check_export(kind: str, fmt: str) -> None:
    if kind not in KINDS:
        raise UnknownExport(f"unknown export '{kind}'; choose one of: {', '.join(KINDS)}")
    if fmt not in KINDS[kind]:
        raise UnknownExport(f"'{kind}' can be exported as {' or '.join(KINDS[kind])}, not '{fmt}'")


def export(store: Store, kind: str, fmt: str, out: TextIO) -> int:
    check_export(kind, fmt)
    if fmt in BINARY:
        raise BinaryNeedsFile(fmt)
    n = 0
    if fmt == "acled":
        from fogwatch.events.export import write_acled

        return write_acled(iter(_events(store)), out)
    if fmt == "geojson":
        from fogwatch.events.export import write_geojson

        return write_geojson(iter(_events(store)), out)
    if fmt == "jsonl":
        for rec in records(store, kind):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    else:
        columns, flatten = CSV_COLUMNS[kind]
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for rec in records(store, kind):
            writer.writerow(flatten(rec))
            n += 1
    return n


# --- CSV: flat columns --------------------------------------------------------------------


def joined(values: Any) -> str:
    """A list as one cell: its items joined with "; " (the separator ACLED uses)."""
    from fogwatch.events.export import join_cell

    return join_cell(values)


def pairs(mapping: dict[str, Any] | None) -> str:
    """A small mapping as one cell: "key=value; key=value"."""
    return joined(f"{k}={v}" for k, v in (mapping or {}).items() if v not in (None, "", [], {}))


def _article_csv(r: dict[str, Any]) -> dict[str, Any]:
    reasons: dict[str, int] = {}
    for s in r.get("removed") or []:
        reasons[s["reason"]] = reasons.get(s["reason"], 0) + 1
    return {
        **r,
        "removed": joined(f"{k} {v}" for k, v in sorted(reasons.items())),
        "removed_chars": sum(s["end"] - s["start"] for s in r.get("removed") or []),
        "meta": pairs(r.get("meta")),
    }


def _story_csv(r: dict[str, Any]) -> dict[str, Any]:
    return {
        **r,
        "members": joined(f"{m['article_id']} {m['relation']} {m['similarity']}" for m in r.get("members") or []),
        "sites": joined(r.get("sites")),
    }


def _mention_csv(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "value": pairs({k: _plain(v) for k, v in (r.get("value") or {}).items()})}


def _plain(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return joined(v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def _csv_columns() -> dict[str, tuple[list[str], Callable[[dict[str, Any]], dict[str, Any]]]]:
    from fogwatch.events.export import CLAIM_CSV_COLUMNS, EVENT_CSV_COLUMNS, claim_csv_row, event_csv_row

    return {
        "articles": (
            [
                "id",
                "source",
                "site",
                "title",
                "published",
                "published_evidence",
                "byline",
                "language",
                "original_source",
                "format",
                "story_id",
                "meta",
                "removed",
                "removed_chars",
                "text",
            ],
            _article_csv,
        ),
        "rejects": (["input", "step", "kind", "reason"], dict),
        "stories": (
            ["id", "canonical_id", "members", "sites", "first_published", "independent_sources"],
            _story_csv,
        ),
        "mentions": (
            ["article_id", "start", "end", "text", "kind", "value", "sentence", "confidence"],
            _mention_csv,
        ),
        "events": (EVENT_CSV_COLUMNS, event_csv_row),
        "claims": (CLAIM_CSV_COLUMNS, claim_csv_row),
    }


CSV_COLUMNS = _csv_columns()


# --- files ----------------------------------------------------------------------------------


def write_atomically(path: Path, write: Callable[[TextIO], T]) -> T:
    """Write a text file through a temporary file beside it, renamed over it once complete.

    A failure part way (a full disk, a database that fails while being read) leaves what was
    at `path` before untouched and no partial file. A path that exists and is not a regular
    file (/dev/stdout, a named pipe) is written in place.
    """
    try:
        if path.exists() and not path.is_file():
            with path.open("w", encoding="utf-8", newline="") as fh:
                return write(fh)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
    except OSError as exc:
        raise output_failed(str(path), exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)  # replacing a file keeps its permissions
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise output_failed(str(path), exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


def export_file(store: Store, kind: str, fmt: str, path: Path) -> int:
    """Write an export to a file; the only way for binary formats (Parquet)."""
    check_export(kind, fmt)
    if fmt in BINARY:
        from fogwatch.report.parquet import write_parquet

        try:
            return write_parquet(records(store, kind), kind, path)  # itself through a temporary file
        except OSError as exc:
            raise output_failed(str(path), exc) from None
    return write_atomically(path, lambda fh: export(store, kind, fmt, fh))


def write_parquet_dataset(store: Store, folder: Path) -> dict[str, int]:
    """Every kind as `folder/KIND.parquet` (the folder made if need be); how many records each holds."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_failed(str(folder), exc) from None
    return {kind: export_file(store, kind, "parquet", folder / f"{kind}.parquet") for kind in KINDS}


def _events(store: Store) -> list[Any]:
    from fogwatch.store.claims import read_events

    with store.engine.connect() as conn:
        return read_events(conn)


def marked_raw(a: Article) -> str:
    """The raw text with every removed span wrapped as [-reason: ...-]."""
    parts: list[str] = []
    pos = 0
    for s in sorted(a.removed, key=lambda s: (s.start, -s.end)):
        if s.start < pos:  # nested in a span already shown
            continue
        parts.append(a.raw[pos : s.start])
        chunk = a.raw[s.start : s.end]
        body = chunk.rstrip("\n")
        parts.append(f"[-{s.label}: {body}-]{chunk[len(body) :]}")
        pos = s.end
    parts.append(a.raw[pos:])
    return "".join(parts)
