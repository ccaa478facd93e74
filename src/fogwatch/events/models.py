"""Which event classifier a name picks: the rules (`classify.py`), the model `fogwatch train`
stored (`train.py`), or both combined. Above both, so neither imports the other to choose."""

from __future__ import annotations

from pathlib import Path

from fogwatch.events import train
from fogwatch.events.classify import EventClassifier, RuleClassifier


def load_classifier(model: str | None = None) -> EventClassifier:
    """The classifier named by `model`: None or "default" (the rules), "trained" (the model
    `fogwatch train` stored), "combined" (trained where confident, rules otherwise) or a path
    to a stored model file. When model is None, the `event_model` setting (FOGWATCH_EVENT_MODEL) names one."""
    if model is None:
        from fogwatch.settings import current

        model = current().event_model
    if model in ("default", "rules"):
        return RuleClassifier()
    if model == "trained":
        return train.TrainedClassifier.load(train.default_model_path())
    if model == "combined":
        return train.CombinedClassifier(train.TrainedClassifier.load(train.default_model_path()), RuleClassifier())
    return train.TrainedClassifier.load(Path(model))
