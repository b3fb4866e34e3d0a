"""Surveys, their questions, the anonymous answers and the one-answer tokens.

An answer row has the survey, the question and the value, nothing else: no account, no time.
A token row (HMAC of survey + account, server/core/once.py) says "someone answered this
survey"; no column joins it to an answer, and it cannot be turned back into an account
without the server's secret.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class Survey(Base):
    __tablename__ = "surveys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title_ja: Mapped[str] = mapped_column(String(80))
    title_en: Mapped[str] = mapped_column(String(80), default="")
    description_ja: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(12))  # everyone | individuals | families
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    published: Mapped[bool] = mapped_column(default=False)
    closed_early_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SurveyQuestion(Base):
    __tablename__ = "survey_questions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))  # single | multiple | scale | text
    prompt_ja: Mapped[str] = mapped_column(String(200))
    prompt_en: Mapped[str] = mapped_column(String(200), default="")
    options: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{id, ja, en}]


class SurveyAnswer(Base):
    """One person's answer to one question: no account, no time, nothing to join on."""

    __tablename__ = "survey_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    scale: Mapped[int | None]
    picks: Mapped[str | None] = mapped_column(Text)  # JSON list of option ids (single and multiple)
    text: Mapped[str | None] = mapped_column(Text)


class SurveyToken(Base):
    """HMAC(secret, survey + account): "this person answered", without who or which answers."""

    __tablename__ = "survey_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
