"""Gold outlets and publication dates of the FA-KES articles: from labellers' quote drafts to offsets.

For every row of `fakes/dev.csv` a labeller writes a draft that points at the text with exact
quotes (as `real_gold` does for events and claims):

    {"row": 0, "site": {"name": "NNA", "quote": "Regional NNA"} | null,
     "wire": [{"name": "Reuters", "quote": "--Reuters"}],
     "published": {"date": "2016-07-05", "quote": "Tue 05 Jul 2016"} | null}

- `site`: the publishing outlet as the text names it in its own furniture or credit (a copyright
  line, a dateline credit, "(Source: ...)", "told <the outlet>" when the outlet is the one that
  published the row, a site footer or short-link residue); null when the text never names it.
  An outlet quoted as a source of information inside the story is not the site.
- `wire`: the agencies the text credits for the story ("--Reuters", "(AFP)", "(With AFP and
  Reuters)", "DAMASCUS Syria (The Associated Press ...)", "Reporting by ..." in a Reuters piece,
  "Source AA", a final "...; Press TV reported."), in the order of the text. Photo credits and
  "told AFP" are neither.
- `published`: the publication date where the text states it (a dateline or a publication line),
  never guessed from the events.

A quote is a string, or `{"q": quote, "n": k}` for its k-th occurrence. The gold stores **no text
of the articles**: each quote becomes `[start, end)` offsets into the row's `content` as
`fakes_data` decodes it, with a hash of the content so a changed file is noticed.

    python -m fogwatch.eval.outlet_gold check DRAFT.json...
    python -m fogwatch.eval.outlet_gold build DRAFTS_DIR datasets/fakes-gold/outlets.json
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fogwatch.eval.fakes_data import FakesRow
from fogwatch.eval.real_gold import _Resolver, build_drafts, check_drafts, content_hash
from fogwatch.paths import REPO_DIR

GOLD_FILE = Path("datasets") / "fakes-gold" / "outlets.json"

ABOUT = (
    "Publishing outlet (site), credited agencies (wire) and publication date of every row of FA-KES "
    "dev.csv, labelled by hand for fogwatch from the text alone (the row's source column was used only to "
    "judge whether a named outlet is the publisher). Offsets are [start, end) into the row's article_content "
    "as fogwatch.eval.fakes_data decodes it; sha is fogwatch.eval.real_gold.content_hash of that content. "
    "site is null where the text never names its publisher; published is null where no dateline or "
    "publication line states it. No text of the articles is stored here."
)


def _iso(value: Any, where: str, problems: list[str]) -> str | None:
    if not isinstance(value, str):
        problems.append(f"{where}: a date is 'YYYY-MM-DD'")
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date")
        return None
    return value


def convert(draft: dict[str, Any], row: FakesRow) -> tuple[dict[str, Any], list[str]]:
    """The offsets-only gold of one row, and the problems found (warnings start with 'warning')."""
    problems: list[str] = []
    r = _Resolver(row.content, problems)
    out: dict[str, Any] = {"row": row.row, "unit_id": row.unit_id, "sha": content_hash(row.content), "part": row.part}
    site = draft.get("site")
    out["site"] = (
        {"name": site.get("name"), "span": r.span(site.get("quote"), "site.quote")} if isinstance(site, dict) else None
    )
    if isinstance(site, dict) and not site.get("name"):
        problems.append("site: no name")
    wires = []
    for i, w in enumerate(draft.get("wire") or []):
        if not w.get("name"):
            problems.append(f"wire[{i}]: no name")
        wires.append({"name": w.get("name"), "span": r.span(w.get("quote"), f"wire[{i}].quote")})
    out["wire"] = wires
    pub = draft.get("published")
    out["published"] = (
        {"date": _iso(pub.get("date"), "published.date", problems), "span": r.span(pub.get("quote"), "published.quote")}
        if isinstance(pub, dict)
        else None
    )
    return out, problems


def check(paths: list[Path], data: Path | None = None) -> int:
    return check_drafts(paths, convert, lambda _gold: "", data)


def build(drafts: Path, out: Path, data: Path | None = None) -> int:
    return build_drafts(drafts, out, convert, ABOUT, data)


# --- reading the gold back -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutletGold:
    row: int
    unit_id: str
    sha: str
    part: str
    site: str | None
    site_span: tuple[int, int] | None
    wires: tuple[str, ...]
    published: date | None
    published_span: tuple[int, int] | None

    @property
    def outlet(self) -> str | None:
        """What an analyst is told published the story: the site, else the first credited agency."""
        return self.site or (self.wires[0] if self.wires else None)

    @property
    def names(self) -> frozenset[str]:
        """Every outlet the text names as publisher or credit: naming any of them is not wrong."""
        return frozenset(([self.site] if self.site else []) + list(self.wires))


def _span(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def load_gold(path: Path | None = None) -> list[OutletGold]:
    path = path or REPO_DIR / GOLD_FILE
    doc = json.loads(path.read_text())
    out = []
    for a in doc["articles"]:
        site = a.get("site")
        pub = a.get("published")
        out.append(
            OutletGold(
                row=int(a["row"]),
                unit_id=str(a["unit_id"]),
                sha=str(a["sha"]),
                part=str(a["part"]),
                site=site["name"] if site else None,
                site_span=_span(site["span"]) if site else None,
                wires=tuple(w["name"] for w in a.get("wire") or []),
                published=date.fromisoformat(pub["date"]) if pub else None,
                published_span=_span(pub["span"]) if pub else None,
            )
        )
    return out


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check":
        return check([Path(a) for a in argv[1:]])
    if len(argv) == 3 and argv[0] == "build":
        return build(Path(argv[1]), Path(argv[2]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
