"""Bytes to text: BOMs, UTF-8, legacy encodings; binaries refused."""

from __future__ import annotations

import codecs
import gzip
import zlib
from dataclasses import dataclass


class DecodeError(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, max_bytes + 1)
        if len(out) > max_bytes:
            raise DecodeError("too-large", f"decompresses to more than {max_bytes // 1_000_000} MB")
        if not d.eof:
            raise DecodeError("truncated", "the gzip stream is truncated")
        return out
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise DecodeError("truncated", f"not a valid gzip stream ({exc})") from exc


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode bytes to text, or raise DecodeError naming the problem."""
    if not data.strip():
        raise DecodeError("empty", "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError("decode", f"starts with a {enc} byte-order mark but is not {enc}: {exc}") from exc
    sample = data[:8192]
    if b"\x00" in sample:
        raise DecodeError("binary", "binary content (NUL bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed
    if declared:
        try:
            return Decoded(data.decode(declared), declared.lower())
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("decode", "not text in any encoding fogwatch recognises")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise DecodeError("binary", "binary content, not text")
    return Decoded(text, best.encoding)


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)


def _mixed_utf8(data: bytes) -> Decoded | None:
    """Text stitched from UTF-8 and Windows-1252 pieces, as scrapers that concatenate pages leave it.

    When some lines hold valid multi-byte UTF-8 and others do not decode as
    UTF-8, each line is decoded on its own: UTF-8 where it is, cp1252 where not.
    """
    lines = data.split(b"\n")
    utf8_non_ascii = False
    parts: list[str] = []
    bad = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
            utf8_non_ascii = utf8_non_ascii or any(b > 127 for b in line)
        except UnicodeDecodeError:
            bad += 1
            text = line.decode("cp1252", errors="replace")
        parts.append(text)
    if not utf8_non_ascii or bad == 0:
        return None
    return Decoded("\n".join(parts), "utf-8+cp1252")
