"""Domain data in and out of the candidates service (face-neutral field names)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date


@dataclass(frozen=True)
class CandidateData:
    """A person as a client describes it. ``notes`` is the Flatchr ``summary``; ``linkedin`` the
    Flowtly ``linkedinProfile`` (Flatchr ``urls.linkedin``)."""

    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    source: str | None = None
    location: str | None = None
    position: str | None = None
    linkedin: str | None = None
    notes: str | None = None
    expectations: str | None = None
    birth_date: date | None = None
    external_id: str | None = None


#: The keys ``update_candidate`` understands (others are ignored, as faces ignore unknown keys).
CANDIDATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(CandidateData))

#: Names of the URL slots of a person (Flatchr ``urls`` object).
URL_KINDS: tuple[str, ...] = ("facebook", "linkedin", "twitter", "other")

#: Result of ``update_meta_information``.
META_CREATED = "created"
META_UPDATED = "updated"
