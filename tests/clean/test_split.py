"""A dump of several articles is split into them; one article with its comments is never split.
(Texts written for these tests.)"""

from __future__ import annotations

from datetime import date

from fogwatch.clean.split import split_dump
from fogwatch.clean.step import CleanStep, split_articles
from fogwatch.model import Article

PARA = (
    "Rescue teams worked through the night to reach families trapped under the collapsed building, "
    "the local council said, and the hospital in the town asked residents to donate blood. "
    "A doctor at the hospital said most of the wounded had shrapnel injuries and that two were in "
    "a critical condition. The council said the school next to the building had been closed for a "
    "week because of the shelling, which had hit the market twice since the start of the month."
)


def _article(title: str, day: int, comments: bool = False) -> str:
    parts = [title, f"Levant Courier, March {day}, 2021", "By Hana Odeh", "", PARA, "", PARA, ""]
    if comments:
        parts += [
            "Omar Khalil al-Masri says:",
            f"March {day}, 2021 at 9:14 pm",
            "Thank you for reporting.",
            "Reply",
            "",
        ]
    return "\n".join(parts)


TITLES = ["Shelling kills four in market town", "Aid convoy reaches besieged district", "Strike hits school near front"]


def test_a_dump_of_articles_is_split_at_each_header() -> None:
    raw = "\n".join(_article(t, 3 + i, comments=True) for i, t in enumerate(TITLES))
    pieces = split_dump(raw)
    assert len(pieces) == 3
    assert pieces[0][0] == 0 and pieces[-1][1] == len(raw)
    assert [raw[a:b].splitlines()[0] for a, b in pieces] == TITLES


def test_one_article_with_its_comment_thread_stays_one() -> None:
    raw = _article(TITLES[0], 3, comments=True) + "\n".join(
        ["Abu Hadi al-Halabi says:", "March 4, 2021 at 7:03 am", "Is the road open now?", "Reply"]
    )
    assert split_dump(raw) == [(0, len(raw))]


def test_markdown_headings_split_a_markdown_dump() -> None:
    raw = "\n\n".join(f"# {t}\n\n{PARA}\n\n{PARA}" for t in TITLES[:2])
    assert len(split_dump(raw, "markdown")) == 2


def test_a_dump_of_one_article_per_line() -> None:
    lines = [f"Tue 0{d} Jul 2016 {t}. {PARA}" for d, t in zip((2, 4, 6), TITLES, strict=True)]
    raw = "\n".join(lines)
    assert [raw[a:b].strip() for a, b in split_dump(raw)] == lines
    # long paragraphs of one article, one per line, are not articles
    prose = "\n".join([PARA + " " + PARA] * 3)
    assert len(split_dump(prose)) == 1


def test_clean_step_yields_each_article_with_its_own_title_and_date() -> None:
    raw = "\n".join(_article(t, 3 + i, comments=True) for i, t in enumerate(TITLES))
    dump = Article(id="d", source="/dumps/march.txt", format="text", raw=raw)
    arts = [a for a in CleanStep().run([dump]) if isinstance(a, Article)]
    assert [a.title for a in arts] == TITLES
    assert [a.published for a in arts] == [date(2021, 3, 3), date(2021, 3, 4), date(2021, 3, 5)]
    assert [a.source for a in arts] == ["/dumps/march.txt#1", "/dumps/march.txt#2", "/dumps/march.txt#3"]
    assert all(a.meta["split_from"] == "/dumps/march.txt" for a in arts)
    assert all(PARA in a.text and "Thank you for reporting" not in a.text for a in arts)
    assert len({a.id for a in arts}) == 3


def test_html_and_single_documents_are_left_whole() -> None:
    page = Article(id="h", source="p.html", format="html", raw=_article(TITLES[0], 3) + _article(TITLES[1], 4))
    assert split_articles(page) == [page]
    one = Article(id="o", source="o.txt", format="text", raw=_article(TITLES[0], 3))
    assert split_articles(one) == [one]


def test_a_long_dump_cleaned_to_almost_nothing_is_flagged() -> None:
    furniture = "\n".join(
        f"Share on Facebook\nDonate now\n$10 $25 $50\nSubscribe to our newsletter {i}" for i in range(900)
    )
    raw = f"{TITLES[0]}\n\n{PARA}\n\n{furniture}\n"
    art = CleanStep().clean_one(Article(id="w", source="w.txt", format="text", raw=raw))
    assert isinstance(art, Article)
    assert "warning" in art.meta and "several articles" in art.meta["warning"]
