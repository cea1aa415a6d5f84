from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.applications.conftest import MAX_BYTES, PDF, VacancyFactory, pdf_resume, request
from tests.conftest import NewCompany
from vivier.applications.models import Application, ApplicationAnswer, Apply
from vivier.applications.schemas import AnswerInput, DocumentResume
from vivier.applications.service import apply
from vivier.candidates.models import Candidate
from vivier.candidates.schemas import CandidateData
from vivier.candidates.service import create_candidate
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, NotFound, TooLarge
from vivier.events.models import AuditEvent, OutboxEvent
from vivier.files.models import StoredFile
from vivier.files.service import Upload, current_cvs
from vivier.files.store import LocalFileStore
from vivier.pipeline.service import first_column
from vivier.tags.models import Tag, Trait
from vivier.vacancies.models import Question, Vacancy, VacancyStatus

MODELS = (Application, Apply, ApplicationAnswer, Candidate, StoredFile, OutboxEvent, AuditEvent, Trait)


def counts(session: Session, ctx: Context) -> dict[str, int]:
    out = {}
    for model in MODELS:
        stmt = select(func.count()).select_from(model)
        if hasattr(model, "company_id"):
            stmt = stmt.where(model.company_id == ctx.company_id)  # type: ignore[attr-defined]
        out[model.__name__] = session.scalar(stmt) or 0
    return out


def blobs(store: LocalFileStore) -> list[Path]:
    return sorted(p for p in store.root.rglob("*") if p.is_file())


def fields_of(info: pytest.ExceptionInfo[Invalid]) -> dict[str, Constraint]:
    return {v.field: v.constraint for v in info.value.violations}


def test_apply_with_a_document(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    result = apply(
        session,
        ctx,
        store,
        MAX_BYTES,
        request(
            vacancy,
            phone=612345678,
            comment="<p>Motivated</p>",
            response_text="Merci",
            legal_newsletter_partners=True,
        ),
    )
    assert result.created and not result.duplicate and not result.test_mode
    application, person = result.application, result.candidate
    assert application is not None and person is not None
    assert application.column_id == first_column(session, ctx).id
    assert (application.status, application.score, application.vacancy_id) == (1, 0, vacancy.id)
    assert (application.cover_letter, application.response_text, application.newsletter_partners) == (
        "<p>Motivated</p>",
        "Merci",
        True,
    )
    assert (person.firstname, person.email_key, person.phone, person.phone_digits) == (
        "Johnny",
        "john.doe@example.org",
        "612345678",
        "612345678",
    )
    assert (person.source, person.position, person.cv_link) == ("Site carrière", "Technicien H/F", None)
    applies = session.scalars(select(Apply).where(Apply.application_id == application.id)).all()
    assert [(a.source_id, a.imported) for a in applies] == [(98, False)]
    assert application.source_id == 98
    cv = current_cvs(session, [person.id])[person.id]
    assert (cv.extension, cv.content_type, cv.size, cv.kind) == ("pdf", "application/pdf", len(PDF), "cv")
    assert cv.key.startswith("candidates/") and cv.key.endswith("/johnny-doe")
    assert store.exists(cv.digest)
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.company_id == ctx.company_id)).all()
    assert [(e.event, e.subject) for e in events] == [("new_applicant", {"application_id": application.id})]
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == ctx.company_id)).all()
    assert "application.create" in actions


