"""The gazetteer: name keys, the index, GeoNames dumps over HTTP, users' CSV files, the CLI."""

from __future__ import annotations

import http.server
import pickle
import sqlite3
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.errors import BadCountryCode, BadPlacesFile, DownloadFailed
from fogwatch.geo import haversine_km
from fogwatch.nlp.gazetteer import Gazetteer, NameKind, NewPlace, _copy_user_places
from fogwatch.nlp.geo_names import acronym_key, display_name, name_key, strict_key
from fogwatch.nlp.geo_sources import add_country, import_csv, import_geonames_dump, read_places_csv

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def offline() -> Gazetteer:
    """The default offline index, built once (into the fogwatch cache) and shared by the session."""
    return Gazetteer.default()


@pytest.fixture
def small(tmp_path: Path) -> Gazetteer:
    gaz = Gazetteer.create(tmp_path / "small.sqlite")
    gaz.add_places(
        [
            NewPlace("Saraqib", 35.862, 36.806, "SY", "Idlib", "P", "PPL", 34000, alternates=["Saraqeb", "Sraqib"]),
            NewPlace("Idlib", 35.93, 36.63, "SY", "Idlib", "P", "PPLA", 128000, alternates=["Idleb"]),
        ],
        "test",
    )
    return gaz


# -- name keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["Ma'arrat an-Nu'man", "Maarat al-Numan", "Maarrat al-Numan", "Ma‘arrat al Nu‘man", "MAARAT AL-NUMAN"],
        ["Kafr Nouran", "Kafr Nuran", "Kafr-Nouran"],
        ["Saraqib", "Saraqeb"],
        ["Raqqa", "Raqqah", "Ar-Raqqah", "al-Raqqa", "Raqqeh"],
        ["Deir ez-Zor", "Dayr al-Zor", "Deir al Zor"],
        ["Khan Shaykhun", "Khan Sheikhun", "Khan Sheikhoun"],
        ["Kafr Owaid", "Kafr Uwayd", "Kafr Oweid"],
        ["Jabal al-Zawiya", "Jabal Zawiyah", "Jabal az-Zawiyah"],
        ["Djisr al-Shughur", "Jisr ash-Shughur", "Jisr al-Shughour"],
        ["St. Croix County", "Saint Croix County"],
    ],
)
def test_spellings_of_one_place_share_a_key(spellings: list[str]) -> None:
    keys = {name_key(s) for s in spellings}
    assert len(keys) == 1, dict(zip(spellings, map(name_key, spellings), strict=True))


def test_different_places_keep_different_keys() -> None:
    assert name_key("Saraqib") != name_key("Sarmin")
    assert name_key("Kafr Nabl") != name_key("Kafr Nouran")
    assert name_key("Aleppo") != name_key("Idlib")


def test_initials_are_exact() -> None:
    assert acronym_key("U.S.") == acronym_key("US") == "=us"
    assert acronym_key("SAA") != acronym_key("SA")
    assert acronym_key("Idlib") is None and acronym_key("A") is None


def test_names_are_shown_as_english_reports_write_them(offline: Gazetteer) -> None:
    assert display_name("Ma‘arrat an Nu‘mān") == "Ma'arrat an Nu'man"
    assert display_name("Aleppo") == "Aleppo"
    saraqib = next(c for c in offline.candidates("Saraqib") if c.country == "SY")
    assert saraqib.location().name == "Saraqib"


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzāīūḥṣ", min_size=1, max_size=8)


@given(st.lists(_WORD, min_size=1, max_size=4))
def test_key_ignores_case_marks_and_a_leading_article(words: list[str]) -> None:
    assume(words[0] != "the")  # "The Hague" drops its "the", which "al-The Hague" would not
    name = " ".join(w.capitalize() for w in words)
    key = name_key(name)
    assert key == name_key(name.upper()) == name_key(name.lower())
    assert key == name_key(name.replace("a", "a'", 1).replace("u", "ʿu", 1))  # hamza and ayn marks
    assert key == name_key("al-" + name) == name_key("Al " + name)
    assert key.isalnum() and key == key.lower()


