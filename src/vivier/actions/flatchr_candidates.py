"""Flatchr applicants: search (7.5), meta information (7.6), move (7.7), archive (7.8),
creation (7.9-7.11) and the CV (7.12)."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy.orm import Session

from vivier.actions.framework import Call, File, FileOut, Page, Part, Result, closed, define, paged
from vivier.applications.service import archive_application, move_application
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.faces.flatchr.inputs import to_int
from vivier.faces.flatchr.render_applicant import api_applicant_json
from vivier.faces.flatchr.routes_applicants import find_download, search_rows_json, update_meta_json
from vivier.faces.flatchr.routes_careers import candidate_created_json
from vivier.faces.flatchr.schemas_applicant import (
    ApplicantOut,
    CandidateCreatedOut,
    CandidateIn,
    CandidateTestOut,
    MetaIn,
    MetaResultOut,
    MoveIn,
    SearchIn,
    SearchRowOut,
)
from vivier.files.store import FileStore

CATEGORY = "candidates"
CandidateBody = closed(CandidateIn, drop=("token",))  # the caller's credential is the token


class ApplicantPath(Part):
    vacancyId: str = Field(description="encoded vacancy id")
    applicantId: str = Field(description="encoded applicant id")


class FileQuery(Part):
    key: str = Field(description="candidate.aws.key or an attachment key")
    extension: str = Field(description="e.g. pdf")


def _search(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return paged(
        call, lambda limit, offset: search_rows_json(session, ctx, call.body, limit=limit, offset=offset)
    )


def _meta(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(update_meta_json(session, ctx, call.body))


def _move(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    vacancy, applicant = call.path["vacancyId"], call.path["applicantId"]
    moved = move_application(session, ctx, vacancy, applicant, to_int(call.body, "column_id"))
    return Result(api_applicant_json(session, moved, settings))


def _archive(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    archived = archive_application(session, ctx, call.path["vacancyId"], call.path["applicantId"])
    return Result(api_applicant_json(session, archived, settings))


def _create(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(candidate_created_json(session, ctx, store, settings, call.body, test_mode=False))


def _test(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(candidate_created_json(session, ctx, store, settings, call.body, test_mode=True))


def _cv(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    found = find_download(session, store, ctx, call.query["key"], call.query["extension"])
    with store.open(found.digest) as blob:
        file = File(blob.read(), found.media_type, found.filename)
    return Result(file.out(), file=file)


ACTIONS = [
    define(
        "flatchr_search_candidates",
        "Search Candidates",
        "Applicants matching every given filter (name, email, phone, column, dates, vacancy), newest first.",
        CATEGORY,
        _search,
        list[SearchRowOut],
        query=Page,
        body=closed(SearchIn),
        read_only=True,
    ),
    define(
        "flatchr_update_candidate_meta_information",
        "Update Candidate Meta Information",
        "Merge data into a candidate found by email or id: known fields update the profile, others its meta.",
        CATEGORY,
        _meta,
        MetaResultOut,
        body=closed(MetaIn),
        idempotent=True,
    ),
    define(
        "flatchr_move_candidate",
        "Move Candidate",
        "Move an applicant to another pipeline column of its vacancy; fires drag_applicant.",
        CATEGORY,
        _move,
        ApplicantOut,
        path=ApplicantPath,
        body=closed(MoveIn),
        idempotent=True,
    ),
    define(
        "flatchr_archive_candidate",
        "Archive Candidate",
        "Archive an applicant (status 0); its column and the person are kept.",
        CATEGORY,
        _archive,
        ApplicantOut,
        path=ApplicantPath,
        destructive=True,
        idempotent=True,
    ),
    define(
        "flatchr_create_candidate_json",
        "Create Candidate (JSON)",
        "Apply a person to an active vacancy with a CV document (base64) or link; fires new_applicant.",
        CATEGORY,
        _create,
        CandidateCreatedOut,
        body=CandidateBody,
    ),
    define(
        "flatchr_create_candidate_custom",
        "Create Candidate (Custom)",
        "Apply a person through a custom application form (answers to its questions); fires new_applicant.",
        CATEGORY,
        _create,
        CandidateCreatedOut,
        body=CandidateBody,
    ),
    define(
        "flatchr_create_candidate_test",
        "Create Candidate (Test)",
        "Check a candidate creation without storing anything or firing webhooks.",
        CATEGORY,
        _test,
        CandidateTestOut,
        body=CandidateBody,
        read_only=True,
    ),
    define(
        "flatchr_retrieve_candidate_cv",
        "Retrieve Candidate CV",
        "Download a stored CV or attachment by its key (one call per second per company).",
        CATEGORY,
        _cv,
        FileOut,
        query=FileQuery,
        read_only=True,
    ),
]
