"""Task `fakes`: real Syrian-war articles from 15 outlets (FA-KES) through the whole pipeline,
scored against the crowd's labels of the event each article reports.

Every row becomes one plain text file holding the article as the dataset stores it (no title, no
outlet, no date: all must come from the text), the folder is ingested as `fogwatch ingest` does
(clean, stories, analysis, claims, fusion) and the events and articles are read back through the
JSON-lines exports. Per article, over the events the article contributes a claim to:

- `event_date`: an event is dated to the labelled event date, a day either way;
- `governorate`: an event lies in the labelled governorate (the crowd's "damascus" covers the city
  and Rif Dimashq around it, as the dataset's source, the VDC, counts them);
- `cause`: an event has a sub-event type that the labelled cause of death maps to (`CAUSES`):
  shelling (VDC's category, which takes in air strikes) -> Air/drone strike or Shelling/artillery/
  missile attack; explosion -> Suicide bomb, Remote explosive/landmine/IED or Grenade; chemical and
  toxic gases -> Chemical weapon; shooting -> Attack, Armed clash or Excessive force against
  protesters; execution -> Attack; unknown -> any violent sub-event type;
- `perpetrator`: an event's actor1 is of the labelled class (`actor_class`); "unknown" is right
  when the event names no perpetrator or an unidentified one;
- `casualties`: an event's death toll equals the crowd's figure (civilians plus non-civilians);
- `casualties_own`: the figure an event lists for this article's own claims (each source's
  figures stand side by side in an event) equals the crowd's. The crowd labels each article's
  own figure, while an event reported by several outlets takes the lowest of them (ACLED's
  rule), so `casualties` counts a miss wherever another outlet gave fewer; this measure says how
  often the article's own figure is right. It is reported beside `casualties`, never instead of it;
- `joint`: one event carries date, governorate and cause together;
- `events_per_article`: how many events an article contributes to, on average;
- `fusion`: of the pairs of articles from different outlets that the crowd labels as one event
  (same date, governorate and cause), the share that share a fused event;
- `outlet_*`: against `datasets/fakes-gold/outlets.json` (our labels of where each text names its
  publisher or credits a wire agency), when that file is there;
- `event_date_where_possible`: the event date over the rows whose crowd date the article allows
  (on or before the publication date its text states, and within 60 days of it): about one row
  in ten carries a date after the article was published.

Every figure is given for the `tune` part (rules may be tuned on it), the `test` part (never
tuned on) and all rows. The crowd's labels are noisy (a wrong perpetrator class or date now and
then), so no figure can reach 1.0; `details["misses"]` lists, per field, the rows missed, for
reading the articles behind a figure (row numbers, never text).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fogwatch.eval.fakes_data import FakesRow, read_fakes, write_articles

try:
    import fcntl
except ImportError:  # Windows: no lock, one eval at a time
    fcntl = None  # type: ignore[assignment]
from fogwatch.eval.metrics import ratio
from fogwatch.eval.result import EvalResult
from fogwatch.events.typology import (
    AIR_STRIKE,
    ARMED_CLASH,
    ATTACK,
    BATTLES,
    CHEMICAL_WEAPON,
    EXCESSIVE_FORCE,
    EXPLOSIONS,
    GRENADE,
    REMOTE_EXPLOSIVE,
    SHELLING,
    SUICIDE_BOMB,
    VAC,
    sub_event_types,
)
from fogwatch.paths import REPO_DIR

OUTLET_GOLD = REPO_DIR / "datasets" / "fakes-gold" / "outlets.json"

# Any violent sub-event type: battles, remote violence, violence against civilians, and force against protesters.
_VIOLENT = (
    *sub_event_types(BATTLES),
    *sub_event_types(EXPLOSIONS),
    *sub_event_types(VAC),
    EXCESSIVE_FORCE,
)
CAUSES: dict[str, tuple[str, ...]] = {
    "shelling": (AIR_STRIKE, SHELLING),
    "explosion": (SUICIDE_BOMB, REMOTE_EXPLOSIVE, GRENADE),
    "chemical and toxic gases": (CHEMICAL_WEAPON,),
    "shooting": (ATTACK, ARMED_CLASH, EXCESSIVE_FORCE),
    "execution": (ATTACK,),
    "unknown": _VIOLENT,
}
# The crowd's perpetrator classes, as `actor_class` names them.
PERPETRATORS: dict[str, str] = {
    "syrian government or russian troops": "syria-gov-russia",
    "the organization of the islamic state in iraq and the levant - isis": "isis",
    "international coalition forces": "coalition",
    "armed opposition groups": "rebels",
    "self administration forces": "kurdish",
    "al-nusra front": "nusra",
    "unknown": "unknown",
}
_GOVERNORATES: dict[str, tuple[str, ...]] = {
    "aleppo": ("aleppo", "halab"),
    "damascus": ("damascus", "rifdimashq", "dimashq", "ruraldamascus", "damascuscountryside"),
    "idlib": ("idlib", "idleb"),
    "deir ezzor": ("deirezzor", "deirezzor", "dayrazzawr", "deiralzor", "deirazzor"),
    "raqqa": ("raqqa", "raqqah"),
    "homs": ("homs", "hims"),
    "hama": ("hama", "hamah"),
    "hasakeh": ("hasakah", "hasaka", "hasakeh"),
    "daraa": ("daraa", "dara", "deraa"),
    "lattakia": ("latakia", "lattakia", "ladhiqiyah"),
    "quneitra": ("quneitra", "qunaytirah"),
}


def fold(name: str | None) -> str:
    """A place name folded for comparison: no accents, case, article prefix, punctuation or 'governorate'."""
    s = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(governorate|province|muhafazat)\b", "", s)
    s = re.sub(r"^(al|ar|as|ad|ash|an|el)[\s-]+", "", s.strip())
    return re.sub(r"[^a-z]", "", s)


def in_governorate(admin1: str | None, governorate: str) -> bool:
    return fold(admin1) in _GOVERNORATES.get(governorate, (fold(governorate),))


_CLASS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (cls, re.compile(p, re.I))
    for cls, p in (
        # the coalition first: its name ("... against the Islamic State") names its enemy too
        ("coalition", r"Coalition against|United States|United Kingdom|France|NATO|\bAustralia"),
        ("isis", r"\bIslamic State\b|\bISIS\b|\bISIL\b|\bDaesh\b"),
        ("nusra", r"Nusra|Tahrir al-Sham|Fateh al-Sham|Fatah al-Sham|^HTS"),
        ("kurdish", r"^SDF|^YPG|Asayish|Kurdish|People's Protection|Syrian Democratic"),
        ("russia", r"(Military|Police|Government) (Forces )?of Russia|^Wagner"),
        ("syria-gov", r"(Military|Police|Government) (Forces )?of Syria|^NDF|Pro-Government Militia \(Syria"),
        ("iran-hezbollah", r"Hezbollah|of Iran\b|Kataib|Asaib|Fatemiyoun|Zainabiyoun"),
        ("turkey", r"of Turkey|of T[uü]rkiye"),
        ("israel", r"of Israel"),
        ("unknown", r"^Unidentified"),
        ("civilians", r"^Civilians"),
    )
)


def actor_class(name: str | None, inter: int = 0) -> str:
    """The side an exported actor name belongs to, in the crowd's classes (plus a few more)."""
    if not name:
        return "unknown"
    for cls, pat in _CLASS_PATTERNS:
        if pat.search(name):
            return cls
    if inter == 2:
        return "rebels"
    return "other"


