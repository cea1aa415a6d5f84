"""Tasks (Flatchr §7.17-7.19): reminders about members or applicants, shown to chosen members."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from html import escape

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.companies.context import Context
from vivier.companies.models import Member, User
from vivier.core.clock import as_utc, now
from vivier.core.errors import Constraint, Invalid, Violation
from vivier.db.scoping import get_by_public_id, restrict, scoped
from vivier.events.audit import record
from vivier.messages.mailer import OutgoingMail
from vivier.tasks.models import Task, TaskLink, TaskUser
from vivier.tasks.schemas import APPLICANT_PREFIX, MEMBER_PREFIX, TASK_TYPE, TaskView


def resolve_members(session: Session, ctx: Context, refs: Iterable[str]) -> dict[str, tuple[Member, User]]:
    """Company members keyed by each given ref (a user's or a member's encoded id); unknown refs are absent."""
    wanted = {r for r in refs if isinstance(r, str) and r}
    if not wanted:
        return {}
    rows = session.execute(
        restrict(select(Member, User).join(User, User.id == Member.user_id), Member, ctx).where(
            or_(User.public_id.in_(wanted), Member.public_id.in_(wanted))
        )
    ).all()
    found: dict[str, tuple[Member, User]] = {}
    for member, user in rows:
        for key in (user.public_id, member.public_id):
            if key in wanted:
                found[key] = (member, user)
    return found


def _applications(session: Session, ctx: Context, refs: Iterable[str]) -> dict[str, Application]:
    wanted = set(refs)
    if not wanted:
        return {}
    rows = session.scalars(scoped(Application, ctx).where(Application.public_id.in_(wanted)))
    return {a.public_id: a for a in rows}


def _split_value(entry: object) -> tuple[str, str] | None:
    """``("member"|"applicant", ref)`` for a well-formed ``value`` entry, else None."""
    if not isinstance(entry, str):
        return None
    for kind, prefix in (("member", MEMBER_PREFIX), ("applicant", APPLICANT_PREFIX)):
        if entry.startswith(prefix) and entry[len(prefix) :].strip():
            return kind, entry[len(prefix) :].strip()
    return None


Entry = tuple[str, str]  # ("member" | "applicant", encoded id)


def _field_violations(
    description: object, date: object, value: object, users: object
) -> tuple[str, list[Entry], list[str], list[Violation]]:
    """The trimmed description, parsed ``value`` entries and ``users`` refs, and the shape violations."""
    violations: list[Violation] = []
    text = description.strip() if isinstance(description, str) else ""
    if not text:
        violations.append(Violation("description", Constraint.BLANK, "must not be blank"))
    if date is None:
        violations.append(Violation("date", Constraint.NULL, "is required"))
    elif not isinstance(date, datetime):
        violations.append(Violation("date", Constraint.TYPE, "must be an ISO 8601 datetime"))
    entries = [_split_value(v) for v in value] if isinstance(value, list) else []
    if not isinstance(value, list) or not value:
        violations.append(Violation("value", Constraint.BLANK, "must be a non-empty list"))
    elif any(e is None for e in entries):
        message = "each entry must be member=<id> or applicant=<id>"
        violations.append(Violation("value", Constraint.INVALID, message))
    user_refs = [u for u in users if isinstance(u, str)] if isinstance(users, list) else []
    if not isinstance(users, list) or len(user_refs) != len(users):
        violations.append(Violation("users", Constraint.TYPE, "must be a list of user ids"))
    return text, [e for e in entries if e is not None], user_refs, violations


def _reference_violations(
    parsed: list[Entry],
    user_refs: list[str],
    member_ref: str | None,
    members: dict[str, tuple[Member, User]],
    applications: dict[str, Application],
) -> list[Violation]:
    violations: list[Violation] = []
    unknown = [ref for kind, ref in parsed if ref not in (members if kind == "member" else applications)]
    if unknown:
        message = f"unknown member or applicant {unknown[0]}"
        violations.append(Violation("value", Constraint.REFERENCE, message))
    missing = [u for u in user_refs if u not in members]
    if missing:
        violations.append(Violation("users", Constraint.REFERENCE, f"unknown member {missing[0]}"))
    if member_ref is not None and member_ref not in members:
        violations.append(Violation("memberId", Constraint.REFERENCE, f"unknown member {member_ref}"))
    return violations


def create_task(
    session: Session,
    ctx: Context,
    description: str,
    date: datetime,
    value: list[str],
    users: list[str],
    member_ref: str | None = None,
    email: bool = False,
) -> TaskView:
    """Create an open task; every field is checked before anything is stored, each bad one named (§7.18).

    ``member_ref`` (Flatchr ``memberId``, blank = absent) defaults to the acting member.
    """
    ctx.require_write()
    member_ref = member_ref.strip() or None if isinstance(member_ref, str) else None
    text, parsed, user_refs, violations = _field_violations(description, date, value, users)
    members = resolve_members(
        session, ctx, [*(ref for kind, ref in parsed if kind == "member"), *user_refs, member_ref or ""]
    )
    applications = _applications(session, ctx, [ref for kind, ref in parsed if kind == "applicant"])
    found = _reference_violations(parsed, user_refs, member_ref, members, applications)
    # A malformed list is reported once, not also as unknown references.
    shaped = {v.field for v in violations}
    violations += [v for v in found if v.field not in shaped]
    if violations:
        raise Invalid(violations)

    task = Task(
        company_id=ctx.company_id,
        description=text,
        date=as_utc(date),
        type=TASK_TYPE,
        done=False,
        email=bool(email),
        creator_member_id=members[member_ref][0].id if member_ref is not None else ctx.member_id,
    )
    session.add(task)
    session.flush()
    for position, (kind, ref) in enumerate(parsed):
        link = TaskLink(task_id=task.id, position=position)
        if kind == "member":
            link.member_id = members[ref][0].id
        else:
            link.application_id = applications[ref].id
        session.add(link)
    shown = list(dict.fromkeys(members[ref][0].id for ref in user_refs))  # one row per member, order kept
    session.add_all(TaskUser(task_id=task.id, member_id=m, position=i) for i, m in enumerate(shown))
    session.flush()
    record(session, ctx, "task.create", "task", task.public_id, links=len(parsed), users=len(shown))
    return task_views(session, [task])[0]


def get_task(session: Session, ctx: Context, public_id: str) -> TaskView:
    """One task of the company, else NotFound."""
    task = get_by_public_id(session, Task, ctx, public_id, what="Task")
    return task_views(session, [task])[0]


def close_task(session: Session, ctx: Context, public_id: str, done: bool) -> TaskView:
    """Mark a task done (``done=False`` reopens it)."""
    ctx.require_write()
    task = get_by_public_id(session, Task, ctx, public_id, what="Task")
    if task.done != bool(done):
        task.done = bool(done)
        session.flush()
    record(session, ctx, "task.close" if done else "task.reopen", "task", task.public_id)
    return task_views(session, [task])[0]


def _window(date_from: datetime | None, delay_days: int | None) -> tuple[datetime | None, datetime | None]:
    if delay_days is not None and delay_days < 0:
        raise Invalid.one("delay", Constraint.MIN, "must be 0 or more", 0)
    start = as_utc(date_from) if date_from is not None else None
    if delay_days is None:
        return start, None
    start = start or now()
    return start, start + timedelta(days=delay_days)


def list_tasks(
    session: Session,
    ctx: Context,
    date_from: datetime | None = None,
    delay_days: int | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[TaskView]:
    """The company's tasks by date ascending; ``date_from`` keeps those on or after it and ``delay_days``
    those before ``date_from`` (or now) plus that many days."""
    start, end = _window(date_from, delay_days)
    stmt = scoped(Task, ctx)
    if start is not None:
        stmt = stmt.where(Task.date >= start)
    if end is not None:
        stmt = stmt.where(Task.date < end)
    stmt = stmt.order_by(Task.date, Task.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return task_views(session, list(session.scalars(stmt)))


def list_tasks_for_member(
    session: Session, ctx: Context, *, member_id: int | None = None, include_done: bool = False
) -> list[TaskView]:
    """Tasks a member created, is shown (``users``) or is the subject of (web app "my tasks")."""
    who = member_id if member_id is not None else ctx.member_id
    if who is None:
        return []
    shown = select(TaskUser.task_id).where(TaskUser.member_id == who)
    about = select(TaskLink.task_id).where(TaskLink.member_id == who)
    stmt = scoped(Task, ctx).where(or_(Task.creator_member_id == who, Task.id.in_(shown), Task.id.in_(about)))
    if not include_done:
        stmt = stmt.where(Task.done.is_(False))
    return task_views(session, list(session.scalars(stmt.order_by(Task.date, Task.id))))


def task_views(session: Session, tasks: Sequence[Task]) -> list[TaskView]:
    """Bundle tasks with their links, users and creator in three queries, whatever the count."""
    if not tasks:
        return []
    ids = [t.id for t in tasks]
    values: dict[int, list[str]] = defaultdict(list)
    link_rows = session.execute(
        select(TaskLink.task_id, User.public_id, Application.public_id)
        .outerjoin(Member, Member.id == TaskLink.member_id)
        .outerjoin(User, User.id == Member.user_id)
        .outerjoin(Application, Application.id == TaskLink.application_id)
        .where(TaskLink.task_id.in_(ids))
        .order_by(TaskLink.task_id, TaskLink.position, TaskLink.id)
    ).all()
    for task_id, user_pid, application_pid in link_rows:
        if application_pid is not None:
            values[task_id].append(APPLICANT_PREFIX + application_pid)
        elif user_pid is not None:
            values[task_id].append(MEMBER_PREFIX + user_pid)
    users: dict[int, list[str]] = defaultdict(list)
    user_rows = session.execute(
        select(TaskUser.task_id, User.public_id)
        .join(Member, Member.id == TaskUser.member_id)
        .join(User, User.id == Member.user_id)
        .where(TaskUser.task_id.in_(ids))
        .order_by(TaskUser.task_id, TaskUser.position, TaskUser.member_id)
    ).all()
    for task_id, user_pid in user_rows:
        users[task_id].append(user_pid)
    creator_ids = {t.creator_member_id for t in tasks if t.creator_member_id is not None}
    creators: dict[int, str] = {}
    if creator_ids:
        creators = dict(
            session.execute(
                select(Member.id, User.public_id)
                .join(User, User.id == Member.user_id)
                .where(Member.id.in_(creator_ids))
            ).all()
        )
    return [
        TaskView(
            task=t,
            value=tuple(values[t.id]),
            users=tuple(users[t.id]),
            member_id=creators.get(t.creator_member_id) if t.creator_member_id is not None else None,
        )
        for t in tasks
    ]


def notification_mails(session: Session, task_id: int) -> list[OutgoingMail]:
    """The mails announcing a task to the members it is shown to, when it asked for ``email``.

    Read after commit (no tenant context: the task id comes from the request that created it).
    """
    task = session.get(Task, task_id)
    if task is None or not task.email:
        return []
    recipients = session.scalars(
        select(User)
        .join(Member, Member.user_id == User.id)
        .join(TaskUser, TaskUser.member_id == Member.id)
        .where(TaskUser.task_id == task.id, User.use_email.is_(True))
        .order_by(TaskUser.position)
    )
    when = as_utc(task.date).strftime("%d/%m/%Y %H:%M UTC")
    text = f"{task.description}\n\nÉchéance : {when}"
    html = f"<p>{escape(task.description)}</p><p>Échéance : {when}</p>"
    return [
        OutgoingMail(to=user.email, subject=f"Nouvelle tâche : {task.description[:80]}", text=text, html=html)
        for user in recipients
    ]
