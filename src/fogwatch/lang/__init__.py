"""Language packs: the words and patterns of a language as data files, behind one interface.

The rules of fogwatch are code; the English they read is data. A pack is a folder named by its
language code (`fogwatch/lang/en/` is bundled) holding one TOML file per area of the code
(`attribution.toml`, `places.toml`, ...). Each file has up to three tables:

- `[words]`: word lists, each an array of strings;
- `[patterns]`: regular expressions, each a string or an array of strings joined with nothing
  (so a long pattern keeps its lines), written as TOML literal strings ('...') where they can be,
  so a backslash is the regex's own; flags stay in the code that compiles them, and a `{name}`
  slot is filled by the code with a fragment it builds (the month names of another list);
- `[tables]`: mappings from a word to a value (month names to their numbers, ...).

A second language is a folder with the same files and keys: `load("fr", root=FOLDER)` reads
FOLDER/fr/. A missing file or key, or a value of the wrong kind, raises `BadLanguagePack` naming
the file and the key. Packs are read once per process (per code and folder), and pickle as their
code and folder, so a worker process reads its own copy rather than receiving one.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from fogwatch.errors import BadLanguagePack

BUNDLED = Path(__file__).resolve().parent
KINDS = ("words", "patterns", "tables")
_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


class Area:
    """One file of a pack: its word lists, patterns and tables, read by key."""

    __slots__ = ("_data", "name", "path")

    def __init__(self, name: str, path: Path, data: dict[str, Any]) -> None:
        self.name = name
        self.path = path
        self._data = data

    def _get(self, kind: str, key: str) -> Any:
        table = self._data.get(kind)
        if not isinstance(table, dict) or key not in table:
            raise BadLanguagePack(self.path, f"no key '{key}' in its [{kind}] table")
        return table[key]

    def words(self, key: str) -> tuple[str, ...]:
        """The word list `key` of [words], in the file's order."""
        value = self._get("words", key)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise BadLanguagePack(self.path, f"[words] {key} must be an array of strings")
        return tuple(value)

    def wordset(self, key: str) -> frozenset[str]:
        """The word list `key` of [words] as a set."""
        return frozenset(self.words(key))

    def pattern(self, key: str, **slots: str) -> str:
        """The text of pattern `key` of [patterns] (an array of strings is joined with nothing), each
        `{name}` of `slots` replaced by its value: a pattern built by the code from other data (month
        names) keeps its place in the file. Every slot given must be in the pattern."""
        value = self._get("patterns", key)
        if isinstance(value, list) and all(isinstance(p, str) for p in value):
            value = "".join(value)
        if not isinstance(value, str):
            raise BadLanguagePack(self.path, f"[patterns] {key} must be a string or an array of strings")
        for name, fill in slots.items():
            if "{" + name + "}" not in value:
                raise BadLanguagePack(self.path, f"[patterns] {key} has no {{{name}}} for the code to fill")
            value = value.replace("{" + name + "}", fill)
        return value

    def regex(self, key: str, flags: int = 0, **slots: str) -> re.Pattern[str]:
        """Pattern `key` (its slots filled) compiled with `flags`; one that does not compile is named with its error."""
        text = self.pattern(key, **slots)
        try:
            return re.compile(text, flags)
        except re.error as exc:
            raise BadLanguagePack(self.path, f"[patterns] {key} is not a valid regular expression ({exc})") from None

    def table(self, key: str) -> dict[str, Any]:
        """The mapping `key` of [tables]."""
        value = self._get("tables", key)
        if not isinstance(value, dict):
            raise BadLanguagePack(self.path, f"[tables] {key} must be a table")
        return dict(value)

    def keys(self, kind: str) -> list[str]:
        """The keys of one of the tables ("words", "patterns" or "tables"), in the file's order."""
        table = self._data.get(kind)
        return list(table) if isinstance(table, dict) else []


