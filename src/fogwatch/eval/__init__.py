"""Evaluation on labelled data: one task per benchmark, figures written as JSON."""

from fogwatch.eval.harness import TASKS, EvalResult, run_task

__all__ = ["TASKS", "EvalResult", "run_task"]
