"""Property-based run over /flowtly/openapi.json: whatever the input, never a server error."""

from __future__ import annotations

from tests.faces.conftest import make_tenant
from tests.faces.test_schemathesis import fuzz
from vivier.config import Settings
from vivier.db.session import Database


def test_flowtly_never_answers_a_server_error(settings: Settings, db: Database) -> None:
    assert fuzz(settings, "/flowtly/openapi.json", make_tenant(db, "FuzzFlowtly")) == []