def perpetrator_matches(gold: str, name: str | None, inter: int) -> bool:
    want = PERPETRATORS.get(gold, gold)
    got = actor_class(name, inter)
    if want == "syria-gov-russia":
        # the crowd's class takes in the government's allies on the ground
        return got in ("syria-gov", "russia", "iran-hezbollah")
    return got == want


@dataclass
class PipelineOutput:
    """What the exports say about a set of articles written one file each."""

    events: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    articles: dict[str, dict[str, Any]]  # file name -> exported article
    rejects: list[dict[str, Any]] = field(default_factory=list)

    def events_by_file(self) -> dict[str, list[dict[str, Any]]]:
        file_of = {a["id"]: name for name, a in self.articles.items()}
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ev in self.events:
            for aid in ev["article_ids"]:
                if aid in file_of:
                    out[file_of[aid]].append(ev)
        return out


def run_rows(rows: Iterable[FakesRow], workdir: Path) -> tuple[PipelineOutput, dict[str, FakesRow]]:
    """Write the rows as text files, ingest them into a fresh SQLite file, read the exports back."""
    from fogwatch.export import export
    from fogwatch.run import ingest
    from fogwatch.store import Store

    folder = workdir / "articles"
    files = write_articles(list(rows), folder)
    store = Store.open(str(workdir / "fakes.db"))
    ingest([str(folder)], store)

    def read(kind: str) -> list[dict[str, Any]]:
        path = workdir / f"{kind}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            export(store, kind, "jsonl", fh)
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    articles = {Path(a["source"]).name: a for a in read("articles")}
    out = PipelineOutput(read("events"), read("claims"), articles, read("rejects"))
    return out, files


