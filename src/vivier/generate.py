"""Bulk dataset generator for benchmarks: ``vivier generate --company SLUG --candidates N --vacancies M``.

The company, its vacancies and a few CV files go through the domain services; the bulk rows
(candidates, their search documents, applications, applies, notes, traits) are written straight to
the tables in chunks (SQLite ``executemany``, PostgreSQL ``COPY``), with the same derived values
the services would store: lookup keys, public ids, timestamps and search documents. No events or
webhooks are emitted for generated rows. Run it on an otherwise idle database: ids are allocated
from the current maxima.
"""

from __future__ import annotations

import base64
import json
import os
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import psycopg
from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application, Apply
from vivier.candidates.models import COUNTER_SLOTS, DAY_START_SQL, Candidate, CandidateSearchDoc
from vivier.candidates.search import document
from vivier.companies.apikeys import issue_key
from vivier.companies.models import Company
from vivier.companies.service import acting_member, admin_context, create_company
from vivier.core.clock import now
from vivier.core.ids import PUBLIC_ID_LENGTH
from vivier.core.text import fold
from vivier.files.service import Upload, store_upload
from vivier.files.store import FileStore
from vivier.notes.models import Note
from vivier.pipeline.service import list_columns
from vivier.reference.data import SOURCES as SOURCES_REFERENCE
from vivier.tags.models import Trait
from vivier.tags.service import list_tags
from vivier.vacancies.schemas import VacancyInput
from vivier.vacancies.service import create_vacancy

CHUNK = 20_000
CV_FILES = 20
REINDEX_FROM = 100_000  # from this many people, indexes are rebuilt after the load
ADMIN_PASSWORD = "vivier-bench"
SPAN = timedelta(days=730)  # generated activity covers the last two years


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRSTNAMES = _words(
    "Adam Agathe Alice Amandine Amélie Anaïs André Antoine Arthur Aurélie Baptiste Benoît Camille Céline "
    "Charles Chloé Claire Clément Damien David Denis Élise Élodie Émile Emma Éric Étienne Fanny "
    "Florian François Gabriel Gaëlle Guillaume Hélène Hugo Inès Isabelle Jade Jérôme Joël Julie Julien "
    "Karim Laura Léa Léo Lina Louis Louise Lucas Lucie Manon Marc Margaux Marie Mathieu "
    "Maxime Mélanie Nathalie Nicolas Noé Noémie Olivier Pauline Philippe Pierre Quentin Raphaël Rémi Romain "
    "Sarah Sébastien Sophie Stéphane Théo Thomas Valentin Valérie Victor Yann Yasmine Zoé Ada Alan "
    "Grace Linus Margaret"
)
_SURNAME_HEADS = _words(
    "Ber Bou Char Cha Dar Del Du Fau Fer Gar Gau Gil Hen Jac "
    "Lab Lam Lan Lau Le Mar Mer Mon Mor Pel Per Pet Pic Ren "
    "Ri Rou Sau Tes Tho Val Ver Vin Bla Bro Car Col"
)
_SURNAME_MIDS = "a e i o ou an en in on ar er"
_SURNAME_TAILS = "rd lle rt chon taine ville mont nier det rand geot lier vin cq sson zet gnon rre ssier llet"
SURNAMES = tuple(
    f"{head}{mid}{tail}"
    for head in _SURNAME_HEADS
    for mid in _SURNAME_MIDS.split()
    for tail in _SURNAME_TAILS.split()
)
DOMAINS = ("example.org", "example.com", "example.net", "mail.example.fr", "courriel.example.fr")
CITIES = (
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Rennes",
    "Nice",
    "Orléans",
)
TITLES = (
    "Développeur Python",
    "Chargé de recrutement",
    "Account Executive",
    "Comptable",
    "Infirmier",
    "Chef de projet",
    "Technicien de maintenance",
    "Assistant commercial",
    "Data Analyst",
    "Responsable logistique",
)
NOTES = (
    "<p>Premier échange très positif.</p>",
    "<p>Relancer dans deux semaines.</p>",
    "<p>Bon niveau d'anglais, disponible rapidement.</p>",
    "<p>Profil intéressant pour une autre offre.</p>",
    "<p>Entretien prévu, prétentions cohérentes.</p>",
)
SOURCES = (98, 98, 98, 1, 2, 3)  # mostly the career site


@dataclass(frozen=True)
class Generated:
    company_id: str
    slug: str
    api_key: str
    admin_email: str
    admin_password: str
    candidates: int
    applications: int
    notes: int
    traits: int
    files: int
    vacancy_ids: list[str]
    seconds: float


