from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import settable_clock
from vivier.candidates.models import Candidate
from vivier.candidates.schemas import CandidateData
from vivier.candidates.service import (
    create_candidate,
    find_or_create_person,
    get_candidate,
    list_candidates,
    update_candidate,
    update_meta_information,
)
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.core.listing import DateBound, ListQuery
from vivier.events.models import AuditEvent


def ada(**overrides: object) -> CandidateData:
    values: dict[str, object] = {
        "firstname": "Ada",
        "lastname": "Lovelace",
        "email": "Ada@Example.org",
        "phone": "+33 6 12 34 56 78",
        "source": "LinkedIn",
        "birth_date": date(1990, 12, 10),
    }
    values.update(overrides)
    return CandidateData(**values)  # type: ignore[arg-type]


def count(session: Session, ctx: Context) -> int:
    return session.scalar(select(func.count()).where(Candidate.company_id == ctx.company_id)) or 0


def fields_of(exc: pytest.ExceptionInfo[Invalid]) -> dict[str, Constraint]:
    return {v.field: v.constraint for v in exc.value.violations}


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    with settable_clock(datetime(2026, 4, 3, 18, 31, tzinfo=UTC)) as current:
        yield current


# -- create ----------------------------------------------------------------------------------------


def test_create_keeps_values_and_lookup_keys(session: Session, ctx: Context) -> None:
    person = create_candidate(session, ctx, ada(linkedin="https://linkedin.com/in/ada", notes="Strong"))
    assert person.company_id == ctx.company_id and len(person.public_id) == 16
    assert (person.firstname, person.email, person.summary, person.url_linkedin) == (
        "Ada",
        "Ada@Example.org",
        "Strong",
        "https://linkedin.com/in/ada",
    )
    assert (person.firstname_key, person.lastname_key, person.email_key, person.phone_digits) == (
        "ada",
        "lovelace",
        "ada@example.org",
        "33612345678",
    )
    assert person.birth_date == date(1990, 12, 10) and person.additionals == {}
    audit = session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == person.public_id)).all()
    assert audit == ["candidate.create"]


def test_create_collects_every_violation_and_stores_nothing(session: Session, ctx: Context) -> None:
    before = count(session, ctx)
    with pytest.raises(Invalid) as info:
        create_candidate(
            session, ctx, CandidateData(firstname="", lastname="X", email="nope", notes="n" * 65536)
        )
    assert fields_of(info) == {
        "firstname": Constraint.BLANK,
        "email": Constraint.EMAIL,
        "notes": Constraint.LENGTH,
    }
    assert count(session, ctx) == before


@pytest.mark.parametrize(
    ("overrides", "field", "constraint"),
    [
        ({"email": None}, "email", Constraint.BLANK),
        ({"email": "  "}, "email", Constraint.BLANK),
        ({"lastname": None}, "lastname", Constraint.BLANK),
        ({"firstname": "x" * 256}, "firstname", Constraint.LENGTH),
        ({"position": "p" * 256}, "position", Constraint.LENGTH),
        ({"expectations": "e" * 65536}, "expectations", Constraint.LENGTH),
        ({"firstname": 42}, "firstname", Constraint.TYPE),
        ({"birth_date": "1990-12-10"}, "birth_date", Constraint.TYPE),
    ],
)
def test_create_rules(
    session: Session, ctx: Context, overrides: dict[str, object], field: str, constraint: Constraint
) -> None:
    with pytest.raises(Invalid) as info:
        create_candidate(session, ctx, ada(**overrides))
    assert fields_of(info) == {field: constraint}


