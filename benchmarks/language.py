"""Language identification on real pages: fogwatch's detector against the function-word rules it replaced.

The pages are ../shared/data/article-extraction and ../shared/data/html-dates
(mostly English, with some 40 other languages), read and cleaned as fogwatch
ingests them. The reference is the language each page declares (<html lang>,
og:locale, Content-Language), except on the pages listed in CORRECTED, whose
declaration is wrong (a Spanish article under lang="en", say): there it is the
language the article is written in, read by a person. Serbo-Croatian's
standards (sh, sr, hr, bs) count as one. Prints one JSON line: agreement with
the reference, the share routed right (analysis reads English and "und" only),
and milliseconds per page.

Usage: python benchmarks/language.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from fogwatch.clean.step import CleanStep
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article
from fogwatch.nlp.text import detect_language
from fogwatch.paths import eval_data_root

# Pages whose declared language is not the language of their article (file name -> language).
CORRECTED = {
    "57b4dafd18cfd0531b69f81e87158648227c673ef159f8d8c87d34e34bdb21f2.html.gz": "de",
    "ba07d1e64775f4090e39116c382111f5a2cfe9528dd179673f4e9bfcea370c15.html.gz": "de",
    "f81c6c05d9cbc93316992fa23ef74ec405194e292611f2e94f6a814868903665.html.gz": "en",
    "fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e.html.gz": "en",
    "1506220874.html": "es",
    "1523761669.html": "tl",
    "1556626357.html": "ca",
    "1561643340.html": "gu",
    "1565998355.html": "gu",
    "1577247412.html": "ka",
    "1579090372.html": "sq",
    "1716324024.html": "ro",
    "1718257353.html": "es",
    "1721965295.html": "es",
    "1724245424.html": "es",
    "1756260927.html": "pt",
    "1759902081.html": "fr",
    "1764731404.html": "ar",
    "1766087391.html": "bg",
    "1799801548.html": "th",
}
SAME = {"sr": "sh", "hr": "sh", "bs": "sh"}
_DECLARED = [
    re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I),
    re.compile(rb"og:locale[\"']\s+content\s*=\s*[\"']([A-Za-z]{2,3})", re.I),
    re.compile(rb"content-language[\"']\s+content\s*=\s*[\"']([A-Za-z]{2,3})", re.I),
]


# --- the detector fogwatch used before fastText, kept here as the baseline --------------------

_STOPWORDS = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in a is that for on was with he it as at by from his her an were are which this be "
        "has have had not but they said their been who after its also would will or than more into when "
        "there we our you about over two one up out against under between",
        "fr": "le la les des du de et à un une est que qui dans pour sur par au aux avec ce cette il elle ont "
        "sont pas ne se plus été lors selon",
        "de": "der die das und ist nicht ein eine einer den dem des mit von zu auf für sich im auch wurde "
        "werden bei nach aus wie sind hat haben",
        "es": "el la los las de del y en que un una por con para es se su al lo como más pero sus fue han "
        "sobre entre según",
        "it": "il lo la gli le di del della e che un una per con non sono è nel nella alla dei delle si da "
        "ha hanno anche come",
        "pt": "o a os as de do da dos das e em um uma que para com não por mais no na se foi são ao pelo pela como",
        "nl": "de het een en van in is dat op te zijn met voor niet aan er ook door als bij werd",
        "tr": "ve bir bu da de için ile olarak olan gibi çok daha ama en ki ise göre sonra",
        "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke oleh telah",
    }.items()
}
_SCRIPTS = {
    "HEBREW": "he",
    "GREEK": "el",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "ETHIOPIC": "am",
    "MYANMAR": "my",
}
_LETTERS = re.compile(r"[^\W\d_]+")


def _script(text: str) -> str | None:
    if text.isascii():
        return None
    latin = other = 0
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        head = "LATIN" if ch.isascii() else unicodedata.name(ch, "").split(" ", 1)[0]
        if head == "LATIN":
            latin += 1
            continue
        other += 1
        counts[head] = counts.get(head, 0) + 1
        if ch in "іїєґ":
            counts["UKRAINIAN"] = counts.get("UKRAINIAN", 0) + 1
        elif ch in "پچژگ":
            counts["PERSIAN"] = counts.get("PERSIAN", 0) + 1
    if other <= latin:
        return None
    head = max(counts, key=lambda k: counts[k] if k not in ("UKRAINIAN", "PERSIAN") else -1)
    if head == "CYRILLIC":
        return "uk" if counts.get("UKRAINIAN", 0) > 0.01 * other else "ru"
    if head == "ARABIC":
        return "fa" if counts.get("PERSIAN", 0) > 0.01 * other else "ar"
    return _SCRIPTS.get(head, "mis")


def function_words(text: str) -> str:
    sample = text[:20_000]
    words = _LETTERS.findall(sample)
    if not words:
        return "und"
    script = _script(sample)
    if script is not None:
        return script
    if len(words) < 12:
        return "und"
    lowered = [w.lower() for w in words]
    shares = {lang: sum(w in stop for w in lowered) / len(lowered) for lang, stop in _STOPWORDS.items()}
    best = max(shares, key=lambda k: shares[k])
    return best if shares[best] >= 0.08 else "und"


# --- the measurement ----------------------------------------------------------------------------


def pages(root: Path) -> list[tuple[str, str, str]]:
    """(file name, reference language, clean text) of every page with a declared language and some text."""
    out = []
    clean = CleanStep()
    files = sorted((root / "article-extraction" / "html").glob("*.html.gz"))
    files += sorted((root / "html-dates" / "html").glob("*.html"))
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        declared = next((m.group(1).decode().lower() for rx in _DECLARED if (m := rx.search(data[:200_000]))), None)
        ref = CORRECTED.get(path.name, declared)
        if ref is None:
            continue
        art = article_from_bytes(str(path), data, "html")
        if isinstance(art, Article):
            art = clean.clean_one(art)
        if isinstance(art, Article) and art.text.strip():
            out.append((path.name, SAME.get(ref, ref), art.text))
    return out


def score(detect: Callable[[str], str], rows: list[tuple[str, str, str]]) -> dict[str, float]:
    started = time.perf_counter()
    got = [SAME.get(c, c) for c in (detect(text) for _, _, text in rows)]
    ms = (time.perf_counter() - started) * 1000 / len(rows)
    exact = sum(g == ref for g, (_, ref, _) in zip(got, rows, strict=True))
    routed = sum((g in ("en", "und")) == (ref == "en") for g, (_, ref, _) in zip(got, rows, strict=True))
    english = [(g, ref) for g, (_, ref, _) in zip(got, rows, strict=True) if ref == "en"]
    other = [(g, ref) for g, (_, ref, _) in zip(got, rows, strict=True) if ref != "en"]
    return {
        "agreement": round(exact / len(rows), 4),
        "routed_right": round(routed / len(rows), 4),
        "english_kept": round(sum(g in ("en", "und") for g, _ in english) / len(english), 4),
        "other_set_aside": round(sum(g not in ("en", "und") for g, _ in other) / len(other), 4),
        "other_named_right": round(sum(g == ref for g, ref in other) / len(other), 4),
        "ms_per_page": round(ms, 2),
    }


def main() -> None:
    root = eval_data_root()
    if not (root / "html-dates").is_dir() or not (root / "article-extraction").is_dir():
        sys.exit(f"no article-extraction or html-dates pages under {root}")
    rows = pages(root)
    detect_language("warm the model up before it is timed")
    english = sum(ref == "en" for _, ref, _ in rows)
    print(
        json.dumps(
            {
                "benchmark": "language",
                "pages": len(rows),
                "english": english,
                "other_languages": len({ref for _, ref, _ in rows} - {"en"}),
                "fasttext": score(lambda t: detect_language(t).code, rows),
                "function_words": score(function_words, rows),
            }
        )
    )


if __name__ == "__main__":
    main()
