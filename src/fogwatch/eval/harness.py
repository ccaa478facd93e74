"""The task registry and the runner behind `fogwatch eval`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fogwatch.errors import EvalDataError, UnknownEvalTask
from fogwatch.eval.result import EvalResult
from fogwatch.paths import REPO_DIR, demo_corpus, eval_data_root


@dataclass
class Task:
    name: str
    description: str
    default_data: Callable[[], Path]
    run: Callable[[Path], EvalResult]
    # For a task over several datasets of one folder: `--dataset NAME` picks the runner.
    datasets: dict[str, Callable[[Path], EvalResult]] = field(default_factory=dict)


def _demo_task(data: Path) -> EvalResult:
    from fogwatch.eval.demo import evaluate_demo

    return evaluate_demo(data)


def _extraction_task(data: Path) -> EvalResult:
    from fogwatch.eval.extraction import evaluate_extraction

    return evaluate_extraction(data)


def _html_dates_task(data: Path) -> EvalResult:
    from fogwatch.eval.html_dates import evaluate_html_dates

    return evaluate_html_dates(data)


def _cleaning_task(data: Path) -> EvalResult:
    from fogwatch.eval.cleaning import evaluate_cleaning

    return evaluate_cleaning(data)


def _cleaning_real_task(data: Path) -> EvalResult:
    from fogwatch.eval.cleaning_real import evaluate_cleaning_real

    return evaluate_cleaning_real(data)


def _syndication_task(data: Path) -> EvalResult:
    from fogwatch.eval.syndication import evaluate_syndication

    return evaluate_syndication(data)


def _timex_task(data: Path) -> EvalResult:
    from fogwatch.eval.timex import evaluate_timex

    return evaluate_timex(data)


def _entities_task(data: Path) -> EvalResult:
    from fogwatch.eval.entities import evaluate_entities

    return evaluate_entities(data)


def _events_case_task(data: Path) -> EvalResult:
    from fogwatch.eval.events_case import evaluate_events_case

    return evaluate_events_case(data)


def _events_acled_task(data: Path) -> EvalResult:
    from fogwatch.eval.events_acled import evaluate_events_acled

    return evaluate_events_acled(data)


def _geoparsing_task(dataset: str) -> Callable[[Path], EvalResult]:
    def run(data: Path) -> EvalResult:
        from fogwatch.eval.geoparsing import evaluate_geoparsing

        return evaluate_geoparsing(data, dataset)

    return run


def _events_demo_task(data: Path) -> EvalResult:
    from fogwatch.eval.demo_events import evaluate_demo_events

    return evaluate_demo_events(data)


def _attribution_task(data: Path) -> EvalResult:
    from fogwatch.eval.attribution import evaluate_attribution

    return evaluate_attribution(data)


def _loaded_language_task(data: Path) -> EvalResult:
    from fogwatch.eval.loaded_language import evaluate_loaded_language

    return evaluate_loaded_language(data)


def _fakes_task(data: Path) -> EvalResult:
    from fogwatch.eval.fakes import evaluate_fakes

    return evaluate_fakes(data)


def _real_task(data: Path) -> EvalResult:
    from fogwatch.eval.real import evaluate_real

    return evaluate_real(data)


def _outlets_task(data: Path) -> EvalResult:
    from fogwatch.eval.outlets import evaluate_outlets

    return evaluate_outlets(data)


def shared_dataset(name: str) -> Callable[[], Path]:
    return lambda: eval_data_root() / name


TASKS: dict[str, Task] = {
    "demo": Task("demo", "the pipeline against the demo corpus gold (cleaning, metadata)", demo_corpus, _demo_task),
    "extraction": Task(
        "extraction", "HTML main text, F1 over 4-token shingles", shared_dataset("article-extraction"), _extraction_task
    ),
    "cleaning": Task(
        "cleaning",
        "body/boilerplate lines of text dumps in many site templates",
        lambda: REPO_DIR / "datasets" / "cleaning",
        _cleaning_task,
    ),
    "cleaning-real": Task(
        "cleaning-real",
        "boilerplate removed from 251 real FA-KES pages against our span gold (characters): boilerplate recall, "
        "body precision, removed body; tune and test parts",
        shared_dataset("fakes"),
        _cleaning_real_task,
    ),
    "outlets": Task(
        "outlets",
        "outlet (site and credited wire) and publication date of real FA-KES articles, per tune/test half",
        shared_dataset("fakes"),
        _outlets_task,
    ),
    "html-dates": Task(
        "html-dates", "publication dates of news pages, day level", shared_dataset("html-dates"), _html_dates_task
    ),
    "timex": Task(
        "timex",
        "date and time expressions (TempEval-3 platinum): recognition F1, value accuracy",
        shared_dataset("tempeval3"),
        _timex_task,
    ),
    "entities": Task(
        "entities",
        "named entities of defence reporting: per-type F1; --dataset re3d (the default)",
        shared_dataset("re3d"),
        _entities_task,
        datasets={"re3d": _entities_task},
    ),
    "syndication": Task(
        "syndication",
        "copies of one article across sites: pairwise F1, ARI, hard-negative false merges",
        lambda: REPO_DIR / "datasets" / "syndication",
        _syndication_task,
    ),
    "events-demo": Task(
        "events-demo",
        "the demo corpus through the whole pipeline: fused events, claims and non-events against its gold",
        demo_corpus,
        _events_demo_task,
    ),
    "fakes": Task(
        "fakes",
        "real Syrian-war articles (FA-KES) end to end against crowd labels: date, place, cause, perpetrator, toll, "
        "fusion, outlet; tune and test parts",
        shared_dataset("fakes"),
        _fakes_task,
    ),
    "real": Task(
        "real",
        "our full gold over 48 real FA-KES articles: events, fusion, tolls, actors, claims (speaker, certainty), "
        "outlet, publication date; tune and test parts",
        shared_dataset("fakes"),
        _real_task,
    ),
    "events-case": Task(
        "events-case",
        "ACLED sub-event types of news snippets (CASE 2021): weighted F1, non-conflict kept out",
        shared_dataset("case2021-task2"),
        _events_case_task,
    ),
    "events-acled": Task(
        "events-acled",
        "ACLED event notes end to end: event type, fatalities, place within 50 km, date, actor1 class",
        shared_dataset("acled-2020-04"),
        _events_acled_task,
    ),
    "geoparsing": Task(
        "geoparsing",
        "toponym resolution accuracy@161km and recognition F1; --dataset gwn (default) or lgl",
        shared_dataset("geoparsing"),
        _geoparsing_task("gwn"),
        datasets={"gwn": _geoparsing_task("gwn"), "lgl": _geoparsing_task("lgl")},
    ),
    "geoparsing-gwn": Task(
        "geoparsing-gwn",
        "toponyms of GeoWebNews: resolution accuracy@161km, recognition F1",
        shared_dataset("geoparsing"),
        _geoparsing_task("gwn"),
    ),
    "geoparsing-lgl": Task(
        "geoparsing-lgl",
        "toponyms of LGL local news: resolution accuracy@161km, recognition F1",
        shared_dataset("geoparsing"),
        _geoparsing_task("lgl"),
    ),
    "attribution": Task(
        "attribution",
        "who said it (PolNeAR test): speaker and cue span F1, strict and overlap; demo-claim agreement",
        shared_dataset("polnear"),
        _attribution_task,
    ),
    "loaded-language": Task(
        "loaded-language",
        "loaded language and name-calling spans (PTC, SemEval-2020 Task 11): partial-overlap F1",
        shared_dataset("ptc"),
        _loaded_language_task,
    ),
}


def run_task(
    name: str, data: Path | None = None, json_out: Path | None = None, dataset: str | None = None
) -> EvalResult:
    if name not in TASKS:
        raise UnknownEvalTask(f"unknown eval task '{name}'; tasks: {', '.join(sorted(TASKS))}")
    task = TASKS[name]
    runner = task.run
    if dataset is not None:
        if not task.datasets:
            with_sets = sorted(n for n, t in TASKS.items() if t.datasets)
            raise UnknownEvalTask(
                f"eval task '{name}' has no --dataset choice (tasks that have: {', '.join(with_sets)})"
            )
        if dataset not in task.datasets:
            raise UnknownEvalTask(
                f"eval task '{name}': unknown dataset '{dataset}'; choose from {', '.join(task.datasets)}"
            )
        runner = task.datasets[dataset]
    path = data if data is not None else task.default_data()
    if not path.exists():
        raise EvalDataError(f"eval task '{name}': no data at {path} (give --data DIR or set FOGWATCH_EVAL_DATA)")
    result = runner(path)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    return result
