"""The tables, as SQLAlchemy Core objects. Migrations create and change them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("site", Text),
    Column("title", Text),
    Column("byline", Text),
    Column("published", String(10)),
    Column("published_evidence", String(32)),
    Column("language", String(16)),
    Column("original_source", Text),
    Column("wire", Text),  # agencies credited for the copy, "AFP, Reuters" (migration 8)
    Column("raw", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    # A hash of `raw`: the same document wherever it was read from (the id also hashes where).
    # Stories and events are named from it, so their ids are the same on any machine and folder.
    Column("content_hash", String(32)),
    Index("ix_articles_site", "site"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_source", "source"),
)

# Every span over an article's text, by layer: "removed" spans point into `raw`
# (label = reason); later layers (mentions, claims) point into `text`.
spans = Table(
    "spans",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("layer", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(64), nullable=False),
    Column("attrs", JSON, nullable=False),
    PrimaryKeyConstraint("article_id", "layer", "start", "end", "label"),
)

rejects = Table(
    "rejects",
    metadata,
    Column("input", Text, nullable=False),
    Column("step", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
    PrimaryKeyConstraint("input", "step"),
)

# What `fogwatch watch` has seen of each feed, so a later round or run fetches only
# new entries. status: "stored", "duplicate" (the page was already stored), "retry"
# (a transient failure, tried again in a later round) or "rejected" (given up; the
# reason is in `rejects` under the entry's link). attempts counts fetches of the page.
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_url", Text, nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("link", Text),
    Column("seen_at", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    PrimaryKeyConstraint("feed_url", "entry_id"),
    Index("ix_feed_entries_link", "link"),
)

# Learned per-site boilerplate (see fogwatch.clean.learned). A group is a site, a URL
# host or a folder; site_line_docs counts in how many of a group's documents each
# normalised line occurs. dirty: counts changed since the group was last relearned.
site_docs = Table(
    "site_docs",
    metadata,
    Column("grp", Text, primary_key=True),
    Column("docs", Integer, nullable=False),
    Column("dirty", Boolean, nullable=False, default=True),
)

site_line_docs = Table(
    "site_line_docs",
    metadata,
    Column("grp", Text, nullable=False),
    Column("key", String(16), nullable=False),
    Column("docs", Integer, nullable=False),
    Column("prose", Boolean, nullable=False, default=False),
    PrimaryKeyConstraint("grp", "key"),
)

# The lines currently learned as each group's boilerplate.
site_boilerplate = Table(
    "site_boilerplate",
    metadata,
    Column("grp", Text, nullable=False),
    Column("key", String(16), nullable=False),
    PrimaryKeyConstraint("grp", "key"),
)

article_groups = Table(
    "article_groups",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("grp", Text, nullable=False),
    PrimaryKeyConstraint("article_id", "grp"),
    Index("ix_article_groups_grp", "grp"),
)

# Articles stored but not yet finished with their groups' learned boilerplate.
finish_queue = Table(
    "finish_queue",
    metadata,
    Column("article_id", String(32), primary_key=True),
)

# Stories (see fogwatch.stories): copies of one article across sites. story_docs holds
# each article's signature as indexed: `seq` numbers articles in index order so band
# postings stay small integers; `text_len` of the clean text it was computed from (a
# relearned article whose length changed is indexed again); status "indexed", "short"
# (too few words to tell a copy from shared boilerplate) or "empty", with the reason.
story_docs = Table(
    "story_docs",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("scheme", Integer, nullable=False),
    Column("text_len", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("words", Integer, nullable=False),
    Column("norm_hash", BigInteger),
    Index("ix_story_docs_seq", "seq", unique=True),
)

# MinHash LSH band postings: (32-bit band key, seq). Articles that share a key are
# candidate copies, checked on their text before they are linked.
story_bands = Table(
    "story_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    PrimaryKeyConstraint("band", "seq"),
    sqlite_with_rowid=False,
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("canonical_id", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sites", JSON, nullable=False),
    Column("first_published", String(10)),
    Column("independent_sources", Integer, nullable=False),
    Index("ix_stories_size", "size"),
)

# Each indexed article's story: its relation to the canonical member ("original",
# "exact", "near", "partial") and similarity; `via` names the member it was matched
# to when it is not itself a copy of the canonical one; `original_site` is the outlet
# the story comes from, recorded for every copy.
story_members = Table(
    "story_members",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(32), nullable=False),
    Column("relation", String(16), nullable=False),
    Column("similarity", Float, nullable=False),
    Column("via", String(32)),
    Column("original_site", Text),
    Index("ix_story_members_story", "story_id"),
)

# Which articles the analyze step has read (mentions are spans of layer "mention"),
# so each is analysed once. status: "analysed", or "skipped" with the reason (another
# language, no text); anchor: the date relative expressions were resolved against.
analyzed = Table(
    "analyzed",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("language", String(16)),
    Column("anchor", String(10)),
    Column("mentions", Integer, nullable=False),
    Column("analyzed_at", String(32), nullable=False),
)

# Claims: statements of an article that carry an event, a figure, an accusation or a denial.
# `start`/`end` is the statement's span of the article's clean text (the text is not copied);
# `report` is the event as this claim tells it (type, actors, place, date, toll, each with the
# span it was read from); the flat columns beside it are what fusion blocks and filters on.
claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text, nullable=False),
    Column("speaker_kind", String(16), nullable=False),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("certainty", String(16), nullable=False),
    Column("flags", JSON, nullable=False),
    Column("report", JSON),
    Column("event_type", Text),
    Column("sub_event_type", Text),
    Column("event_id", String(32)),
    Index("ix_claims_article", "article_id"),
    Index("ix_claims_event", "event_id"),
)

# Events: claims about the same real-world event fused across articles and stories.
# `date` is ISO (or "--MM-DD" when the year is unknown); `figures` holds each source's
# death toll; `status` is single-source, corroborated or contested.
events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("inter1", Integer, nullable=False),
    Column("inter2", Integer, nullable=False),
    Column("assoc_actors", JSON, nullable=False),
    Column("location", JSON),
    Column("lat", Float),
    Column("lon", Float),
    Column("fatalities", JSON),
    Column("figures", JSON, nullable=False),
    Column("claim_ids", JSON, nullable=False),
    Column("article_ids", JSON, nullable=False),
    Column("story_ids", JSON, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("notes", Text, nullable=False),
    Column("joins", JSON),  # why each claim after the first joined the event
    Index("ix_events_date", "date"),
    Index("ix_events_type", "event_type"),
)

# Situation reports made by `fogwatch report`, so the next one can say what is new. `filters`
# records the report's scope (--since, --near...); `events` and `claims` count what it covered.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("made_at", String(32), nullable=False),
    Column("format", String(8), nullable=False),
    Column("filters", JSON, nullable=False),
    Column("events", Integer, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("new_claims", Integer, nullable=False),
)

# Each claim a report has covered, with the first report that did: a claim missing here is new.
# Claim ids are made from the article and the statement's span, so analysing an article again
# keeps them; event ids follow their claims, which is why "new" is tracked per claim.
reported_claims = Table(
    "reported_claims",
    metadata,
    Column("claim_id", String(32), primary_key=True),
    Column("report_id", Integer, nullable=False),
)