def _event_date(ev: dict[str, Any]) -> tuple[date, date] | None:
    value = ev.get("date")
    if not value or value.startswith("-"):
        return None
    try:
        start = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return start, start


def date_matches(ev: dict[str, Any], gold: date, slack: int = 1) -> bool:
    span = _event_date(ev)
    if span is None or ev.get("date_precision") not in ("day", None):
        return False
    return abs((span[0] - gold).days) <= slack


def _admin1(ev: dict[str, Any]) -> str | None:
    loc = ev.get("location")
    return loc.get("admin1") if loc else None


def _toll(ev: dict[str, Any]) -> int | None:
    fat = ev.get("fatalities")
    return fat.get("best") if fat else None


FIELDS = ("event_date", "governorate", "cause", "perpetrator", "casualties", "casualties_own", "joint")


def _own_tolls(events: list[dict[str, Any]], own_claims: set[str]) -> set[int | None]:
    """The figures the events list for the article's own claims: its own reports' tolls."""
    return {
        f.get("best") for ev in events for f in ev.get("figures") or [] if own_claims & set(f.get("claim_ids") or [])
    }


def score_row(row: FakesRow, events: list[dict[str, Any]], own_claims: set[str] | None = None) -> dict[str, bool]:
    date_ok = [row.event_date is not None and date_matches(ev, row.event_date) for ev in events]
    gov_ok = [in_governorate(_admin1(ev), row.governorate) for ev in events]
    cause_ok = [ev["sub_event_type"] in CAUSES.get(row.cause, _VIOLENT) for ev in events]
    if PERPETRATORS.get(row.actor) == "unknown":
        perp = any(actor_class(ev.get("actor1"), ev.get("inter1") or 0) == "unknown" for ev in events)
    else:
        perp = any(perpetrator_matches(row.actor, ev.get("actor1"), ev.get("inter1") or 0) for ev in events)
    own = _own_tolls(events, own_claims or set())
    if row.killed:
        toll = any(_toll(ev) == row.killed for ev in events)
        own_toll = row.killed in own
    else:
        toll = bool(events) and all(not _toll(ev) for ev in events)
        own_toll = bool(events) and not any(own)
    return {
        "event_date": any(date_ok),
        "governorate": any(gov_ok),
        "cause": any(cause_ok),
        "perpetrator": perp,
        "casualties": toll,
        "casualties_own": own_toll,
        "joint": any(d and g and c for d, g, c in zip(date_ok, gov_ok, cause_ok, strict=True)),
    }


# How long before its publication an article may report an event, for the crowd's date to be possible.
POSSIBLE_DAYS = 60


def _date_possible(row: FakesRow, outlet_gold: dict[str, Any] | None) -> bool:
    """Whether the crowd's event date can be the date of an event the article reports: on or before
    the publication date the text states (a day's slack), and not months before it."""
    pub = (outlet_gold or {}).get("published")
    if not pub or row.event_date is None:
        return False
    delta = (date.fromisoformat(pub["date"]) - row.event_date).days
    return -1 <= delta <= POSSIBLE_DAYS


def _canon(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower().removeprefix("the "))


def score_outlet(gold: dict[str, Any], article: dict[str, Any] | None) -> dict[str, bool]:
    """Outlet fields of one article against our label: the site as the text names it, the credited wire."""
    site = (article or {}).get("site")
    wires = {_canon(w) for w in ((article or {}).get("wire") or "").split(",") if w.strip()}
    gold_site = _canon(gold["site"]["name"]) if gold.get("site") else None
    gold_wires = {_canon(w["name"]) for w in gold.get("wire") or []}
    named = gold_site is not None or bool(gold_wires)
    got_site = _canon(site) or None
    right_site = gold_site is not None and got_site == gold_site
    right_wire = bool(gold_wires & wires)
    # an agency the text credits read as the site (or the other way) is not found, but not wrong either
    wrong = (got_site is not None and got_site not in {gold_site, *gold_wires}) or bool(
        wires - gold_wires - {gold_site}
    )
    return {
        "named": named,
        "found": named and (right_site or right_wire) and not wrong,
        "wrong": wrong,
        "unknown_right": not named and got_site is None and not wires,
    }


