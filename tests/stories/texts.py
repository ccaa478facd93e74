"""Fictional war reporting written for these tests, and the pages outlets would wrap it in.

The town, the brigades, the people and every figure are invented. One battle
(the fight for the river town of Staroselye) is reported by the Harbor Courier;
the Steppe Ledger writes its own, independent report of the same fighting with
the same places, units and casualty figures; reposting sites copy the Courier.
"""

from __future__ import annotations

from fogwatch.clean.step import CleanStep
from fogwatch.ingest.read import article_from_bytes
from fogwatch.model import Article

TITLE = "Defenders hold the Staroselye bridgehead after a night of assaults"

PARAGRAPHS = [
    "Ukrainian marines held their positions on the eastern bank of the Lyman river near Staroselye on "
    "Tuesday after Russian assault groups attacked the bridgehead four times during the night, the "
    "command of the 41st Marine Brigade said in a statement published shortly after dawn.",
    "According to the brigade, the attackers moved in small groups of six to eight soldiers supported by "
    "two armoured personnel carriers, and tried to reach the ruined grain elevator that overlooks the "
    "crossing. Drone operators from the brigade said they stopped the second and third waves before "
    "they reached the first line of trenches.",
    "The brigade put Russian losses at 37 killed and wounded and said both armoured vehicles were "
    "destroyed in a field south of the village cemetery. The figures could not be verified "
    "independently. Moscow's defence ministry said on its channel that its units had improved their "
    "tactical position in the area but gave no details.",
    "Staroselye has changed hands twice since the autumn. Its pre-war population of about 2,400 has "
    "fallen to fewer than one hundred, most of them elderly people who refuse to leave cellars on the "
    "western edge of the settlement. Volunteers from the regional civil-military administration "
    "delivered water and medicine to them on Sunday, a spokeswoman said.",
    "A platoon commander who gave only his call sign, Bereg, said the night attacks had become routine. "
    '"They come when the fog lies on the water and our drones see less," he said by phone. "We have '
    'learned to listen for the engines instead."',
    "Military analysts say control of the bridgehead matters because it keeps Russian artillery out of "
    "range of the road to Kherson that supply convoys use every night. Losing it would push the "
    "front back by about six kilometres and expose two villages further west to daily shelling.",
    "The brigade said three of its marines were wounded during the night and had been evacuated to a "
    "field hospital. It did not say whether any had been killed.",
]

# The same battle written from scratch by another outlet: same town, units, figures and spokesman.
INDEPENDENT_TITLE = "Russian night attacks on Staroselye bridgehead repelled, brigade says"
INDEPENDENT = [
    "Four waves of Russian infantry failed overnight to dislodge Ukraine's 41st Marine Brigade from its "
    "foothold near Staroselye, on the eastern side of the Lyman river, the brigade reported on Tuesday "
    "morning.",
    "Reporters from the Steppe Ledger reached the western approaches to the crossing last week, where "
    "the ruined grain elevator still stands above the water. Marines there described a pattern of "
    "attacks at night, when fog hangs over the river and thermal cameras struggle, and they said Russian "
    "commanders send armoured carriers forward only when the drones are grounded.",
    "The brigade's figure of 37 Russian soldiers killed and wounded was impossible to check. Russia's "
    "defence ministry did not mention Staroselye by name and claimed only minor gains along the "
    "southern front. Two armoured carriers were shown burning in a video the marines posted online.",
    "For the handful of residents who stayed, the fighting is measured in days without electricity. "
    "Halyna Moroz, 74, has lived in a cellar since October with her neighbour's cat and a stock of "
    'pickled tomatoes. "Every night I count the explosions until I fall asleep," she said.',
    "Officials in the regional administration said an evacuation bus would try again to reach the "
    "village this week if the shelling eased. Previous attempts were called off after drones were seen "
    "over the only road in.",
    "Three marines were wounded overnight, according to the brigade, which did not disclose its dead.",
]

# Breaking-news flashes: two outlets, the same headline, different words, each well under 50 words.
FLASH_TITLE = "Explosions reported in Staroselye"
FLASH_A = (
    "Residents of Staroselye reported a series of loud explosions near the river crossing shortly after "
    "midnight. Details are still emerging; we will update this story."
)
FLASH_B = (
    "Several blasts were heard overnight around the Lyman river crossing at Staroselye, a local "
    "volunteer told our newsroom. No casualties were confirmed."
)

REPOST_INTRO = (
    "We republish below, in full, the latest report by our colleagues at the Harbor Courier, whose "
    "correspondents have followed the fighting on the Lyman river since the first crossings last autumn "
    "and whose reporting we consider among the most careful available to readers abroad."
)