@given(st.lists(_WORD, min_size=2, max_size=4))
def test_every_article_form_is_one(words: list[str]) -> None:
    head, tail = words[0].capitalize(), " ".join(w.capitalize() for w in words[1:])
    forms = {
        name_key(f"{head} {art}{sep}{tail}") for art in ("al", "an", "as", "ash", "el", "ad") for sep in ("-", " ")
    }
    assert forms == {name_key(f"{head} {tail}")}


@given(st.text(max_size=40))
def test_keys_never_fail(text: str) -> None:
    assert isinstance(name_key(text), str)
    assert isinstance(strict_key(text), str)


# -- the index -------------------------------------------------------------------------


def test_lookup_by_any_spelling(small: Gazetteer) -> None:
    (c,) = small.candidates("Saraqeb")  # the same key as the name itself
    assert c.name == "Saraqib" and c.country == "SY" and c.match is NameKind.PRIMARY
    assert small.candidates("Sraqib")[0].match is NameKind.ALTERNATE
    loc = c.location(2, "west of")
    assert (loc.geo_precision, loc.relation, loc.feature) == (2, "west of", "P.PPL")
    assert small.candidates("Nowhere at all") == ()


def test_exact_spellings_are_told_from_folded_ones(small: Gazetteer) -> None:
    """'Saraqeb' is a name of Saraqib as written; 'Sarakib' meets it only under the folds."""
    ids = {c.name: c.id for c in small.candidates("Idlib") + small.candidates("Saraqib")}
    assert small.candidates("Sarakib") and small.candidates("Sarakib")[0].name == "Saraqib"
    got = small.exact({"saraqeb", "sarakib", "idleb", "idlib"})
    assert got == {
        "saraqeb": frozenset({ids["Saraqib"]}),
        "sarakib": frozenset(),
        "idleb": frozenset({ids["Idlib"]}),
        "idlib": frozenset({ids["Idlib"]}),
    }
    # a place merged into one already indexed brings its spellings along
    small.add_places([NewPlace("Sarakeb", 35.86, 36.80, "SY", "Idlib", "P", "PPL")], "more", merge_near_km=5)
    assert small.exact({"sarakeb"})["sarakeb"] == frozenset({ids["Saraqib"]})
    # replacing a source's places removes their spellings with them
    small.add_places([], "test", replace_source=True)
    assert small.exact({"saraqeb"})["saraqeb"] == frozenset()


def test_an_index_without_spellings_prefers_none(tmp_path: Path) -> None:
    gaz = Gazetteer.create(tmp_path / "old.sqlite")
    gaz.add_places([NewPlace("Halba", 34.54, 36.08, "LB", "Akkar", "P", "PPLA")], "test")
    gaz.close()
    with sqlite3.connect(gaz.path) as conn:  # the layout of an index written before spellings were kept
        conn.execute("DROP TABLE spellings")
    old = Gazetteer(gaz.path)
    assert [c.name for c in old.candidates("Halba")] == ["Halba"]
    assert old.exact({"halba"}) == {"halba": frozenset()}


def test_gazetteer_pickles_as_its_path(small: Gazetteer) -> None:
    small.candidates("Idlib")
    clone = pickle.loads(pickle.dumps(small))
    assert clone.path == small.path and [c.name for c in clone.candidates("Idleb")] == ["Idlib"]


def test_offline_index_loads_fast_and_holds_the_levant(offline: Gazetteer) -> None:
    start = time.perf_counter()
    fresh = Gazetteer.default()
    fresh.candidates("Aleppo")
    assert time.perf_counter() - start < 2.0
    info = offline.info()
    assert info["places"] > 200_000 and info["by_source"]["base"] > 200_000
    for name in ("Kafr Nouran", "Hazano", "Afes", "al-Nayrab", "Urum al-Kubra", "Khan al-Assal", "Jabal al-Zawiya"):
        assert any(c.country == "SY" for c in offline.candidates(name)), name
    # countries, their adjectives and first-level divisions come with it
    syria = offline.countries()["SY"]
    assert syria.is_country and 34 < syria.lat < 36
    assert any(c.match is NameKind.ADJECTIVE and c.country == "SY" for c in offline.candidates("Syrian"))
    assert any(c.fcode == "ADM1" and c.country == "SY" for c in offline.candidates("Idlib"))
    assert any(c.match is NameKind.ABBREVIATION for c in offline.candidates("Ill."))


