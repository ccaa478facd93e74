"""What an eval task returns: its figures, the data it read, and details for the JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
