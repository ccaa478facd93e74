"""Stories over articles held in memory (evals, tests), through a scratch database.

The same path as a real run: the articles are stored, then `update_stories`
indexes them in order, so what is scored is what a user gets.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fogwatch.model import Article, Story
from fogwatch.store import Store
from fogwatch.stories.match import MatchRules
from fogwatch.stories.read import stories
from fogwatch.stories.signature import LshParams
from fogwatch.stories.update import update_stories


def cluster(
    articles: list[Article],
    rules: MatchRules | None = None,
    params: LshParams | None = None,
    workers: int = 1,
) -> list[Story]:
    """The stories of `articles` (matched in the order `update_stories` takes them: ingestion time, then id)."""
    with tempfile.TemporaryDirectory(prefix="fogwatch-stories-") as tmp:
        store = Store.open(str(Path(tmp) / "scratch.db"))
        try:
            # one batch: one ingestion time, so the order they are matched in is their ids' and
            # does not depend on where a second happened to turn while storing them
            store.write_batch(articles)
            update_stories(store, workers=workers, rules=rules, params=params)
            return list(stories(store))
        finally:
            store.close()
