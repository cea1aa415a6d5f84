"""Applicants, candidates and columns in Flatchr's wire format (flatchr-api.md §5.3-§5.5).

``load_applicants`` gathers everything in a fixed number of queries; the ``*_json`` functions are
pure and shared with the webhook renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.applications.schemas import ApplicantView, ApplyView
from vivier.applications.service import applicant_views
from vivier.candidates.models import Candidate
from vivier.candidates.schemas import URL_KINDS
from vivier.config import Settings
from vivier.core.clock import as_utc
from vivier.faces.flatchr.formats import iso
from vivier.faces.flatchr.render_vacancy import vacancy_json
from vivier.faces.flatchr.signing import signed_file_url
from vivier.files.models import StoredFile
from vivier.pipeline.models import PipelineColumn
from vivier.vacancies.schemas import VacancyView
from vivier.vacancies.service import vacancy_views

# The applicant's vacancy embeds its company and no other optional block (§5.3).
EMBEDDED_VACANCY_FIELDS = frozenset({"company"})


@dataclass(frozen=True)
class ApplicantBundle:
    """An applicant view plus its vacancy's render bundle (labels, company)."""

    view: ApplicantView
    vacancy: VacancyView


def load_applicants(
    session: Session, applications: Sequence[Application], *, with_side_lists: bool = True
) -> list[ApplicantBundle]:
    """Render bundles for already scoped applications, in input order (fixed number of queries)."""
    return bundles(session, applicant_views(session, applications), with_side_lists=with_side_lists)


def bundles(
    session: Session, views: Sequence[ApplicantView], *, with_side_lists: bool = True
) -> list[ApplicantBundle]:
    """Render bundles of applicant views: their vacancies' labels and company, and their tags,
    questions and distributions unless ``with_side_lists`` is False (the API's applicant embeds its
    vacancy without them; webhooks show them)."""
    unique = {v.vacancy.id: v.vacancy for v in views}
    vacancies = vacancy_views(session, list(unique.values()), with_side_lists=with_side_lists)
    by_id = {vv.vacancy.id: vv for vv in vacancies}
    return [ApplicantBundle(v, by_id[v.vacancy.id]) for v in views]


def load_applicant(
    session: Session, application: Application, *, with_side_lists: bool = True
) -> ApplicantBundle:
    return load_applicants(session, [application], with_side_lists=with_side_lists)[0]


def api_applicant_json(session: Session, application: Application, settings: Settings) -> dict[str, Any]:
    """The applicant as the API answers it (its vacancy embedded without side lists)."""
    return applicant_json(load_applicant(session, application, with_side_lists=False), settings)


def unix(value: datetime) -> int:
    return int(as_utc(value).timestamp())


# -- column, candidate -------------------------------------------------------------------------------


def column_json(column: PipelineColumn, company_public_id: str) -> dict[str, Any]:
    """A Column (§5.5): integer id, encoded company id."""
    return {
        "id": column.id,
        "title": column.title,
        "company_id": company_public_id,
        "position": column.position,
        "visible": column.visible,
        "hired": column.hired,
        "created_at": iso(column.created_at),
        "updated_at": iso(column.updated_at),
    }


def cv_json(
    candidate: Candidate, cv: StoredFile | None, settings: Settings, company_public_id: str
) -> tuple[str | None, dict[str, str] | None]:
    """``cv`` (signed URL of the stored CV, else the stored link) and ``aws`` (null without a file)."""
    if cv is None:
        return candidate.cv_link, None
    url = signed_file_url(settings, company_public_id, cv.key, cv.extension)
    signature = url.split("://", 1)[-1]
    return url, {"key": cv.key, "extension": cv.extension, "signature": signature}


def candidate_json(
    candidate: Candidate, cv: StoredFile | None, settings: Settings, company_public_id: str
) -> dict[str, Any]:
    """A Candidate (§5.4) with its encoded id; ``urls`` keys appear only when set."""
    url, aws = cv_json(candidate, cv, settings, company_public_id)
    urls = {
        kind: getattr(candidate, f"url_{kind}") for kind in URL_KINDS if getattr(candidate, f"url_{kind}")
    }
    return {
        "id": candidate.public_id,
        "firstname": candidate.firstname,
        "lastname": candidate.lastname,
        "email": candidate.email,
        "phone": candidate.phone,
        "external_id": candidate.external_id,
        "summary": candidate.summary,
        "urls": urls,
        "consent": bool(candidate.consent),
        "status": candidate.status,
        "additionals": dict(candidate.additionals or {}),
        "cv": url,
        "aws": aws,
        "created_at": iso(candidate.created_at),
        "updated_at": iso(candidate.updated_at),
    }


# -- applicant ------------------------------------------------------------------------------------------


def apply_json(row: ApplyView, vacancy_public_id: str) -> dict[str, Any]:
    """An Apply; sources have no encoded id, so ``offerer_id`` is the source id as a string."""
    return {
        "id": row.apply.public_id,
        "created_at": iso(row.apply.created_at),
        "vacancy_id": vacancy_public_id,
        "offerer_id": str(row.apply.source_id),
        "import": row.apply.imported,
    }


def applicant_json(bundle: ApplicantBundle, settings: Settings) -> dict[str, Any]:
    """The §5.3 Applicant superset returned by get, move and archive."""
    view = bundle.view
    a, company_public_id = view.application, view.company.public_id
    return {
        "id": a.public_id,
        "vacancy_id": view.vacancy.public_id,
        "column_id": a.column_id,
        "score": a.score or 0,
        "comment": a.cover_letter or "",
        "created_at": unix(a.created_at),
        "updated_at": unix(a.updated_at),
        "status": a.status,
        "view": bool(a.view),
        "anonym": bool(a.anonym),
        "foreigner": bool(a.foreigner),
        "external_id": a.external_id,
        "candidate": candidate_json(view.candidate, view.cv, settings, company_public_id),
        "column": column_json(view.column, company_public_id),
        "vacancy": vacancy_json(bundle.vacancy, EMBEDDED_VACANCY_FIELDS, settings),
        "applies": [apply_json(r, view.vacancy.public_id) for r in view.applies],
        "datas": [],
    }


__all__ = [
    "ApplicantBundle",
    "api_applicant_json",
    "applicant_json",
    "apply_json",
    "bundles",
    "candidate_json",
    "column_json",
    "cv_json",
    "load_applicant",
    "load_applicants",
]
