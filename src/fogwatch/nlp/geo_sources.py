"""Readers for what extends the gazetteer: places CSV files and GeoNames country dumps.

A places CSV (ours in `resources/places-*.csv`, or a user's) has the columns
`name, alternate_names, lat, lon, country, admin1, kind` (alternate names
separated by `|`; optional `adjectives` and `population`). A GeoNames dump is
the `CC.zip` of https://download.geonames.org/export/dump/ : one tab-separated
`CC.txt` with every named feature of a country, villages included.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fogwatch import __version__
from fogwatch.errors import BadCountryCode, BadPlaceRow, BadPlacesFile, DownloadFailed
from fogwatch.nlp.gazetteer import COUNTRY_CODE, AddReport, Gazetteer, NewPlace, read_places_csv, usable_name

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump"
DOWNLOAD_TIMEOUT_S = 60.0
DOWNLOAD_MAX_BYTES = 600 * 1024 * 1024  # the largest country file (US) is a few hundred MB
# Feature classes kept from a dump: administrative areas, water, areas, populated
# places, spots (bases, camps, crossings) and terrain. Roads, undersea features and
# vegetation are not where events are reported.
DUMP_CLASSES = frozenset("AHLPST")


def country_code(code: str) -> str:
    cc = code.strip().upper()
    if not COUNTRY_CODE.match(cc):
        raise BadCountryCode(code)
    return cc


def import_csv(gazetteer: Gazetteer, path: Path) -> AddReport:
    """Add a user's places CSV; adding the same file again replaces what it added before."""
    places, problems = read_places_csv(path)
    report = gazetteer.add_places(places, f"csv:{path.resolve()}", replace_source=True)
    report.rejected.extend(problems)
    return report


# -- GeoNames dumps --------------------------------------------------------------------


@dataclass(slots=True)
class DumpRow:
    place: NewPlace
    admin1_code: str


def _dump_lines(path: Path) -> Iterator[str]:
    """The lines of a dump given as CC.zip or as the CC.txt inside it."""
    if path.suffix.lower() != ".zip":
        with path.open(encoding="utf-8") as fh:
            yield from fh
        return
    try:
        with zipfile.ZipFile(path) as zf:
            members = [n for n in zf.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
            if not members:
                raise BadPlacesFile(str(path), "the zip holds no GeoNames .txt table")
            with zf.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    except zipfile.BadZipFile:
        raise BadPlacesFile(str(path), "not a zip file (is it a GeoNames CC.zip?)") from None


def read_geonames_dump(path: Path) -> tuple[list[DumpRow], list[str]]:
    """The features of a GeoNames dump worth indexing, and the problems of lines skipped."""
    rows: list[DumpRow] = []
    problems: list[str] = []
    for n, line in enumerate(_dump_lines(path), start=1):
        f = line.rstrip("\n").split("\t")
        if len(f) < 15:
            if line.strip():
                problems.append(str(BadPlaceRow(str(path), n, f"{len(f)} tab-separated fields, a GeoNames row has 19")))
            continue
        if f[6] not in DUMP_CLASSES:
            continue
        try:
            gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
            pop = int(f[14] or 0)
        except ValueError:
            problems.append(
                str(BadPlaceRow(str(path), n, "geonameid, latitude, longitude or population is not a number"))
            )
            continue
        alts = [a for a in f[3].split(",") if usable_name(a)] if f[3] else []
        if f[2] and f[2] != f[1]:
            alts.append(f[2])
        rows.append(
            DumpRow(
                NewPlace(
                    name=f[1],
                    lat=lat,
                    lon=lon,
                    country=f[8] or None,
                    admin1=None,
                    fclass=f[6],
                    fcode=f[7],
                    population=pop,
                    geonameid=gid,
                    alternates=alts,
                ),
                f[10],
            )
        )
    if not rows and not problems:
        raise BadPlacesFile(str(path), "no GeoNames rows in it")
    return rows, problems


def import_geonames_dump(gazetteer: Gazetteer, path: Path, source: str | None = None) -> AddReport:
    """Add every feature of a GeoNames country dump; the country's earlier dump is replaced."""
    rows, problems = read_geonames_dump(path)
    # The dump's own first-level divisions name the admin1 codes our files do not.
    gazetteer.set_admin1_codes(
        (r.place.country or "", r.admin1_code, r.place.name)
        for r in rows
        if r.place.fcode == "ADM1" and r.place.country and gazetteer.admin1_name(r.place.country, r.admin1_code) is None
    )
    for r in rows:
        if r.place.country and r.admin1_code:
            r.place.admin1 = gazetteer.admin1_name(r.place.country, r.admin1_code)
    countries = sorted({r.place.country for r in rows if r.place.country})
    name = source or f"geonames:{','.join(countries) or path.stem}"
    report = gazetteer.add_places((r.place for r in rows), name, merge_near_km=0, replace_source=True)
    report.rejected.extend(problems)
    return report


def download(url: str, dest: Path, timeout: float = DOWNLOAD_TIMEOUT_S, max_bytes: int = DOWNLOAD_MAX_BYTES) -> Path:
    """Fetch `url` into `dest`, refusing anything larger than `max_bytes`."""
    req = urllib.request.Request(url, headers={"User-Agent": f"fogwatch/{__version__} (gazetteer)"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise DownloadFailed(
                    url, f"the file is {int(length) // 2**20} MB, over the {max_bytes // 2**20} MB limit"
                )
            total = 0
            with dest.open("wb") as out:
                while chunk := resp.read(1 << 16):
                    total += len(chunk)
                    if total > max_bytes:
                        raise DownloadFailed(url, f"the file is over the {max_bytes // 2**20} MB limit")
                    out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise DownloadFailed(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise DownloadFailed(url, str(exc.reason)) from None
    except TimeoutError:
        raise DownloadFailed(url, f"no answer within {timeout:g} s") from None
    except OSError as exc:
        raise DownloadFailed(url, str(exc)) from None
    return dest


def add_country(
    gazetteer: Gazetteer,
    code: str,
    url_base: str = GEONAMES_DUMP_URL,
    timeout: float = DOWNLOAD_TIMEOUT_S,
    max_bytes: int = DOWNLOAD_MAX_BYTES,
) -> AddReport:
    """Download the GeoNames dump of one country and index every feature in it."""
    cc = country_code(code)
    url = f"{url_base.rstrip('/')}/{cc}.zip"
    tmp = Path(tempfile.mkdtemp(prefix="fogwatch-geonames-"))
    try:
        path = download(url, tmp / f"{cc}.zip", timeout=timeout, max_bytes=max_bytes)
        try:
            return import_geonames_dump(gazetteer, path, source=f"geonames:{cc}")
        except BadPlacesFile as exc:
            raise DownloadFailed(url, f"what came back is not a GeoNames dump ({exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


__all__ = [
    "GEONAMES_DUMP_URL",
    "add_country",
    "country_code",
    "download",
    "import_csv",
    "import_geonames_dump",
    "read_geonames_dump",
    "read_places_csv",
]
