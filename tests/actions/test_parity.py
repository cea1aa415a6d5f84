"""Every action, through RPC, the CLI and a real MCP client session over Streamable HTTP, gives the
same data as the matching face route."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client
from typer.testing import CliRunner

from tests.actions.cases import CASES
from tests.actions.conftest import World, mcp_session
from tests.actions.flowtly_cases import FLOWTLY_CASES, Staffed, seed_staffed
from tests.faces.flatchr.conftest_applicants import Clock, clock_fixture  # noqa: F401
from tests.test_cli import cli_env  # noqa: F401
from vivier.cli import app as cli

CV = "flatchr_retrieve_candidate_cv"


def via_rpc(client: TestClient, world: World, action: str, given: dict[str, Any], live: str) -> Any:
    response = client.post("/actions/rpc", json={"action": action, **given}, headers=world.tenant.auth)
    assert response.status_code == 200, response.text
    return response.json()


def via_cli(client: TestClient, world: World, action: str, given: dict[str, Any], live: str) -> Any:
    args = ["actions", "call", action, "--company", world.tenant.id, "--input", json.dumps(given)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def via_mcp(client: TestClient, world: World, action: str, given: dict[str, Any], live: str) -> Any:
    async def work(session: Client) -> Any:
        result = await session.call_tool(action, given)
        assert not result.is_error, result.content
        assert json.loads(result.content[0].text) == result.structured_content  # type: ignore[union-attr]
        if action == CV:  # the bytes also come as a blob resource with their MIME type
            blob = result.content[1].resource  # type: ignore[union-attr]
            assert blob.mime_type == "application/pdf"
            assert blob.blob == result.structured_content["data"]["content_base64"]
        return result.structured_content

    return mcp_session(live, world.tenant.key, work)


TRANSPORTS: dict[str, Callable[..., Any]] = {"rpc": via_rpc, "cli": via_cli, "mcp": via_mcp}
ALL_CASES: dict[str, tuple[Callable[[Any], dict[str, Any]], Callable[[TestClient, Any, Any], Any]]] = {
    **CASES,
    **FLOWTLY_CASES,
}


@pytest.fixture
def live(request: pytest.FixtureRequest, transport: str) -> str:
    """The live server's URL, started only for MCP."""
    return str(request.getfixturevalue("live_url")) if transport == "mcp" else ""


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("action", sorted(ALL_CASES))
@pytest.mark.parametrize("transport", sorted(TRANSPORTS))
def test_action_gives_the_face_data(
    client: TestClient, world: World, clock: Clock, transport: str, action: str, live: str
) -> None:
    make_input, face = ALL_CASES[action]
    subject: World | Staffed = seed_staffed(client, world) if action.startswith("flowtly_") else world
    answer = TRANSPORTS[transport](client, world, action, make_input(subject), live)
    data = answer["data"]
    if action == CV:
        clock.current += timedelta(seconds=2)  # past the download window (signed URLs keep their expiry)
        assert base64.b64decode(data["content_base64"]).startswith(b"%PDF")
        data = data["content_base64"]
    assert data == face(client, subject, answer["data"])
    assert answer["next"] is None
