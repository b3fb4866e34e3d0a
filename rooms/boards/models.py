"""Persistent board data: posts, their revisions, images and per-account last visits.

Nothing here records who pressed "this helped": the post keeps only a number.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class BoardImage(Base):
    """An uploaded picture after re-encoding. The files live under the data directory,
    named by ``id``; the uploader's file name is kept (cleaned) only for the console."""

    __tablename__ = "board_images"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    uploader_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(100), default="")
    alt: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    thumb_width: Mapped[int]
    thumb_height: Mapped[int]
    byte_size: Mapped[int]
    created_at: Mapped[datetime]


class BoardPost(Base):
    """One post. Either language may be empty ("" = no version in that language)."""

    __tablename__ = "board_posts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    title_ja: Mapped[str] = mapped_column(String(120), default="")
    title_en: Mapped[str] = mapped_column(String(120), default="")
    body_ja: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    # Plain-text derivatives, refreshed on every save: list excerpts and the search haystack.
    excerpt_ja: Mapped[str] = mapped_column(String(200), default="")
    excerpt_en: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[str | None] = mapped_column(ForeignKey("board_images.id", ondelete="SET NULL"))
    pinned: Mapped[bool] = mapped_column(default=False)
    published: Mapped[bool] = mapped_column(default=False)  # False = draft
    publish_from: Mapped[datetime | None]
    publish_until: Mapped[datetime | None]
    published_at: Mapped[datetime | None]  # the first time it was published
    # When readers first could see it: max(published_at, publish_from). Orders lists, marks "new".
    shown_at: Mapped[datetime | None] = mapped_column(index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
    helpful_count: Mapped[int] = mapped_column(default=0)


class BoardRevision(Base):
    """A full copy of a post after each change, with who made it and when."""

    __tablename__ = "board_revisions"
    __table_args__ = (UniqueConstraint("post_id", "version", name="uq_board_revisions_post_version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))  # created | edited | published | unpublished
    editor_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    # The editor's nickname at the time: the record stays readable if the account goes.
    editor_nickname: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime]
    category: Mapped[str] = mapped_column(String(20))
    title_ja: Mapped[str] = mapped_column(String(120), default="")
    title_en: Mapped[str] = mapped_column(String(120), default="")
    body_ja: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[str | None] = mapped_column(String(32))
    pinned: Mapped[bool] = mapped_column(default=False)
    published: Mapped[bool] = mapped_column(default=False)
    publish_from: Mapped[datetime | None]
    publish_until: Mapped[datetime | None]


class BoardLastVisit(Base):
    """When an account last looked at the boards: only to mark what is new since then."""

    __tablename__ = "board_last_visits"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    visited_at: Mapped[datetime]


Index("ix_board_posts_visible", BoardPost.published, BoardPost.category)
