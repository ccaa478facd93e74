"""Name keys that make transliterations of one place name meet.

Arabic (and Persian, Kurdish, Russian...) names reach English text through many
romanisations: "Ma'arrat an-Nu'man", "Maarat al-Numan" and "Maarrat al-Numan"
are one town, and so are "Saraqib"/"Saraqeb" and "Kafr Nouran"/"Kafr Nuran".
`name_key` folds the differences that carry no meaning in those systems (hamza
and ayn marks, the article and its assimilated forms, doubled letters, vowel
spellings, kh/h, q/k, dh/z...), so the gazetteer indexes and the text is
looked up by the same loose key. `strict_key` only drops case, accents and
punctuation: it tells an exact spelling from a merely compatible one.

Both sides of a comparison go through the same function, so a fold that merges
two English spellings as well costs at most an extra candidate to rank, never
a lost match.
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
    }
)

# The same, keeping case, for names shown to people.
_SPECIAL_CASED = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "ß": "ss"}
)

# Hamza, ayn and the apostrophes and quotes used for them: dropped, not spaces,
# so "Ma'arrat" and "Maarrat" stay one word.
MARKS = "'’‘ʿʾʻʼ`´′ˈ"
_DROP_MARKS = str.maketrans(dict.fromkeys(MARKS))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# The Arabic article and its sun-letter assimilations, plus the Persian/Urdu "ul".
# Dropped inside multi-word names only, so a one-word name is never emptied.
ARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "an",
        "as",
        "ar",
        "ash",
        "at",
        "ath",
        "ad",
        "adh",
        "az",
        "ed",
        "es",
        "er",
        "en",
        "et",
        "ez",
        "esh",
    }
)

# Applied in this order to a word; each pair maps spellings one romanisation
# system writes differently from another.
_DIGRAPHS = (
    ("dh", "z"),  # Dhahiriyah / Zahiriyah
    ("dj", "j"),  # Djisr / Jisr (French)
    ("kh", "h"),  # Khan / Han, Sheikh / Sheih
    ("gh", "g"),  # Ghouta / Guta
    ("ou", "u"),  # Nouran / Nuran (French)
    ("oo", "u"),
    ("ei", "ai"),  # Deir / Dair
    ("ey", "ai"),
    ("ay", "ai"),  # Shaykh / Sheikh after the two lines above
    ("o", "u"),  # Homs / Hums
    ("q", "k"),  # Saraqib / Sarakib
    ("y", "i"),  # Uwayd / Uwaid
)
_DOUBLE = re.compile(r"(.)(?=\1)")  # a letter followed by itself: deleting it needs no template


def strict_key(name: str) -> str:
    """Lowercase, accents and marks removed, punctuation to single spaces."""
    if not name.isascii():  # the slow path only where there is something to take apart
        name = _COMBINING.sub("", unicodedata.normalize("NFKD", name.translate(_SPECIAL)))
    return _NON_ALNUM.sub(" ", name.casefold().translate(_DROP_MARKS)).strip()


def spelling_key(name: str) -> str:
    """The exact spelling of a name, up to case, accents, marks, spaces and hyphens:
    "Samarra" and "Samara" meet under `name_key`, not here."""
    return strict_key(name).replace(" ", "")


_AS_APOSTROPHE = str.maketrans(dict.fromkeys("‘’ʿʾʻʼ`´′", "'"))


def display_name(name: str) -> str:
    """A gazetteer name as English reports write it: 'Ma‘arrat an Nu‘mān' -> "Ma'arrat an Nu'man"."""
    if name.isascii():
        return name
    plain = _COMBINING.sub("", unicodedata.normalize("NFKD", name.translate(_SPECIAL_CASED)))
    return unicodedata.normalize("NFC", plain.translate(_AS_APOSTROPHE))


_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_ABBREVIATED_WORD = re.compile(r"(?<![a-z0-9])(st|ste|mt|ft|pt)(?= )")
_ARTICLE = re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(ARTICLES, key=len, reverse=True)) + r") (?=[a-z0-9])")
# Word endings, before the vowel folds change them: -ah, -eh, -a, -e are one ending
# (Raqqah / Raqqa / Raqqeh), and so are -iyah / -iya / -iye. Short words keep theirs.
_END_H = re.compile(r"(?<=[a-z0-9]{2}[aei])h(?![a-z0-9])")
_END_E = re.compile(r"(?<=[a-z0-9]{2})e(?![a-z0-9])")


def name_key(name: str) -> str:
    """The loose key under which every romanisation of a name meets."""
    s = strict_key(name)
    if " " in s:
        # "St. Croix" / "Saint Croix", "Mt. Pleasant" / "Mount Pleasant"
        s = _ABBREVIATED_WORD.sub(lambda m: _ABBREVIATED[m.group(1)], s)
        if s.startswith("the "):  # "The Hague", "the Gambia"
            s = s[4:]
        # The article goes only before another word, so a one-word name is never emptied.
        s = _ARTICLE.sub("", s)
    s = _END_E.sub("a", _END_H.sub("", s))
    for a, b in _DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    # The folds can produce "ee" -> "ii" and the like; collapse after them.
    return _DOUBLE.sub("", s.replace("e", "i").replace(" ", ""))


_ACRONYM_NOISE = re.compile(r"[.&\s]")


def acronym_key(name: str) -> str | None:
    """'UK', 'U.S.', 'T&T': initials are matched exactly, never folded ('SAA' is not 'SA')."""
    letters = _ACRONYM_NOISE.sub("", name)
    if 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper():
        return "=" + letters.lower()
    return None


def lookup_keys(name: str) -> list[str]:
    """The keys to look a name up under: its folded key, and its initials if it is written as initials."""
    keys = [k] if (k := name_key(name)) else []
    if (a := acronym_key(name)) is not None:
        keys.append(a)
    return keys


__all__ = ["ARTICLES", "MARKS", "acronym_key", "display_name", "lookup_keys", "name_key", "spelling_key", "strict_key"]
