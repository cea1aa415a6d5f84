"""The career site's apply form: reading the posted fields, submitting them, spam guards, messages.

An application goes through ``vivier.applications.service.apply``, the service behind the Flatchr
careers endpoint, so the same rules and file checks hold; the form adds what a public page needs
(email, CV and consent are required) and turns every refusal into a message next to its field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from vivier.applications.schemas import ApplicationInput
from vivier.applications.service import apply, check_document
from vivier.companies.context import Context
from vivier.companies.models import Company, Role
from vivier.core.errors import Constraint, Invalid, TooLarge, Violation
from vivier.files.ratelimit import claim_slot
from vivier.files.service import Upload
from vivier.files.store import FileStore
from vivier.files.types import ALLOWED

# A person rarely sends more than a couple of applications in ten minutes; a script sends hundreds.
APPLY_LIMIT = 10
APPLY_WINDOW = timedelta(minutes=10)
HONEYPOT = "website"  # a field people never see (hidden by CSS); bots fill it in
COVER_LETTER_LENGTH = 10_000
ACCEPT = ",".join(f".{t.extension}" for t in ALLOWED) + ",.jpeg"
# Which form control a service violation belongs to.
_CONTROL = {"resume": "cv", "type": "cv"}


def career_context(company: Company) -> Context:
    """Who applies from the public site: nobody signed in, allowed to create applications."""
    return Context(company.id, company.public_id, member_id=None, user_id=None, role_id=Role.RECRUITER)


def claim_apply_slot(session: Session, address: str) -> bool:
    """Count one submission from ``address``; False once it used all its slots in the window.

    The slots live in the ``rate_windows`` table, so the limit holds across every worker process.
    """
    return claim_slot(session, f"careers.apply:{address}", APPLY_LIMIT, APPLY_WINDOW)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    # PostgreSQL text cannot hold NUL characters; no person types them.
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""


def _upload(form: FormData, name: str) -> Upload | None:
    value = form.get(name)
    if not isinstance(value, UploadFile) or not value.filename:
        return None  # browsers send an empty, nameless part when no file was chosen
    return Upload(value.file, value.filename.replace("\x00", ""), value.content_type)


@dataclass(frozen=True)
class ApplyForm:
    """The posted apply form; text values are kept to fill the form again after an error."""

    firstname: str = ""
    lastname: str = ""
    email: str = ""
    phone: str = ""
    cover_letter: str = ""
    consent: bool = False
    honeypot: str = ""
    cv: Upload | None = None

    @classmethod
    def read(cls, form: FormData) -> ApplyForm:
        return cls(
            firstname=_text(form, "firstname"),
            lastname=_text(form, "lastname"),
            email=_text(form, "email"),
            phone=_text(form, "phone"),
            cover_letter=_text(form, "cover_letter"),
            consent=_text(form, "consent") != "",
            honeypot=_text(form, HONEYPOT),
            cv=_upload(form, "cv"),
        )

    def requirements(self) -> list[Violation]:
        """What the public form requires on top of the service's rules."""
        found: list[Violation] = []
        if not self.email:
            found.append(Violation("email", Constraint.BLANK, "is required"))
        if self.cv is None:
            found.append(Violation("cv", Constraint.BLANK, "is required"))
        if len(self.cover_letter) > COVER_LETTER_LENGTH:
            found.append(Violation("cover_letter", Constraint.LENGTH, "is too long", COVER_LETTER_LENGTH))
        if not self.consent:
            found.append(Violation("consent", Constraint.BLANK, "is required"))
        return found

    def application(self, vacancy_slug: str) -> ApplicationInput:
        return ApplicationInput(
            vacancy=vacancy_slug,
            firstname=self.firstname,
            lastname=self.lastname,
            type="document" if self.cv is not None else None,
            resume_upload=self.cv,
            email=self.email,
            phone=self.phone,
            comment=self.cover_letter,
        )


def submit_application(
    session: Session, company: Company, vacancy_slug: str, form: ApplyForm, store: FileStore, max_bytes: int
) -> list[Violation]:
    """Apply, or return every violation found; a refused form writes nothing.

    With the form's own requirements unmet, the service still checks the rest in test mode, so the
    candidate sees all problems at once. The savepoint undoes any row written before a late refusal.
    """
    problems = form.requirements()
    try:
        with session.begin_nested():
            apply(
                session,
                career_context(company),
                store,
                max_bytes,
                form.application(vacancy_slug),
                test_mode=bool(problems),
            )
    except (Invalid, TooLarge) as exc:
        problems.extend(_violations(exc, max_bytes))
        if form.cv is not None and not any(_CONTROL.get(p.field, p.field) == "cv" for p in problems):
            # The service stops at the first invalid field before reading the file: check it too.
            problems.extend(_file_problems(store, form.cv, max_bytes))
    return problems


def _violations(exc: Invalid | TooLarge, max_bytes: int) -> list[Violation]:
    if isinstance(exc, TooLarge):
        return [Violation("cv", Constraint.RANGE, "is too large", max_bytes)]
    return exc.violations


def _file_problems(store: FileStore, upload: Upload, max_bytes: int) -> list[Violation]:
    if not isinstance(upload.data, bytes):
        upload.data.seek(0)
    try:
        check_document(store, upload, max_bytes, field="cv")
    except (Invalid, TooLarge) as exc:
        return _violations(exc, max_bytes)
    return []


def field_errors(problems: list[Violation], gettext: Callable[..., str]) -> dict[str, str]:
    """One translated message per form control (the first problem found for it wins)."""
    errors: dict[str, str] = {}
    for problem in problems:
        control = _CONTROL.get(problem.field, problem.field)
        if control not in errors:
            message, values = _message(replace(problem, field=control))
            errors[control] = gettext(message, **values)
    return errors


def _message(problem: Violation) -> tuple[str, dict[str, object]]:
    """The English message (a catalogue key) for a problem, and its placeholder values."""
    field, constraint = problem.field, problem.constraint
    if field == "cv":
        if constraint == Constraint.BLANK:
            return "Please attach your CV.", {}
        if constraint == Constraint.RANGE and isinstance(problem.limit, int):
            return "The file is larger than {size} MB.", {"size": problem.limit // (1024 * 1024)}
        if constraint == Constraint.INVALID:
            return "The file's content does not match its type.", {}
        return "This file type is not accepted: send a PDF, Word, OpenDocument, RTF or text file.", {}
    if field == "consent":
        return "Please agree to the processing of your data to apply.", {}
    if constraint == Constraint.BLANK:
        return "This field is required.", {}
    if constraint == Constraint.EMAIL:
        return "Enter a valid email address, like name@example.com.", {}
    if constraint == Constraint.LENGTH:
        return "This is too long (at most {limit} characters).", {"limit": problem.limit}
    if constraint == Constraint.INVALID and field in ("firstname", "lastname"):
        return "Enter a name with at least one letter.", {}
    return "Check this value.", {}
