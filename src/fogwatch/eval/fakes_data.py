"""Reading FA-KES (`../shared/data/fakes/dev.csv`): real Syrian-war articles with crowd labels.

The file mixes encodings: most fields are UTF-8, some cp1252. Each field is decoded on its own
(UTF-8 when its bytes are valid UTF-8, else cp1252), so offsets into `content` are stable and the
same for every reader of the file. The file is evaluation data only: nothing of it is copied into
the project; gold built on it stores row numbers and character offsets.

`part()` splits the rows in two by a hash of the unit id: `tune` is the half rules may be tuned
on, `test` the half only ever measured.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fogwatch.errors import EvalDataError

FILE = "dev.csv"
_COLUMNS = ("unit_id", "article_title", "article_content", "source", "date", "location", "actor", "cause_of_death")


@dataclass(slots=True, frozen=True)
class FakesRow:
    row: int  # 0-based row number in the file (unit ids are not unique: six repeat)
    unit_id: str
    title: str
    content: str
    source: str  # the publishing outlet's short name ("ahram", "sana", ...)
    event_date: date | None  # the crowd's event date
    governorate: str
    actor: str  # the crowd's perpetrator class
    cause: str
    civilians: int
    noncivilians: int
    children: int
    women: int
    credible: bool

    @property
    def part(self) -> str:
        return part(self.unit_id)

    @property
    def killed(self) -> int:
        """The crowd's casualty figure: civilians and non-civilians (children and women are among the civilians)."""
        return self.civilians + self.noncivilians


def part(unit_id: str) -> str:
    return "tune" if hashlib.sha256(unit_id.encode()).digest()[0] % 2 == 0 else "test"


def decode_field(value: str) -> str:
    """A field read with surrogateescape: UTF-8 when its bytes are UTF-8, else cp1252."""
    raw = value.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _date(value: str) -> date | None:
    try:
        m, d, y = (int(x) for x in value.strip().split("/"))
    except ValueError:
        return None
    return date(2000 + y if y < 100 else y, m, d)


def _int(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


def read_fakes(path: Path) -> list[FakesRow]:
    """Every row of `dev.csv` (`path` is the file or its folder)."""
    if path.is_dir():
        path = path / FILE
    if not path.is_file():
        raise EvalDataError(f"{path}: no FA-KES file")
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    csv.field_size_limit(1 << 24)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise EvalDataError(f"{path}: not the FA-KES file, no column(s) {', '.join(missing)}")
    rows: list[FakesRow] = []
    for i, r in enumerate(reader):
        rows.append(
            FakesRow(
                row=i,
                unit_id=r["unit_id"].strip(),
                title=decode_field(r["article_title"]),
                content=decode_field(r["article_content"]),
                source=r["source"].strip(),
                event_date=_date(r["date"]),
                governorate=r["location"].strip(),
                actor=r["actor"].strip(),
                cause=r["cause_of_death"].strip(),
                civilians=_int(r.get("nb_civilians", "0")),
                noncivilians=_int(r.get("nb_noncivilians", "0")),
                children=_int(r.get("nb_children", "0")),
                women=_int(r.get("nb_women", "0")),
                credible=r.get("label", "").strip() == "1",
            )
        )
    return rows


def write_articles(rows: list[FakesRow], folder: Path) -> dict[str, FakesRow]:
    """One UTF-8 text file per row (`<row>-<unit id>.txt`), as a user would save them; the file name
    tells nothing about the outlet. Returns the rows by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, FakesRow] = {}
    for r in rows:
        name = f"{r.row:03d}-{r.unit_id}.txt"
        (folder / name).write_text(r.content, encoding="utf-8")
        out[name] = r
    return out
