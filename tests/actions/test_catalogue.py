"""The catalogue: exactly the 29 Flatchr actions with their Flatchr labels, plus Flowtly ones;
every schema is valid JSON Schema; hints are consistent."""

from __future__ import annotations

import re

import pytest
from jsonschema.validators import validator_for

from vivier.actions.catalogue import catalogue, find, matching
from vivier.core.errors import NotFound

FLATCHR_LABELS = [
    "Retrieve Vacancies", "Retrieve Active Vacancies", "Retrieve Vacancy", "Create Vacancy",
    "Search Candidates", "Update Candidate Meta Information", "Move Candidate", "Archive Candidate",
    "Create Candidate (JSON)", "Create Candidate (Custom)", "Create Candidate (Test)", "Retrieve Candidate CV",
    "Retrieve Comments", "Create Comment", "Delete Comment", "Retrieve Messages", "Retrieve Tasks",
    "Create Task", "Close Task", "Display Candidate Tags", "Fill A Candidate Tag", "Retrieve Company Tags",
    "List Members", "List Columns", "List Business Sectors", "List Channels", "List Channel Job Categories",
    "List Contract Types", "List Education Levels",
]  # fmt: skip


def test_flatchr_actions_are_exactly_the_flatchr_list() -> None:
    flatchr = matching("flatchr_*")
    assert sorted(a.label for a in flatchr) == sorted(FLATCHR_LABELS)
    assert len(flatchr) == 29
    for action in flatchr:
        words = re.sub(r"[^a-z0-9]+", "_", action.label.lower().replace(" a ", " ")).strip("_")
        assert action.name == f"flatchr_{words}"


def test_every_action_is_flatchr_or_flowtly() -> None:
    assert all(name.startswith(("flatchr_", "flowtly_")) for name in catalogue())


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_entry_is_complete_with_valid_schemas(name: str) -> None:
    entry = find(name).describe()
    assert entry["label"] and entry["category"]
    assert entry["description"].endswith(".") and entry["description"].count(". ") == 0  # one sentence
    for schema in (entry["input_schema"], entry["output_schema"]):
        validator_for(schema).check_schema(schema)
    assert entry["input_schema"]["type"] == "object"
    assert set(entry["input_schema"]["properties"]) == {"path", "query", "body"}
    hints = entry["annotations"]
    assert set(hints) == {"readOnlyHint", "destructiveHint", "idempotentHint"}
    assert not (hints["readOnlyHint"] and hints["destructiveHint"])


def test_hints_of_known_actions() -> None:
    assert find("flatchr_retrieve_vacancies").read_only
    assert find("flatchr_archive_candidate").destructive and not find("flatchr_archive_candidate").read_only
    assert find("flatchr_delete_comment").destructive
    assert not find("flatchr_create_vacancy").read_only and not find("flatchr_create_vacancy").idempotent


def test_unknown_name_is_not_found() -> None:
    with pytest.raises(NotFound):
        find("flatchr_nothing")
