"""The task registry and the runner behind `fogwatch eval`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fogwatch.errors import FogwatchError
from fogwatch.paths import REPO_DIR, demo_corpus, eval_data_root


@dataclass
class EvalResult:
    task: str
    metrics: dict[str, float]
    n: int
    data: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"task": self.task, "metrics": self.metrics, "n": self.n, "data": self.data, "details": self.details}

    def table(self) -> str:
        width = max((len(k) for k in self.metrics), default=6)
        rows = [f"task: {self.task}   n: {self.n}   data: {self.data}", ""]
        rows += [
            f"  {k:<{width}}  {v:.4f}" if isinstance(v, float) else f"  {k:<{width}}  {v}"
            for k, v in self.metrics.items()
        ]
        return "\n".join(rows)


@dataclass
class Task:
    name: str
    description: str
    default_data: Callable[[], Path]
    run: Callable[[Path], EvalResult]


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
    "html-dates": Task(
        "html-dates", "publication dates of news pages, day level", shared_dataset("html-dates"), _html_dates_task
    ),
}


def run_task(name: str, data: Path | None = None, json_out: Path | None = None) -> EvalResult:
    if name not in TASKS:
        raise FogwatchError(f"unknown eval task '{name}'; tasks: {', '.join(sorted(TASKS))}")
    task = TASKS[name]
    path = data if data is not None else task.default_data()
    if not path.exists():
        raise FogwatchError(f"eval task '{name}': no data at {path} (give --data DIR or set FOGWATCH_EVAL_DATA)")
    result = task.run(path)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    return result