Progress = Callable[[int], None]


@dataclass(frozen=True)
class _Setup:
    company_id: int
    member_id: int
    vacancies: list[tuple[int, str]]  # (id, title)
    vacancy_public_ids: list[str]
    columns: list[int]
    tags: list[tuple[int, list[str]]]


# -- values --------------------------------------------------------------------------------------


def public_ids(count: int) -> list[str]:
    """``count`` random 16-character alphanumeric ids, fast: base64 of random bytes, symbols mapped."""
    raw = base64.b64encode(os.urandom(count * 12)).decode().translate(str.maketrans("+/", "Xz"))
    return [raw[i : i + PUBLIC_ID_LENGTH] for i in range(0, count * PUBLIC_ID_LENGTH, PUBLIC_ID_LENGTH)]


@cache
def _ascii(value: str) -> str:
    return fold(value).replace(" ", "")


class _Rows:
    """Row builder for one engine: timestamps as the engine's driver expects them."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite

    def ts(self, value: datetime) -> Any:
        # SQLAlchemy stores SQLite datetimes as naive 'YYYY-MM-DD HH:MM:SS.ffffff' UTC text.
        return value.replace(tzinfo=None).isoformat(" ", "microseconds") if self.sqlite else value


# -- writers ---------------------------------------------------------------------------------------


class _Writer:
    """Bulk inserts through the driver: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        self.queued_gin: list[str] = []
        self.raw = engine.raw_connection()
        connection: Any = self.raw.driver_connection
        self.connection = connection
        if self.sqlite:
            for pragma in ("synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
                self.connection.execute(f"PRAGMA {pragma}")
            self.connection.execute("BEGIN")
        else:
            self._skip_foreign_key_checks()

    def _skip_foreign_key_checks(self) -> None:
        """Rows are valid by construction; per-row FK checks lock every parent row and dominate the
        load time (as pg_restore --disable-triggers does). Needs a superuser; otherwise checks stay."""
        try:
            self.connection.execute("SET session_replication_role = replica")
            # Fewer, larger merges of the pending list of a GIN index queuing entries (``queue_gin``).
            self.connection.execute("SET gin_pending_list_limit = '256MB'")
            self.connection.commit()
        except psycopg.errors.InsufficientPrivilege:
            self.connection.rollback()

    def write(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            self.connection.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
            return
        with (
            self.connection.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def commit(self) -> None:
        self.connection.commit()
        if self.sqlite:
            self.connection.execute("BEGIN")

    def max_id(self, table: Table, column: str = "id") -> int:
        cursor = self.connection.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table.name}")
        return int(cursor.fetchone()[0])

    def drop_indexes(self, tables: Sequence[Table]) -> list[str]:
        """Drop the secondary indexes of ``tables`` (those not backing a constraint) and return their
        definitions. Building an index once after the load is far cheaper than a million random
        inserts into it (pg_restore does the same); on SQLite too, where it halves the time spent
        writing people and applications."""
        names = [t.name for t in tables]
        if self.sqlite:
            # SQLite's own indexes for UNIQUE and PRIMARY KEY constraints have no SQL.
            marks = ", ".join("?" * len(names))
            rows = self.connection.execute(
                "SELECT name, sql FROM sqlite_master "
                f"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
                names,
            ).fetchall()
        else:
            rows = self.connection.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "JOIN pg_class c ON c.relname = i.indexname "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
                (names,),
            ).fetchall()
        for name, _definition in rows:
            self.connection.execute(f'DROP INDEX "{name}"')
        self.commit()
        return [definition for _name, definition in rows]

    def queue_gin(self, tables: Sequence[Table]) -> None:
        """PostgreSQL: let the GIN indexes of ``tables`` that take each entry at once (``fastupdate``
        off, as the trigram index since migration 0005) queue entries during the load instead, to
        be merged once by ``unqueue_gin`` (50 k people: 18 s, 6 s queued)."""
        if self.sqlite:
            return
        self.queued_gin = [
            name
            for (name,) in self.connection.execute(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' "
                "AND i.indrelid = ANY(%s::regclass[]) AND 'fastupdate=off' = ANY(c.reloptions)",
                ([t.name for t in tables],),
            )
        ]
        for name in self.queued_gin:
            self.connection.execute(f'ALTER INDEX "{name}" SET (fastupdate = on)')
        self.commit()

    def unqueue_gin(self) -> None:
        """Merge what ``queue_gin`` let queue; those indexes take each entry at once again."""
        if not self.queued_gin:
            return
        self.connection.rollback()  # the chunks are committed; this only ends a failed one
        for name in self.queued_gin:
            self.connection.execute(f'ALTER INDEX "{name}" SET (fastupdate = off)')
            self.connection.execute("SELECT gin_clean_pending_list(%s::regclass)", (name,))
        self.commit()

    def create_indexes(self, definitions: Sequence[str]) -> None:
        if not definitions:
            return
        if self.sqlite:
            for definition in definitions:
                self.connection.execute(definition)
            self.commit()
            return
        self.connection.rollback()
        self.connection.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            self.connection.execute(definition)
            self.connection.commit()

    def recount(self, company_id: int) -> None:
        """The company's people counters, overall and per day (their triggers are skipped by the
        PostgreSQL bulk path)."""
        dialect = "sqlite" if self.sqlite else "postgresql"
        slot = f"id % {COUNTER_SLOTS[dialect]}"
        self.connection.execute(
            "INSERT INTO candidate_counts (company_id, slot, total) "
            f"SELECT company_id, {slot}, COUNT(*) FROM candidates WHERE company_id = {int(company_id)} "
            f"GROUP BY company_id, {slot} ON CONFLICT (company_id, slot) DO UPDATE SET total = excluded.total"
        )
        day = DAY_START_SQL[dialect].format("created_at")
        self.connection.execute(
            "INSERT INTO candidate_days (company_id, day_start, slot, total) "
            f"SELECT company_id, {day}, {slot}, COUNT(*) FROM candidates WHERE company_id = {int(company_id)} "
            f"GROUP BY company_id, {day}, {slot} "
            "ON CONFLICT (company_id, day_start, slot) DO UPDATE SET total = excluded.total"
        )

    def finish(self, tables: Sequence[Table]) -> None:
        """Commit, then let the planner see the new sizes (and PostgreSQL resync its sequences)."""
        self.connection.commit()
        if self.sqlite:
            self.connection.execute("ANALYZE")
        else:
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement is True:
                    self.connection.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                    )
            self.connection.commit()
            self.connection.autocommit = True
            for table in tables:
                self.connection.execute(f"VACUUM ANALYZE {table.name}")
        # The bulk pragmas and session state must not leak into the pool: close this connection for good.
        self.raw.detach()
        self.raw.close()