def test_builtin_villages_merge_into_known_towns(offline: Gazetteer) -> None:
    """Saraqib is in GeoNames and in our Syrian file: one place with both spellings, not two."""
    near = [c for c in offline.candidates("Saraqeb") if c.country == "SY"]
    assert len(near) == 1 and near[0].population > 10_000


def test_a_rebuilt_base_keeps_what_users_added(tmp_path: Path) -> None:
    old = Gazetteer.create(tmp_path / "old.sqlite")
    old.add_places([NewPlace("Jubas", 35.836, 36.834, "SY", "Idlib", "P", "PPL", geonameid=42)], "geonames:SY")
    old.close()
    # an index of an older layout, without the `precise` column, is carried over too
    with sqlite3.connect(old.path) as conn:
        conn.execute("ALTER TABLE places DROP COLUMN precise")
    new = Gazetteer.create(tmp_path / "new.sqlite")
    with sqlite3.connect(new.path) as conn:  # the base's own copy of the same GeoNames place
        conn.execute("INSERT INTO places VALUES (1, 'Jubas', 35.8, 36.8, 'SY', NULL, 'P', 'PPL', 0, 42, 'base', 1)")
        conn.execute("INSERT INTO names VALUES ('jubas', 1, 0)")
    assert _copy_user_places(old.path, new.path) is None
    (jubas,) = new.candidates("Jubas")
    assert jubas.source == "geonames:SY" and jubas.precise and jubas.admin1 == "Idlib"
    assert new.exact({"jubas"})["jubas"] == frozenset({jubas.id})  # its spellings came along
    (tmp_path / "broken.sqlite").write_bytes(b"not a database at all")
    assert _copy_user_places(tmp_path / "broken.sqlite", new.path) is not None


# -- users' CSV files -------------------------------------------------------------------


def test_places_csv_rows_with_problems_are_reported_and_skipped(small: Gazetteer) -> None:
    places, problems = read_places_csv(DATA / "geo_user_places.csv")
    assert [p.name for p in places] == ["Tell Sultan Camp", "Marjayoun"]
    assert len(problems) == 4
    joined = "\n".join(problems)
    for expected in ("line 4: the name is empty", "line 5: lat 95.0", "unknown kind 'spaceport'", "two-letter ISO"):
        assert expected in joined
    report = import_csv(small, DATA / "geo_user_places.csv")
    assert (report.added, len(report.rejected)) == (2, 4)
    (camp,) = small.candidates("Tal Sultan camp")
    assert camp.feature == "S.CMPRF" and camp.admin1 == "Idlib"
    # the same file again replaces its places instead of doubling them
    again = import_csv(small, DATA / "geo_user_places.csv")
    assert again.added == 2 and len(small.candidates("Marjeyoun")) == 1


