"""People (Flowtly Candidate == Flatchr candidate): create, merge-update, list, meta information.

Every write keeps the normalised ``*_key`` / ``phone_digits`` columns in sync: they back the indexed,
case-insensitive lookups (email uniqueness, Flatchr search) on very large tables.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select
from sqlalchemy.orm import Session

from vivier.candidates.models import Candidate
from vivier.candidates.pages import CandidateCard, card_page, company_candidate_count, everyone_page
from vivier.candidates.schemas import (
    CANDIDATE_FIELDS,
    META_CREATED,
    META_UPDATED,
    URL_KINDS,
    CandidateData,
)
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, NotFound, Violation
from vivier.core.ids import is_public_id
from vivier.core.listing import ListQuery, Page, apply_filters, apply_order
from vivier.core.text import digits, is_number, lookup_key
from vivier.db.scoping import get_by_int_id, get_by_public_id, scoped
from vivier.events.audit import record

# Domain field -> model attribute (where they differ).
_ATTRIBUTE = {"linkedin": "url_linkedin", "notes": "summary"}
# Maximum lengths; the phone column is 50 wide, Flowtly strings 255, long texts 65,535.
_MAX_LENGTH = {
    "firstname": 255,
    "lastname": 255,
    "email": 255,
    "phone": 50,
    "source": 255,
    "location": 255,
    "position": 255,
    "linkedin": 255,
    "notes": 65535,
    "expectations": 65535,
    "external_id": 255,
}
_REQUIRED = ("firstname", "lastname")
# Keys of a meta-information ``value`` that update the profile (Flatchr names -> domain names).
_META_FIELDS = {
    "firstname": "firstname",
    "lastname": "lastname",
    "email": "email",
    "phone": "phone",
    "summary": "notes",
    "external_id": "external_id",
}
_URL_LENGTH = 500


# -- validation helpers (also used by the applications service) -----------------------------------


def is_valid_email(value: str) -> bool:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def email_taken(session: Session, ctx: Context, email: str, *, except_id: int | None = None) -> bool:
    """Whether another person of the company already uses this email (case-insensitively)."""
    stmt = scoped(Candidate, ctx).where(Candidate.email_key == lookup_key(email))
    if except_id is not None:
        stmt = stmt.where(Candidate.id != except_id)
    return session.scalars(stmt.limit(1)).first() is not None


def sync_keys(candidate: Candidate) -> None:
    """Refresh the normalised lookup columns from the visible ones."""
    candidate.firstname_key = lookup_key(candidate.firstname)
    candidate.lastname_key = lookup_key(candidate.lastname)
    candidate.email_key = lookup_key(candidate.email)
    candidate.phone_digits = digits(candidate.phone)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trim names and email (they are identifiers); other text is kept as sent."""
    out = dict(values)
    for name in ("firstname", "lastname", "email"):
        if isinstance(out.get(name), str):
            out[name] = out[name].strip()
    if isinstance(out.get("birth_date"), datetime):
        out["birth_date"] = out["birth_date"].date()
    return out


def _violations(
    values: Mapping[str, Any], *, allow_empty_email: bool, changed: Collection[str] | None = None
) -> list[Violation]:
    """Check a whole person (after merging a patch); every problem is reported, not only the first.

    Types and lengths are checked on ``changed`` keys only (all when None): a stored value accepted
    by the other face (e.g. a 500-character Flatchr URL) must not block an unrelated change.
    """
    found: list[Violation] = []
    for name, value in values.items():
        if changed is not None and name not in changed:
            continue
        if name == "birth_date":
            if value is not None and not isinstance(value, date):
                found.append(Violation(name, Constraint.TYPE, "must be a date (YYYY-MM-DD)"))
            continue
        if value is not None and not isinstance(value, str):
            found.append(Violation(name, Constraint.TYPE, "must be a string"))
            continue
        limit = _MAX_LENGTH.get(name)
        if value is not None and limit is not None and len(value) > limit:
            found.append(Violation(name, Constraint.LENGTH, f"must be at most {limit} characters", limit))
    bad_type = {v.field for v in found}
    for name in _REQUIRED:
        if name not in bad_type and not values.get(name):
            found.append(Violation(name, Constraint.BLANK, "must not be blank"))
    email = values.get("email")
    if "email" not in bad_type:
        if not email:
            if not allow_empty_email:
                found.append(Violation("email", Constraint.BLANK, "must not be blank"))
        elif not is_valid_email(email):
            found.append(Violation("email", Constraint.EMAIL, "must be a valid email"))
    return found