# -- the dataset -----------------------------------------------------------------------------------


def _vacancy_input(rng: random.Random, index: int) -> VacancyInput:
    title = f"{TITLES[index % len(TITLES)]} H/F #{index + 1}"
    city = rng.choice(CITIES)
    return VacancyInput.model_validate(
        {
            "title": title,
            "description": f"<p>Rejoignez-nous comme {title}.</p>",
            "mission": "<p>Construire, livrer, apprendre.</p>",
            "profile": "<p>Curieux, rigoureux.</p>",
            "experience": 2,
            "status": 1 if index % 10 else 0,
            "contract_type_id": 1,
            "education_level_id": 6,
            "activity_id": 19,
            "channel_id": 5,
            "metier_id": 15,
            "language": "fr_FR",
            "address": {"locality": city, "country": "France"},
        }
    )


def _setup(session: Session, slug: str, vacancies: int, rng: random.Random) -> tuple[_Setup, str, str]:
    """The company (created when missing), a fresh API key and ``vacancies`` new vacancies."""
    email = f"admin@{slug}.example.org"
    company = session.scalars(select(Company).where(Company.slug == slug)).one_or_none()
    if company is None:
        company = create_company(
            session, name=slug.title(), slug=slug, admin_email=email, admin_password=ADMIN_PASSWORD
        ).company
    ctx = admin_context(session, company)
    member = acting_member(session, ctx)
    key = issue_key(session, member, days=None, name="generate").plaintext
    created = [create_vacancy(session, ctx, _vacancy_input(rng, i)) for i in range(vacancies)]
    tags = [
        (tag.id, [v for v in tag.values.split(";") if v])
        for tag in list_tags(session, ctx, type="candidates")
        if tag.values
    ]
    setup = _Setup(
        company_id=company.id,
        member_id=member.id,
        vacancies=[(v.id, v.title) for v in created],
        vacancy_public_ids=[v.public_id for v in created],
        columns=[c.id for c in list_columns(session, ctx)],
        tags=tags,
    )
    return setup, company.public_id, key


def _chunks(total: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, CHUNK):
        yield start, min(total, start + CHUNK)


