"""Flatchr's date formats (flatchr-api.md §4.3)."""

from __future__ import annotations

from datetime import datetime

from vivier.core.clock import as_utc


def iso(value: datetime) -> str:
    """ISO 8601 UTC with milliseconds: ``2022-01-03T13:28:36.705Z``."""
    return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.") + f"{as_utc(value).microsecond // 1000:03d}Z"


def iso_or_none(value: datetime | None) -> str | None:
    return None if value is None else iso(value)
