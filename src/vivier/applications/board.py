"""The pipeline board of a vacancy (recruiter app): lanes of cards, bounded for big vacancies.

Moves and archives go through ``move_application`` / ``archive_application``, the services behind the
Flatchr API, so a drag on the board fires the same webhooks as an API call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application, ApplicationStatus
from vivier.applications.service import archive_application, move_application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import NotFound
from vivier.db.scoping import get_by_public_id, restrict
from vivier.pipeline.models import PipelineColumn
from vivier.pipeline.service import list_columns
from vivier.tags.models import Tag, Trait
from vivier.vacancies.models import Vacancy
from vivier.vacancies.service import column_counts

LANE_LIMIT = 200


@dataclass(frozen=True)
class CardTag:
    title: str
    value: str


@dataclass(frozen=True)
class Card:
    """One active application as the board shows it."""

    application_id: str
    candidate_id: str
    firstname: str
    lastname: str
    score: int
    created_at: datetime
    tags: list[CardTag] = field(default_factory=list)


@dataclass(frozen=True)
class Lane:
    """A pipeline column: its active applications count and the cards from ``offset`` on."""

    column: PipelineColumn
    count: int
    cards: list[Card]
    offset: int = 0

    @property
    def more(self) -> bool:
        return self.count > self.offset + len(self.cards)


@dataclass(frozen=True)
class BoardPage:
    """The lanes shown, and every column a card may move to (visible ones, and hidden ones in use)."""

    vacancy: Vacancy
    lanes: list[Lane]
    targets: list[PipelineColumn]
    limit: int

    @property
    def total(self) -> int:
        return sum(lane.count for lane in self.lanes)


def vacancy_board(
    session: Session,
    ctx: Context,
    vacancy_id: str,
    *,
    limit: int = LANE_LIMIT,
    column_id: int | None = None,
    offset: int = 0,
) -> BoardPage:
    """The vacancy's active applications by column, newest first, at most ``limit`` cards per lane.

    With ``column_id`` only that lane is shown, from ``offset`` on (its "show more" pages). Hidden
    columns appear only while they hold applications. Five queries whatever the vacancy's size.
    """
    vacancy = get_by_public_id(session, Vacancy, ctx, vacancy_id, what="Vacancy")
    counts = column_counts(session, ctx, [vacancy.id])[vacancy.id]
    targets = [c for c in list_columns(session, ctx) if c.visible or counts.get(c.id) or c.id == column_id]
    columns = targets if column_id is None else [c for c in targets if c.id == column_id]
    if not columns:
        raise NotFound("Column not found")
    offset = max(offset, 0) if column_id is not None else 0
    rank = (
        func.row_number()
        .over(
            partition_by=Application.column_id,
            order_by=(Application.created_at.desc(), Application.id.desc()),
        )
        .label("rank")
    )
    ranked = restrict(
        restrict(
            select(
                Application.id,
                Application.public_id,
                Application.column_id,
                Application.score,
                Application.created_at,
                Candidate.public_id.label("candidate_id"),
                Candidate.firstname,
                Candidate.lastname,
                rank,
            )
            .join(Candidate, Candidate.id == Application.candidate_id)
            .where(
                Application.vacancy_id == vacancy.id,
                Application.status == ApplicationStatus.ACTIVE,
                Application.column_id.in_([c.id for c in columns]),
            ),
            Application,
            ctx,
        ),
        Candidate,
        ctx,
    ).subquery()
    shown = ranked.c.rank.between(offset + 1, offset + limit)
    cards: dict[int, list[Card]] = {}
    tags = _card_tags(session, ctx, select(ranked.c.id).where(shown))
    for row in session.execute(select(ranked).where(shown).order_by(ranked.c.column_id, ranked.c.rank)):
        card = Card(
            row.public_id,
            row.candidate_id,
            row.firstname,
            row.lastname,
            row.score,
            row.created_at,
            tags.get(row.id, []),
        )
        cards.setdefault(row.column_id, []).append(card)
    lanes = [Lane(column, counts.get(column.id, 0), cards.get(column.id, []), offset) for column in columns]
    return BoardPage(vacancy, lanes, targets, limit)


def _card_tags(
    session: Session, ctx: Context, application_ids: Select[tuple[int]]
) -> dict[int, list[CardTag]]:
    """Visible tag values of the given applications (a subquery of ids), in one query."""
    stmt = restrict(
        select(Trait.application_id, Tag.title, Trait.value)
        .join(Tag, Tag.id == Trait.tag_id)
        .where(Trait.application_id.in_(application_ids), Tag.visible.is_(True))
        .order_by(Trait.application_id, Tag.position.is_(None), Tag.position, Tag.id, Trait.id),
        Trait,
        ctx,
    )
    found: dict[int, list[CardTag]] = {}
    for application_id, title, value in session.execute(stmt):
        found.setdefault(application_id, []).append(CardTag(title, value))
    return found


def lane_counts(session: Session, ctx: Context, application: Application) -> dict[int, int]:
    """Active applications per column of the application's vacancy (after a move or an archive)."""
    return column_counts(session, ctx, [application.vacancy_id])[application.vacancy_id]


def move_card(
    session: Session, ctx: Context, vacancy_id: str, application_id: str, column_id: int
) -> dict[int, int]:
    """Move through the API's service (fires ``drag_applicant``); returns the vacancy's new lane counts."""
    application = move_application(session, ctx, vacancy_id, application_id, column_id)
    return lane_counts(session, ctx, application)


def archive_card(session: Session, ctx: Context, vacancy_id: str, application_id: str) -> dict[int, int]:
    """Archive through the API's service; returns the vacancy's new lane counts."""
    application = archive_application(session, ctx, vacancy_id, application_id)
    return lane_counts(session, ctx, application)
