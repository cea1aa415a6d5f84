"""The vacancy form: its fixed choices, posted form -> VacancyInput mapping, values to redisplay, messages."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from vivier.core.errors import Constraint, Invalid, Violation
from vivier.core.text import is_number
from vivier.vacancies.models import VacancyStatus
from vivier.vacancies.overview import VacancyChoices
from vivier.vacancies.schemas import VacancyView
from vivier.web.i18n import translate

# Single-valued fields, posted under their VacancyInput name -> English label (templates translate labels).
SCALARS = {
    "title": "Title",
    "reference": "Reference",
    "status": "Status",
    "language": "Language of the vacancy",
    "contract_type_id": "Contract type",
    "experience": "Experience",
    "education_level_id": "Education level",
    "activity_id": "Business sector",
    "channel_id": "Channel",
    "metier_id": "Job category",
    "description": "Description",
    "mission": "Mission",
    "profile": "Profile sought",
    "salary": "Salary (minimum)",
    "salary_max": "Salary (maximum)",
    "currency": "Currency",
    "mensuality": "Salary period",
    "remote": "Remote work",
    "start_date": "Start date",
    "end_date": "End date",
    "apply_url": "External apply link",
    "external_id": "External id",
    "meta_title": "Page title for search engines",
    "meta_tags": "Keywords for search engines",
    "meta_description": "Description for search engines",
    "note": "Internal note",
}
ADDRESS_FIELDS = {
    "street_number": "Street number",
    "route": "Street",
    "postal_code": "Postal code",
    "locality": "City",
    "administrative_area_level_2": "County / department",
    "administrative_area_level_1": "Region / state",
    "country": "Country",
    "formatted_address": "Full address (built from the parts when left empty)",
    "location_lat": "Latitude",
    "location_lng": "Longitude",
}
FLAGS = {
    "driver_license": "Driving licence required",
    "partial": "Part-time",
    "handicap": "Open to people with disabilities",
    "kanban": "Follow applicants on the pipeline board",
}
OPTION_FLAGS = {
    "indeed": "Publish on Indeed",
    "linkedin": "Publish on LinkedIn",
    "motivation": "Ask for a cover letter",
    "social_links": "Ask for social profile links",
}
EXPERIENCES = {
    "1": "Less than 1 year",
    "2": "1 to 3 years",
    "4": "3 to 5 years",
    "6": "5 to 10 years",
    "11": "More than 10 years",
}
REMOTES = {"notime": "On site", "parttime": "Hybrid", "fulltime": "Full remote"}
MENSUALITIES = {"y": "per year", "m": "per month", "d": "per day", "h": "per hour"}
CURRENCIES = {"EUR": "EUR", "USD": "USD", "GBP": "GBP", "CAD": "CAD", "CHF": "CHF"}
LANGUAGES = {"fr_FR": "French", "en_GB": "English"}
STATUSES = {
    str(int(VacancyStatus.DRAFT)): "Draft",
    str(int(VacancyStatus.ACTIVE)): "Published",
    str(int(VacancyStatus.ARCHIVED)): "Archived",
}
# Every form field's label, by the field name used in posts and in violations.
LABELS = {
    **SCALARS,
    **{f"address.{name}": label for name, label in ADDRESS_FIELDS.items()},
    **FLAGS,
    **{f"options.{name}": label for name, label in OPTION_FLAGS.items()},
    "tags": "Folders",
}
FORM_CHOICES: dict[str, Any] = {
    "labels": LABELS,
    "address_fields": ADDRESS_FIELDS,
    "flags": FLAGS,
    "option_flags": OPTION_FLAGS,
    "experiences": EXPERIENCES,
    "remotes": REMOTES,
    "mensualities": MENSUALITIES,
    "currencies": CURRENCIES,
    "languages_choice": LANGUAGES,
    "statuses": STATUSES,
}
DEFAULTS: dict[str, Any] = {
    "status": str(int(VacancyStatus.DRAFT)),
    "language": "fr_FR",
    "currency": "EUR",
    "mensuality": "y",
    "remote": "notime",
    "kanban": True,
}


def reference_options(choices: VacancyChoices) -> dict[str, list[tuple[int, str]]]:
    """(id, label) pairs of each reference list, for the form's selects."""
    lists = {
        "contract_types": choices.contract_types,
        "education_levels": choices.education_levels,
        "activities": choices.activities,
        "channels": choices.channels,
    }
    return {name: [(item.id, item.text) for item in items] for name, items in lists.items()}


