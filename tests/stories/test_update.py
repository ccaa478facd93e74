"""Stories over a real store: copies found across formats, hard negatives kept apart, runs repeatable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fogwatch.model import Article, Span, Story
from fogwatch.store import Store, schema
from fogwatch.stories import update as update_module
from fogwatch.stories import update_stories
from fogwatch.stories.read import copies_of, independent_sources, index_entry, stories, story_of
from tests.stories import texts as T


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(str(tmp_path / "stories.db"))


def add(store: Store, *arts: Article) -> None:
    assert store.write_batch(list(arts))[0] == len(arts)


def only_story(store: Store, art: Article) -> Story:
    st = story_of(store, art.id)
    assert st is not None
    return st


def relation(st: Story, art: Article) -> tuple[str, float]:
    (m,) = [m for m in st.members if m.article_id == art.id]
    return m.relation, m.similarity


def dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = ("story_docs", "story_bands", "stories", "story_members")
    with store.engine.connect() as conn:
        out = {t: sorted(tuple(r) for r in conn.execute(select(schema.metadata.tables[t]))) for t in tables}
        out["dates"] = sorted(tuple(r) for r in conn.execute(select(schema.articles.c.id, schema.articles.c.published)))
    return out


def test_exact_copy_in_another_format(store: Store) -> None:
    original = T.courier()
    mirror = T.read(
        "/saved/digest/mirror.html", "html", T.html_page("Front Digest", T.TITLE, "2024-03-06", T.PARAGRAPHS)
    )
    add(store, original, mirror)
    summary = update_stories(store)
    assert summary.indexed == 2 and summary.copies == 1
    st = only_story(store, mirror)
    assert st.canonical_id == original.id
    assert relation(st, original) == ("original", 1.0)
    # the text dump keeps a newsletter line the HTML extractor drops: nearly, not exactly, the same words
    assert relation(st, mirror)[0] in ("exact", "near")
    assert st.sites == ["Harbor Courier", "Front Digest"]
    assert st.first_published == date(2024, 3, 5)


def test_identical_body_in_three_formats_is_exact(store: Store) -> None:
    body = T.PARAGRAPHS
    md = T.read("/saved/a/x.md", "markdown", T.markdown_dump("Open Wire", "A new headline", "March 6, 2024", body))
    page = T.read("/saved/b/x.html", "html", T.html_page("Front Digest", T.TITLE, "2024-03-05", body))
    add(store, md, page)
    update_stories(store)
    st = only_story(store, md)
    assert {m.relation for m in st.members} == {"original", "exact"}
    assert st.canonical_id == page.id  # published a day earlier


def test_near_copy_with_other_boilerplate_and_title(store: Store) -> None:
    original = T.courier()
    edited = [p.replace('"', "\u201c", 1) for p in T.PARAGRAPHS]
    edited[2] = edited[2].replace("could not be verified independently", "could not be independently verified")
    copy = T.read(
        "/saved/wire/copy.md",
        "markdown",
        T.markdown_dump(
            "Open Wire", "Marines beat back four assaults", "March 6, 2024", edited, credit="Harbor Courier"
        ),
    )
    add(store, copy, original)
    update_stories(store)
    st = only_story(store, copy)
    rel, sim = relation(st, copy)
    assert rel == "near" and 0.8 <= sim < 1.0
    assert st.canonical_id == original.id  # the outlet the copy credits


def test_partial_copy_with_added_intro(store: Store) -> None:
    original = T.courier()
    repost = T.read(
        "/saved/wire/repost.md",
        "markdown",
        T.markdown_dump("Open Wire", "Marines repel four night assaults", None, [T.REPOST_INTRO, *T.PARAGRAPHS]),
    )
    add(store, original, repost)
    update_stories(store)
    st = only_story(store, repost)
    rel, sim = relation(st, repost)
    assert rel == "partial" and sim > 0.95  # all of the Courier's text is in the repost


def test_intro_and_cut_ending_together(store: Store) -> None:
    original = T.courier()
    repost = T.read(
        "/saved/wire/repost.md",
        "markdown",
        T.markdown_dump("Open Wire", "Marines repel four night assaults", None, [T.REPOST_INTRO, *T.PARAGRAPHS[:5]]),
    )
    add(store, original, repost)
    update_stories(store)
    rel, sim = relation(only_story(store, repost), repost)
    assert rel == "partial" and sim > 0.8  # of the repost, only its own intro is not the Courier's


def test_cut_ending_is_a_partial_copy(store: Store) -> None:
    original = T.courier()
    cut = T.read("/saved/digest/cut.html", "html", T.html_page("Front Digest", T.TITLE, "2024-03-06", T.PARAGRAPHS[:4]))
    add(store, original, cut)
    update_stories(store)
    rel, sim = relation(only_story(store, cut), cut)
    assert rel == "partial" and sim > 0.9


def test_hard_negative_on_the_same_battle_stays_apart(store: Store) -> None:
    original, ledger = T.courier(), T.steppe_ledger()
    add(store, original, ledger)
    summary = update_stories(store)
    assert summary.copies == 0
    assert only_story(store, original).id != only_story(store, ledger).id
    assert independent_sources(store, [original.id, ledger.id]) == 2


def test_short_texts_sharing_a_headline_are_not_merged(store: Store) -> None:
    a = T.read("/saved/courier/flash.txt", "text", T.text_dump("Harbor Courier", T.FLASH_TITLE, None, [T.FLASH_A]))
    b = T.read("/saved/ledger/flash.txt", "text", T.text_dump("Steppe Ledger", T.FLASH_TITLE, None, [T.FLASH_B]))
    # the same flash saved twice on two sites is not merged either: too short to tell from boilerplate
    c = T.read("/saved/mirror/flash.txt", "text", T.text_dump("Mirror Site", T.FLASH_TITLE, None, [T.FLASH_A]))
    add(store, a, b, c)
    summary = update_stories(store)
    assert summary.not_matched["short"] == 3 and summary.copies == 0
    assert len({only_story(store, x).id for x in (a, b, c)}) == 3
    entry = index_entry(store, a.id)
    assert entry is not None and entry.status == "short" and "too short" in (entry.reason or "")


def test_empty_text_is_not_indexed_and_says_why(store: Store) -> None:
    raw = "Only a headline\n"
    empty = Article(
        id="e" * 16, source="/saved/empty.txt", format="text", raw=raw, removed=[Span(0, len(raw), "title")]
    )
    add(store, empty, T.courier())
    summary = update_stories(store)
    assert summary.not_matched["empty"] == 1
    entry = index_entry(store, empty.id)
    assert entry is not None and entry.status == "empty" and entry.reason
    assert story_of(store, empty.id) is None


def test_rerun_changes_nothing(store: Store) -> None:
    add(store, T.courier(), T.steppe_ledger())
    update_stories(store)
    cut = T.read("/saved/digest/cut.html", "html", T.html_page("Front Digest", T.TITLE, None, T.PARAGRAPHS[:4]))
    add(store, cut)
    first = update_stories(store)
    assert first.indexed == 1 and first.copies == 1
    before = dump(store)
    again = update_stories(store)
    assert (again.indexed, again.reindexed, again.copies) == (0, 0, 0)
    assert dump(store) == before


def test_undated_copy_takes_the_story_date(store: Store) -> None:
    original = T.courier()
    undated = T.read(
        "/saved/digest/u.html", "html", T.html_page("Front Digest", "Bridgehead holds", None, T.PARAGRAPHS)
    )
    add(store, original, undated)
    summary = update_stories(store)
    assert summary.dated == 1
    got = store.article(undated.id)
    assert got.published == date(2024, 3, 5) and got.published_evidence == "story"
    assert store.article(original.id).published_evidence == "dateline"  # its own date is left alone


def test_an_original_found_later_takes_over_and_dates_are_recomputed(store: Store) -> None:
    undated = T.read(
        "/saved/digest/u.html", "html", T.html_page("Front Digest", "Bridgehead holds", None, T.PARAGRAPHS)
    )
    later = T.read(
        "/saved/wire/w.html", "html", T.html_page("Open Wire", "Bridgehead holds", "2024-03-08", T.PARAGRAPHS)
    )
    add(store, undated, later)
    update_stories(store)
    assert store.article(undated.id).published == date(2024, 3, 8)
    original = T.courier()
    add(store, original)
    update_stories(store)
    st = only_story(store, original)
    assert st.canonical_id == original.id and len(st.members) == 3
    assert relation(st, later)[0] in ("exact", "near")
    assert store.article(undated.id).published == date(2024, 3, 5)


def test_independent_sources_count_outlets_not_copies(store: Store) -> None:
    original = T.courier()
    copies = [
        T.read(f"/saved/{site}/c.html", "html", T.html_page(site, T.TITLE, "2024-03-06", T.PARAGRAPHS))
        for site in ("Front Digest", "Open Wire", "Daily Repost")
    ]
    ledger = T.steppe_ledger()
    add(store, original, *copies, ledger)
    update_stories(store)
    st = only_story(store, original)
    assert len(st.sites) == 4 and st.independent_sources == 1
    every = [original.id, *(c.id for c in copies), ledger.id]
    assert independent_sources(store, every) == 2
    with store.engine.connect() as conn:
        credited = conn.execute(select(schema.story_members.c.original_site)).scalars().all()
    assert credited.count("Harbor Courier") == 4  # recorded for every member of the Courier's story


def test_show_lists_the_copies(store: Store) -> None:
    original = T.courier()
    cut = T.read("/saved/digest/cut.html", "html", T.html_page("Front Digest", T.TITLE, "2024-03-06", T.PARAGRAPHS[:4]))
    add(store, original, cut)
    update_stories(store)
    (copy,) = copies_of(store, original.id)
    assert (copy.article_id, copy.relation, copy.site) == (cut.id, "partial", "Front Digest")


def test_a_relearned_text_is_indexed_again(store: Store) -> None:
    original = T.courier()
    own = T.INDEPENDENT[1]  # a paragraph of the digest's own after the copied ones
    cut = T.read("/saved/d/c.html", "html", T.html_page("Front Digest", T.TITLE, None, [*T.PARAGRAPHS[:4], own]))
    add(store, original, cut)
    update_stories(store)
    assert store.article(cut.id).published_evidence == "story"
    # Learning now finds the copied paragraphs to be the digest's boilerplate: its own paragraph is left.
    cut.removed.append(Span(0, cut.raw.find(own[:40]), "site-boilerplate", {"by": "learned"}))
    with store.engine.begin() as conn:
        store.replace_cleaning(conn, cut)
    summary = update_stories(store)
    assert summary.reindexed == 1 and summary.indexed == 0
    assert only_story(store, cut).id != only_story(store, original).id
    assert len(only_story(store, original).members) == 1
    assert store.article(cut.id).published is None  # the date it had from the story is taken back


def test_killed_run_resumes_where_it_stopped(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    arts = [T.courier(), T.steppe_ledger()] + [
        T.read(f"/saved/{site}/c.html", "html", T.html_page(site, T.TITLE, "2024-03-06", T.PARAGRAPHS[: 3 + i]))
        for i, site in enumerate(("Front Digest", "Open Wire", "Daily Repost"))
    ]
    add(store, *arts)
    calls = 0
    real_apply = update_module.Folder.apply

    def dies_on_second_batch(self: update_module.Folder, *args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        real_apply(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(update_module.Folder, "apply", dies_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        update_stories(store, batch=2)
    assert store.count("story_docs") == 2  # the first batch, whole
    monkeypatch.setattr(update_module.Folder, "apply", real_apply)
    update_stories(store, batch=2)
    resumed = {s.id: sorted(m.article_id for m in s.members) for s in stories(store)}

    fresh = Store.open(str(Path(store.engine.url.database or "").with_name("fresh.db")))
    add(fresh, *arts)
    update_stories(fresh)
    assert resumed == {s.id: sorted(m.article_id for m in s.members) for s in stories(fresh)}


def test_without_the_extra_the_error_names_the_install(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from fogwatch.errors import MissingExtra
    from fogwatch.stories import signature

    def missing(module: str, extra: str, purpose: str) -> object:
        raise MissingExtra(module, extra, purpose)

    monkeypatch.setattr(signature, "require", missing)
    add(store, T.courier())
    with pytest.raises(MissingExtra, match=r"pip install 'fogwatch\[stories\]'"):
        update_stories(store)
    monkeypatch.undo()
    assert update_stories(store).indexed == 1  # installed, the next run indexes what was left


def test_postings_are_the_signature_bands(store: Store) -> None:
    from fogwatch.stories.signature import Signer, TextToSign

    original = T.courier()
    add(store, original, T.steppe_ledger())
    update_stories(store)
    (sig,) = Signer().sign_many([TextToSign(original.id, original.text)])
    d, b = schema.story_docs, schema.story_bands
    with store.engine.connect() as conn:
        seq = conn.execute(select(d.c.seq).where(d.c.article_id == original.id)).scalar_one()
        stored = set(conn.execute(select(b.c.band).where(b.c.seq == seq)).scalars())
        every = conn.execute(select(b.c.band)).scalars().all()
    assert stored == set(sig.bands)
    assert all(-(2**31) <= k < 2**31 for k in every)  # fits a 32-bit integer column everywhere
