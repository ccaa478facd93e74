"""Deciding what is a copy, and which member of a story is the original."""

from __future__ import annotations

from datetime import date

import pytest

from fogwatch.stories.canon import (
    INFERRED,
    MemberInfo,
    choose_canonical,
    first_published,
    independent_outlets,
    same_outlet,
    sites,
    story_date,
)
from fogwatch.stories.match import MatchRules, compare
from fogwatch.stories.signature import Fingerprinter
from tests.stories import texts as T

FP = Fingerprinter(5)
RULES = MatchRules()


def sh(paragraphs: list[str]):  # type: ignore[no-untyped-def]
    return FP.shingled("\n\n".join(paragraphs))


@pytest.mark.parametrize(
    ("copy", "relation"),
    [
        (T.PARAGRAPHS, "exact"),
        ([p.upper() for p in T.PARAGRAPHS], "exact"),
        ([*T.PARAGRAPHS[:2], T.PARAGRAPHS[2].replace("37", "thirty-seven"), *T.PARAGRAPHS[3:]], "near"),
        (T.PARAGRAPHS[:4], "partial"),
        ([T.REPOST_INTRO, *T.PARAGRAPHS], "partial"),
        (T.INDEPENDENT, None),
    ],
)
def test_compare(copy: list[str], relation: str | None) -> None:
    link = compare(sh(copy), sh(T.PARAGRAPHS), RULES)
    assert (link.relation if link else None) == relation
    if link is not None:
        assert 0.0 < link.similarity <= 1.0


def test_a_few_shared_sentences_are_not_a_copy() -> None:
    # two texts that share a sentence and little else: most of the shorter one, but too few shingles
    quote = T.PARAGRAPHS[2].split(". ")[0] + "."
    a = sh([quote, T.INDEPENDENT[5]])
    b = sh([T.INDEPENDENT[0], quote])
    assert compare(a, b, RULES) is None
    assert compare(a, b, MatchRules(min_shared=10)) is not None


def test_rules_are_checked() -> None:
    with pytest.raises(ValueError):
        MatchRules(partial=0.95, near=0.9)
    with pytest.raises(ValueError):
        MatchRules(min_shared=0)


def info(aid: str, site: str | None, day: int | None, credit: str | None = None, content: str = "h0") -> MemberInfo:
    return MemberInfo(aid, site, date(2024, 3, day) if day else None, "dateline" if day else None, credit, content)


def test_the_credited_outlet_is_the_original_even_when_dated_later() -> None:
    members = [
        info("copy", "Open Wire", 4, credit="Harbor Courier and is republished under CC BY-ND"),
        info("orig", "Harbor Courier", 5),
    ]
    assert choose_canonical(members).article_id == "orig"


def test_a_chain_of_credits_ends_at_the_original() -> None:
    members = [
        info("c", "Daily Repost", 7, credit="Open Wire"),
        info("b", "Open Wire", 6, credit="Harbor Courier"),
        info("a", "Harbor Courier", 6),
    ]
    assert choose_canonical(members).article_id == "a"


def test_earliest_published_then_uncredited_then_closest_then_by_content() -> None:
    assert choose_canonical([info("x", "A", 6), info("y", "B", 5), info("z", "C", None)]).article_id == "y"
    same_day = [info("x", "A", 5, credit="Somewhere"), info("y", "B", 5)]
    assert choose_canonical(same_day).article_id == "y"
    tied = [info("x", "A", 5, content="h2"), info("y", "B", 5, content="h1"), info("z", "C", 5, content="h3")]
    assert choose_canonical(tied).article_id == "y"
    assert choose_canonical(tied, lambda ms: {"z": 2.0, "x": 1.5, "y": 1.5}).article_id == "z"
    assert choose_canonical([info("x", "A", None, content="h2"), info("y", "B", None, content="h1")]).article_id == "y"


def test_an_inferred_date_does_not_make_an_original() -> None:
    lent = MemberInfo("copy", "Open Wire", date(2024, 3, 1), INFERRED, None, "h0")
    members = [lent, info("orig", "Harbor Courier", 5, content="h9")]
    head = choose_canonical(members)
    assert head.article_id == "orig"
    assert first_published(members) == date(2024, 3, 5) == story_date(members, head)
    assert sites(members, head) == ["Harbor Courier", "Open Wire"]


def test_outlet_names() -> None:
    assert same_outlet("Harbor Courier", "harborcourier.com")
    assert same_outlet("Crescent Report", "Crescent Report Gaza")
    assert not same_outlet("Harbor Courier", "Steppe Ledger")
    assert not same_outlet("", "Steppe Ledger")
    assert independent_outlets(["Harbor Courier", "harborcourier.com", "Steppe Ledger", None, None]) == 4
