from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from tests.factories import QueryCounter
from vivier.core.errors import NotFound
from vivier.reference import data
from vivier.reference.service import (
    MetierItem,
    RefItem,
    address_dict,
    address_formatted,
    format_address,
    labels_for,
    language_lang,
    list_activities,
    list_channels,
    list_contract_types,
    list_education_levels,
    list_metiers,
    missing_reference_ids,
    normalize_lang,
    source_labels,
    source_or_default,
)


def test_lists_are_complete_and_ordered_by_id(session: Session) -> None:
    contracts = list_contract_types(session)
    assert len(contracts) == 10
    assert [c.id for c in contracts] == sorted(c.id for c in contracts)
    assert len(list_education_levels(session)) == 7
    assert len(list_activities(session)) == 30
    channels = list_channels(session)
    assert len(channels) == 21
    assert channels[1] == RefItem(2, "Commerce / Vente")
    total = sum(len(list_metiers(session, c.id)) for c in channels)
    assert total == len(data.METIERS) == 64


def test_documented_reference_facts(session: Session) -> None:
    metiers = list_metiers(session, 2)
    assert metiers == [
        MetierItem(49, "Commercial conseil", 2),
        MetierItem(50, "Business developer", 2),
        MetierItem(52, "Directeur commercial", 2),
        MetierItem(54, "Chargé d'affaire / technico commercial", 2),
    ]
    assert RefItem(25, "Internet") in list_activities(session)
    levels = list_education_levels(session)
    assert RefItem(5, "Bac +3") in levels and RefItem(6, "Bac +5") in levels
    assert list_contract_types(session)[0] == RefItem(1, "CDI")
    assert list_contract_types(session, "en")[0] == RefItem(1, "Permanent contract")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Sales"), ("fr", "Commerce / Vente"), ("de", "Commerce / Vente"), (None, "Commerce / Vente")],
)
def test_language_of_labels(session: Session, lang: str | None, expected: str) -> None:
    assert list_channels(session, lang)[1].text == expected


def test_metiers_in_english_and_unknown_channel(session: Session) -> None:
    assert [m.text for m in list_metiers(session, 1, "en")] == [
        "Buyer",
        "Purchasing manager",
        "Supply planner",
    ]
    assert list_metiers(session, 5)[-1] == MetierItem(122, "Développeur mobile", 5)
    with pytest.raises(NotFound):
        list_metiers(session, 999)


def test_lang_helpers() -> None:
    assert normalize_lang("en") == "en"
    assert normalize_lang("EN") == "fr"
    assert language_lang("en_GB") == "en"
    assert language_lang("fr_FR") == "fr"
    assert language_lang(None) == "fr"


def test_sources(session: Session) -> None:
    assert source_or_default(session, 1).label == "LinkedIn"
    assert source_or_default(session, 12345).id == 98
    assert source_or_default(session, None).label == "Site carrière"
    assert source_or_default(session, None, default=10).label == "Saisie manuelle"
    assert source_labels(session, [98, 152, 4, None, 777]) == {
        98: "Site carrière",
        152: "Intranet",
        4: "L'Apec",
    }
    assert source_labels(session, []) == {}


@dataclass
class FakeVacancy:
    id: int
    language: str
    contract_type_id: int = 1
    education_level_id: int = 6
    activity_id: int = 25
    channel_id: int = 2
    metier_id: int = 49


def test_labels_for_many_vacancies_in_their_language(session: Session) -> None:
    vacancies = [
        FakeVacancy(i, "fr_FR" if i % 2 else "en_GB", education_level_id=1 + i % 7) for i in range(1, 41)
    ]
    vacancies.append(FakeVacancy(99, "fr_FR", metier_id=9999))
    with QueryCounter(session) as statements:
        labels = labels_for(session, vacancies)
    assert len(statements) == 0  # immutable reference labels are read from memory
    fr = labels[1]
    assert (fr.contract_type, fr.education_level, fr.activity, fr.channel, fr.metier) == (
        "CDI",
        "CAP / BEP",
        "Internet",
        "Commerce / Vente",
        "Commercial conseil",
    )
    en = labels[4]
    assert (en.contract_type, en.education_level, en.channel, en.metier) == (
        "Permanent contract",
        "Bachelor's degree (Bac +3)",
        "Sales",
        "Sales consultant",
    )
    assert labels[99].metier == ""
    forced = labels_for(session, vacancies[:2], lang="en")
    assert forced[1].contract_type == "Permanent contract"
    assert labels_for(session, []) == {}


def test_missing_reference_ids(session: Session) -> None:
    ids: dict[str, int | None] = {
        "contract_type_id": 1,
        "education_level_id": 99,
        "activity_id": None,
        "channel_id": 2,
        "metier_id": 48,
    }
    assert missing_reference_ids(session, ids) == ["education_level_id", "metier_id"]


@dataclass
class FakeAddress:
    address_locality: str | None = None
    address_postal_code: str | None = None
    address_route: str | None = None
    address_street_number: str | None = None
    address_administrative_area_level_1: str | None = None
    address_administrative_area_level_2: str | None = None
    address_country: str | None = None
    address_formatted_address: str | None = None
    address_location_lat: str | None = None
    address_location_lng: str | None = None


def test_address_helpers() -> None:
    assert format_address("10", "rue de Vaugirard", "75015", "Paris", "France") == (
        "10 rue de Vaugirard, 75015 Paris, France"
    )
    assert format_address(None, " ", None, "Lyon", "") == "Lyon"
    assert format_address(None, None, None, None, None) == ""
    empty = FakeAddress()
    assert address_dict(empty) is None  # type: ignore[arg-type]
    assert address_formatted(empty) == ""  # type: ignore[arg-type]
    some = FakeAddress(address_locality="Paris", address_formatted_address="Paris")
    block = address_dict(some)  # type: ignore[arg-type]
    assert block is not None and block["locality"] == "Paris" and block["country"] is None
    assert list(block) == [
        "locality",
        "postal_code",
        "route",
        "street_number",
        "administrative_area_level_1",
        "administrative_area_level_2",
        "country",
        "formatted_address",
        "location_lat",
        "location_lng",
    ]
    assert address_formatted(some) == "Paris"  # type: ignore[arg-type]