def test_apply_by_encoded_id_with_data_url_and_source(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    data = "data:application/pdf;base64," + base64.b64encode(PDF).decode()
    result = apply(
        session,
        ctx,
        store,
        MAX_BYTES,
        request(vacancy.public_id, resume=DocumentResume(data), offerer_id="4"),
    )
    assert result.application is not None and result.candidate is not None
    assert result.application.source_id == 4 and result.candidate.source == "L'Apec"
    assert current_cvs(session, [result.candidate.id])[result.candidate.id].name == "Johnny-Doe"


@pytest.mark.parametrize("offerer_id", [777, "abc", None, True])
def test_unknown_offerer_becomes_career_site(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore, offerer_id: object
) -> None:
    result = apply(session, ctx, store, MAX_BYTES, request(vacancy, offerer_id=offerer_id))
    assert result.application is not None and result.application.source_id == 98


def test_duplicate_returns_existing_and_stores_nothing(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    first = apply(session, ctx, store, MAX_BYTES, request(vacancy))
    before, files = counts(session, ctx), blobs(store)
    again = apply(
        session,
        ctx,
        store,
        MAX_BYTES,
        request(vacancy, email="JOHN.DOE@example.ORG", resume=pdf_resume(PDF + b"x")),
    )
    assert again.duplicate and not again.created
    assert again.application is first.application and again.candidate is first.candidate
    assert counts(session, ctx) == before and blobs(store) == files


def test_duplicate_with_a_bad_document_is_still_refused(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    apply(session, ctx, store, MAX_BYTES, request(vacancy))
    with pytest.raises(Invalid) as info:
        apply(
            session, ctx, store, MAX_BYTES, request(vacancy, resume=pdf_resume(b"MZ\x90\x00\x03" + bytes(64)))
        )
    assert fields_of(info) == {"resume": Constraint.CHOICE}


def test_second_vacancy_reuses_the_person(
    session: Session, ctx: Context, make_vacancy: VacancyFactory, store: LocalFileStore
) -> None:
    one, two = make_vacancy(ctx, "One"), make_vacancy(ctx, "Two")
    first = apply(
        session, ctx, store, MAX_BYTES, request(one, type="link", resume="example.org/cv.pdf", phone=None)
    )
    person = first.candidate
    assert person is not None and person.cv_link == "https://example.org/cv.pdf"
    second = apply(
        session,
        ctx,
        store,
        MAX_BYTES,
        request(
            two, firstname="Johnny", email="John.Doe@example.org", phone="0611", urls={"linkedin": "li/jd"}
        ),
    )
    assert second.created and second.candidate is person
    assert (person.phone, person.url_linkedin, person.position, person.cv_link) == (
        "0611",
        "li/jd",
        "One",
        None,
    )
    assert person.id in current_cvs(session, [person.id])
    assert session.scalar(select(func.count()).where(Candidate.company_id == ctx.company_id)) == 1


def test_a_flowtly_person_becomes_the_applicant(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    person = create_candidate(
        session, ctx, CandidateData(firstname="Ada", lastname="L", email="ada@example.org", source="LinkedIn")
    )
    result = apply(session, ctx, store, MAX_BYTES, request(vacancy, email="ADA@example.org"))
    assert result.candidate is person and person.source == "LinkedIn" and person.position is None


def test_test_mode_validates_and_stores_nothing(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    before, files = counts(session, ctx), blobs(store)
    result = apply(
        session,
        ctx,
        store,
        MAX_BYTES,
        request(
            vacancy, answers=[AnswerInput("Why?", "Because"), AnswerInput(_tag(session, ctx).id, "Bac +3")]
        ),
        test_mode=True,
    )
    assert result.test_mode and result.application is None and not result.created
    assert counts(session, ctx) == before and blobs(store) == files
    for bad in (
        request(vacancy, resume=DocumentResume("%%%not base64%%%")),
        request(vacancy, resume=pdf_resume(PDF, "image/png")),
        request(vacancy, firstname="123"),
    ):
        with pytest.raises(Invalid):
            apply(session, ctx, store, MAX_BYTES, bad, test_mode=True)
    with pytest.raises(TooLarge):
        apply(
            session,
            ctx,
            store,
            MAX_BYTES,
            request(vacancy, resume=pdf_resume(PDF + bytes(MAX_BYTES))),
            test_mode=True,
        )
    assert counts(session, ctx) == before and blobs(store) == files


def test_test_mode_on_a_duplicate_is_ok(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    apply(session, ctx, store, MAX_BYTES, request(vacancy))
    before = counts(session, ctx)
    result = apply(session, ctx, store, MAX_BYTES, request(vacancy), test_mode=True)
    assert result.test_mode and result.duplicate and counts(session, ctx) == before


@pytest.mark.parametrize(
    ("resume", "field", "constraint"),
    [
        (DocumentResume("not*base64!"), "resume", Constraint.INVALID),
        (DocumentResume("QUJDR"), "resume", Constraint.INVALID),
        (DocumentResume(""), "resume", Constraint.BLANK),
        (pdf_resume(PDF, "image/png"), "resume", Constraint.INVALID),
        (pdf_resume(PDF, "application/x-msdownload"), "resume", Constraint.CHOICE),
        (pdf_resume(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200), None), "resume", Constraint.CHOICE),
        ("https://example.org/cv.pdf", "resume", Constraint.TYPE),
        (None, "resume", Constraint.BLANK),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(
    session: Session,
    ctx: Context,
    vacancy: Vacancy,
    store: LocalFileStore,
    resume: object,
    field: str,
    constraint: Constraint,
) -> None:
    before, files = counts(session, ctx), blobs(store)
    with pytest.raises(Invalid) as info:
        apply(session, ctx, store, MAX_BYTES, request(vacancy, resume=resume))
    assert fields_of(info) == {field: constraint}
    assert counts(session, ctx) == before and blobs(store) == files


def test_oversized_document_is_refused(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    before = counts(session, ctx)
    with pytest.raises(TooLarge):
        apply(session, ctx, store, MAX_BYTES, request(vacancy, resume=pdf_resume(PDF + bytes(MAX_BYTES))))
    with pytest.raises(TooLarge):  # just over the limit: caught by the store while spooling
        apply(
            session,
            ctx,
            store,
            MAX_BYTES,
            request(vacancy, resume=pdf_resume(PDF + bytes(MAX_BYTES - len(PDF) + 1))),
        )
    assert counts(session, ctx) == before


def test_raw_upload_for_custom(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    upload = Upload(io.BytesIO(PDF), "cv.pdf", "application/pdf")
    result = apply(
        session, ctx, store, MAX_BYTES, request(vacancy, type=None, resume=None, resume_upload=upload)
    )
    assert result.candidate is not None
    assert current_cvs(session, [result.candidate.id])[result.candidate.id].name == "cv.pdf"
    bad = Upload(b"MZ\x90\x00" + bytes(100), "cv.exe", None)
    with pytest.raises(Invalid) as info:
        apply(session, ctx, store, MAX_BYTES, request(vacancy, email="x@example.org", resume_upload=bad))
    assert fields_of(info) == {"resume": Constraint.CHOICE}


@pytest.mark.parametrize(
    ("link", "stored"),
    [
        (
            "storage.s3.eu-west-1.amazonaws.com/CV/x/CV_John_Doe.pdf",
            "https://storage.s3.eu-west-1.amazonaws.com/CV/x/CV_John_Doe.pdf",
        ),
        ("//cdn.example.org/cv", "https://cdn.example.org/cv"),
        (" http://example.org/cv ", "http://example.org/cv"),
    ],
)
def test_links(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore, link: str, stored: str
) -> None:
    result = apply(session, ctx, store, MAX_BYTES, request(vacancy, type="link", resume=link))
    assert result.candidate is not None and result.candidate.cv_link == stored
    assert current_cvs(session, [result.candidate.id]) == {}


@pytest.mark.parametrize("link", ["ftp://example.org/cv", "javascript://x", "   ", "a b.org/cv", None])
def test_bad_links(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore, link: object
) -> None:
    with pytest.raises(Invalid) as info:
        apply(session, ctx, store, MAX_BYTES, request(vacancy, type="link", resume=link))
    assert set(fields_of(info)) == {"resume"}


def test_field_rules_are_all_reported(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    before = counts(session, ctx)
    with pytest.raises(Invalid) as info:
        apply(
            session,
            ctx,
            store,
            MAX_BYTES,
            request(
                vacancy,
                firstname="1234",
                lastname=None,
                email="not-an-email",
                type="video",
                phone="1" * 51,
                urls={"linkedin": 42},
                user_id="nobody0000000000",
            ),
        )
    assert fields_of(info) == {
        "firstname": Constraint.INVALID,
        "lastname": Constraint.BLANK,
        "email": Constraint.EMAIL,
        "type": Constraint.CHOICE,
        "phone": Constraint.LENGTH,
        "urls.linkedin": Constraint.TYPE,
        "user_id": Constraint.REFERENCE,
    }
    assert counts(session, ctx) == before


def test_names_with_accents_are_letters(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    result = apply(
        session, ctx, store, MAX_BYTES, request(vacancy, firstname=" Élise ", lastname="O'Né", email=None)
    )
    assert result.candidate is not None and (result.candidate.firstname, result.candidate.email) == (
        "Élise",
        None,
    )


def test_creator_user_id(
    session: Session, ctx: Context, company: NewCompany, vacancy: Vacancy, store: LocalFileStore
) -> None:
    result = apply(session, ctx, store, MAX_BYTES, request(vacancy, user_id=company.user.public_id))
    assert result.application is not None and result.application.created_by == company.user.id


def _tag(session: Session, ctx: Context, title: str = "Diplôme") -> Tag:
    return session.scalars(select(Tag).where(Tag.company_id == ctx.company_id, Tag.title == title)).one()


def test_answers_become_answers_and_traits(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    question = Question(company_id=ctx.company_id, vacancy_id=vacancy.id, text="Disponibilité ?", type="text")
    session.add(question)
    session.flush()
    diploma = _tag(session, ctx)
    result = apply(
        session,
        ctx,
        store,
        MAX_BYTES,
        request(
            vacancy,
            answers=[
                AnswerInput("disponibilité ?", "Immédiate"),
                AnswerInput("Free question", "Yes"),
                AnswerInput(diploma.id, " Bac +3 "),
            ],
        ),
    )
    assert result.application is not None
    answers = session.scalars(
        select(ApplicationAnswer)
        .where(ApplicationAnswer.application_id == result.application.id)
        .order_by(ApplicationAnswer.id)
    ).all()
    assert [(a.question, a.question_id, a.value) for a in answers] == [
        ("disponibilité ?", question.id, "Immédiate"),
        ("Free question", None, "Yes"),
    ]
    traits = session.scalars(select(Trait).where(Trait.application_id == result.application.id)).all()
    assert [(t.tag_id, t.value) for t in traits] == [(diploma.id, "Bac +3")]


@pytest.mark.parametrize("answer", [("diploma", "Bac +9"), ("vacancy_tag", "x"), ("unknown", "x")])
def test_bad_tag_answers_store_nothing(
    session: Session,
    ctx: Context,
    other_ctx: Context,
    vacancy: Vacancy,
    store: LocalFileStore,
    answer: tuple[str, str],
) -> None:
    tag_ids = {
        "diploma": _tag(session, ctx).id,
        "vacancy_tag": _tag(session, ctx, "Général").id,
        "unknown": _tag(session, other_ctx).id,
    }
    before = counts(session, ctx)
    with pytest.raises(Invalid) as info:
        apply(
            session,
            ctx,
            store,
            MAX_BYTES,
            request(vacancy, answers=[AnswerInput(tag_ids[answer[0]], answer[1])]),
        )
    assert set(fields_of(info)) == {"answers"}
    assert counts(session, ctx) == before


def test_vacancy_must_be_active_and_of_the_company(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: VacancyFactory, store: LocalFileStore
) -> None:
    draft = make_vacancy(ctx, "Draft", VacancyStatus.DRAFT)
    closed = make_vacancy(ctx, "Closed", VacancyStatus.ARCHIVED)
    foreign = make_vacancy(other_ctx, "Foreign")
    before = counts(session, ctx)
    for ref in (draft.slug, closed.public_id, foreign.slug, foreign.public_id, "unknown-slug", ""):
        with pytest.raises(NotFound):
            apply(session, ctx, store, MAX_BYTES, request(ref))
        with pytest.raises(NotFound):
            apply(session, ctx, store, MAX_BYTES, request(ref), test_mode=True)
    assert counts(session, ctx) == before


def test_unpadded_and_wrapped_base64_is_accepted(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    encoded = base64.b64encode(PDF + b"xx").decode().rstrip("=")
    wrapped = "\n".join(encoded[i : i + 20] for i in range(0, len(encoded), 20))
    result = apply(
        session, ctx, store, MAX_BYTES, request(vacancy, resume=DocumentResume(wrapped, "cv", None))
    )
    assert result.candidate is not None
    assert current_cvs(session, [result.candidate.id])[result.candidate.id].size == len(PDF) + 2
