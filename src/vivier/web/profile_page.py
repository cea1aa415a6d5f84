"""The candidate profile page: everything it shows, gathered from the domain services, and its rendering.

Every action of the profile answers the same way: a plain form gets a 303 back to the profile (at the
section's anchor); an htmx request gets the section re-rendered in place. Refused input re-renders the
form (whole page, or the section for htmx) with field messages and the typed values, status 422.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from vivier.applications.by_candidate import candidate_applications
from vivier.applications.schemas import ApplicantView
from vivier.assessments.models import RecruitmentTaskGroup
from vivier.assessments.scorecards import Scorecard, candidate_scorecards, list_all_groups
from vivier.candidates.models import Candidate
from vivier.candidates.service import get_candidate
from vivier.companies.context import Context
from vivier.companies.models import Member
from vivier.companies.service import list_members
from vivier.core.clock import as_utc
from vivier.core.errors import Invalid
from vivier.faces.common import DbSession
from vivier.files.models import StoredFile
from vivier.files.service import current_cvs
from vivier.messages.by_candidate import candidate_messages
from vivier.messages.schemas import MessageView
from vivier.notes.by_candidate import candidate_notes
from vivier.notes.schemas import CommentView
from vivier.staffing.by_candidate import Proposed, candidate_proposals
from vivier.tags.by_candidate import CandidateTrait, candidate_traits
from vivier.tags.models import Tag
from vivier.tags.schemas import allowed_values
from vivier.tags.service import list_tags
from vivier.tasks.by_candidate import candidate_tasks
from vivier.tasks.schemas import TaskView
from vivier.web.sessions import Recruiter, SignedIn
from vivier.web.templating import templates

# Form fields of each profile form; a violation on another field is shown at the top of the form.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    "details": (
        "firstname",
        "lastname",
        "email",
        "phone",
        "position",
        "location",
        "source",
        "linkedin",
        "notes",
        "expectations",
        "birth_date",
    ),
    "note": ("text", "reply_to"),
    "message": ("application", "subject", "text"),
    "tag": ("application", "tag", "value"),
    "task": ("application", "description", "due", "assignee"),
}
# Service field names that a form spells differently.
RENAMED: dict[str, dict[str, str]] = {
    "message": {"html": "text"},
    "task": {"date": "due", "users": "assignee", "value": "assignee", "memberId": "assignee"},
}


@dataclass(frozen=True)
class ProfilePage:
    candidate: Candidate
    applications: list[ApplicantView]
    cv: StoredFile | None
    notes: list[CommentView]
    messages: list[MessageView]
    traits: list[CandidateTrait]
    tags: list[Tag]
    tasks: list[TaskView]
    members: list[Member]
    scorecards: list[Scorecard]
    groups: list[RecruitmentTaskGroup]
    proposals: list[Proposed]
    can_write: bool
    member_id: int | None
    replies: dict[int, list[CommentView]] = field(default_factory=dict)

    @property
    def threads(self) -> list[CommentView]:
        """Notes that start a thread (replies are listed under their parent)."""
        ids = {n.note.id for n in self.notes}
        return [n for n in self.notes if n.note.reply_to_id not in ids]

    @property
    def vacancy_titles(self) -> dict[int, str]:
        return {a.application.id: a.vacancy.title for a in self.applications}

    @property
    def member_names(self) -> dict[str, str]:
        """Member and user encoded ids -> display names (tasks name members by user id)."""
        names: dict[str, str] = {}
        for m in self.members:
            name = f"{m.user.firstname} {m.user.lastname}".strip() or m.user.email
            names[m.public_id] = names[m.user.public_id] = name
        return names

    @property
    def tag_values(self) -> list[str]:
        return sorted({v for t in self.tags for v in allowed_values(t)})


def load(session: Session, ctx: Context, candidate_id: str) -> ProfilePage:
    """Everything the profile shows (NotFound for an unknown or another company's person)."""
    candidate = get_candidate(session, ctx, candidate_id)
    notes = candidate_notes(session, ctx, candidate.id)
    replies: dict[int, list[CommentView]] = {}
    for n in notes:
        if n.note.reply_to_id is not None:
            replies.setdefault(n.note.reply_to_id, []).append(n)
    return ProfilePage(
        candidate=candidate,
        applications=candidate_applications(session, ctx, candidate.id),
        cv=current_cvs(session, [candidate.id]).get(candidate.id),
        notes=notes,
        messages=candidate_messages(session, ctx, candidate),
        traits=candidate_traits(session, ctx, candidate.id),
        tags=[t for t in list_tags(session, ctx, type="candidates") if not t.folder],
        tasks=candidate_tasks(session, ctx, candidate.id),
        members=[m for m in list_members(session, ctx) if m.active],
        scorecards=candidate_scorecards(session, ctx, candidate.id),
        groups=list_all_groups(session, ctx),
        proposals=candidate_proposals(session, ctx, candidate.id),
        can_write=ctx.can_write,
        member_id=ctx.member_id,
        replies=replies,
    )


def current_cv(session: Session, ctx: Context, candidate_id: str) -> StoredFile | None:
    """The person's newest stored CV (NotFound for an unknown or another company's person)."""
    candidate = get_candidate(session, ctx, candidate_id)
    return current_cvs(session, [candidate.id]).get(candidate.id)


def when(value: datetime | None) -> str:
    """A timestamp as the profile shows it (UTC)."""
    return as_utc(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def field_errors(form: str, exc: Invalid) -> dict[str, str]:
    """Violation messages keyed by the form's field names ("_form" for the others)."""
    renamed = RENAMED.get(form, {})
    errors: dict[str, str] = {}
    for v in exc.violations:
        name = renamed.get(v.field, v.field)
        key = name if name in FORM_FIELDS.get(form, ()) else "_form"
        errors.setdefault(key, v.message)
    return errors


def render(
    request: Request,
    page: ProfilePage,
    *,
    section: str | None = None,
    status: int = 200,
    form: str | None = None,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Response:
    """The whole profile, or one section of it (``app/profile/_<section>.html``) for htmx swaps."""
    name = f"app/profile/_{section}.html" if section else "app/profile/page.html"
    context = {"page": page, "form": form, "errors": errors or {}, "values": values or {}, "when": when}
    return templates.TemplateResponse(request, name, context, status_code=status)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


@dataclass(frozen=True)
class ProfileAction:
    """A request acting on one person's profile: what every profile write route needs."""

    request: Request
    session: Session
    recruiter: Recruiter
    candidate_id: str

    @property
    def ctx(self) -> Context:
        return self.recruiter.ctx

    def run(
        self, section: str, form: str, values: Mapping[str, Any], action: Callable[[], object]
    ) -> Response:
        """Run the action, then answer as the module docstring says."""
        try:
            action()
        except Invalid as exc:
            page = load(self.session, self.ctx, self.candidate_id)
            swap = section if is_htmx(self.request) else None
            errors = field_errors(form, exc)
            return render(
                self.request, page, section=swap, status=422, form=form, errors=errors, values=values
            )
        if is_htmx(self.request):
            return render(self.request, load(self.session, self.ctx, self.candidate_id), section=section)
        return RedirectResponse(f"/candidates/{self.candidate_id}#{section}", status_code=303)


def profile_action(
    request: Request, session: DbSession, recruiter: SignedIn, candidate_id: str
) -> ProfileAction:
    return ProfileAction(request, session, recruiter, candidate_id)


OnProfile = Annotated[ProfileAction, Depends(profile_action)]