def test_places_csv_without_the_columns_names_them(tmp_path: Path, small: Gazetteer) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("place,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(BadPlacesFile, match="missing column"):
        import_csv(small, bad)


# -- GeoNames dumps over HTTP ------------------------------------------------------------


def _zip_dump(folder: Path, code: str) -> None:
    with zipfile.ZipFile(folder / f"{code}.zip", "w") as zf:
        zf.write(DATA / "geo_SY_dump.txt", f"{code}.txt")
        zf.writestr("readme.txt", "test dump")


@pytest.fixture(scope="module")
def dump_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local stand-in for download.geonames.org: SY.zip, a slow file and a file that is not a zip."""
    root = tmp_path_factory.mktemp("www")
    _zip_dump(root, "SY")
    (root / "ZZ.zip").write_text("<html>not here</html>")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            try:
                if self.path.startswith("/SLOW"):
                    time.sleep(1.0)
                super().do_GET()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as the timeout test wants it to

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_add_country_downloads_and_indexes_every_village(small: Gazetteer, dump_server: str) -> None:
    report = add_country(small, "sy", url_base=dump_server)
    # villages and the division; the wadi is kept, the road left out
    assert (report.added, report.source) == (5, "geonames:SY")
    (jubas,) = small.candidates("Joubas")
    assert jubas.geonameid == 99000001 and haversine_km(jubas.lat, jubas.lon, 35.84, 36.83) < 2
    assert jubas.admin1 == "Idlib"  # from the dump's own ADM1 row
    assert small.candidates("Some Road") == ()
    # adding the country again updates it
    assert add_country(small, "SY", url_base=dump_server).added == 5
    assert len(small.candidates("Tell Sultan")) == 1


@pytest.mark.parametrize(
    ("code", "kwargs", "message"),
    [
        ("XX", {}, "HTTP 404"),
        ("SY", {"max_bytes": 100}, "limit"),
        ("ZZ", {}, "not a GeoNames dump"),
        ("SLOW", {}, "not a two-letter"),
    ],
)
def test_download_failures_say_what_went_wrong(
    small: Gazetteer, dump_server: str, code: str, kwargs: dict[str, int], message: str
) -> None:
    with pytest.raises((DownloadFailed, BadCountryCode), match=message):
        add_country(small, code, url_base=dump_server, **kwargs)  # type: ignore[arg-type]


def test_download_timeout(small: Gazetteer, dump_server: str) -> None:
    from fogwatch.nlp.geo_sources import download

    with pytest.raises(DownloadFailed, match=r"no answer within|timed out"):
        download(f"{dump_server}/SLOW.zip", small.path.parent / "slow.zip", timeout=0.3)


def test_unreachable_server(small: Gazetteer) -> None:
    with pytest.raises(DownloadFailed, match="could not download"):
        add_country(small, "SY", url_base="http://127.0.0.1:9", timeout=2)


def test_import_dump_from_a_file(small: Gazetteer, tmp_path: Path) -> None:
    _zip_dump(tmp_path, "SY")
    report = import_geonames_dump(small, tmp_path / "SY.zip")
    assert report.added == 5 and small.candidates("Kafr Ameem")[0].country == "SY"
    with pytest.raises(BadPlacesFile, match="not a zip"):
        (tmp_path / "bad.zip").write_text("nope")
        import_geonames_dump(small, tmp_path / "bad.zip")


# -- the command line ---------------------------------------------------------------------


def test_cli_gazetteer_commands(cli: CliRunner, tmp_path: Path, dump_server: str) -> None:
    index = tmp_path / "g.sqlite"
    res = cli.invoke(app, ["gazetteer", "add", "SY", "--url-base", dump_server, "--index", str(index)])
    assert res.exit_code == 0, res.output
    assert "geonames:SY: 5 places added" in res.stdout
    res = cli.invoke(app, ["gazetteer", "import-csv", str(DATA / "geo_user_places.csv"), "--index", str(index)])
    assert res.exit_code == 0 and "2 places added" in res.stdout and "4 rows skipped" in res.stdout
    assert "line 5" in res.stderr
    res = cli.invoke(app, ["gazetteer", "info", "--index", str(index)])
    assert res.exit_code == 0 and "geonames:SY" in res.stdout and "places:  7" in res.stdout
    res = cli.invoke(app, ["gazetteer", "add", "Syria", "--url-base", dump_server, "--index", str(index)])
    assert res.exit_code == 1 and "two-letter" in res.stderr


def test_a_new_signature_carries_user_places_from_the_index_written_last(tmp_path: Path) -> None:
    import os

    from fogwatch.nlp.gazetteer import _earlier_index

    path = tmp_path / "gazetteer-v9-new.sqlite"
    assert _earlier_index(path) is None
    legacy = tmp_path / "gazetteer.sqlite"  # the one file of earlier versions
    legacy.write_bytes(b"")
    assert _earlier_index(path) == legacy
    other = tmp_path / "gazetteer-v9-other.sqlite"  # another install's, written later
    other.write_bytes(b"")
    os.utime(legacy, (1_000_000, 1_000_000))
    assert _earlier_index(path) == other
    path.write_bytes(b"")
    assert _earlier_index(path) == path
