"""Reference lists (FR/EN labels), sources, and the address block shared by companies and vacancies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from vivier.core.errors import NotFound
from vivier.reference import data
from vivier.reference.address import ADDRESS_FIELDS, AddressColumns
from vivier.reference.data import CAREER_SITE_SOURCE
from vivier.reference.models import (
    Activity,
    Channel,
    ContractType,
    EducationLevel,
    Metier,
    Source,
    _Labelled,
)

Lang = Literal["fr", "en"]
L = TypeVar("L", bound=_Labelled)


@dataclass(frozen=True)
class RefItem:
    """One entry of a reference list, labelled in the requested language."""

    id: int
    text: str


@dataclass(frozen=True)
class MetierItem:
    id: int
    text: str
    channel_id: int


@dataclass(frozen=True)
class VacancyLabels:
    """The labels of a vacancy's reference ids ("" when an id is unknown)."""

    contract_type: str
    education_level: str
    activity: str
    channel: str
    metier: str


class HasReferenceIds(Protocol):
    """What label lookups need from a vacancy (kept structural to avoid importing vacancies)."""

    @property
    def id(self) -> int: ...
    @property
    def language(self) -> str: ...
    @property
    def contract_type_id(self) -> int: ...
    @property
    def education_level_id(self) -> int: ...
    @property
    def activity_id(self) -> int: ...
    @property
    def channel_id(self) -> int: ...
    @property
    def metier_id(self) -> int: ...


def normalize_lang(lang: str | None) -> Lang:
    """``en`` stays English; anything else means French (Flatchr's default)."""
    return "en" if lang == "en" else "fr"


def language_lang(language: str | None) -> Lang:
    """The label language of a vacancy language (``en_GB`` -> ``en``, otherwise ``fr``)."""
    return "en" if language == "en_GB" else "fr"


# -- lists ------------------------------------------------------------------------------------------


def _list(session: Session, model: type[L], lang: str | None) -> list[RefItem]:
    language = normalize_lang(lang)
    rows = session.scalars(select(model).order_by(model.id))
    return [RefItem(row.id, row.label(language)) for row in rows]


def list_contract_types(session: Session, lang: str | None = "fr") -> list[RefItem]:
    """Contract types ordered by id."""
    return _list(session, ContractType, lang)


def list_education_levels(session: Session, lang: str | None = "fr") -> list[RefItem]:
    """Education levels ordered by id."""
    return _list(session, EducationLevel, lang)


def list_activities(session: Session, lang: str | None = "fr") -> list[RefItem]:
    """Business sectors ordered by id."""
    return _list(session, Activity, lang)


def list_channels(session: Session, lang: str | None = "fr") -> list[RefItem]:
    """Channels ordered by id."""
    return _list(session, Channel, lang)


def list_metiers(session: Session, channel_id: int, lang: str | None = "fr") -> list[MetierItem]:
    """Job categories of a channel ordered by id; NotFound for an unknown channel."""
    if session.get(Channel, channel_id) is None:
        raise NotFound("Channel not found")
    language = normalize_lang(lang)
    rows = session.scalars(select(Metier).where(Metier.channel_id == channel_id).order_by(Metier.id))
    return [MetierItem(row.id, row.label(language), row.channel_id) for row in rows]


def list_all_metiers(session: Session, lang: str | None = "fr") -> list[MetierItem]:
    """Every job category, by channel then id (forms that group them by channel)."""
    language = normalize_lang(lang)
    rows = session.scalars(select(Metier).order_by(Metier.channel_id, Metier.id))
    return [MetierItem(row.id, row.label(language), row.channel_id) for row in rows]


# -- sources ----------------------------------------------------------------------------------------


def get_source(session: Session, source_id: int | None) -> Source | None:
    return None if source_id is None else session.get(Source, source_id)


def source_or_default(session: Session, source_id: int | None, default: int = CAREER_SITE_SOURCE) -> Source:
    """The source with that id, or the default one (career site) when unknown or absent."""
    return get_source(session, source_id) or session.get_one(Source, default)


def source_labels(session: Session, source_ids: Iterable[int | None]) -> dict[int, str]:
    """French labels of the given sources, in one query."""
    wanted = {i for i in source_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Source.id, Source.label).where(Source.id.in_(wanted)))
    return {i: label for i, label in rows}


# -- vacancy labels ---------------------------------------------------------------------------------