CANDIDATE_COLUMNS = _words(
    "id company_id public_id created_at updated_at firstname lastname email phone firstname_key lastname_key email_key phone_digits source "
    "position location consent status additionals"
)
DOC_COLUMNS = ("candidate_id", "company_id", "created_at", "document")
APPLICATION_COLUMNS = _words(
    "id company_id public_id created_at updated_at candidate_id vacancy_id column_id status score cover_letter source_id view anonym "
    "foreigner newsletter_partners"
)
APPLY_COLUMNS = ("id", "public_id", "application_id", "source_id", "imported", "created_at")
NOTE_COLUMNS = _words(
    "id company_id public_id created_at updated_at candidate_id application_id author_member_id text private favorite type"
)
TRAIT_COLUMNS = _words("id company_id public_id created_at updated_at application_id tag_id value")
SOURCE_LABELS = dict(SOURCES_REFERENCE)


class _Counts:
    def __init__(self) -> None:
        self.applications = 0
        self.notes = 0
        self.traits = 0


def _write_chunk(
    writer: _Writer,
    rows: _Rows,
    rng: random.Random,
    setup: _Setup,
    ids: dict[str, int],
    span: tuple[int, int],
    total: int,
    origin: datetime,
    counts: _Counts,
) -> None:
    """Candidates ``span`` of ``total`` with their documents, applications, applies, notes and traits."""
    start, end = span
    size = end - start
    company = setup.company_id
    cand_ids = public_ids(size)
    app_ids = public_ids(size * 2)
    extra_ids = public_ids(size * 3)
    candidates: list[tuple[Any, ...]] = []
    docs: list[tuple[Any, ...]] = []
    applications: list[tuple[Any, ...]] = []
    applies: list[tuple[Any, ...]] = []
    notes: list[tuple[Any, ...]] = []
    traits: list[tuple[Any, ...]] = []
    step = SPAN / max(total, 1)
    first_column = setup.columns[0]
    for offset in range(size):
        number = start + offset
        cid = ids["candidates"] + number + 1
        created = origin + step * number
        stamp = rows.ts(created)
        firstname = rng.choice(FIRSTNAMES)
        lastname = rng.choice(SURNAMES)
        email = (
            f"{_ascii(firstname)}.{_ascii(lastname)}.{cid}@{rng.choice(DOMAINS)}"  # ids: unique across runs
        )
        phone_digits = f"336{rng.randrange(10**8):08d}"
        phone = f"+33 6 {phone_digits[3:5]} {phone_digits[5:7]} {phone_digits[7:9]} {phone_digits[9:]}"
        location = rng.choice(CITIES)
        source = rng.choice(SOURCES)
        picked = rng.sample(setup.vacancies, 2 if rng.random() < 0.5 and len(setup.vacancies) > 1 else 1)
        position = picked[0][1]
        candidates.append(
            (cid, company, cand_ids[offset], stamp, stamp, firstname, lastname, email, phone,
             firstname.casefold(), lastname.casefold(), email, phone_digits, SOURCE_LABELS[source],
             position, location, False, 1, "{}")
        )  # fmt: skip
        note_texts: list[str] = []
        for vacancy_id, _title in picked:
            ids["applications"] += 1
            aid = ids["applications"]
            column = first_column if rng.random() < 0.4 else rng.choice(setup.columns)
            status = 0 if rng.random() < 0.1 else 1
            applications.append(
                (aid, company, app_ids[len(applications)], stamp, stamp, cid, vacancy_id, column, status, 0,
                 "", source, False, False, False, False)
            )  # fmt: skip
            ids["applies"] += 1
            applies.append((ids["applies"], extra_ids[len(applies)], aid, source, False, stamp))
            if rng.random() < 0.15:
                ids["notes"] += 1
                note = rng.choice(NOTES)
                note_texts.append(note)
                notes.append(
                    (ids["notes"], company, extra_ids[size + len(notes)], stamp, stamp, cid, aid,
                     setup.member_id, note, False, False, "note")
                )  # fmt: skip
            if setup.tags and rng.random() < 0.1:
                ids["traits"] += 1
                tag_id, values = rng.choice(setup.tags)
                traits.append(
                    (ids["traits"], company, extra_ids[2 * size + len(traits)], stamp, stamp, aid, tag_id,
                     rng.choice(values))
                )  # fmt: skip
        docs.append(
            (cid, company, stamp, _document(firstname, lastname, email, position, location, note_texts))
        )
    writer.write(Candidate.__table__, CANDIDATE_COLUMNS, candidates)  # type: ignore[arg-type]
    writer.write(CandidateSearchDoc.__table__, DOC_COLUMNS, docs)  # type: ignore[arg-type]
    writer.write(Application.__table__, APPLICATION_COLUMNS, applications)  # type: ignore[arg-type]
    writer.write(Apply.__table__, APPLY_COLUMNS, applies)  # type: ignore[arg-type]
    writer.write(Note.__table__, NOTE_COLUMNS, notes)  # type: ignore[arg-type]
    writer.write(Trait.__table__, TRAIT_COLUMNS, traits)  # type: ignore[arg-type]
    writer.commit()
    counts.applications += len(applications)
    counts.notes += len(notes)
    counts.traits += len(traits)


