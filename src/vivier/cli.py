"""The ``vivier`` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from sqlalchemy.orm import Session

from vivier import __version__
from vivier.actions import cli as actions_cli
from vivier.companies import apikeys
from vivier.companies import service as companies
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.config import Settings, load_settings
from vivier.core.errors import DomainError
from vivier.db.migrate import upgrade
from vivier.db.session import Database
from vivier.events import webhooks
from vivier.events.models import Webhook
from vivier.messages.mailer import mailer_from_url

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(help="Vivier, a self-hosted applicant tracking system.", no_args_is_help=True)
company_app = typer.Typer(help="Companies (tenants).", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys (shown once, stored hashed).", no_args_is_help=True)
user_app = typer.Typer(help="Users and their memberships.", no_args_is_help=True)
app.add_typer(company_app, name="company")
app.add_typer(apikey_app, name="apikey")
webhook_app = typer.Typer(help="Webhooks (Flatchr events, signed, retried).", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(webhook_app, name="webhook")
app.add_typer(actions_cli.app, name="actions", no_args_is_help=True)
app.command("mcp")(actions_cli.mcp)

ROLES = {"admin": Role.ADMIN, "recruiter": Role.RECRUITER, "hiring_manager": Role.HIRING_MANAGER}


def fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def one_line_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Domain errors become ``error: …`` on stderr and exit code 1, never a traceback."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DomainError as exc:
            fail(exc.message)
            raise AssertionError("unreachable") from exc

    return wrapper


@contextmanager
def unit_of_work(settings: Settings | None = None) -> Iterator[Session]:
    db = Database((settings or load_settings()).database_url)
    try:
        with db.unit_of_work() as session:
            yield session
    finally:
        db.dispose()


def emit(data: Any, as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False) if as_json else text)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vivier {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Vivier, a self-hosted applicant tracking system."""


@app.command()
def migrate() -> None:
    """Apply database migrations (idempotent)."""
    settings = load_settings()
    db = Database(settings.database_url)
    try:
        upgrade(db.engine)
    finally:
        db.dispose()
    typer.echo("database is up to date")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    no_worker: Annotated[
        bool,
        typer.Option("--no-worker", help="Do not deliver webhooks from this process (run 'vivier worker')."),
    ] = False,
) -> None:
    """Serve the web app and both APIs in the foreground (and deliver webhooks, unless --no-worker)."""
    import uvicorn

    from vivier.events.worker import start_thread
    from vivier.serving import APPLICATION, can_share_port, serve_workers

    settings = load_settings()
    db = Database(settings.database_url)
    stop = None if no_worker else start_thread(db, _renderer(), mailer_from_url(settings.smtp_url))[1]
    try:
        if workers > 1 and can_share_port():
            try:
                status = serve_workers(APPLICATION, host, port, workers)
            except OSError as exc:
                typer.echo(f"Cannot listen on {host}:{port}: {exc.strerror}", err=True)
                raise typer.Exit(1) from exc
            if status:
                raise typer.Exit(status)
        else:
            uvicorn.run(APPLICATION, factory=True, host=host, port=port, workers=workers, access_log=False)
    finally:
        if stop is not None:
            stop.set()
        db.dispose()


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
) -> None:
    """Deliver webhooks: drain the outbox and send due deliveries, every second."""
    import threading

    from vivier.events.worker import run_forever, run_once

    settings = load_settings()
    db = Database(settings.database_url)
    mailer = mailer_from_url(settings.smtp_url)
    try:
        if once:
            events, attempts = run_once(db, _renderer(), mailer)
            typer.echo(f"{events} events dispatched, {attempts} delivery attempts")
        else:
            run_forever(db, _renderer(), threading.Event(), mailer=mailer)
    finally:
        db.dispose()


def _renderer() -> webhooks.Renderer:
    from vivier.faces.flatchr.webhooks import render

    return render


