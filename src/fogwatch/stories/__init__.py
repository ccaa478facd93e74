"""Stories: copies of one article across sites (syndication, reposts, near-duplicates), so each counts once.

`update_stories(store)` indexes what is new and folds it into the stories; the
read side (`fogwatch.stories.read`) gives them back as `fogwatch.model.Story`.
"""

from fogwatch.stories.match import MatchRules
from fogwatch.stories.signature import LshParams
from fogwatch.stories.update import StoriesSummary, update_stories

__all__ = ["LshParams", "MatchRules", "StoriesSummary", "update_stories"]