def test_email_is_unique_per_company_case_insensitively(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    create_candidate(session, ctx, ada())
    with pytest.raises(Invalid) as info:
        create_candidate(session, ctx, ada(email=" ADA@example.ORG "))
    assert fields_of(info) == {"email": Constraint.UNIQUE}
    # The same person may exist in another company.
    elsewhere = create_candidate(session, other_ctx, ada())
    assert elsewhere.company_id == other_ctx.company_id


def test_read_only_context_cannot_create(session: Session, ctx: Context) -> None:
    reader = Context(ctx.company_id, ctx.company_public_id, ctx.member_id, ctx.user_id, 4)
    with pytest.raises(Forbidden):
        create_candidate(session, reader, ada())


# -- get / update ----------------------------------------------------------------------------------


def test_update_merges_only_present_keys(session: Session, ctx: Context, clock: list[datetime]) -> None:
    person = create_candidate(session, ctx, ada(location="Paris"))
    created = person.updated_at
    clock[0] += timedelta(minutes=5)
    updated = update_candidate(
        session, ctx, person.public_id, {"location": "Lyon", "phone": None, "id": "ignored"}
    )
    assert (updated.location, updated.phone, updated.phone_digits) == ("Lyon", None, None)
    assert (updated.firstname, updated.email, updated.source) == ("Ada", "Ada@Example.org", "LinkedIn")
    assert updated.updated_at > created and updated.created_at == created
    update_candidate(session, ctx, person.public_id, {"lastname": "Byron", "email": "ADA@lovelace.org"})
    assert (person.lastname_key, person.email_key) == ("byron", "ada@lovelace.org")


@pytest.mark.parametrize("key", ["firstname", "lastname", "email"])
def test_update_cannot_clear_required_fields(session: Session, ctx: Context, key: str) -> None:
    person = create_candidate(session, ctx, ada())
    with pytest.raises(Invalid) as info:
        update_candidate(session, ctx, person.public_id, {key: None, "location": "Lyon"})
    assert fields_of(info) == {key: Constraint.BLANK}
    session.refresh(person)
    assert person.location is None


def test_update_email_uniqueness(session: Session, ctx: Context) -> None:
    first = create_candidate(session, ctx, ada())
    second = create_candidate(session, ctx, ada(email="grace@example.org", firstname="Grace"))
    with pytest.raises(Invalid) as info:
        update_candidate(session, ctx, second.public_id, {"email": "ada@EXAMPLE.org"})
    assert fields_of(info) == {"email": Constraint.UNIQUE}
    # Re-sending one's own email in another case is not a conflict.
    same = update_candidate(session, ctx, first.public_id, {"email": "ADA@example.org"})
    assert same.email == "ADA@example.org"


def test_update_tolerates_a_stored_empty_email(session: Session, ctx: Context) -> None:
    person, created = find_or_create_person(session, ctx, firstname="No", lastname="Mail", email=None)
    assert created and person.email is None
    patched = update_candidate(session, ctx, person.public_id, {"notes": "called"})
    assert patched.summary == "called"
    with pytest.raises(Invalid) as info:
        update_candidate(session, ctx, person.public_id, {"email": None})
    assert fields_of(info) == {"email": Constraint.BLANK}
    with pytest.raises(Invalid):
        update_candidate(session, ctx, person.public_id, {"email": "bad"})
    assert (
        update_candidate(session, ctx, person.public_id, {"email": "no@mail.org"}).email_key == "no@mail.org"
    )


def test_other_company_candidates_are_not_found(session: Session, ctx: Context, other_ctx: Context) -> None:
    theirs = create_candidate(session, other_ctx, ada())
    with pytest.raises(NotFound):
        get_candidate(session, ctx, theirs.public_id)
    with pytest.raises(NotFound):
        update_candidate(session, ctx, theirs.public_id, {"notes": "x"})
    with pytest.raises(NotFound):
        get_candidate(session, ctx, "not-an-id")
    assert get_candidate(session, other_ctx, theirs.public_id) is theirs


# -- list ------------------------------------------------------------------------------------------


@pytest.fixture
def people(session: Session, ctx: Context, other_ctx: Context, clock: list[datetime]) -> list[Candidate]:
    made = []
    for first, last, email, source, position, location in [
        ("Ada", "Lovelace", "ada@example.org", "LinkedIn", "Backend developer", "Paris"),
        ("Grace", "Hopper", "grace@example.org", "Indeed", "Compiler engineer", "Arlington"),
        ("Alan", "Turing", "alan@example.org", "LinkedIn", "Cryptanalyst", "Lyon"),
    ]:
        clock[0] += timedelta(days=1)
        made.append(
            create_candidate(
                session,
                ctx,
                CandidateData(
                    firstname=first,
                    lastname=last,
                    email=email,
                    source=source,
                    position=position,
                    location=location,
                ),
            )
        )
    create_candidate(session, other_ctx, ada(firstname="Ada", lastname="Elsewhere"))
    return made


def names(page_items: list[Candidate]) -> list[str]:
    return [c.firstname for c in page_items]


def test_list_default_order_paging_and_scope(session: Session, ctx: Context, people: list[Candidate]) -> None:
    page = list_candidates(session, ctx, ListQuery())
    assert names(page.items) == ["Ada", "Grace", "Alan"] and page.total == 3
    second = list_candidates(session, ctx, ListQuery(page=2, per_page=2))
    assert names(second.items) == ["Alan"] and second.total == 3
    assert list_candidates(session, ctx, ListQuery(page=9)).items == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ListQuery(partial={"lastname": ["LOVE"]}), ["Ada"]),
        (ListQuery(partial={"firstname": ["a"]}), ["Ada", "Grace", "Alan"]),
        (ListQuery(partial={"position": ["engineer"]}), ["Grace"]),
        (ListQuery(partial={"location": ["ly"]}), ["Alan"]),
        (ListQuery(exact={"email": ["GRACE@EXAMPLE.ORG"]}), ["Grace"]),
        (ListQuery(exact={"email": ["grace@example.org", "alan@example.org"]}), ["Grace", "Alan"]),
        (ListQuery(exact={"source": ["LinkedIn"]}), ["Ada", "Alan"]),
        (ListQuery(exact={"source": ["linkedin"]}), []),
        (ListQuery(exact={"unknown": ["x"]}), ["Ada", "Grace", "Alan"]),
        (ListQuery(order=[("lastname", True)]), ["Alan", "Ada", "Grace"]),
        (ListQuery(order=[("createdAt", True)]), ["Alan", "Grace", "Ada"]),
        (ListQuery(order=[("email", False)]), ["Ada", "Alan", "Grace"]),
        (ListQuery(order=[("nope", True)]), ["Ada", "Grace", "Alan"]),
    ],
)
def test_list_filters_and_order(
    session: Session, ctx: Context, people: list[Candidate], query: ListQuery, expected: list[str]
) -> None:
    assert names(list_candidates(session, ctx, query).items) == expected