# The reference tables hold exactly these lists (seeded by migration 0001, never written at run time;
# tests/db/test_migrations.py checks it), so their labels are read from memory: no query per render.
_STATIC_LABELS: dict[type[Any], dict[int, tuple[str, str]]] = {
    ContractType: {row[0]: (row[1], row[2]) for row in data.CONTRACT_TYPES},
    EducationLevel: {row[0]: (row[1], row[2]) for row in data.EDUCATION_LEVELS},
    Activity: {row[0]: (row[1], row[2]) for row in data.ACTIVITIES},
    Channel: {row[0]: (row[1], row[2]) for row in data.CHANNELS},
    Metier: {row[0]: (row[2], row[3]) for row in data.METIERS},
}
_LABELLED = (ContractType, EducationLevel, Activity, Channel, Metier)
# Per language (0 French, 1 English), per reference column: id -> label.
_LABEL_MAPS: tuple[tuple[dict[int, str], ...], ...] = tuple(
    tuple({i: pair[index] for i, pair in _STATIC_LABELS[model].items()} for model in _LABELLED)
    for index in (0, 1)
)


@lru_cache(maxsize=4096)
def _vacancy_labels(
    english: bool, contract_type: int, education_level: int, activity: int, channel: int, metier: int
) -> VacancyLabels:
    """Cached: a list page repeats few combinations, and the data never changes at run time."""
    maps = _LABEL_MAPS[english]
    return VacancyLabels(
        contract_type=maps[0].get(contract_type, ""),
        education_level=maps[1].get(education_level, ""),
        activity=maps[2].get(activity, ""),
        channel=maps[3].get(channel, ""),
        metier=maps[4].get(metier, ""),
    )


def vacancy_labels(
    language: str | None,
    contract_type_id: int,
    education_level_id: int,
    activity_id: int,
    channel_id: int,
    metier_id: int,
    lang: str | None = None,
) -> VacancyLabels:
    """Labels of one vacancy's reference ids, in its ``language`` unless ``lang`` is given."""
    english = (normalize_lang(lang) if lang else language_lang(language)) == "en"
    return _vacancy_labels(english, contract_type_id, education_level_id, activity_id, channel_id, metier_id)


def labels_for(
    session: Session, vacancies: Sequence[HasReferenceIds], lang: str | None = None
) -> dict[int, VacancyLabels]:
    """Labels per vacancy id, in the vacancy's language unless ``lang`` is given; no query."""
    return {
        v.id: vacancy_labels(
            v.language,
            v.contract_type_id,
            v.education_level_id,
            v.activity_id,
            v.channel_id,
            v.metier_id,
            lang,
        )
        for v in vacancies
    }


def missing_reference_ids(session: Session, ids: dict[str, int | None]) -> list[str]:
    """The keys (``contract_type_id``...) of ``ids`` whose value names no reference row."""
    models: dict[str, type[_Labelled]] = {
        "contract_type_id": ContractType,
        "education_level_id": EducationLevel,
        "activity_id": Activity,
        "channel_id": Channel,
        "metier_id": Metier,
    }
    missing = []
    for key, value in ids.items():
        if value is not None and session.get(models[key], value) is None:
            missing.append(key)
    return missing


def metier_channel(session: Session, metier_id: int) -> int | None:
    metier = session.get(Metier, metier_id)
    return None if metier is None else metier.channel_id


# -- address ----------------------------------------------------------------------------------------


def format_address(
    street_number: str | None,
    route: str | None,
    postal_code: str | None,
    locality: str | None,
    country: str | None,
) -> str:
    """``"{street_number} {route}, {postal_code} {locality}, {country}"`` from the non-empty parts."""

    def join(*parts: str | None) -> str:
        return " ".join(p.strip() for p in parts if p and p.strip())

    return ", ".join(g for g in (join(street_number, route), join(postal_code, locality), join(country)) if g)


def address_dict(row: AddressColumns) -> dict[str, str | None] | None:
    """The address block keyed like Flatchr's Address; None when every field is null."""
    values = {name: getattr(row, f"address_{name}") for name in ADDRESS_FIELDS}
    return None if all(v is None for v in values.values()) else values


_ADDRESS_COLUMNS = tuple((name, f"address_{name}") for name in ADDRESS_FIELDS)


def address_of(columns: Mapping[str, Any]) -> dict[str, str | None] | None:
    """``address_dict`` of a row's column values (``address_<field>`` keys)."""
    values = {name: columns[column] for name, column in _ADDRESS_COLUMNS}
    return None if all(v is None for v in values.values()) else values


def address_formatted(row: AddressColumns) -> str:
    """Flatchr's ``addressFormatted``: the formatted address, ``""`` without one."""
    return row.address_formatted_address or ""