def whole_number(raw: str | None, *, default: int, low: int = 0, high: int = 10_000_000) -> int:
    """A page number or offset from a query string; anything unusable gives ``default`` (links never 422)."""
    text = (raw or "").strip()
    if not is_number(text) or len(text) > 9:
        return default
    return min(max(int(text), low), high)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [value for value in form.getlist(name) if isinstance(value, str)]


def vacancy_data(form: FormData, *, creating: bool) -> dict[str, Any]:
    """The posted form as VacancyInput data. Unchecked boxes are absent from a post, hence False;
    the status is only chosen at creation (afterwards the publish/unpublish/archive buttons set it)."""
    data: dict[str, Any] = {name: _text(form, name) for name in SCALARS if name in form}
    if not creating:
        data.pop("status", None)
    data["address"] = {name: _text(form, f"address.{name}") for name in ADDRESS_FIELDS}
    data.update({flag: flag in form for flag in FLAGS})
    data["tags"] = _texts(form, "tags")
    data["options"] = {flag: f"options.{flag}" in form for flag in OPTION_FLAGS}
    data["options"]["optionals"] = _texts(form, "options.optionals")
    return data


def form_values(form: FormData) -> dict[str, Any]:
    """What the visitor posted, to fill the form again after a refusal."""
    values: dict[str, Any] = {name: _text(form, name) for name in SCALARS}
    values.update({f"address.{name}": _text(form, f"address.{name}") for name in ADDRESS_FIELDS})
    values.update({flag: flag in form for flag in FLAGS})
    values.update({f"options.{flag}": f"options.{flag}" in form for flag in OPTION_FLAGS})
    values["tags"] = _texts(form, "tags")
    values["options.optionals"] = _texts(form, "options.optionals")
    return values


def _shown(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def view_values(view: VacancyView | None) -> dict[str, Any]:
    """The form's values for an existing vacancy, or the defaults of a new one."""
    if view is None:
        return {**{name: "" for name in SCALARS}, **DEFAULTS, "tags": [], "options.optionals": []}
    vacancy = view.vacancy
    values: dict[str, Any] = {name: _shown(getattr(vacancy, name)) for name in SCALARS}
    if values["salary"] == "0":  # Flatchr's "no salary"
        values["salary"] = ""
    values.update({f"address.{name}": _shown((view.address or {}).get(name)) for name in ADDRESS_FIELDS})
    values.update({flag: bool(getattr(vacancy, flag)) for flag in FLAGS})
    options = vacancy.options or {}
    values.update({f"options.{flag}": bool(options.get(flag)) for flag in OPTION_FLAGS})
    values["options.optionals"] = [str(o) for o in options.get("optionals") or []]
    values["tags"] = [tag.public_id for tag in view.tags]
    return values


def _message(violation: Violation) -> tuple[str, dict[str, object]]:
    """A message for people (English, translated by the caller) instead of the API's wording."""
    field, constraint = violation.field, violation.constraint
    if constraint in (Constraint.NULL, Constraint.BLANK):
        return "This field is required.", {}
    if constraint == Constraint.LENGTH:
        return "At most {limit} characters.", {"limit": violation.limit}
    if field == "end_date" and constraint == Constraint.RANGE:
        return "The end date must not be before the start date.", {}
    if field == "metier_id" and constraint == Constraint.REFERENCE and "channel" in violation.message:
        return "This job category does not belong to the chosen channel.", {}
    if constraint in (Constraint.CHOICE, Constraint.REFERENCE):
        return "Choose a value from the list.", {}
    if field in ("start_date", "end_date"):
        return "Enter a date (YYYY-MM-DD).", {}
    if field.startswith("address.location_"):
        if constraint == Constraint.RANGE:
            return "Out of range.", {}
        return "Enter a number.", {}
    return "This value is not valid.", {}


def field_errors(exc: Invalid, lang: str) -> dict[str, str]:
    """One translated message per refused form field (the first, when a field breaks several rules)."""
    errors: dict[str, str] = {}
    for violation in exc.violations:
        if violation.field not in errors:
            message, values = _message(violation)
            errors[violation.field] = translate(lang, message, **values)
    return errors