def _check(
    session: Session,
    ctx: Context,
    values: dict[str, Any],
    *,
    allow_empty_email: bool,
    except_id: int | None = None,
    check_unique: bool = True,
    changed: Collection[str] | None = None,
) -> None:
    found = _violations(values, allow_empty_email=allow_empty_email, changed=changed)
    email = values.get("email")
    if (
        check_unique
        and email
        and not any(v.field == "email" for v in found)
        and email_taken(session, ctx, email, except_id=except_id)
    ):
        found.append(Violation("email", Constraint.UNIQUE, "is already used"))
    if found:
        raise Invalid(found)


def _check_patch(session: Session, ctx: Context, candidate: Candidate, patch: dict[str, Any]) -> None:
    """Check the person ``patch`` would make; a stored empty email is tolerated while the patch sets none."""
    _check(
        session,
        ctx,
        {**_values_of(candidate), **patch},
        allow_empty_email=not candidate.email and "email" not in patch,
        except_id=candidate.id,
        check_unique="email" in patch and lookup_key(patch["email"]) != candidate.email_key,
        changed=patch.keys(),
    )


def _assign(candidate: Candidate, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(candidate, _ATTRIBUTE.get(name, name), value)
    sync_keys(candidate)


def _values_of(candidate: Candidate) -> dict[str, Any]:
    return {name: getattr(candidate, _ATTRIBUTE.get(name, name)) for name in CANDIDATE_FIELDS}


# -- operations ------------------------------------------------------------------------------------


def create_candidate(session: Session, ctx: Context, data: CandidateData) -> Candidate:
    """Create a person (Flowtly rules: names not blank, email required, valid and unique per company)."""
    ctx.require_write()
    values = _clean(asdict(data))
    _check(session, ctx, values, allow_empty_email=False)
    candidate = Candidate(company_id=ctx.company_id, additionals={}, created_by=ctx.user_id)
    _assign(candidate, values)
    session.add(candidate)
    session.flush()
    record(session, ctx, "candidate.create", "candidate", candidate.public_id)
    return candidate


def get_candidate(session: Session, ctx: Context, public_id: str) -> Candidate:
    return get_by_public_id(session, Candidate, ctx, public_id, what="Candidate")


def update_candidate(session: Session, ctx: Context, public_id: str, changes: Mapping[str, Any]) -> Candidate:
    """Merge ``changes`` (only present keys change, None clears) and validate the resulting person.

    A stored empty email is tolerated while the client does not set one (people from applications).
    """
    ctx.require_write()
    candidate = get_candidate(session, ctx, public_id)
    patch = _clean({k: v for k, v in changes.items() if k in CANDIDATE_FIELDS})
    _check_patch(session, ctx, candidate, patch)
    _assign(candidate, patch)
    session.flush()
    record(session, ctx, "candidate.update", "candidate", candidate.public_id, fields=sorted(patch))
    return candidate


ORDERABLE = {
    "id": Candidate.id,
    "firstname": Candidate.firstname,
    "lastname": Candidate.lastname,
    "email": Candidate.email,
    "createdAt": Candidate.created_at,
    "updatedAt": Candidate.updated_at,
}


def filter_candidates(stmt: Select[Candidate], query: ListQuery) -> Select[Candidate]:
    """The Flowtly candidate filters (partial names, position, location; exact email and source; dates)."""
    return apply_filters(
        stmt,
        query,
        exact={"source": Candidate.source},
        exact_ci={"email": Candidate.email_key},
        partial={
            "firstname": Candidate.firstname,
            "lastname": Candidate.lastname,
            "position": Candidate.position,
            "location": Candidate.location,
        },
        dates={"createdAt": Candidate.created_at, "updatedAt": Candidate.updated_at},
    )


def list_candidates(session: Session, ctx: Context, query: ListQuery) -> Page[CandidateCard]:
    """One page of the company's people, filtered and ordered the Flowtly way."""
    everyone = scoped(Candidate, ctx)
    stmt = filter_candidates(everyone, query)
    if stmt is everyone and not query.order:
        return everyone_page(session, ctx, query)
    # Unfiltered, the total is the company's trigger-maintained counter, not a count of every row.
    total = company_candidate_count(session, ctx) if stmt is everyone else None
    stmt = apply_order(stmt, query, ORDERABLE, default=(Candidate.created_at, Candidate.id))
    return card_page(session, stmt, query, total=total)


def find_by_email(session: Session, ctx: Context, email: str | None) -> Candidate | None:
    """The company's person with this email (case-insensitive), if any."""
    key = lookup_key(email)
    if key is None:
        return None
    return session.scalars(scoped(Candidate, ctx).where(Candidate.email_key == key)).first()


def find_or_create_person(
    session: Session,
    ctx: Context,
    *,
    firstname: str,
    lastname: str,
    email: str | None,
    phone: str | None = None,
    urls: Mapping[str, str | None] | None = None,
    source: str | None = None,
    position: str | None = None,
    created_by: int | None = None,
) -> tuple[Candidate, bool]:
    """The person with this email (empty phone/urls filled in), else a new one; input is pre-validated.

    Returns the person and whether it was created.
    """
    urls = {k: v for k, v in (urls or {}).items() if k in URL_KINDS and v}
    person = find_by_email(session, ctx, email)
    if person is not None:
        if phone and not person.phone:
            person.phone = phone
        for kind, url in urls.items():
            if not getattr(person, f"url_{kind}"):
                setattr(person, f"url_{kind}", url)
        sync_keys(person)
        return person, False
    person = Candidate(
        company_id=ctx.company_id,
        firstname=firstname,
        lastname=lastname,
        email=email or None,
        phone=phone or None,
        source=source,
        position=position,
        additionals={},
        created_by=created_by,
        **{f"url_{kind}": url for kind, url in urls.items()},
    )
    sync_keys(person)
    session.add(person)
    session.flush()
    record(session, ctx, "candidate.create", "candidate", person.public_id, via="application")
    return person, True


def url_violations(urls: Mapping[str, Any] | None, field: str = "urls") -> list[Violation]:
    """Check a Flatchr ``urls`` object: known keys must be strings of at most 500 characters."""
    found: list[Violation] = []
    for kind in URL_KINDS:
        value = (urls or {}).get(kind)
        if value is None:
            continue
        if not isinstance(value, str):
            found.append(Violation(f"{field}.{kind}", Constraint.TYPE, "must be a string"))
        elif len(value) > _URL_LENGTH:
            found.append(
                Violation(f"{field}.{kind}", Constraint.LENGTH, "must be at most 500 characters", _URL_LENGTH)
            )
    return found


# -- meta information (Flatchr §7.6) ---------------------------------------------------------------


def find_by_reference(session: Session, ctx: Context, reference: str | int) -> Candidate:
    """A person by email (case-insensitive), encoded id or integer id; NotFound otherwise."""
    if isinstance(reference, int) and not isinstance(reference, bool):
        return get_by_int_id(session, Candidate, ctx, reference, what="Candidate")
    if isinstance(reference, str):
        ref = reference.strip()
        if is_number(ref):
            return get_by_int_id(session, Candidate, ctx, int(ref), what="Candidate")
        if "@" in ref:
            found = find_by_email(session, ctx, ref)
            if found is not None:
                return found
        elif is_public_id(ref):
            return get_by_public_id(session, Candidate, ctx, ref, what="Candidate")
    raise NotFound("Candidate not found")


def update_meta_information(
    session: Session,
    ctx: Context,
    reference: str | int,
    value: object,
    app_name: str | None = "api",
    type: str | None = None,  # Flatchr parameter name
    name: str | None = None,
) -> str:
    """Merge ``value`` into a person: profile fields update the profile, the rest goes to
    ``additionals[app_name]`` (with ``type``/``name`` kept as ``_type``/``_name``).

    Returns "created" when ``additionals[app_name]`` did not exist yet, else "updated".
    """
    ctx.require_write()
    if not isinstance(value, dict):
        raise Invalid.one("value", Constraint.TYPE, "must be an object")
    person = find_by_reference(session, ctx, reference)
    app = (app_name or "").strip() or "api"
    profile = {_META_FIELDS[k]: v for k, v in value.items() if k in _META_FIELDS}
    extra = {k: v for k, v in value.items() if k not in _META_FIELDS}
    if profile:
        patch = _clean(profile)
        try:
            _check_patch(session, ctx, person, patch)
        except Invalid as exc:
            raise Invalid(
                [Violation(f"value.{v.field}", v.constraint, v.message, v.limit) for v in exc.violations]
            ) from exc
        _assign(person, patch)
    additionals = dict(person.additionals or {})
    action = META_UPDATED if app in additionals else META_CREATED
    block = dict(additionals.get(app) or {}) | extra
    if type is not None:
        block["_type"] = type
    if name is not None:
        block["_name"] = name
    additionals[app] = block
    person.additionals = additionals  # a new dict, so the JSON column is seen as changed
    session.flush()
    record(
        session, ctx, "candidate.meta", "candidate", person.public_id, app_name=app, fields=sorted(profile)
    )
    return action