@app.command()
def reindex() -> None:
    """Rebuild the candidates' full-text search documents (after a bulk import or a restore)."""
    from vivier.candidates.search import rebuild_all

    with unit_of_work() as session:
        count = rebuild_all(session)
    typer.echo(f"{count} candidates indexed")


@app.command()
@one_line_errors
def demo() -> None:
    """Make sure the demo company exists (idempotent); print its login and API key."""
    from vivier.demo import ensure_demo

    settings = load_settings()
    with unit_of_work(settings) as session:
        access, created = ensure_demo(session, settings)
    typer.echo(
        f"Demo company {'created' if created else 'ready'}: {access.slug} (id {access.company_id})\n"
        f"  web login : {access.email} / {access.password}\n"
        f"  API key   : {access.api_key}\n"
        f"  try       : curl -H 'Authorization: Bearer {access.api_key}' "
        f"{settings.public_url}/flatchr/company/{access.company_id}/columns"
    )


@app.command()
@one_line_errors
def generate(
    company: Annotated[str, typer.Option(help="Slug of the company to create or extend.")] = "bench",
    candidates: Annotated[int, typer.Option(min=0, help="People to generate.")] = 10_000,
    vacancies: Annotated[int, typer.Option(min=1, help="Vacancies to create.")] = 50,
    seed: Annotated[int, typer.Option(help="Random seed (names, columns, notes).")] = 0,
) -> None:
    """Bulk benchmark dataset (candidates, applications, notes, tags, a few CVs); prints JSON access."""
    from rich.console import Console
    from rich.progress import Progress

    from vivier.files.store import LocalFileStore
    from vivier.generate import generate as run
    from vivier.generate import summary

    settings = load_settings()
    db = Database(settings.database_url)
    try:
        with Progress(console=Console(stderr=True)) as bar:
            task = bar.add_task("candidates", total=candidates)
            result = run(
                db.unit_of_work,
                db.engine,
                LocalFileStore(settings.files_dir),
                slug=company,
                candidates=candidates,
                vacancies=vacancies,
                seed=seed,
                progress=lambda done: bar.advance(task, done),
            )
    finally:
        db.dispose()
    typer.echo(summary(result))


# -- companies ---------------------------------------------------------------------------------------


