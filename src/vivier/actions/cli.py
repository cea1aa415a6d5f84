"""``vivier actions list|describe|call`` and ``vivier mcp`` (the MCP server on stdio)."""

from __future__ import annotations

import json
from typing import Annotated, Any, NoReturn

import anyio
import typer
from sqlalchemy.orm import Session

from vivier.actions.catalogue import find, matching
from vivier.actions.mcp_server import SEARCH_EXECUTE, Access, serve_stdio
from vivier.actions.runner import error_body, execute
from vivier.companies import service as companies
from vivier.companies.context import Context
from vivier.config import load_settings
from vivier.core.errors import DomainError
from vivier.db.session import Database
from vivier.files.store import LocalFileStore

app = typer.Typer(help="Actions: every operation by name, with JSON schemas (also served by RPC and MCP).")


def _print(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("list")
def list_actions(
    glob: Annotated[str | None, typer.Option(help="Name pattern, e.g. 'flatchr_*'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full catalogue entries.")] = False,
) -> None:
    """List the actions (name, hints, label)."""
    actions = matching(glob)
    if as_json:
        _print([a.describe() for a in actions])
        return
    for action in actions:
        mode = "read" if action.read_only else "DESTRUCTIVE" if action.destructive else "write"
        typer.echo(f"{action.name:45} {mode:12} {action.label}")


@app.command("describe")
def describe(name: Annotated[str, typer.Argument(help="Action name.")]) -> None:
    """Print one action's catalogue entry: description, input and output JSON schemas, hints."""
    try:
        _print(find(name).describe())
    except DomainError as exc:
        _fail(exc)


@app.command("call")
def call(
    name: Annotated[str, typer.Argument(help="Action name.")],
    company: Annotated[str, typer.Option(help="Company id or slug (acts as its oldest administrator).")],
    input: Annotated[
        str, typer.Option("--input", help='JSON: {"path": {}, "query": {}, "body": {}}.')
    ] = "{}",
) -> None:
    """Run an action; prints {"data", "next"} as JSON (errors: JSON on stderr, exit code 1)."""
    try:
        raw = json.loads(input)
    except json.JSONDecodeError as exc:
        typer.echo(f"error: --input is not valid JSON: {exc}", err=True)
        raise typer.Exit(1) from None
    settings = load_settings()
    db = Database(settings.database_url)

    def caller(session: Session) -> Context:
        return companies.admin_context(session, companies.find_company(session, company))

    try:
        result = execute(db, settings, LocalFileStore(settings.files_dir), caller, name, raw)
    except DomainError as exc:
        _fail(exc)
    finally:
        db.dispose()
    _print({"data": result.data, "next": result.next})


def _fail(error: DomainError) -> NoReturn:
    typer.echo(json.dumps(error_body(error)[1], ensure_ascii=False), err=True)
    raise typer.Exit(1)


def mcp(
    api_key: Annotated[str, typer.Option(help="API key the tools act with.", envvar="VIVIER_API_KEY")],
    tool_mode: Annotated[
        str | None,
        typer.Option(help=f"'{SEARCH_EXECUTE}': two tools (search, execute) instead of one per action."),
    ] = None,
) -> None:
    """Serve the actions as an MCP server on stdin/stdout (for desktop AI agents)."""
    settings = load_settings()
    db = Database(settings.database_url)
    try:
        anyio.run(serve_stdio, db, settings, LocalFileStore(settings.files_dir), Access(api_key, tool_mode))
    finally:
        db.dispose()
