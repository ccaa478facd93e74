"""Fusion over keyed partitions (`fogwatch.events.fusion_stage`): the very groups of one fusion run
over all claims, whatever order the claims come in and the partitions are reduced in."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

import pytest

from fogwatch.events.fuse import ArticleInfo, _items, article_infos, clusters_with_reasons
from fogwatch.events.fusion_stage import Key, ReachStage, Whereabouts, fuse_groups
from fogwatch.global_stage import GlobalStage, partitions, reduce_all, run_local
from fogwatch.model import Claim
from fogwatch.store import Store
from fogwatch.store.claims import iter_claims
from tests.events.test_fuse import claim

Groups = list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]


def sequential(claims: Iterable[Claim], infos: dict[str, ArticleInfo]) -> Groups:
    """`fuse.clusters_with_reasons`, the fusion of all claims in one run, as sorted tuples."""
    return sorted(
        (tuple(c.id for c in g), tuple(sorted(why.items()))) for g, why in clusters_with_reasons(claims, infos)
    )


def staged(claims: Iterable[Claim], infos: dict[str, ArticleInfo], run: Any = run_local, **kw: Any) -> Groups:
    return sorted((tuple(g.claim_ids), tuple(sorted(g.reasons.items()))) for g in fuse_groups(claims, infos, run, **kw))


def shuffling(seed: int) -> Any:
    """A runner that reduces the partitions in a random order (as a cluster may finish them)."""
    rng = random.Random(seed)

    def run(stage: GlobalStage[Any, Any, Any], records: list[Any]) -> Any:
        parts = partitions(stage, records)
        rng.shuffle(parts)
        return stage.merge(reduce_all(stage, parts))

    return run


def assert_fuses_alike(store: Store, seeds: int = 3) -> dict[str, int]:
    """The staged fusion of a store's claims gives the groups of one run, in any order; its stats.
    (Also run on FA-KES by tests/eval/test_floors_real.py, on the store its floors are read from.)"""
    with store.engine.connect() as conn:
        claims = list(iter_claims(conn, event_only=True, with_text=False))
        infos = article_infos(conn)
    expected = sequential(claims, infos)
    assert len(expected) > 1
    stats: dict[str, int] = {}
    assert staged(claims, infos, stats=stats) == expected
    for seed in range(seeds):
        mixed = claims[:]
        random.Random(seed).shuffle(mixed)
        assert staged(mixed, infos, shuffling(seed)) == expected
    return stats


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from fogwatch.paths import corpus_inputs, demo_corpus
    from fogwatch.run import ingest

    store = Store.open(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    ingest(corpus_inputs(demo_corpus()), store, workers=1)
    return store


def test_the_demo_corpus_fuses_alike_in_partitions_and_in_one_run(demo: Store) -> None:
    stats = assert_fuses_alike(demo, seeds=5)
    # the demo is one week of fighting around Idlib and Aleppo: every claim may meet every other
    assert stats == {"reaches": 1, "largest": 102, "rounds": 1, "fused_again": 0}


class ByArticle(ReachStage):
    """Reaches by article and story alone: far too small, every event across outlets is missed."""

    def key(self, w: Whereabouts) -> list[Key]:
        return [("own", k) for k in w.own]


def test_reaches_too_small_are_joined_until_no_claim_sees_an_event_of_another(demo: Store) -> None:
    with demo.engine.connect() as conn:
        claims = list(iter_claims(conn, event_only=True, with_text=False))
        infos = article_infos(conn)
    stats: dict[str, int] = {}
    assert staged(claims, infos, stats=stats, reach=ByArticle()) == sequential(claims, infos)
    assert stats["rounds"] > 1 and stats["fused_again"] > 0


def test_a_claim_with_no_place_or_no_day_is_kept_to_its_own_article_and_story() -> None:
    x = Whereabouts.of(_items([claim("x", "a2", where=None)], {})[0])
    assert x.home == x.halo == frozenset() and x.own == ("a2",)
    y = Whereabouts.of(_items([claim("y", "a3", when=None)], {})[0])
    assert y.halo == frozenset() and y.own == ("a3",)
    z = Whereabouts.of(_items([claim("z", "a4")], {"a4": ArticleInfo("a4", "s1", "a4")})[0])
    assert z.own == ("a4", "story:s1") and z.home and z.halo
