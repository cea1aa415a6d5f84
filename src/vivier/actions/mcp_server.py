"""The catalogue as an MCP server (official ``mcp`` SDK, low-level ``Server``): one tool per action,
or two tools (search, execute) in ``search_execute`` mode, over Streamable HTTP at ``/mcp`` and stdio.

Tools run through ``runner.execute``, so MCP callers get RPC's data, checks and tenant scoping. Over
HTTP the server is stateless (JSON responses, no session kept in memory), so any worker can answer.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import quote

import anyio
import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from vivier import __version__
from vivier.actions.catalogue import catalogue, matching
from vivier.actions.framework import Action, Result
from vivier.actions.runner import error_body, execute
from vivier.companies.auth import authenticate
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.errors import DomainError, Unauthenticated
from vivier.db.session import Database
from vivier.faces.common import bearer
from vivier.files.store import FileStore

SEARCH = "vivier_search_actions"
EXECUTE = "vivier_execute_action"
SEARCH_EXECUTE = "search_execute"
INSTRUCTIONS = (
    "Vivier is an applicant tracking system. Each tool is one action; its input is "
    '{"path", "query", "body"} and its result {"data", "next"}: when "next" is not null, call the '
    "same tool with it as input for the next page."
)


@dataclass(frozen=True)
class Access:
    """Who calls, and which tool listing they asked for."""

    credential: str | None
    tool_mode: str | None = None

    @property
    def search_execute(self) -> bool:
        return self.tool_mode == SEARCH_EXECUTE


class SearchIn(BaseModel):
    query: str = Field(
        "", description="words to find in action names, labels and descriptions (all must match)"
    )
    glob: str | None = Field(None, description="a name pattern such as flatchr_* or flowtly_*")


class ExecuteIn(BaseModel):
    action: str = Field(description="the action name (from vivier_search_actions)")
    input: dict[str, Any] = Field(default_factory=dict, description='{"path", "query", "body"} of the action')


def build_server(
    db: Database,
    settings: Settings,
    store: FileStore,
    access_of: Callable[[ServerRequestContext[Any]], Access],
) -> Server[Any]:
    """The MCP server; ``access_of`` tells each request's credential and tool mode."""

    def run(access: Access, name: str, arguments: dict[str, Any]) -> Result:
        def caller(session: Session) -> Context:
            return authenticate(session, settings.secret_key.get_secret_value(), access.credential)

        return execute(db, settings, store, caller, name, arguments)

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        if access_of(ctx).search_execute:
            return types.ListToolsResult(tools=meta_tools())
        return types.ListToolsResult(tools=[tool_of(action) for action in matching()])

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        access = access_of(ctx)
        name, arguments = params.name, dict(params.arguments or {})
        try:
            if name == SEARCH:
                found = search(SearchIn.model_validate(arguments))
                return _json_result({"data": found, "next": None})
            if name == EXECUTE:
                request = ExecuteIn.model_validate(arguments)
                name, arguments = request.action, request.input
            result = await anyio.to_thread.run_sync(run, access, name, arguments)
        except DomainError as exc:
            return _json_result(error_body(exc)[1], error=True)
        except ValidationError as exc:  # arguments of the two meta tools
            return _json_result(
                {"status": 422, "error": "Unprocessable Entity", "message": str(exc)}, error=True
            )
        return tool_result(result)

    return Server(
        "vivier",
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


def tool_of(action: Action) -> types.Tool:
    return types.Tool(
        name=action.name,
        title=action.label,
        description=action.description,
        input_schema=action.input_schema,
        output_schema=result_schema(action.output_schema),
        annotations=types.ToolAnnotations(
            title=action.label,
            read_only_hint=action.read_only,
            destructive_hint=action.destructive,
            idempotent_hint=action.idempotent,
            open_world_hint=False,
        ),
    )


def result_schema(data: dict[str, Any]) -> dict[str, Any]:
    """``{"data", "next"}`` around an action's output schema (MCP wants an object at the root)."""
    inner = {k: v for k, v in data.items() if k != "$defs"}
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "data": inner,
            "next": {
                "anyOf": [{"type": "object"}, {"type": "null"}],
                "description": "input of the next page",
            },
        },
        "required": ["data"],
    }
    if "$defs" in data:
        schema["$defs"] = data["$defs"]
    return schema


