"""Settings: file, then environment, then command line; frozen, picklable, carried by steps to workers;
and the only reader of the environment in fogwatch."""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fogwatch.cli import app
from fogwatch.errors import BadSetting, SettingsFileNotFound, SettingsFileUnreadable
from fogwatch.ingest import ReadStep
from fogwatch.model import Input, Reject
from fogwatch.pipeline import Counters, LocalExecutor, run_chain
from fogwatch.settings import FIELDS, Settings, current, using

SRC = Path(__file__).resolve().parent.parent / "src" / "fogwatch"
BODY = "Shelling hit the market in Saraqib on Monday, residents said, and two people were wounded."


def test_only_the_settings_module_reads_the_environment() -> None:
    """Configuration read deep inside a module does not travel to a worker on another machine."""
    reads = re.compile(r"\bos\.environ\b|\bos\.getenv\b|\bgetenv\s*\(|from\s+os\s+import[^\n]*\b(environ|getenv)\b")
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "settings.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # click/typer options can read variables too (envvar=): they go through the settings as well
            if reads.search(line) or re.search(r"\benvvar\s*=", line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert offenders == []


def test_the_grep_would_catch_a_read() -> None:
    # the test above is only worth something if its pattern matches the reads it is meant to find
    reads = re.compile(r"\bos\.environ\b|\bos\.getenv\b|\bgetenv\s*\(|from\s+os\s+import[^\n]*\b(environ|getenv)\b")
    for line in ('x = os.environ.get("A")', 'os.getenv("A")', "from os import getenv", "from os import path, environ"):
        assert reads.search(line), line
    assert not reads.search("environs|approaches")


def test_defaults_without_file_or_environment(tmp_path: Path) -> None:
    s = Settings.load(environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert s == dataclasses.replace(Settings(), origins=s.origins)
    assert s.config_file is None and s.origins == ()
    assert (s.db, s.batch_size, s.max_bytes, s.read_seconds) == ("fogwatch.db", 64, 20_000_000, 60.0)
    assert all(s.origin(f.name) == "default" for f in FIELDS)


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    conf = tmp_path / "conf" / "fogwatch.toml"
    conf.parent.mkdir()
    conf.write_text(
        'db = "events.db"\nactors = "mine.yaml"\nbatch_size = 8\nmax_bytes = 1_000_000\nanalysis_seconds = 0\n'
        'nlp = "from_file"\n',
        encoding="utf-8",
    )
    env = {"FOGWATCH_CONFIG": str(conf), "FOGWATCH_BATCH_SIZE": "16", "FOGWATCH_NLP": "from_env", "FOGWATCH_DB": ""}
    s = Settings.load(environ=env, cli={"nlp": "from_cli", "db": None})
    assert s.config_file == conf
    # relative paths in the file are read from its folder; an empty variable is no value
    assert s.db == str(conf.parent / "events.db") and s.origin("db") == f"file {conf}"
    assert s.actors == str(conf.parent / "mine.yaml")
    assert (s.batch_size, s.origin("batch_size")) == (16, "environment FOGWATCH_BATCH_SIZE")
    assert (s.nlp, s.origin("nlp")) == ("from_cli", "command line")
    assert s.max_bytes == 1_000_000 and s.analysis_seconds is None  # 0: no budget
    assert s.origin("read_seconds") == "default"


def test_where_the_file_is_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "xdg" / "fogwatch" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text("batch_size = 3\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert Settings.load(environ=env).batch_size == 3
    (work / "fogwatch.toml").write_text("batch_size = 4\n", encoding="utf-8")
    assert Settings.load(environ=env).batch_size == 4  # the working directory's comes first
    named = tmp_path / "named.toml"
    named.write_text("batch_size = 5\n", encoding="utf-8")
    assert Settings.load(environ={**env, "FOGWATCH_CONFIG": str(named)}).batch_size == 5
    given = tmp_path / "given.toml"
    given.write_text("batch_size = 6\n", encoding="utf-8")
    assert Settings.load(given, environ={**env, "FOGWATCH_CONFIG": str(named)}).batch_size == 6


@pytest.mark.parametrize(
    ("text", "env", "error", "message"),
    [
        ("", {"FOGWATCH_BATCH_SIZE": "lots"}, BadSetting, "FOGWATCH_BATCH_SIZE: batch_size must be a whole number"),
        ("", {"FOGWATCH_READ_SECONDS": "soon"}, BadSetting, "read_seconds must be a number of seconds"),
        ("", {"FOGWATCH_MAX_BYTES": "0"}, BadSetting, "max_bytes must be at least 1, not 0"),
        ("batch_size = 2.5\n", {}, BadSetting, "key batch_size: batch_size must be a whole number"),
        ("db = 3\n", {}, BadSetting, "db must be text, not 3"),
        ("bach_size = 2\n", {}, SettingsFileUnreadable, "unknown setting 'bach_size' (known: db, nlp"),
        ("batch_size = \n", {}, SettingsFileUnreadable, "not valid TOML"),
    ],
)
def test_a_bad_value_names_where_it_is(
    tmp_path: Path, text: str, env: dict[str, str], error: type[Exception], message: str
) -> None:
    conf = tmp_path / "fogwatch.toml"
    conf.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=re.escape(message)):
        Settings.load(conf, environ=env)


def test_a_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(SettingsFileNotFound, match="no such settings file"):
        Settings.load(tmp_path / "missing.toml", environ={})
    with pytest.raises(SettingsFileNotFound, match="named by FOGWATCH_CONFIG"):
        Settings.load(environ={"FOGWATCH_CONFIG": str(tmp_path / "missing.toml")})


def test_frozen_and_picklable() -> None:
    s = Settings.load(environ={"FOGWATCH_NLP": "xx", "FOGWATCH_CLEAN_SECONDS": "5"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.nlp = "other"  # type: ignore[misc]
    back = pickle.loads(pickle.dumps(s))
    assert back == s and back.origin("nlp") == "environment FOGWATCH_NLP" and back.clean_seconds == 5.0


def test_using_puts_settings_in_force_for_a_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOGWATCH_NLP", "from_env")
    assert current().nlp == "from_env"
    with using(Settings(nlp="given")):
        assert current().nlp == "given"
    assert current().nlp == "from_env"


def _read_in_a_fresh_process(step: ReadStep, path: str) -> list[object]:
    return list(step.run([Input(path, "text")]))


def test_a_step_carries_its_settings_to_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker started afresh (as on a cluster) knows nothing of this process's environment or
    settings in force: the limits it applies are the ones the step carries."""
    monkeypatch.delenv("FOGWATCH_MAX_BYTES", raising=False)
    doc = tmp_path / "report.txt"
    doc.write_text((BODY + "\n") * 23_000, encoding="utf-8")  # some 2.1 MB
    small = Settings(max_bytes=1_000_000)
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
        limited = pool.submit(_read_in_a_fresh_process, ReadStep(settings=small), str(doc)).result(timeout=120)
        default = pool.submit(_read_in_a_fresh_process, ReadStep(), str(doc)).result(timeout=120)
    assert len(limited) == 1 and isinstance(limited[0], Reject) and limited[0].kind == "too-large"
    assert limited[0].reason == "2.1 MB is over the 1 MB limit"
    assert len(default) == 1 and not isinstance(default[0], Reject)


def test_local_workers_apply_the_steps_settings(tmp_path: Path) -> None:
    docs = []
    for i in range(6):
        p = tmp_path / f"r{i}.txt"
        p.write_text(f"Report {i}.\n" + "word " * (100 if i % 2 else 1_000) + "\n", encoding="utf-8")
        docs.append(Input(str(p), "text"))
    step = ReadStep(settings=Settings(max_line_chars=1_000))
    pooled = list(LocalExecutor(workers=2, batch_size=1).run([step], docs))
    inline = list(run_chain([step], docs, Counters()))
    for out in (pooled, inline):
        assert [r.kind if isinstance(r, Reject) else "article" for r in out] == ["long-line", "article"] * 3
    assert not any(isinstance(r, Reject) for r in run_chain([ReadStep()], docs, Counters()))  # built-in limits


def test_settings_command_says_where_each_value_came_from(cli: CliRunner, tmp_path: Path) -> None:
    conf = tmp_path / "mine.toml"
    conf.write_text('event_model = "combined"\nbatch_size = 12\n', encoding="utf-8")
    res = cli.invoke(app, ["--config", str(conf), "settings"], env={"FOGWATCH_BATCH_SIZE": "20"})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == f"# settings file: {conf}"
    row = {line.split()[0] if not line.startswith("# ") else line.split()[1]: line for line in lines[1:]}
    assert re.fullmatch(r'event_model = "combined"\s+# file .*mine\.toml', row["event_model"])
    assert re.fullmatch(r"batch_size = 20\s+# environment FOGWATCH_BATCH_SIZE", row["batch_size"])
    assert re.fullmatch(r"read_seconds = 60\s+# default \(set with FOGWATCH_READ_SECONDS\)", row["read_seconds"])
    assert re.fullmatch(r"# nlp is not set\s+# default \(set with FOGWATCH_NLP\)", row["nlp"])
    assert len(lines) == 1 + len(FIELDS)


def test_settings_command_output_is_a_settings_file(cli: CliRunner, tmp_path: Path) -> None:
    res = cli.invoke(app, ["settings"], env={"FOGWATCH_MAX_BYTES": "123456", "FOGWATCH_ANALYSIS_SECONDS": "0"})
    copy = tmp_path / "copy.toml"
    copy.write_text(res.output, encoding="utf-8")
    again = Settings.load(copy, environ={})
    assert again.max_bytes == 123456 and again.analysis_seconds is None


def test_a_bad_setting_is_one_line_and_exit_status_2(cli: CliRunner, tmp_path: Path) -> None:
    res = cli.invoke(app, ["export", "articles", "--db", str(tmp_path / "x.db")], env={"FOGWATCH_MAX_BYTES": "big"})
    assert res.exit_code == 2
    assert res.output.strip() == (
        "error: environment variable FOGWATCH_MAX_BYTES: max_bytes must be a whole number, not 'big'"
    )
    res = cli.invoke(app, ["--config", str(tmp_path / "none.toml"), "settings"])
    assert res.exit_code == 2 and "none.toml: no such settings file (named by --config)" in res.output


def test_a_command_reads_its_database_from_the_settings_file(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + "\n", encoding="utf-8")
    conf = tmp_path / "conf" / "fogwatch.toml"
    conf.parent.mkdir()
    conf.write_text('db = "from-file.db"\n', encoding="utf-8")
    res = cli.invoke(app, ["--config", str(conf), "ingest", str(tmp_path / "a.txt"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert (conf.parent / "from-file.db").exists()  # beside the settings file, as its relative path says
    other = tmp_path / "given.db"
    res = cli.invoke(app, ["--config", str(conf), "ingest", str(tmp_path / "a.txt"), "--db", str(other)])
    assert res.exit_code == 0 and other.exists()  # the command line wins


def test_eval_model_option_reaches_the_task_through_the_settings(cli: CliRunner, tmp_path: Path) -> None:
    """`fogwatch eval --model` used to write FOGWATCH_EVENT_MODEL for the task to read back."""
    tsv = tmp_path / "dev.tsv"
    tsv.write_text(
        "id\tEventSnippet\tSubType\n1\tRebels fired mortars at the army base.\tARMED_CLASH\n", encoding="utf-8"
    )
    home = {"FOGWATCH_HOME": str(tmp_path / "home")}  # no trained model there
    out = tmp_path / "case.json"
    res = cli.invoke(app, ["eval", "events-case", "--data", str(tsv), "--json", str(out)], env=home)
    assert res.exit_code == 0, res.output
    assert '"model": "rules"' in out.read_text(encoding="utf-8")
    res = cli.invoke(app, ["eval", "events-case", "--data", str(tsv), "--model", "trained"], env=home)
    assert res.exit_code == 1 and "no trained event model at" in res.output
    assert str(tmp_path / "home") in res.output
    res = cli.invoke(app, ["eval", "events-case", "--data", str(tsv)], env={**home, "FOGWATCH_EVENT_MODEL": "trained"})
    assert res.exit_code == 1 and "no trained event model at" in res.output
