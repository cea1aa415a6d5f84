"""The demo company: created once with vacancies, candidates, CVs, moves, notes and tags.

Its login and API key are kept in ``<data dir>/demo.json`` (mode 0600) so ``make run`` can print
them every time; a key that no longer authenticates is replaced.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vivier.applications.schemas import ApplicationInput, DocumentResume
from vivier.applications.service import apply, move_application
from vivier.companies import apikeys
from vivier.companies.models import ApiKey, Company
from vivier.companies.service import acting_member, admin_context, create_company
from vivier.config import Settings
from vivier.core.clock import now
from vivier.core.errors import Unauthenticated
from vivier.db.scoping import scoped
from vivier.files.store import LocalFileStore
from vivier.notes.service import add_comment
from vivier.pipeline.service import list_columns
from vivier.tags.service import fill_trait, list_tags
from vivier.vacancies.schemas import VacancyInput
from vivier.vacancies.service import create_vacancy

SLUG = "demo"
EMAIL = "demo@example.com"
PASSWORD = "vivier-demo"
KEY_NAME = "demo"

# (title, channel, métier, sector, education level, city, postal code, region)
VACANCIES = [
    ("Développeur web Python H/F", 5, 15, 19, 6, "Paris", "75011", "Île-de-France"),
    ("Account Executive SaaS H/F", 2, 49, 25, 5, "Lyon", "69002", "Auvergne-Rhône-Alpes"),
    ("Chargé de recrutement H/F", 6, 80, 26, 5, "Nantes", "44000", "Pays de la Loire"),
]
PEOPLE = [
    ("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper"), ("Katherine", "Johnson"),
    ("Linus", "Torvalds"), ("Margaret", "Hamilton"), ("Dennis", "Ritchie"), ("Barbara", "Liskov"),
    ("Edsger", "Dijkstra"), ("Frances", "Allen"), ("Ken", "Thompson"), ("Radia", "Perlman"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccess:
    company_id: str
    slug: str
    email: str
    password: str
    api_key: str


def _pdf(name: str) -> bytes:
    """A small but valid one-page PDF CV."""
    text = f"CV - {name}".encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _populate(session: Session, settings: Settings, company: Company) -> None:
    ctx = admin_context(session, company)
    store = LocalFileStore(settings.files_dir)
    columns = list_columns(session, ctx)
    vacancies = [
        create_vacancy(
            session,
            ctx,
            VacancyInput.model_validate(
                {
                    "title": title,
                    "description": f"<p>Rejoignez {company.name} comme {title}.</p>",
                    "mission": "<p>Construire, livrer, apprendre.</p>",
                    "profile": "<p>Curieux, rigoureux, bon esprit d'équipe.</p>",
                    "experience": 2,
                    "status": 1,
                    "contract_type_id": 1,
                    "education_level_id": education,
                    "activity_id": activity,
                    "channel_id": channel,
                    "metier_id": metier,
                    "language": "fr_FR",
                    "salary": "45 000",
                    "remote": "parttime",
                    "address": {
                        "locality": city,
                        "postal_code": postal,
                        "administrative_area_level_1": region,
                        "country": "France",
                    },
                }
            ),
        )
        for title, channel, metier, activity, education, city, postal, region in VACANCIES
    ]
    diploma = next(tag for tag in list_tags(session, ctx) if tag.title == "Diplôme")
    for index, (firstname, lastname) in enumerate(PEOPLE):
        vacancy = vacancies[index % len(vacancies)]
        name = f"{firstname} {lastname}"
        result = apply(
            session,
            ctx,
            store,
            settings.max_upload_bytes,
            ApplicationInput(
                vacancy=vacancy.slug,
                firstname=firstname,
                lastname=lastname,
                email=f"{firstname}.{lastname}@example.org".lower(),
                phone=f"+33 6 12 34 {index:02d} {index * 3:02d}",
                type="document",
                resume=DocumentResume(base64.b64encode(_pdf(name)).decode(), f"CV {name}", "application/pdf"),
                comment="Votre offre m'intéresse beaucoup.",
                offerer_id=(98, 1, 2, 4)[index % 4],
            ),
        )
        application = result.application
        assert application is not None
        target = columns[index % len(columns)]
        if target.id != application.column_id:
            move_application(session, ctx, vacancy.public_id, application.public_id, target.id)
        if index % 3 == 0:
            add_comment(
                session, ctx, application.public_id, f"<p>Premier échange avec {firstname} : très bon.</p>"
            )
            fill_trait(session, ctx, application.public_id, diploma.public_id, "Bac +5")


def ensure_demo(session: Session, settings: Settings) -> tuple[DemoAccess, bool]:
    """The demo company's access, creating the company (and its data) on first call.

    Returns the access and whether the company was created now.
    """
    state = settings.data_dir / "demo.json"
    company = session.scalars(select(Company).where(Company.slug == SLUG)).one_or_none()
    created = company is None
    if company is None:
        new = create_company(
            session,
            name="Vivier Demo",
            slug=SLUG,
            admin_email=EMAIL,
            admin_password=PASSWORD,
            admin_firstname="Eva",
            admin_lastname="Laurent",
        )
        company, key = new.company, new.api_key.plaintext
        _populate(session, settings, company)
    else:
        key = _saved_key(session, state, company)
    access = DemoAccess(company.public_id, SLUG, EMAIL, PASSWORD, key)
    _save(state, access)
    return access, created


def _saved_key(session: Session, state: Path, company: Company) -> str:
    """The key saved at creation if it still works, else a fresh one (older demo keys are revoked)."""
    if state.exists():
        saved = json.loads(state.read_text()).get("api_key", "")
        try:
            if apikeys.resolve_key(session, saved).company_id == company.id:
                return str(saved)
        except Unauthenticated:
            pass
    ctx = admin_context(session, company)
    for old in session.scalars(scoped(ApiKey, ctx).where(ApiKey.name == KEY_NAME)):
        old.revoked_at = old.revoked_at or now()
    return apikeys.issue_key(session, acting_member(session, ctx), name=KEY_NAME).plaintext


def _save(state: Path, access: DemoAccess) -> None:
    state.parent.mkdir(parents=True, exist_ok=True)
    state.touch(mode=0o600)
    state.write_text(json.dumps(asdict(access), indent=2))
