from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from vivier.core.clock import as_utc
from vivier.faces.flatchr.formats import iso


def test_iso_is_utc_with_milliseconds_whatever_the_zone_it_comes_in() -> None:
    instant = datetime(2022, 1, 3, 13, 28, 36, 705123, tzinfo=UTC)
    paris = instant.astimezone(ZoneInfo("Europe/Paris"))
    assert iso(instant) == "2022-01-03T13:28:36.705Z"
    assert iso(paris) == "2022-01-03T13:28:36.705Z"
    assert iso(instant.replace(tzinfo=None)) == "2022-01-03T13:28:36.705Z"  # SQLite's naive UTC
    assert iso(datetime(2022, 1, 3, 23, 59, 59, tzinfo=timezone(timedelta(hours=-2)))) == (
        "2022-01-04T01:59:59.000Z"
    )


def test_as_utc_passes_utc_through_and_converts_the_rest() -> None:
    instant = datetime(2022, 1, 3, 13, 0, tzinfo=UTC)
    assert as_utc(instant) is instant
    other = as_utc(instant.astimezone(ZoneInfo("Etc/UTC")))
    assert other == instant
    assert other.tzinfo is UTC
