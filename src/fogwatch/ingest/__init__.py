"""Readers: one per input kind, each turning an `Input` into an `Article` or a `Reject`."""

from fogwatch.ingest.discover import SUFFIX_KINDS, discover
from fogwatch.ingest.step import ReadStep

__all__ = ["SUFFIX_KINDS", "ReadStep", "discover"]
