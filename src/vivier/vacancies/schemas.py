"""Vacancy input (face-neutral) and the render views services hand to faces."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, NamedTuple, Protocol

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from sqlalchemy import inspect

from vivier.companies.models import Company
from vivier.core.errors import Constraint, Invalid, Violation
from vivier.reference.service import VacancyLabels
from vivier.tags.models import Tag
from vivier.vacancies.models import Distribution, Question, Vacancy

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


def _number_as_text(value: object) -> object:
    """Flatchr sends salaries, postal codes and coordinates as strings or numbers: keep text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


def _blank_as_none(value: object) -> object:
    """Form posts send "" for an empty optional field."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _remote(value: object) -> object:
    """§6.1: on input ``true`` means full remote and ``false`` on site."""
    if isinstance(value, bool):
        return "fulltime" if value else "notime"
    if isinstance(value, int) and value in (0, 1):
        return "fulltime" if value else "notime"
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return "fulltime"
        if lowered in _FALSE:
            return "notime"
        return lowered or None
    return value


Text = Annotated[str | None, BeforeValidator(_number_as_text)]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_as_none)]
# Bounded so an absurd id is a 400 on its field, not a database overflow.
# The bounds apply to the integer only: a blank or null field is None (the bounds would reject None).
OptionalInt = Annotated[Annotated[int, Field(ge=-(2**31), lt=2**31)] | None, BeforeValidator(_blank_as_none)]
OptionalBool = Annotated[bool | None, BeforeValidator(_blank_as_none)]
Remote = Annotated[str | None, BeforeValidator(_remote)]


class AddressInput(BaseModel):
    """Flatchr's Address keys (§5.2); every field optional."""

    model_config = ConfigDict(extra="ignore")

    locality: Text = None
    postal_code: Text = None
    route: Text = None
    street_number: Text = None
    administrative_area_level_1: Text = None
    administrative_area_level_2: Text = None
    country: Text = None
    formatted_address: Text = None
    location_lat: Text = None
    location_lng: Text = None


class VacancyInput(BaseModel):
    """Everything a vacancy may be created or updated with (§7.4).

    Fields are optional here so that the service can report every missing or bad field at once.
    """

    model_config = ConfigDict(extra="ignore")

    title: Text = None
    description: Text = None
    mission: Text = None
    profile: Text = None
    experience: OptionalInt = None
    status: OptionalInt = None
    contract_type_id: OptionalInt = None
    education_level_id: OptionalInt = None
    activity_id: OptionalInt = None
    channel_id: OptionalInt = None
    metier_id: OptionalInt = None
    language: Text = None
    reference: Text = None
    note: Text = None
    apply_url: Text = None
    external_id: Text = None
    meta_title: Text = None
    meta_description: Text = None
    meta_tags: Text = None
    salary: Text = None
    salary_max: Text = None
    currency: Text = None
    mensuality: Text = None
    remote: Remote = None
    driver_license: OptionalBool = None
    partial: OptionalBool = None
    handicap: OptionalBool = None
    kanban: OptionalBool = None
    start_date: OptionalDate = None
    end_date: OptionalDate = None
    address: AddressInput | None = None
    tags: list[str] | None = None
    options: dict[str, Any] | None = None


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if not isinstance(part, int)) or "body"


def parse_vacancy_input(raw: Mapping[str, Any]) -> VacancyInput:
    """Build a VacancyInput from wire data; type errors become one Invalid naming each field."""
    try:
        return VacancyInput.model_validate(dict(raw))
    except ValidationError as exc:
        violations: list[Violation] = []
        seen: set[str] = set()
        for error in exc.errors():
            field = _location(error["loc"])
            if field not in seen:
                seen.add(field)
                violations.append(Violation(field, Constraint.TYPE, error["msg"]))
        raise Invalid(violations) from exc


# The vacancy's column attributes, in table order (the keys of ``VacancyBundle.columns``).
VACANCY_COLUMNS: tuple[str, ...] = tuple(attr.key for attr in inspect(Vacancy).column_attrs)
_COLUMN_SET = frozenset(VACANCY_COLUMNS)


def vacancy_columns(vacancy: Vacancy) -> Mapping[str, Any]:
    """The vacancy's column values by attribute name. Its loaded state when complete: a render reads
    some 50 columns, and plain dict reads cost a tenth of instrumented attribute reads."""
    state: dict[str, Any] = vacancy.__dict__
    if state.keys() >= _COLUMN_SET:
        return state
    return {key: getattr(vacancy, key) for key in VACANCY_COLUMNS}  # loads what is expired


class VacancyBundle(Protocol):
    """What a face renders a vacancy from: column values, labels, side lists, company."""

    @property
    def columns(self) -> Mapping[str, Any]: ...
    @property
    def labels(self) -> VacancyLabels: ...
    @property
    def tags(self) -> Sequence[Tag]: ...
    @property
    def questions(self) -> Sequence[Question]: ...
    @property
    def distributions(self) -> Sequence[Distribution]: ...
    @property
    def company(self) -> Company: ...


@dataclass(frozen=True)
class VacancyView:
    """A vacancy with everything a face needs to render it, loaded in batches."""

    vacancy: Vacancy
    labels: VacancyLabels
    address: dict[str, str | None] | None
    tags: list[Tag]
    questions: list[Question]
    distributions: list[Distribution]
    company: Company

    @property
    def columns(self) -> Mapping[str, Any]:
        return vacancy_columns(self.vacancy)


class ListedVacancy(NamedTuple):
    """A vacancy of a list read as plain column values (no ORM instance per row); side lists are
    empty unless asked for. Renders exactly like the ``VacancyView`` of the same vacancy."""

    columns: dict[str, Any]
    labels: VacancyLabels
    tags: list[Tag]
    questions: list[Question]
    distributions: list[Distribution]
    company: Company


@dataclass(frozen=True)
class CareerItem:
    """A careers-listing entry: the career-site distribution and its vacancy."""

    distribution: Distribution
    view: VacancyView