def _document(
    firstname: str, lastname: str, email: str, position: str, location: str, notes: list[str]
) -> str:
    """The same text ``candidates.search.document`` builds, with the repeated parts folded once."""
    head = "\n".join((_folded(firstname), _folded(lastname), email, _folded(position), _folded(location)))
    return "\n".join((head, *(_folded(n) for n in notes))) if notes else head


@cache
def _folded(value: str) -> str:
    return document([value])


def _attach_cvs(session: Session, store: FileStore, company_public_id: str, first_id: int, count: int) -> int:
    """A few real CV files, through the file service, on the first generated candidates."""
    from vivier.demo import _pdf

    company = session.scalars(select(Company).where(Company.public_id == company_public_id)).one()
    ctx = admin_context(session, company)
    people = session.scalars(
        select(Candidate).where(Candidate.id > first_id).order_by(Candidate.id).limit(count)
    ).all()
    for person in people:
        name = f"{person.firstname} {person.lastname}"
        store_upload(
            session,
            ctx,
            store,
            Upload(_pdf(name), f"CV {name}.pdf", "application/pdf"),
            kind="cv",
            key_stem=f"{person.firstname}-{person.lastname}",
            max_bytes=1 << 20,
            field="resume",
            candidate_id=person.id,
        )
    return len(people)


def generate(
    session_factory: Callable[[], Any],
    engine: Engine,
    store: FileStore,
    *,
    slug: str,
    candidates: int,
    vacancies: int,
    seed: int = 0,
    progress: Progress | None = None,
) -> Generated:
    """Create (or extend) company ``slug`` with ``vacancies`` vacancies and ``candidates`` people.

    ``session_factory`` is ``Database.unit_of_work``; ``progress`` is called with each chunk's size.
    """
    began = datetime.now()
    rng = random.Random(seed)
    with session_factory() as session:
        setup, company_public_id, key = _setup(session, slug, max(vacancies, 1), rng)
    writer = _Writer(engine)
    tables = [Candidate, CandidateSearchDoc, Application, Apply, Note, Trait]
    ids = {
        "candidates": writer.max_id(Candidate.__table__),  # type: ignore[arg-type]
        "applications": writer.max_id(Application.__table__),  # type: ignore[arg-type]
        "applies": writer.max_id(Apply.__table__),  # type: ignore[arg-type]
        "notes": writer.max_id(Note.__table__),  # type: ignore[arg-type]
        "traits": writer.max_id(Trait.__table__),  # type: ignore[arg-type]
    }
    first_candidate = ids["candidates"]
    rows = _Rows(writer.sqlite)
    origin = now() - SPAN - timedelta(days=1)
    counts = _Counts()
    bulk = [t.__table__ for t in tables]
    dropped: list[str] = []
    if candidates >= REINDEX_FROM:
        dropped = writer.drop_indexes(bulk)  # type: ignore[arg-type]
    else:
        writer.queue_gin(bulk)  # type: ignore[arg-type]
    try:
        for span in _chunks(candidates):
            _write_chunk(writer, rows, rng, setup, ids, span, candidates, origin, counts)
            if progress is not None:
                progress(span[1] - span[0])
    finally:
        writer.create_indexes(dropped)
        writer.unqueue_gin()
    writer.recount(setup.company_id)
    writer.finish(bulk)  # type: ignore[arg-type]
    with session_factory() as session:
        files = _attach_cvs(session, store, company_public_id, first_candidate, min(CV_FILES, candidates))
    return Generated(
        company_id=company_public_id,
        slug=slug,
        api_key=key,
        admin_email=f"admin@{slug}.example.org",
        admin_password=ADMIN_PASSWORD,
        candidates=candidates,
        applications=counts.applications,
        notes=counts.notes,
        traits=counts.traits,
        files=files,
        vacancy_ids=setup.vacancy_public_ids,
        seconds=(datetime.now() - began).total_seconds(),
    )


def summary(result: Generated) -> str:
    return json.dumps(result.__dict__, indent=2)