def meta_tools() -> list[types.Tool]:
    """The two tools of ``search_execute`` mode, for clients that cannot hold one tool per action."""
    return [
        types.Tool(
            name=SEARCH,
            title="Search actions",
            description="Find Vivier actions by words or name pattern; returns each one's name, hints and input schema.",
            input_schema=SearchIn.model_json_schema(),
            annotations=types.ToolAnnotations(
                read_only_hint=True, idempotent_hint=True, open_world_hint=False
            ),
        ),
        types.Tool(
            name=EXECUTE,
            title="Execute an action",
            description="Run one Vivier action by name with its input; returns its data and the next page input.",
            input_schema=ExecuteIn.model_json_schema(),
            annotations=types.ToolAnnotations(destructive_hint=True, open_world_hint=False),
        ),
    ]


def search(request: SearchIn) -> list[dict[str, Any]]:
    words = request.query.lower().split()
    found = []
    for action in catalogue().values():
        text = f"{action.name} {action.label} {action.description} {action.category}".lower()
        if all(w in text for w in words) and (request.glob is None or fnmatchcase(action.name, request.glob)):
            entry = action.describe()
            del entry["output_schema"]  # the input is what a caller needs to execute it
            found.append(entry)
    return found


def tool_result(result: Result) -> types.CallToolResult:
    """JSON text plus structured content; a file also comes as a blob resource with its MIME type."""
    out = _json_result({"data": result.data, "next": result.next})
    if result.file is not None:
        file = result.file
        blob = types.BlobResourceContents(
            uri=f"vivier://files/{quote(file.filename)}",
            mime_type=file.media_type,
            blob=base64.b64encode(file.content).decode(),
        )
        out.content.append(types.EmbeddedResource(resource=blob))
    return out


def _json_result(payload: dict[str, Any], *, error: bool = False) -> types.CallToolResult:
    text = types.TextContent(text=json.dumps(payload, ensure_ascii=False))
    return types.CallToolResult(content=[text], structured_content=payload, is_error=error)


# -- transports ----------------------------------------------------------------------------------------


def _http_access(ctx: ServerRequestContext[Any]) -> Access:
    request = ctx.request
    if not isinstance(request, Request):
        return Access(None)
    return Access(bearer(request), request.query_params.get("tool-mode"))


class HttpEndpoint:
    """``/mcp``: Streamable HTTP for Bearer API keys (or JWTs); 401 before any MCP exchange otherwise.

    ``running()`` must wrap the application's lifespan (the SDK's session manager needs its task group).
    """

    def __init__(self, db: Database, settings: Settings, store: FileStore) -> None:
        self.db, self.settings = db, settings
        server = build_server(db, settings, store, _http_access)
        self.manager = StreamableHTTPSessionManager(
            server,
            json_response=True,
            stateless=True,
            max_request_body_size=settings.max_body_mb * 1024 * 1024,
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        async with self.manager.run():
            yield

    def _check(self, credential: str | None) -> None:
        with self.db.unit_of_work() as session:
            authenticate(session, self.settings.secret_key.get_secret_value(), credential)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await anyio.to_thread.run_sync(self._check, bearer(Request(scope)))
        except DomainError as exc:
            status, body = error_body(exc)
            headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthenticated) else None
            await JSONResponse(body, status, headers=headers)(scope, receive, send)
            return
        await self.manager.handle_request(scope, receive, send)


async def serve_stdio(db: Database, settings: Settings, store: FileStore, access: Access) -> None:
    """Serve one client on stdin/stdout with a credential given at start (``vivier mcp --api-key``)."""
    server = build_server(db, settings, store, lambda _: access)
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())
