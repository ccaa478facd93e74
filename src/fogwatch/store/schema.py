"""The tables, as SQLAlchemy Core objects. Migrations create and change them."""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text

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
    Column("raw", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("ingested_at", String(32), nullable=False),
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