def test_list_date_bounds(
    session: Session, ctx: Context, people: list[Candidate], clock: list[datetime]
) -> None:
    grace = people[1]
    after = ListQuery(dates=[DateBound("createdAt", "after", grace.created_at)])
    assert names(list_candidates(session, ctx, after).items) == ["Grace", "Alan"]
    strictly = ListQuery(dates=[DateBound("createdAt", "strictly_after", grace.created_at)])
    assert names(list_candidates(session, ctx, strictly).items) == ["Alan"]
    clock[0] += timedelta(days=5)
    update_candidate(session, ctx, people[0].public_id, {"notes": "changed"})
    changed = ListQuery(dates=[DateBound("updatedAt", "strictly_after", people[2].updated_at)])
    assert names(list_candidates(session, ctx, changed).items) == ["Ada"]


# -- find_or_create_person -------------------------------------------------------------------------


def test_find_or_create_person_reuses_by_email_and_fills_blanks(session: Session, ctx: Context) -> None:
    existing = create_candidate(session, ctx, ada(phone=None))
    person, created = find_or_create_person(
        session,
        ctx,
        firstname="Other",
        lastname="Name",
        email="ADA@example.org",
        phone="06 00 00 00 01",
        urls={"linkedin": "https://li/ada", "facebook": None, "myspace": "x"},
        source="Site carrière",
    )
    assert person is existing and not created
    assert (person.firstname, person.phone, person.phone_digits, person.url_linkedin) == (
        "Ada",
        "06 00 00 00 01",
        "0600000001",
        "https://li/ada",
    )
    assert person.source == "LinkedIn"  # kept
    again, _ = find_or_create_person(
        session, ctx, firstname="A", lastname="L", email="ada@example.org", phone="07", urls={"linkedin": "x"}
    )
    assert (again.phone, again.url_linkedin) == ("06 00 00 00 01", "https://li/ada")


