"""The postal address block shared by companies and vacancies (Flatchr's Address object)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

ADDRESS_FIELDS = (
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
)


class AddressColumns:
    """Columns ``address_<field>``; an address whose fields are all null is no address."""

    address_locality: Mapped[str | None] = mapped_column(String(255))
    address_postal_code: Mapped[str | None] = mapped_column(String(20))
    address_route: Mapped[str | None] = mapped_column(String(255))
    address_street_number: Mapped[str | None] = mapped_column(String(20))
    address_administrative_area_level_1: Mapped[str | None] = mapped_column(String(255))
    address_administrative_area_level_2: Mapped[str | None] = mapped_column(String(255))
    address_country: Mapped[str | None] = mapped_column(String(255))
    address_formatted_address: Mapped[str | None] = mapped_column(String(500))
    address_location_lat: Mapped[str | None] = mapped_column(String(20))
    address_location_lng: Mapped[str | None] = mapped_column(String(20))
