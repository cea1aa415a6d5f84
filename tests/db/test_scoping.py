"""Tenant-scoped lookups by integer id refuse numbers no id column can hold (no 500 on PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import make_candidate
from vivier.candidates.models import Candidate
from vivier.candidates.service import find_by_reference
from vivier.companies.context import Context
from vivier.core.errors import NotFound
from vivier.db.scoping import MAX_INT_ID, get_by_int_id


def test_integer_ids_beyond_32_bits_are_not_found(session: Session, ctx: Context) -> None:
    """Found by the Flatchr fuzz test on PostgreSQL: ``{"reference": 2147483648}`` was a 500."""
    person = make_candidate(session, ctx)
    assert get_by_int_id(session, Candidate, ctx, person.id) is person
    for number in (MAX_INT_ID + 1, 10**30, 0, -1):
        with pytest.raises(NotFound):
            get_by_int_id(session, Candidate, ctx, number)
    for reference in (2**31, str(2**31)):
        with pytest.raises(NotFound):
            find_by_reference(session, ctx, reference)