def text_dump(site: str, title: str, dateline: str | None, paragraphs: list[str]) -> str:
    """A page as a scraper's plain-text dump leaves it: site header, navigation, title, body, footer."""
    head = [site, "Home | War | Politics | Opinion | Donate", "", title, ""]
    if dateline:
        head += [f"{site}, {dateline}", ""]
    body = "\n\n".join(paragraphs)
    foot = [
        "",
        "Share this article: Facebook | Telegram | X",
        f"Subscribe to the {site} newsletter for a daily briefing from the front.",
        f"© 2024 {site}. All rights reserved.",
    ]
    return "\n".join(head) + body + "\n" + "\n".join(foot) + "\n"


def markdown_dump(site: str, title: str, dateline: str | None, paragraphs: list[str], credit: str = "") -> str:
    home = f"https://{site.lower().replace(' ', '')}.example"
    lines = [f"# {title}", "", f"**{site}**" + (f" · {dateline}" if dateline else ""), ""]
    lines += ["\n\n".join(paragraphs), ""]
    if credit:
        lines += ["---", "", f"*This article was originally published by {credit}.*", ""]
    lines += [f"**Support {site}.** [Donate]({home}/donate)", "", f"© 2024 {site}. Some rights reserved.", ""]
    return "\n".join(lines)


def html_page(site: str, title: str, published: str | None, paragraphs: list[str]) -> str:
    meta = f'<meta property="article:published_time" content="{published}T08:00:00Z">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">{meta}'
        "</head><body>"
        '<nav><a href="/">Home</a> <a href="/war">War</a> <a href="/opinion">Opinion</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        '<aside><h3>Most read</h3><ul><li><a href="/a">Grain prices climb again</a></li>'
        '<li><a href="/b">Parliament debates mobilisation law</a></li></ul></aside>'
        f"<footer>© 2024 {site}. Contact the newsroom.</footer>"
        "</body></html>"
    )


def read(source: str, kind: str, raw: str) -> Article:
    """One saved page through the real reader and clean step."""
    art = article_from_bytes(source, raw.encode("utf-8"), kind)
    assert isinstance(art, Article), art
    cleaned = CleanStep().clean_one(art)
    assert isinstance(cleaned, Article), cleaned
    return cleaned


def courier(dated: bool = True) -> Article:
    """The original: the Harbor Courier's text dump."""
    return read(
        "/saved/courier/staroselye.txt",
        "text",
        text_dump("Harbor Courier", TITLE, "March 5, 2024" if dated else None, PARAGRAPHS),
    )


def steppe_ledger() -> Article:
    """The hard negative: an independent report of the same battle, as an HTML page."""
    return read(
        "/saved/ledger/staroselye.html",
        "html",
        html_page("Steppe Ledger", INDEPENDENT_TITLE, "2024-03-05", INDEPENDENT),
    )


def labelled_set() -> list[dict[str, object]]:
    """A small labelled set in the `datasets/syndication` format, from the texts above."""
    courier_story, ledger_story = "staroselye/courier", "staroselye/ledger"

    def doc(i: int, site: str, fmt: str, published: str | None, raw: str, story: str, role: str) -> dict[str, object]:
        return {
            "id": f"fx-{i:02d}",
            "site": site,
            "format": fmt,
            "published": published,
            "raw": raw,
            "story": story,
            "group": "staroselye",
            "role": role,
        }

    return [
        doc(
            1,
            "Harbor Courier",
            "text",
            "2024-03-05",
            text_dump("Harbor Courier", TITLE, "March 5, 2024", PARAGRAPHS),
            courier_story,
            "original",
        ),
        doc(2, "Front Digest", "html", None, html_page("Front Digest", TITLE, None, PARAGRAPHS), courier_story, "copy"),
        doc(
            3,
            "Open Wire",
            "markdown",
            "2024-03-06",
            markdown_dump(
                "Open Wire",
                "Marines repel four night assaults",
                "March 6, 2024",
                [REPOST_INTRO, *PARAGRAPHS[:5]],
                credit="Harbor Courier",
            ),
            courier_story,
            "copy",
        ),
        doc(
            4,
            "Steppe Ledger",
            "html",
            "2024-03-05",
            html_page("Steppe Ledger", INDEPENDENT_TITLE, "2024-03-05", INDEPENDENT),
            ledger_story,
            "original",
        ),
        doc(
            5,
            "Daily Repost",
            "text",
            "2024-03-06",
            text_dump("Daily Repost", INDEPENDENT_TITLE, "March 6, 2024", INDEPENDENT[:4]),
            ledger_story,
            "copy",
        ),
        doc(
            6,
            "Harbor Courier",
            "text",
            None,
            text_dump("Harbor Courier", FLASH_TITLE, None, [FLASH_A]),
            "flash/a",
            "independent",
        ),
        doc(
            7,
            "Steppe Ledger",
            "text",
            None,
            text_dump("Steppe Ledger", FLASH_TITLE, None, [FLASH_B]),
            "flash/b",
            "independent",
        ),
    ]
