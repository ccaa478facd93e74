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
