"""Settings: one frozen, picklable object, read from a settings file, then the environment, then
the command line (each overriding the one before). This is the only module that reads
`os.environ`; everything else is given a `Settings` (steps carry theirs to worker processes)
or asks `current()`.

The settings file is TOML, one `name = value` line per setting (the names of `FIELDS`). It is
looked for in this order, and only the first found is read:

1. `fogwatch --config FILE ...` (it must exist);
2. the file named by FOGWATCH_CONFIG (it must exist);
3. `fogwatch.toml` in the working directory;
4. `$XDG_CONFIG_HOME/fogwatch/config.toml` (by default `~/.config/fogwatch/config.toml`).

A relative path in a settings file is read from the file's folder.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fogwatch.errors import BadSetting, SettingsFileNotFound, SettingsFileUnreadable

CONFIG_ENV = "FOGWATCH_CONFIG"
CONFIG_NAME = "fogwatch.toml"


@dataclass(frozen=True, slots=True)
class Field:
    """One setting: its name (in the settings file and on `Settings`), its environment variable,
    its kind ("text", "path", "int", "seconds") and what it does."""

    name: str
    env: str
    kind: str
    help: str


FIELDS: tuple[Field, ...] = (
    Field("db", "FOGWATCH_DB", "text", "database: a SQLite path or any SQLAlchemy URL (--db)"),
    Field("nlp", "FOGWATCH_NLP", "text", "an installed spaCy pipeline for sentences; none: built-in rules (--nlp)"),
    Field("actors", "FOGWATCH_ACTORS", "path", "a YAML file of actors merged over the bundled registry"),
    Field("event_model", "FOGWATCH_EVENT_MODEL", "text", "event classifier: default, trained, combined or a file"),
    Field("gazetteer", "FOGWATCH_GAZETTEER", "path", "the index `fogwatch gazetteer` commands use (--index)"),
    Field("home", "FOGWATCH_HOME", "path", "where trained models are kept"),
    Field("cache", "FOGWATCH_CACHE", "path", "where the offline gazetteer is built"),
    Field("eval_data", "FOGWATCH_EVAL_DATA", "path", "the shared evaluation data"),
    Field("lang_dir", "FOGWATCH_LANG_DIR", "path", "a folder of more language packs, one folder per code"),
    Field("batch_size", "FOGWATCH_BATCH_SIZE", "int", "records stored per transaction during ingest"),
    Field("max_bytes", "FOGWATCH_MAX_BYTES", "int", "the largest file (or JSON line) read, in bytes"),
    Field("max_line_chars", "FOGWATCH_MAX_LINE_CHARS", "int", "the longest line of a text document"),
    Field("max_analysis_chars", "FOGWATCH_MAX_ANALYSIS_CHARS", "int", "the longest clean text analysed"),
    Field("read_seconds", "FOGWATCH_READ_SECONDS", "seconds", "time budget to read one document (0: none)"),
    Field("clean_seconds", "FOGWATCH_CLEAN_SECONDS", "seconds", "time budget to clean one document (0: none)"),
    Field("analysis_seconds", "FOGWATCH_ANALYSIS_SECONDS", "seconds", "time budget to analyse one article (0: none)"),
)
_BY_NAME = {f.name: f for f in FIELDS}


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run of fogwatch is told to do. Frozen and picklable: steps carry it to worker processes.

    `Settings()` is the built-in defaults; `Settings.load()` reads the settings file and the
    environment over them. `origins` says where each value came from (see `origin`).
    """

    db: str = "fogwatch.db"
    nlp: str | None = None
    actors: str | None = None
    event_model: str = "default"
    gazetteer: str | None = None
    home: Path = field(default_factory=lambda: Path.home() / ".local" / "share" / "fogwatch")
    cache: Path = field(default_factory=lambda: Path.home() / ".cache" / "fogwatch")
    eval_data: Path | None = None  # None: ../shared/data beside the checkout or the working directory
    lang_dir: str | None = None  # language packs besides the bundled ones (fogwatch.lang)
    batch_size: int = 64
    max_bytes: int = 20_000_000
    max_line_chars: int = 1_000_000
    max_analysis_chars: int = 500_000
    read_seconds: float | None = 60.0  # None: no budget
    clean_seconds: float | None = 60.0
    analysis_seconds: float | None = 60.0
    config_file: Path | None = None  # the settings file read, if any
    origins: tuple[tuple[str, str], ...] = ()  # (name, where its value came from) for values not built in

    @classmethod
    def load(
        cls,
        config: str | Path | None = None,
        cli: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """The settings file (see the module doc), then the environment, then `cli` (values given on
        the command line; None means not given). Raises a FogwatchError naming a bad value and where it is."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for name, origin in _derived_dirs(env).items():
            values[name], origins[name] = origin
        path = _find_config(config, env)
        if path is not None:
            for name, raw in _read_config(path).items():
                values[name] = _parse(name, raw, f"{path}, key {name}", base=path.parent)
                origins[name] = f"file {path}"
        for f in FIELDS:
            raw = env.get(f.env)
            if raw is not None and raw.strip():
                values[f.name] = _parse(f.name, raw, f"environment variable {f.env}")
                origins[f.name] = f"environment {f.env}"
        for name, raw in (cli or {}).items():
            if raw is None:
                continue
            if name not in _BY_NAME:
                raise BadSetting(f"command line: there is no setting '{name}'")
            values[name] = _parse(name, raw, f"command line, {name}")
            origins[name] = "command line"
        return cls(**values, config_file=path, origins=tuple(sorted(origins.items())))

    def origin(self, name: str) -> str:
        """Where the value of setting `name` came from: "default", "file PATH", "environment VAR"..."""
        return dict(self.origins).get(name, "default")

    def lines(self) -> list[str]:
        """The settings in force as `fogwatch settings` prints them: a settings file (TOML) that would
        give the same values, each line saying where its value came from."""
        where = str(self.config_file) if self.config_file else "none found"
        out = [f"# settings file: {where}"]
        rows: list[tuple[str, str]] = []
        for f in FIELDS:
            value = getattr(self, f.name)
            origin = self.origin(f.name)
            how = f"{origin} (set with {f.env})" if origin == "default" else origin
            if value is None and f.kind == "seconds":
                rows.append((f"{f.name} = 0", how))
            elif value is None:
                rows.append((f"# {f.name} is not set", how))
            elif f.kind in ("int", "seconds"):
                rows.append((f"{f.name} = {value:g}" if f.kind == "seconds" else f"{f.name} = {value}", how))
            else:
                rows.append((f"{f.name} = {_toml_string(str(value))}", how))
        width = max(len(line) for line, _ in rows)
        out.extend(f"{line:<{width}}  # {how}" for line, how in rows)
        return out


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _derived_dirs(env: Mapping[str, str]) -> dict[str, tuple[Path, str]]:
    """home and cache under XDG_DATA_HOME and XDG_CACHE_HOME, where those are set."""
    out: dict[str, tuple[Path, str]] = {}
    for name, var in (("home", "XDG_DATA_HOME"), ("cache", "XDG_CACHE_HOME")):
        xdg = env.get(var)
        if xdg:
            out[name] = (Path(xdg).expanduser() / "fogwatch", f"environment {var}")
    return out


def _find_config(config: str | Path | None, env: Mapping[str, str]) -> Path | None:
    if config is not None:
        p = Path(config).expanduser()
        if not p.is_file():
            raise SettingsFileNotFound(str(p), "--config")
        return p
    named = env.get(CONFIG_ENV)
    if named:
        p = Path(named).expanduser()
        if not p.is_file():
            raise SettingsFileNotFound(str(p), CONFIG_ENV)
        return p
    here = Path(CONFIG_NAME)
    if here.is_file():
        return here
    xdg = env.get("XDG_CONFIG_HOME")
    user = (Path(xdg).expanduser() if xdg else Path.home() / ".config") / "fogwatch" / "config.toml"
    return user if user.is_file() else None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsFileUnreadable(str(path), exc.strerror or str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsFileUnreadable(str(path), f"not valid TOML: {exc}") from None
    unknown = [k for k in data if k not in _BY_NAME]
    if unknown:
        known = ", ".join(f.name for f in FIELDS)
        raise SettingsFileUnreadable(str(path), f"unknown setting '{unknown[0]}' (known: {known})")
    return data


def _parse(name: str, raw: Any, where: str, base: Path | None = None) -> Any:
    """A setting's value from text (environment, command line) or TOML, checked for its kind."""
    kind = _BY_NAME[name].kind
    if kind == "int":
        try:
            if isinstance(raw, bool | float):
                raise ValueError
            value = int(str(raw).strip().replace("_", ""))
        except ValueError:
            raise BadSetting(f"{where}: {name} must be a whole number, not {raw!r}") from None
        if value < 1:
            raise BadSetting(f"{where}: {name} must be at least 1, not {value}")
        return value
    if kind == "seconds":
        try:
            if isinstance(raw, bool):
                raise ValueError
            seconds = float(str(raw).strip())
        except ValueError:
            raise BadSetting(f"{where}: {name} must be a number of seconds (0 for no limit), not {raw!r}") from None
        return seconds if seconds > 0 else None
    if not isinstance(raw, str | Path):
        raise BadSetting(f"{where}: {name} must be text, not {raw!r}")
    text = str(raw)
    if kind == "path":
        p = Path(text).expanduser()
        if base is not None and not p.is_absolute():
            p = base / p
        return p if name in ("home", "cache", "eval_data") else str(p)
    if name == "db" and base is not None and "://" not in text and not Path(text).is_absolute():
        return str(base / text)
    return text


# --- the settings of this process ------------------------------------------------------------

_IN_FORCE: list[Settings] = []


def current() -> Settings:
    """The settings in force: those of the innermost `using` block, else the settings file and the
    environment as they are now (read afresh on each call, so a caller that changes them is heard)."""
    return _IN_FORCE[-1] if _IN_FORCE else Settings.load()


@contextmanager
def using(settings: Settings) -> Iterator[Settings]:
    """Put `settings` in force for the block (the CLI does, around each command), so code that was
    given no settings agrees with the ones the command was run with. Worker processes forked in the
    block inherit them; steps also carry their own."""
    _IN_FORCE.append(settings)
    try:
        yield settings
    finally:
        _IN_FORCE.pop()


def prepare_child_environment() -> None:
    """Child processes write UTF-8 to pipes whatever the locale (the CLI calls this at start)."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")


__all__ = ["FIELDS", "Field", "Settings", "current", "prepare_child_environment", "using"]
