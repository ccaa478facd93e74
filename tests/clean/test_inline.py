"""Furniture inside pages saved as one line (`fogwatch.clean.inline`), on pages we wrote."""

from __future__ import annotations

import pytest

from fogwatch.clean.inline import inline_spans
from fogwatch.clean.text import clean_text

LEAD = (
    "Mortar shells hit a market in the northern town of Kafr Halab on Sunday and killed six people including "
    "two children, a local medical official said. The official said the wounded were taken to a field clinic "
    "outside the town because the main hospital had been damaged in earlier raids."
)
REST = (
    "Residents said the shelling began shortly after dawn and lasted for most of the morning. The town has been "
    "shelled almost daily since the front line moved closer in the spring, and many families have left for "
    "camps near the border."
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(label, text[a:b]) for a, b, label in inline_spans(text)]


@pytest.mark.parametrize(
    ("widget", "label"),
    [
        ("Get short URL 0 14", "share"),
        ("SEND https://exmpl.ly/Ab12Cd", "share"),
        ("Print Tweet Views 812", "share"),
        ("Twitter Facebook font size", "share"),
        ("Topic Fighting in the North (214)", "navigation"),
        ("Slideshow (4 Images)", "embed"),
        ("[Click to enlarge]", "embed"),
        ("(updated 1412 03.05.2017)", "metadata"),
    ],
)
def test_widgets_inside_the_text_are_found_by_their_own_words(widget: str, label: str) -> None:
    text = f"{LEAD} {widget} {REST}"
    assert (label, widget) in _found(text)


def test_a_short_line_is_left_to_the_line_rules() -> None:
    assert inline_spans("Get short URL 0 14 and a few words.") == []


def test_a_photo_caption_goes_with_its_bracketed_credit() -> None:
    caption = "Men inspect a damaged shop at the market in Kafr Halab Syria May 14 2017. (Levant Wire and Agencies)"
    text = f"{LEAD} {caption} {REST}"
    assert ("caption", caption) in _found(text)


def test_a_credit_after_a_sentence_that_is_no_caption_goes_alone() -> None:
    text = f"{LEAD} (AFP) {REST}"
    assert _found(text) == [("caption", "(AFP)")]


def test_a_dateline_credit_is_not_a_photo_credit() -> None:
    text = f"KAFR HALAB (Reuters) - {LEAD} {REST}"
    assert _found(text) == []


def test_an_embedded_post_runs_from_its_first_words_to_its_date() -> None:
    post = "Rescuers pulled a girl from the rubble tonight pic.twitter.com/Xy12Ab Aid Team North (aidnorth) May 14 2017"
    text = f"{LEAD} {post} {REST}"
    assert ("embed", post) in _found(text)


def test_an_embedded_video_runs_from_its_title() -> None:
    video = "Market shelled in Kafr Halab Jane Roe reports - YouTube"
    text = f"{LEAD} {video} {REST}"
    assert ("embed", video) in _found(text)


def test_a_card_for_another_story_ends_where_the_article_goes_on() -> None:
    card = "AP Photo John Doe Rebels Say They Repelled Attack on Hill Near Border Town"
    text = f"{LEAD} {card} KAFR HALAB (Agency) {REST}"
    assert ("related", card) in _found(text)
    text = f"{LEAD} {card} The Civil Defence said {REST}"
    assert ("related", card) in _found(text)


def test_a_sentence_opening_with_an_agency_name_is_no_card() -> None:
    text = f"{LEAD} Sputnik correspondents in the town saw the damage to the market. {REST}"
    assert _found(text) == []


def test_a_tag_list_ends_where_the_first_sentence_begins() -> None:
    text = f"{LEAD} Tags Kafr Halab Aleppo Idlib At least six people were killed in the town. {REST}"
    assert ("navigation", "Tags Kafr Halab Aleppo Idlib ") in _found(text)
    text = f"{LEAD} Tags Aleppo Idlib The Syrian Civil Defence said the raids went on. {REST}"
    assert ("navigation", "Tags Aleppo Idlib ") in _found(text)


def test_a_lower_case_tag_ends_the_list_early_rather_than_take_a_sentence() -> None:
    text = f"{LEAD} Tags Kafr Halab Aleppo regime forces At least six people were killed in the town. {REST}"
    assert ("navigation", "Tags Kafr Halab ") in _found(text)


def test_header_furniture_before_the_story() -> None:
    text = f"Posted on May 2 2016 by Jane Roe Six killed in market shelling. Jane Roe. {LEAD} {REST}"
    found = _found(text)
    assert ("metadata", " by Jane Roe") in found and ("metadata", "Jane Roe.") in found
    text = f"Shelling kills six AFP Tuesday 14 May 2017 {LEAD} {REST}"
    assert ("metadata", "AFP ") in _found(text)


def test_prose_that_mentions_photos_and_tags_stays() -> None:
    text = (
        f"{LEAD} An AFP photographer at the scene saw rescuers carry a child out of the rubble. The Tags family "
        f"lost its home, a neighbour said, and photos posted online showed the market in flames. {REST}"
    )
    assert _found(text) == []


def test_clean_text_removes_inline_furniture_and_keeps_the_article() -> None:
    raw = f"{LEAD} Get short URL 0 14 {REST}"
    cleaned = clean_text(raw)
    cut = [raw[s.start : s.end] for s in cleaned.removed if s.attrs.get("by") == "inline"]
    assert cut == ["Get short URL 0 14"]
