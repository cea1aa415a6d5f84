"""``vivier actions list|describe|call``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.actions.conftest import World
from tests.test_cli import cli_env  # noqa: F401
from vivier.actions.catalogue import catalogue
from vivier.cli import app


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_with_glob_and_as_json() -> None:
    code, out, _ = invoke("actions", "list", "--glob", "flatchr_*_task*")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "flatchr_retrieve_tasks",
        "flatchr_create_task",
        "flatchr_close_task",
    ]
    assert lines[0].split()[1] == "read" and lines[1].split()[1] == "write"
    code, out, _ = invoke("actions", "list", "--json")
    assert code == 0 and [a["name"] for a in json.loads(out)] == list(catalogue())


def test_describe_prints_schemas_and_hints() -> None:
    code, out, _ = invoke("actions", "describe", "flatchr_delete_comment")
    entry = json.loads(out)
    assert (
        code == 0 and entry["label"] == "Delete Comment" and entry["annotations"]["destructiveHint"] is True
    )
    assert entry["input_schema"]["required"] == ["path"]
    code, _, err = invoke("actions", "describe", "flatchr_nope")
    assert code == 1 and json.loads(err)["status"] == 404


def test_call_refusals_are_json_on_stderr(cli_env: dict[str, str], world: World) -> None:  # noqa: F811
    given = json.dumps({"path": {"taskId": world.task}, "body": {}})
    code, out, err = invoke(
        "actions", "call", "flatchr_close_task", "--company", world.tenant.id, "--input", given
    )
    assert code == 1 and out == ""
    assert [f["field"] for f in json.loads(err)["fields"]] == ["body.done"]
    code, _, err = invoke(
        "actions", "call", "flatchr_list_columns", "--company", world.tenant.id, "--input", "{"
    )
    assert code == 1 and "not valid JSON" in err
    code, _, err = invoke("actions", "call", "flatchr_list_columns", "--company", "no-such-company")
    assert code == 1 and json.loads(err)["status"] == 404
