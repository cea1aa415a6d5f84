"""The career site's listing filters: free text, contract type and location, read from a GET form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vivier.core.text import is_number
from vivier.vacancies.schemas import CareerItem


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for; empty or malformed values mean "any"."""

    text: str | None = None
    contract: int | None = None
    location: str | None = None

    @classmethod
    def read(cls, text: str, contract: str, location: str) -> Filters:
        contract = contract.strip()
        return cls(
            text=text.strip() or None,
            contract=int(contract) if is_number(contract) and len(contract) < 10 else None,
            location=location.strip() or None,
        )

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.text, self.contract, self.location))


def filter_items(items: Sequence[CareerItem], filters: Filters) -> list[CareerItem]:
    """Items of the requested contract type (text and location are filtered by the listing service)."""
    return [i for i in items if filters.contract in (None, i.view.vacancy.contract_type_id)]


def locations(items: Sequence[CareerItem]) -> list[str]:
    """The localities of the listed vacancies, for the location select."""
    found: dict[str, str] = {}
    for item in items:
        name = (item.view.vacancy.address_locality or "").strip()
        if name:
            found.setdefault(name.casefold(), name)
    return sorted(found.values(), key=str.casefold)


def contract_ids(items: Sequence[CareerItem]) -> list[int]:
    """The contract types of the listed vacancies, for the contract select."""
    return sorted({i.view.vacancy.contract_type_id for i in items})
