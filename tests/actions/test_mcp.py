"""The MCP server through the SDK's own client: tools/list (schemas, annotations), the
search_execute mode, stdio (``vivier mcp``), credentials and read-only keys."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx
from fastapi.testclient import TestClient
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.actions.conftest import World, mcp_session
from tests.test_cli import cli_env  # noqa: F401
from vivier.actions.catalogue import catalogue
from vivier.companies.apikeys import issue_key
from vivier.companies.models import Member
from vivier.db.session import Database


async def _tools(session: Client) -> list[Any]:
    return list((await session.list_tools()).tools)


def test_tools_list_has_one_tool_per_action_with_schema_and_hints(live_url: str, world: World) -> None:
    tools = {t.name: t for t in mcp_session(live_url, world.tenant.key, _tools)}
    assert set(tools) == set(catalogue())
    archive = tools["flatchr_archive_candidate"]
    assert archive.title == "Archive Candidate"
    assert archive.input_schema == catalogue()["flatchr_archive_candidate"].input_schema
    assert archive.output_schema["properties"]["data"]["title"] == "ApplicantOut"
    assert "CandidateOut" in archive.output_schema["$defs"]
    hints = archive.annotations
    assert (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint) == (False, True, True)
    assert tools["flatchr_list_columns"].annotations.read_only_hint is True


def test_search_execute_mode_exposes_two_tools(live_url: str, world: World, client: TestClient) -> None:
    async def work(session: Client) -> Any:
        names = [t.name for t in await _tools(session)]
        found = await session.call_tool(
            "vivier_search_actions", {"query": "pipeline columns", "glob": "flatchr_*"}
        )
        ran = await session.call_tool("vivier_execute_action", {"action": "flatchr_list_columns"})
        return names, found.structured_content, ran.structured_content

    url = f"{live_url}?tool-mode=search_execute"
    names, found, ran = mcp_session(url, world.tenant.key, work)
    assert names == ["vivier_search_actions", "vivier_execute_action"]
    assert [a["name"] for a in found["data"]] == ["flatchr_list_columns"]
    assert "input_schema" in found["data"][0] and "annotations" in found["data"][0]
    assert ran["data"] == client.get(f"{world.company}/columns", headers=world.tenant.auth).json()


def test_errors_come_back_as_tool_errors_naming_the_field(live_url: str, world: World) -> None:
    async def work(session: Client) -> Any:
        return await session.call_tool(
            "flatchr_close_task", {"path": {"taskId": world.task}, "body": {"done": "maybe"}}
        )

    result = mcp_session(live_url, world.tenant.key, work)
    assert result.is_error
    assert [f["field"] for f in result.structured_content["fields"]] == ["body.done"]


def test_other_company_ids_are_not_found(live_url: str, world: World, other_tenant: Any) -> None:
    async def work(session: Client) -> Any:
        return await session.call_tool(
            "flatchr_retrieve_comments", {"path": {"applicantId": world.applicant}}
        )

    result = mcp_session(live_url, other_tenant.key, work)
    assert result.is_error and result.structured_content["status"] == 404


def test_read_only_key_cannot_run_a_destructive_tool(
    live_url: str, world: World, db: Database, client: TestClient
) -> None:
    with db.unit_of_work() as session:
        member = session.get(Member, world.tenant.ctx.member_id)
        assert member is not None
        key = issue_key(session, member, read_only=True).plaintext

    async def work(session: Client) -> Any:
        path = {"applicantId": world.applicant, "commentId": world.comment}
        return await session.call_tool("flatchr_delete_comment", {"path": path})

    result = mcp_session(live_url, key, work)
    assert result.is_error and result.structured_content["status"] == 403
    comments = client.get(f"{world.company}/applicant/{world.applicant}/comments", headers=world.tenant.auth)
    assert [c["id"] for c in comments.json()] == [world.comment]


def test_http_endpoint_wants_a_valid_bearer_key(live_url: str) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
    missing = httpx.post(live_url, json=initialize)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = httpx.post(live_url, json=initialize, headers={"Authorization": "Bearer viv_" + "x" * 40})
    assert wrong.status_code == 401


def test_stdio_server_started_by_the_cli(cli_env: dict[str, str], world: World, client: TestClient) -> None:  # noqa: F811
    command = Path(sys.executable).with_name("vivier")
    env = {**cli_env, "PATH": os.environ["PATH"]}
    params = StdioServerParameters(command=str(command), args=["mcp", "--api-key", world.tenant.key], env=env)

    async def work() -> Any:
        async with Client(params) as session:
            names = {t.name for t in await _tools(session)}
            columns = await session.call_tool("flatchr_list_columns", {})
            traits = await session.call_tool(
                "flatchr_display_candidate_tags", {"path": {"applicantId": world.applicant}}
            )
            return names, columns.structured_content, traits.structured_content

    names, columns, traits = anyio.run(work)
    assert names == set(catalogue())
    auth = world.tenant.auth
    assert columns["data"] == client.get(f"{world.company}/columns", headers=auth).json()
    assert (
        traits["data"]
        == client.get(f"{world.company}/applicant/{world.applicant}/traits", headers=auth).json()
    )