def test_find_or_create_person_creates_with_source_and_position(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    create_candidate(session, other_ctx, ada())
    person, created = find_or_create_person(
        session,
        ctx,
        firstname="Ada",
        lastname="L",
        email="ada@example.org",
        source="Site carrière",
        position="Dev",
    )
    assert created and person.company_id == ctx.company_id
    assert (person.source, person.position, person.email_key) == ("Site carrière", "Dev", "ada@example.org")


# -- meta information (§7.6) -----------------------------------------------------------------------


def test_meta_information_created_then_updated(session: Session, ctx: Context) -> None:
    person = create_candidate(session, ctx, ada())
    action = update_meta_information(
        session,
        ctx,
        "ada@EXAMPLE.org",
        {"lastname": "Doe", "score": 7},
        app_name="HRMatch",
        type="applicants",
    )
    assert action == "created"
    assert person.lastname == "Doe" and person.lastname_key == "doe"
    assert person.additionals == {"HRMatch": {"score": 7, "_type": "applicants"}}
    action = update_meta_information(
        session, ctx, person.public_id, {"level": "B2", "summary": "Good"}, "HRMatch"
    )
    assert action == "updated"
    assert person.additionals["HRMatch"] == {"score": 7, "_type": "applicants", "level": "B2"}
    assert person.summary == "Good"
    assert update_meta_information(session, ctx, str(person.id), {"x": 1}) == "created"
    assert update_meta_information(session, ctx, person.id, {"y": 2}, app_name=None) == "updated"
    assert person.additionals["api"] == {"x": 1, "y": 2}


def test_meta_information_errors(session: Session, ctx: Context, other_ctx: Context) -> None:
    person = create_candidate(session, ctx, ada())
    theirs = create_candidate(session, other_ctx, ada(email="them@example.org"))
    for reference in ["nobody@example.org", theirs.public_id, str(theirs.id), "garbage", "them@example.org"]:
        with pytest.raises(NotFound):
            update_meta_information(session, ctx, reference, {"a": 1})
    with pytest.raises(Invalid) as info:
        update_meta_information(session, ctx, person.public_id, ["not", "a", "dict"])
    assert fields_of(info) == {"value": Constraint.TYPE}
    with pytest.raises(Invalid) as info:
        update_meta_information(session, ctx, person.public_id, {"email": "bad", "lastname": ""})
    assert fields_of(info) == {"value.email": Constraint.EMAIL, "value.lastname": Constraint.BLANK}
    assert person.additionals == {} and person.lastname == "Lovelace"


def test_update_does_not_recheck_untouched_values_from_the_other_face(session: Session, ctx: Context) -> None:
    long_url = "https://www.linkedin.com/in/" + "x" * 300
    person, _ = find_or_create_person(
        session, ctx, firstname="Flat", lastname="Chr", email="f@example.org", urls={"linkedin": long_url}
    )
    assert update_candidate(session, ctx, person.public_id, {"notes": "ok"}).url_linkedin == long_url
    with pytest.raises(Invalid) as info:
        update_candidate(session, ctx, person.public_id, {"linkedin": long_url})
    assert fields_of(info) == {"linkedin": Constraint.LENGTH}
