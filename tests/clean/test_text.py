from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fogwatch.clean.dates import date_from_url, find_date_in_line
from fogwatch.clean.text import clean_text, line_class
from fogwatch.model import kept_text


def _removed_by(raw: str, label: str) -> list[str]:
    return [raw[s.start : s.end].strip() for s in clean_text(raw).removed if s.label == label]


def test_frontline_dump(mixed_dir: Path) -> None:
    raw = (mixed_dir / "frontline-afes.txt").read_text()
    out = clean_text(raw)
    body = kept_text(raw, out.removed)
    assert body.startswith("Units of the Syrian Arab Army advanced")
    assert body.endswith("a military source said.")
    assert "No photo or video evidence was provided" in body
    assert out.title == "Syrian Army Pushes Toward Saraqib as Militants Retreat"
    assert out.site == "Frontline Dispatch"
    assert out.published == date(2020, 2, 6)
    assert out.published_evidence == "dateline"
    assert out.byline == "Oleg Varin"
    labels = {s.label for s in out.removed}
    assert {"title", "title-repeat", "metadata", "fundraising", "share", "disclaimer", "comments"} <= labels
    comments = _removed_by(raw, "comments")
    assert len(comments) == 1 and comments[0].startswith("3 Comments") and comments[0].endswith("Reply")


def test_markdown_dump(mixed_dir: Path) -> None:
    raw = (mixed_dir / "monitor" / "kafr-nouran.md").read_text()
    out = clean_text(raw, "markdown")
    body = kept_text(raw, out.removed)
    assert out.title == "Residents flee Kafr Nouran as shelling intensifies"
    assert out.meta["tags"] == "Aleppo, Kafr Nouran, displacement"
    assert out.published == date(2020, 2, 12)
    assert body.startswith("Hundreds of families left Kafr Nouran")
    assert body.endswith("where or when it was filmed.")
    # body lines that mention money and Telegram stay
    assert "$500 million winter appeal" in body
    assert "Footage shared on Telegram" in body
    assert "Subscribe" not in body and "[at]" not in body and "©" not in body and "](" not in body


def test_a_one_line_article_is_not_eaten_as_its_title() -> None:
    raw = "Shelling hit the market in Ariha on Monday morning, killing two people, residents said.\n"
    assert kept_text(raw, clean_text(raw).removed) == raw.strip()


def test_original_source_is_recorded() -> None:
    raw = (
        "Title here\n\n"
        + "A paragraph of the article body that is long enough to read as prose, with detail. " * 3
        + "\n\nThe original source of this article is Frontline Dispatch.\n"
    )
    out = clean_text(raw)
    assert out.original_source == "Frontline Dispatch"
    assert "original source" not in kept_text(raw, out.removed)


