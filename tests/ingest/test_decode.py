from __future__ import annotations

import codecs
import gzip

import pytest

from fogwatch.ingest.decode import DecodeError, decode, gunzip

ARABIC = "قصف مدفعي على سراقب"


def test_utf8() -> None:
    assert decode("Ma'arrat an-Nu'man — Saraqib".encode()).text == "Ma'arrat an-Nu'man — Saraqib"


def test_cp1252_is_detected() -> None:
    text = "Le café de Saraqib a été touché par un obus, selon des témoins sur place. « C'est terrible », dit-il."
    out = decode(text.encode("cp1252"))
    assert out.text == text


def test_utf16_with_bom() -> None:
    text = "Shelling hit Kafr Nouran. " + ARABIC
    out = decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert out.text == text
    assert out.encoding == "utf-16"


def test_utf8_bom_is_dropped() -> None:
    assert decode(codecs.BOM_UTF8 + b"Afes").text == "Afes"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02\x03PNG\x00" * 50, "binary"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_refused(data: bytes, kind: str) -> None:
    with pytest.raises(DecodeError) as exc:
        decode(data)
    assert exc.value.kind == kind
    assert exc.value.reason


def test_truncated_gzip() -> None:
    whole = gzip.compress(b"<html><body><p>Saraqib</p></body></html>" * 100)
    assert b"Saraqib" in gunzip(whole, 10_000_000)
    with pytest.raises(DecodeError) as exc:
        gunzip(whole[: len(whole) // 2], 10_000_000)
    assert exc.value.kind == "truncated"


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"a" * 5_000_000)
    with pytest.raises(DecodeError) as exc:
        gunzip(bomb, 1_000_000)
    assert exc.value.kind == "too-large"


def test_mixed_utf8_and_cp1252_lines() -> None:
    first = "Le café de Ma’arrat an-Nu’man a été touché à l’aube.".encode()
    second = "Les habitants de Saraqib décrivent une nuit « terrible ».".encode("cp1252")
    out = decode(first + b"\n" + second)
    assert out.encoding == "utf-8+cp1252"
    assert out.text.splitlines() == [first.decode(), second.decode("cp1252")]