@company_app.command("create")
@one_line_errors
def company_create(
    name: Annotated[str, typer.Option(help="Display name.")],
    slug: Annotated[str, typer.Option(help="Unique slug (career site URL).")],
    admin_email: Annotated[str, typer.Option(help="Email of the first administrator.")],
    admin_password: Annotated[str, typer.Option(help="Their password (8 characters or more).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Create a company with its default columns and tags, its admin member and an API key."""
    with unit_of_work() as session:
        created = companies.create_company(
            session, name=name, slug=slug, admin_email=admin_email, admin_password=admin_password
        )
    data = {
        "company_id": created.company.public_id,
        "company_int_id": created.company.id,
        "slug": created.company.slug,
        "member_id": created.admin.public_id,
        "user_id": created.user.public_id,
        "api_key": created.api_key.plaintext,
    }
    emit(
        data,
        as_json,
        f"company {slug} created ({data['company_id']})\nAPI key (shown once): {data['api_key']}",
    )


@company_app.command("link")
@one_line_errors
def company_link(
    parent: Annotated[str, typer.Option(help="Parent company id or slug.")],
    child: Annotated[str, typer.Option(help="Affiliated company id or slug.")],
) -> None:
    """Make CHILD an affiliate of PARENT (merged into its careers listing and search on request)."""
    with unit_of_work() as session:
        companies.link_companies(
            session, companies.find_company(session, parent), companies.find_company(session, child)
        )
    typer.echo(f"{child} is now an affiliate of {parent}")


@company_app.command("list")
def company_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List companies."""
    with unit_of_work() as session:
        rows = [
            {"company_id": c.public_id, "company_int_id": c.id, "slug": c.slug, "name": c.name}
            for c in companies.list_companies(session)
        ]
    emit(rows, as_json, "\n".join(f"{r['company_id']}  {r['slug']}  {r['name']}" for r in rows))


# -- API keys ----------------------------------------------------------------------------------------


def _admin(session: Session, company: str) -> Context:
    return companies.admin_context(session, companies.find_company(session, company))


@apikey_app.command("create")
@one_line_errors
def apikey_create(
    company: Annotated[str, typer.Option(help="Company id or slug.")],
    member: Annotated[str | None, typer.Option(help="Owner's email (default: the oldest admin).")] = None,
    name: Annotated[str, typer.Option(help="A label for the key.")] = "",
    days: Annotated[int, typer.Option(min=1, help="Days until expiry.")] = 365,
    no_expiry: Annotated[bool, typer.Option("--no-expiry", help="The key never expires.")] = False,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every change.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create an API key; it is printed once and stored only as a hash."""
    with unit_of_work() as session:
        ctx = _admin(session, company)
        owner = (
            companies.member_by_email(session, ctx, member)
            if member
            else companies.acting_member(session, ctx)
        )
        issued = apikeys.create_key(
            session, ctx, member=owner, days=None if no_expiry else days, name=name, read_only=read_only
        )
    key = issued.key
    data = {
        "id": key.public_id,
        "api_key": issued.plaintext,
        "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        "read_only": key.read_only,
    }
    emit(data, as_json, f"API key {key.public_id} (shown once): {issued.plaintext}")


@apikey_app.command("list")
@one_line_errors
def apikey_list(
    company: Annotated[str, typer.Option(help="Company id or slug.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List a company's API keys (never the keys themselves)."""
    with unit_of_work() as session:
        rows = [
            {
                "id": k.public_id,
                "name": k.name,
                "prefix": f"{apikeys.KEY_PREFIX}{k.prefix}…",
                "read_only": k.read_only,
                "created_at": k.created_at.isoformat(),
                "expires_at": k.expires_at.isoformat() if k.expires_at else None,
                "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None,
                "last_used_at": k.last_used_at.isoformat() if k.last_used_at else None,
            }
            for k in apikeys.list_keys(session, _admin(session, company))
        ]
    lines = [
        f"{r['id']}  {r['prefix']}  {'revoked' if r['revoked_at'] else 'active'}  {r['name']}" for r in rows
    ]
    emit(rows, as_json, "\n".join(lines) or "no keys")


@apikey_app.command("revoke")
@one_line_errors
def apikey_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (from 'apikey list').")],
    company: Annotated[str, typer.Option(help="Company id or slug.")],
) -> None:
    """Revoke an API key at once."""
    with unit_of_work() as session:
        apikeys.revoke_key(session, _admin(session, company), key_id)
    typer.echo(f"API key {key_id} revoked")


# -- users -------------------------------------------------------------------------------------------


@user_app.command("create")
@one_line_errors
def user_create(
    company: Annotated[str, typer.Option(help="Company id or slug.")],
    email: Annotated[str, typer.Option()],
    password: Annotated[str, typer.Option()],
    role: Annotated[str, typer.Option(help="admin, recruiter or hiring_manager.")] = "recruiter",
    firstname: Annotated[str, typer.Option()] = "",
    lastname: Annotated[str, typer.Option()] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Add a user to a company with a role (the user is created if new)."""
    if role not in ROLES:
        fail(f"unknown role {role!r}: use {', '.join(ROLES)}")
    with unit_of_work() as session:
        member = companies.add_member(
            session,
            _admin(session, company),
            email=email,
            password=password,
            role_id=ROLES[role],
            firstname=firstname,
            lastname=lastname,
        )
    emit(
        {"member_id": member.public_id, "role_id": member.role_id},
        as_json,
        f"member {member.public_id} added",
    )


@user_app.command("passwd")
@one_line_errors
def user_passwd(email: Annotated[str, typer.Option()], password: Annotated[str, typer.Option()]) -> None:
    """Set a user's password."""
    with unit_of_work() as session:
        companies.set_password(session, email, password)
    typer.echo(f"password changed for {email}")


# -- webhooks ----------------------------------------------------------------------------------------


def _webhook_json(hook: Webhook, *, with_secret: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": hook.public_id,
        "url": hook.url,
        "event": hook.event,
        "vacancy_id": hook.vacancy_id,
        "column_id": hook.column_id,
        "created_at": hook.created_at.isoformat(),
    }
    if with_secret:
        data["secret"] = hook.secret
    return data


@webhook_app.command("add")
@one_line_errors
def webhook_add(
    company: Annotated[str, typer.Option(help="Company id or slug.")],
    url: Annotated[str, typer.Option(help="Receiver URL (http or https).")],
    event: Annotated[str, typer.Option(help="new_applicant, drag_applicant, new_message or new_vacancy.")],
    vacancy: Annotated[str | None, typer.Option(help="Only this vacancy (encoded id).")] = None,
    column: Annotated[int | None, typer.Option(help="drag_applicant: only moves into this column.")] = None,
    secret: Annotated[
        str | None, typer.Option(help="Signing secret (default: 32 random bytes, hex).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Subscribe a URL to an event; prints the webhook with its signing secret."""
    with unit_of_work() as session:
        hook = webhooks.add_webhook(
            session,
            _admin(session, company),
            url=url,
            event=event,
            vacancy=vacancy,
            column_id=column,
            secret=secret,
        )
        data = _webhook_json(hook, with_secret=True)
    emit(data, as_json, f"webhook {data['id']} added; secret: {data['secret']}")


@webhook_app.command("list")
@one_line_errors
def webhook_list(
    company: Annotated[str, typer.Option(help="Company id or slug.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List a company's webhooks."""
    with unit_of_work() as session:
        rows = [_webhook_json(h) for h in webhooks.list_webhooks(session, _admin(session, company))]
    emit(rows, as_json, "\n".join(f"{r['id']}  {r['event']}  {r['url']}" for r in rows) or "no webhooks")


@webhook_app.command("remove")
@one_line_errors
def webhook_remove(
    webhook_id: Annotated[str, typer.Argument(help="The webhook's id.")],
    company: Annotated[str, typer.Option(help="Company id or slug.")],
) -> None:
    """Remove a webhook (its delivery log goes with it)."""
    with unit_of_work() as session:
        webhooks.remove_webhook(session, _admin(session, company), webhook_id)
    typer.echo(f"webhook {webhook_id} removed")


@webhook_app.command("deliveries")
@one_line_errors
def webhook_deliveries(
    webhook_id: Annotated[str, typer.Argument(help="The webhook's id.")],
    company: Annotated[str, typer.Option(help="Company id or slug.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The delivery log of a webhook: one entry per attempt."""
    with unit_of_work() as session:
        logs = webhooks.list_deliveries(session, _admin(session, company), webhook_id)
        rows = [
            {
                "delivery": entry.delivery.uuid,
                "event": entry.delivery.event,
                "status": entry.delivery.status,
                "attempt": attempt.attempt,
                "time": attempt.attempted_at.isoformat(),
                "response_status": attempt.response_status,
                "duration_ms": attempt.duration_ms,
                "error": attempt.error,
                "response": attempt.response_excerpt,
            }
            for entry in logs
            for attempt in entry.attempts
        ]
    lines = [
        f"{r['delivery']}  #{r['attempt']}  {r['response_status'] or r['error']}  {r['time']}" for r in rows
    ]
    emit(rows, as_json, "\n".join(lines) or "no deliveries")


@webhook_app.command("redeliver")
@one_line_errors
def webhook_redeliver(
    delivery: Annotated[str, typer.Argument(help="The delivery id (a UUID, from 'webhook deliveries').")],
    company: Annotated[str, typer.Option(help="Company id or slug.")],
) -> None:
    """Queue a delivery again, with the same id and body."""
    with unit_of_work() as session:
        webhooks.redeliver(session, _admin(session, company), delivery)
    typer.echo(f"delivery {delivery} queued")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