@pytest.mark.parametrize(
    ("line", "cls"),
    [
        ("$25", "fundraising"),
        ("Goal: $20,000 — raised so far: $12,455", "fundraising"),
        ("Please support independent journalism from the front line.", "fundraising"),
        ("Share this:", "share"),
        ("Forward this article to a friend", "share"),
        ("Subscribe to our newsletter", "subscribe"),
        ("The views expressed are the sole responsibility of the author.", "disclaimer"),
        ("This material is distributed under fair use for educational purposes.", "disclaimer"),
        ("Copyright 2020 Levant Monitor", "disclaimer"),
        ("Media inquiries: desk@example.org", "media-inquiry"),
        ("editor [at] frontline [dot] example", "email"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("Related articles:", "related"),
        ("https://www.youtube.com/watch?v=abc123", "embed"),
        ("[Share on VK](https://vk.com/share.php?url=x)", "link-residue"),
    ],
)
def test_boilerplate_lines(line: str, cls: str) -> None:
    assert line_class(line) == cls


@pytest.mark.parametrize(
    "line",
    [
        "The UN appeal for $4.3 billion is only 12 percent funded, officials said on Monday.",
        "The ministry said on Twitter that its forces had repelled the attack near Nayrab.",
        "Footage shared on Telegram appeared to show a column of tanks moving south of Saraqib.",
        "'I saw the tanks coming down the road,' said a farmer from Talhiyah.",
        "Counter-offensive stalls",
        "A copyright dispute between two broadcasters delayed the footage by a day.",
    ],
)
def test_body_lines_are_kept(line: str) -> None:
    assert line_class(line) is None


@pytest.mark.parametrize(
    ("line", "expected", "outlet"),
    [
        ("Frontline Dispatch, February 18, 2020", date(2020, 2, 18), "Frontline Dispatch"),
        ("Levant Monitor 17 February 2020", date(2020, 2, 17), "Levant Monitor"),
        ("Published: 2020-02-19 08:30", date(2020, 2, 19), None),
        ("Tuesday, February 18th, 2020 at 10:45 am", date(2020, 2, 18), None),
        ("19.02.2020", date(2020, 2, 19), None),
    ],
)
def test_datelines(line: str, expected: date, outlet: str | None) -> None:
    found = find_date_in_line(line)
    assert found is not None
    assert found.date == expected
    assert found.outlet == outlet


def test_impossible_dates_are_not_dates() -> None:
    assert find_date_in_line("February 30, 2020") is None


def test_url_dates() -> None:
    assert date_from_url("https://example.org/2020/02/17/saraqib-falls/") == date(2020, 2, 17)
    assert date_from_url("https://example.org/news/2020-02-17-saraqib") == date(2020, 2, 17)
    assert date_from_url("https://example.org/news/saraqib") is None


@pytest.mark.parametrize(
    ("line", "cls"),
    [
        ("Photo: Traders gather what is left of their stock after the shelling. (Nile Dispatch)", "caption"),
        (
            "*Correction, 31 January 2024: An earlier version of this article misstated the number of beds.*",
            "correction",
        ),
    ],
)
def test_captions_and_corrections(line: str, cls: str) -> None:
    assert line_class(line) == cls


GLUED_BODY = (
    "Shelling hit the market of the crossroads town on Tuesday morning and killed four people including a boy the head "
    "of the local council said. Rescuers said they were still searching the rubble of two houses near the "
    "mosque and that the road to the hospital had been cut by the shelling for most of the day."
)


@pytest.mark.parametrize(
    ("tail", "removed"),
    [
        (
            " ... 11 Tags Damascus shelling Community standardsDiscussion Comment via FacebookComment via Daily Post",
            "... 11 Tags Damascus",
        ),
        (" Source Levant Courier and agencies Related News Ten killed in Hama | Aid reaches Douma", "Source Levant"),
        (" Source AA Related News Ten killed in Hama | Aid reaches Douma", "Source AA"),
        (" Read Also", "Read Also"),
        (" SSH 11", "SSH 11"),
        (" Last Update: Sunday 25 August 2013 KSA 15:55 - GMT 12:55", "Last Update"),
        (" Copyright 2018 Levant Courier. Levant Courier Watch Live About Us Careers", "Copyright"),
    ],
)
def test_furniture_glued_to_the_end_of_a_one_line_page_is_removed(tail: str, removed: str) -> None:
    raw = GLUED_BODY + tail
    cleaned = clean_text(raw)
    spans = [s for s in cleaned.removed if s.attrs.get("by") == "glued-tail"]
    assert len(spans) == 1 and raw[spans[0].start :].startswith(removed)
    assert raw[: spans[0].start].rstrip().endswith("most of the day.")


def test_a_one_line_page_without_furniture_keeps_its_last_sentence() -> None:
    raw = GLUED_BODY + " The council said 12 people were wounded and the Tags family lost its home."
    assert not [s for s in clean_text(raw).removed if s.attrs.get("by") == "glued-tail"]


def test_a_short_one_line_page_with_a_copyright_at_its_end_is_a_page() -> None:
    raw = GLUED_BODY + " Copyright 2018 Levant Courier."
    cleaned = clean_text(raw)
    assert not [s for s in cleaned.removed if s.label == "disclaimer"]
    assert kept_text(raw, cleaned.removed).endswith("most of the day.")


@pytest.mark.parametrize(
    ("tail", "credit"),
    [
        (" --Courier", "--Courier"),
        (" -AFP", "-AFP"),
        (" (Source: Levant Courier Media Office)", "(Source: Levant Courier Media Office)"),
        (" (Source: Levant Courier) Twitter", "(Source: Levant Courier)"),
        (" Source Levant Courier and agencies", "Source Levant Courier and agencies"),
        (" (With AFP and Reuters)", "(With AFP and Reuters)"),
        (" Jane Roe / Omar al-Haddad", "Jane Roe / Omar al-Haddad"),
        (
            " Reporting by Jane Roe; Editing by Omar Haddad Our Standards: The Courier Code of Accuracy.",
            "Reporting by Jane Roe; Editing by Omar Haddad Our Standards: The Courier Code of Accuracy.",
        ),
    ],
)
def test_credits_closing_a_one_line_page_are_metadata(tail: str, credit: str) -> None:
    raw = GLUED_BODY + tail
    assert len(raw) >= 300
    cleaned = clean_text(raw)
    credits = [raw[s.start : s.end] for s in cleaned.removed if s.attrs.get("by") == "end-credit"]
    assert credits == [credit]
    assert raw[: min(s.start for s in cleaned.removed if s.start > 0)].rstrip().endswith("most of the day.")


def test_a_last_sentence_naming_people_is_not_a_credit() -> None:
    raw = GLUED_BODY + " The wounded were taken to hospitals in Kafr Halab and Idlib."
    assert not [s for s in clean_text(raw).removed if s.attrs.get("by") == "end-credit"]


def test_a_related_list_inside_the_story_leaves_the_story_after_it() -> None:
    raw = (
        GLUED_BODY + " Related Coverage Aid convoy reaches besieged town Talks resume in Geneva next week The council "
        "head said the town needed fuel for its generators and medicine for the clinic before the winter. "
        "He said that families who had fled in the spring were starting to come back to the town despite "
        "the shelling of the last days."
    )
    assert not [s for s in clean_text(raw).removed if s.attrs.get("by") == "glued-tail"]


def test_a_related_list_that_runs_into_the_footer_is_the_footer() -> None:
    raw = (
        GLUED_BODY
        + " Related News Aid convoy reaches besieged town | Talks resume in Geneva A picture is worth a thousand "
        "words as they say and ours are the best in the region by far. Dont miss out on the latest news from "
        "the region and the world. Follow us on Instagram. Copyright 2018 Levant Courier."
    )
    spans = [s for s in clean_text(raw).removed if s.attrs.get("by") == "glued-tail"]
    assert len(spans) == 1 and raw[spans[0].start :].startswith("Related News")


def test_a_tag_word_inside_a_sentence_starts_no_foot() -> None:
    raw = GLUED_BODY + " Neighbours said the Tags family lost its home and its shop near the market in the shelling."
    assert not [s for s in clean_text(raw).removed if s.attrs.get("by") == "glued-tail"]


def test_an_early_list_marker_is_the_foot_when_only_furniture_follows() -> None:
    short_body = "Shelling killed four people in the town on Tuesday, the head of the local council said."
    raw = (
        short_body + " Source Levant Courier Related News Aid convoy reaches town | Talks resume in Geneva | Ten "
        "killed in Hama | Schools reopen in Idlib | Fuel prices rise again | Floods hit camps | Fighting near "
        "Daraa | Aid cut to north | New crossing opens | Prices of bread double | Power cuts in Homs Follow us on "
        "Instagram. Subscribe to our channel. Copyright 2018 Levant Courier. About Us Careers Contact Privacy"
    )
    spans = [s for s in clean_text(raw).removed if s.attrs.get("by") == "glued-tail"]
    assert len(spans) == 1 and raw[spans[0].start :].startswith(("Related News", "Source Levant"))
    assert raw[: spans[0].start].rstrip().endswith("council said.")


def test_headlines_set_apart_by_bars_are_no_prose_after_a_list() -> None:
    short_body = "Shelling killed four people in the town on Tuesday, the head of the local council said."
    raw = (
        short_body + " Related News Aid convoy reaches the besieged town in the north of the province | Talks on "
        "the ceasefire resume in Geneva next week after a break of a month | Ten killed in Hama in shelling on a "
        "market. Category News The markets of the capital reopen and the prices of bread and fuel fall again "
        "across the province and the coast. Follow us on Instagram. Copyright 2018 Levant Courier. About Us"
    )
    spans = [s for s in clean_text(raw).removed if s.attrs.get("by") == "glued-tail"]
    assert len(spans) == 1 and raw[spans[0].start :].startswith("Related News")