def _pairs(rows: list[FakesRow]) -> list[tuple[FakesRow, FakesRow]]:
    groups: dict[tuple[Any, ...], list[FakesRow]] = defaultdict(list)
    for r in rows:
        groups[(r.event_date, r.governorate, r.cause)].append(r)
    out = []
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.source != b.source and a.content != b.content:
                    out.append((a, b))
    return out


@contextmanager
def stable_workdir(task: str) -> Iterator[Path]:
    """A fresh work folder at the same path every run (`<tmp>/fogwatch-eval/<task>`), held by a lock
    while in use. An article's id hashes its file's path, and ties between events break by id, so a
    random folder made the figures move by a row from run to run on the same code."""
    base = Path(tempfile.gettempdir()) / "fogwatch-eval"
    base.mkdir(parents=True, exist_ok=True)
    with (base / f"{task}.lock").open("w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another eval of the task waits for this one
        folder = base / task
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_UN)


def evaluate_fakes(data: Path, workdir: Path | None = None) -> EvalResult:
    rows = read_fakes(data)
    if workdir is not None:
        out, files = run_rows(rows, workdir)
    else:
        with stable_workdir("fakes") as tmp:
            out, files = run_rows(rows, tmp)
    return score(rows, out, files)


def score(rows: list[FakesRow], out: PipelineOutput, files: dict[str, FakesRow]) -> EvalResult:
    by_file = out.events_by_file()
    name_of = {r.row: name for name, r in files.items()}
    parts = {"tune": [r for r in rows if r.part == "tune"], "test": [r for r in rows if r.part == "test"], "all": rows}
    metrics: dict[str, float] = {}
    misses: dict[str, list[int]] = defaultdict(list)
    claims_of: dict[str, set[str]] = defaultdict(set)
    for c in out.claims:
        claims_of[c["article_id"]].add(c["id"])
    article_of = {name: (out.articles.get(name) or {}).get("id") for name in name_of.values()}
    per_row = {
        r.row: score_row(r, by_file.get(name_of[r.row], []), claims_of.get(article_of[name_of[r.row]] or "", set()))
        for r in rows
    }
    for r in rows:
        for field_name, ok in per_row[r.row].items():
            if not ok and r.part == "tune":
                misses[field_name].append(r.row)
    event_ids_by_row = {r.row: {ev["id"] for ev in by_file.get(name_of[r.row], [])} for r in rows}
    for part, members in parts.items():
        n = len(members)
        for field_name in FIELDS:
            metrics[f"{part}_{field_name}"] = ratio(sum(per_row[r.row][field_name] for r in members), n)
        metrics[f"{part}_events_per_article"] = ratio(sum(len(event_ids_by_row[r.row]) for r in members), n)
        metrics[f"{part}_no_event"] = ratio(sum(not event_ids_by_row[r.row] for r in members), n)
        pairs = _pairs(members)
        fused = sum(bool(event_ids_by_row[a.row] & event_ids_by_row[b.row]) for a, b in pairs)
        metrics[f"{part}_fusion"] = ratio(fused, len(pairs))
        metrics[f"{part}_fusion_pairs"] = float(len(pairs))
    metrics["all_events_total_per_article"] = ratio(len(out.events), len(rows))
    details: dict[str, Any] = {"misses_tune": dict(misses), "rejects": len(out.rejects)}
    if OUTLET_GOLD.is_file():
        gold = {a["row"]: a for a in json.loads(OUTLET_GOLD.read_text(encoding="utf-8"))["articles"]}
        # The crowd's date is impossible for about one row in ten: after the publication date the
        # text states, or months before it. Over the rows whose label the text allows:
        for part, members in parts.items():
            fair = [r for r in members if _date_possible(r, gold.get(r.row))]
            metrics[f"{part}_event_date_where_possible"] = ratio(
                sum(per_row[r.row]["event_date"] for r in fair), len(fair)
            )
            metrics[f"{part}_rows_date_possible"] = float(len(fair))
        for part, members in parts.items():
            scored = [score_outlet(gold[r.row], out.articles.get(name_of[r.row])) for r in members if r.row in gold]
            named = [s for s in scored if s["named"]]
            unnamed = [s for s in scored if not s["named"]]
            metrics[f"{part}_outlet_found"] = ratio(sum(s["found"] for s in named), len(named))
            metrics[f"{part}_outlet_wrong"] = ratio(sum(s["wrong"] for s in scored), len(scored))
            metrics[f"{part}_outlet_unknown_right"] = ratio(sum(s["unknown_right"] for s in unnamed), len(unnamed))
    return EvalResult("fakes", metrics, len(rows), "fakes/dev.csv", details)