class LanguagePack:
    """The word lists and patterns of one language: the folder `root/code/`, one TOML file per area."""

    __slots__ = ("_areas", "code", "folder")

    def __init__(self, code: str, folder: Path) -> None:
        self.code = code
        self.folder = folder
        self._areas: dict[str, Area] = {}

    def area(self, name: str) -> Area:
        """The area `name` (the file `name.toml` of the pack), read on first use."""
        found = self._areas.get(name)
        if found is None:
            found = self._areas[name] = _read_area(name, self.folder / f"{name}.toml")
        return found

    def areas(self) -> list[str]:
        """The areas the pack has (its TOML files), by name."""
        return sorted(p.stem for p in self.folder.glob("*.toml"))

    def missing(self, reference: LanguagePack | None = None) -> list[str]:
        """What this pack lacks that `reference` (by default the bundled English pack) has: an area as
        "places", a key as "places [words] org_words". The English pack holds what the code reads, so
        this is what is left to write for a new language."""
        ref = reference or english()
        out: list[str] = []
        have = set(self.areas())
        for name in ref.areas():
            if name not in have:
                out.append(name)
                continue
            mine, theirs = self.area(name), ref.area(name)
            for kind in KINDS:
                keys = set(mine.keys(kind))
                out.extend(f"{name} [{kind}] {key}" for key in theirs.keys(kind) if key not in keys)
        return out

    def __reduce__(self) -> tuple[object, ...]:
        return (load, (self.code, self.folder.parent))

    def __repr__(self) -> str:
        return f"LanguagePack({self.code!r}, {str(self.folder)!r})"


def _read_area(name: str, path: Path) -> Area:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadLanguagePack(path, f"no such file (the pack has no '{name}' area)") from None
    except OSError as exc:
        raise BadLanguagePack(path, exc.strerror or str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadLanguagePack(path, f"not valid TOML: {exc}") from None
    unknown = [k for k in data if k not in KINDS]
    if unknown:
        raise BadLanguagePack(path, f"unknown table [{unknown[0]}] (known: {', '.join(KINDS)})")
    return Area(name, path, data)


def load(code: str, root: str | Path | None = None) -> LanguagePack:
    """The pack of language `code` from `root/code/` (by default the bundled packs), read once per process."""
    return _load(code, Path(root).expanduser().resolve() if root is not None else BUNDLED)


@cache
def _load(code: str, root: Path) -> LanguagePack:
    if not _CODE.fullmatch(code):
        raise BadLanguagePack(root / code, f"'{code}' is not a language code (two or three lower-case letters)")
    folder = root / code
    if not folder.is_dir():
        raise BadLanguagePack(folder, f"no such folder (packs there: {', '.join(available(root)) or 'none'})")
    return LanguagePack(code, folder)


def available(root: str | Path | None = None) -> list[str]:
    """The language codes with a pack in `root` (by default the bundled packs)."""
    base = Path(root).expanduser() if root is not None else BUNDLED
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and _CODE.fullmatch(p.name) and any(p.glob("*.toml")))


def describe(extra: str | Path | None = None) -> list[str]:
    """What `fogwatch languages` prints: each pack (bundled, then those in `extra`), its folder and its areas
    with how many word lists and patterns each has. A pack in `extra` with a bundled code is listed after it."""
    out: list[str] = []
    for root in (BUNDLED, *([Path(extra).expanduser()] if extra is not None else [])):
        codes = available(root)
        if not codes:
            out.append(f"# no language packs in {root}")
        for code in codes:
            pack = load(code, root)
            lacks = pack.missing() if (code, root) != ("en", BUNDLED) else []
            out.append(
                f"{code}  {pack.folder}" + (f"  (lacks {len(lacks)} of English's areas and keys)" if lacks else "")
            )
            for name in pack.areas():
                area = pack.area(name)
                counts = ", ".join(_count(len(area.keys(kind)), kind) for kind in KINDS if area.keys(kind))
                out.append(f"    {name:<14}{counts}")
    return out


def _count(n: int, kind: str) -> str:
    noun = {"words": "word list", "patterns": "pattern", "tables": "table"}[kind]
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def english() -> LanguagePack:
    """The bundled English pack, which the annotators read today."""
    return load("en")


__all__ = ["BUNDLED", "Area", "LanguagePack", "available", "describe", "english", "load"]
