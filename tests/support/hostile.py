"""The pathological inputs that once stopped, hung or swamped an ingest, written as files.

Used by the fuzz tests (tests/test_fuzz.py) and the benchmark (benchmarks/pathological.py).
Each is small on disk; some are huge once read (a gzipped line of zeros).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

BODY = (
    "Government aircraft struck the town of Saraqib in Idlib province on Tuesday, killing five civilians "
    "and wounding twelve, the civil defence said. Residents said the strikes hit a market and a bakery."
)

# Towns and regions the offline gazetteer knows, from several countries.
PLACES = [
    "Aleppo",
    "Idlib",
    "Homs",
    "Hama",
    "Damascus",
    "Raqqa",
    "Daraa",
    "Latakia",
    "Tartus",
    "Saraqib",
    "Palmyra",
    "Qamishli",
    "Kobani",
    "Manbij",
    "Afrin",
    "Azaz",
    "Mosul",
    "Kirkuk",
    "Baghdad",
    "Basra",
    "Fallujah",
    "Ramadi",
    "Tikrit",
    "Erbil",
    "Sulaymaniyah",
    "Kharkiv",
    "Kherson",
    "Mariupol",
    "Odesa",
    "Lviv",
    "Donetsk",
    "Luhansk",
    "Zaporizhzhia",
    "Bakhmut",
    "Avdiivka",
    "Sanaa",
    "Aden",
    "Marib",
    "Taiz",
    "Hodeidah",
    "Tripoli",
    "Benghazi",
    "Sirte",
    "Misrata",
    "Kabul",
    "Kandahar",
    "Herat",
    "Mazar",
    "Jalalabad",
    "Kunduz",
    "Mogadishu",
    "Kismayo",
    "Baidoa",
    "Maiduguri",
    "Kano",
    "Abuja",
    "Lagos",
    "Juba",
    "Khartoum",
    "Omdurman",
    "Gao",
    "Timbuktu",
    "Mopti",
    "Bamako",
    "Niamey",
    "Ouagadougou",
]


def names_list(size: int, distinct: list[str] | None = None) -> str:
    """A comma-separated list of place names of about `size` characters, in one sentence."""
    names = distinct or PLACES
    out: list[str] = []
    length = 0
    i = 0
    while length < size:
        out.append(names[i % len(names)])
        length += len(out[-1]) + 2
        i += 1
    return "Government aircraft bombed " + ", ".join(out) + " on Tuesday, killing 12 civilians.\n"


def _gzip_zeros(path: Path, megabytes: int, head: bytes = b"") -> None:
    chunk = b"0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(head)
        for _ in range(megabytes):
            fh.write(chunk)


def _warc(path: Path, pages: list[tuple[str, bytes]], cut: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    data = buf.getvalue()
    path.write_bytes(data[: len(data) - len(data) // 3] if cut else data)


def write_pathological(folder: Path, zeros_mb: int = 1024, distinct: list[str] | None = None) -> dict[str, Path]:
    """Write each pathological input into `folder`; return them by name.

    `zeros_mb`: how much the gzipped files of zeros decompress to. `distinct`: town
    names for a list of names that never repeats (from the gazetteer), if given.
    """
    folder.mkdir(parents=True, exist_ok=True)
    good = json.dumps({"text": BODY})
    files: dict[str, Path] = {}

    def put(name: str, data: str | bytes) -> None:
        p = folder / name
        if isinstance(data, str):
            p.write_text(data, encoding="utf-8")
        else:
            p.write_bytes(data)
        files[name] = p

    put("huge-number.jsonl", f'{good}\n{{"text": "{BODY}", "n": {"9" * 5000}}}\n')
    put("deep-nesting.jsonl", f'{{"text": "{BODY}", "x": {"[" * 100_000}{"]" * 100_000}}}\n{good}\n')
    put("lone-surrogate.jsonl", f'{{"text": "{BODY} \\ud800 \\udfff end", "title": "\\udc00"}}\n')
    put("bad-url.jsonl", json.dumps({"text": BODY, "url": "http://[::1"}) + "\n")
    p = folder / "zeros.jsonl.gz"
    _gzip_zeros(p, zeros_mb, head=(good + "\n").encode())
    files[p.name] = p
    p = folder / "zeros.txt.gz"
    _gzip_zeros(p, max(64, zeros_mb // 16))
    files[p.name] = p
    put("names-repeated.txt", names_list(100_000))
    if distinct:
        put("names-distinct.txt", names_list(100_000, distinct))
    attrs = " ".join(f'data-a{i}="v"' for i in range(200_000))
    put("attributes.html", f"<html><body><article {attrs}><p>{BODY}</p></article></body></html>")
    put("deep.html", "<html><body>" + "<div>" * 100_000 + f"<p>{BODY}</p>" + "</div>" * 100_000 + "</body></html>")
    one_line = (BODY.replace(". ", ", ") + " ") * (19_000_000 // (len(BODY) + 1))
    put("one-line.txt", one_line)
    sentence = "Airstrikes continued, " + (BODY.replace(".", ",").lower() + " ") * (300_000 // len(BODY)) + "\n"
    put("long-sentence.txt", sentence)
    try:
        pages = [
            (f"https://example.org/{i}", f"<html><body><p>{BODY} Page {i}.</p></body></html>".encode())
            for i in range(5)
        ]
        p = folder / "cut.warc.gz"
        _warc(p, pages, cut=True)
        files[p.name] = p
        p = folder / "huge-page.warc.gz"
        _warc(p, [("https://example.org/huge", b"<html><body>" + b"<p>x</p>" * 4_000_000 + b"</body></html>")])
        files[p.name] = p
    except ImportError:  # the warc extra is not installed
        pass
    return files


__all__ = ["BODY", "PLACES", "names_list", "write_pathological"]
