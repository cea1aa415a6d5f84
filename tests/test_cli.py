from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from typer.testing import CliRunner

from vivier import __version__
from vivier.cli import app
from vivier.companies.auth import authenticate
from vivier.config import Settings
from vivier.db.session import Database

PASSWORD = "a-long-password"


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "VIVIER_DATABASE_URL": settings.database_url,
        "VIVIER_DATA_DIR": str(settings.data_dir),
        "VIVIER_SECRET_KEY": settings.secret_key.get_secret_value(),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def create(slug: str) -> dict[str, object]:
    code, out, err = invoke(
        "company", "create", "--name", "Cli Co", "--slug", slug,
        "--admin-email", f"{slug}@example.org", "--admin-password", PASSWORD, "--json",
    )  # fmt: skip
    assert code == 0, err
    return dict(json.loads(out))


def test_company_create_prints_the_contract_and_the_key_authenticates(
    cli_env: dict[str, str], db: Database, settings: Settings
) -> None:
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    data = create(slug)
    assert set(data) == {"company_id", "company_int_id", "slug", "member_id", "user_id", "api_key"}
    assert data["slug"] == slug and isinstance(data["company_int_id"], int)
    with db.unit_of_work() as session:
        ctx = authenticate(session, settings.secret_key.get_secret_value(), str(data["api_key"]))
        assert ctx.company_public_id == data["company_id"] and ctx.role_id == 2


def test_duplicate_slug_fails_with_one_line(cli_env: dict[str, str]) -> None:
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    create(slug)
    code, _, err = invoke(
        "company", "create", "--name", "Again", "--slug", slug,
        "--admin-email", "x@example.org", "--admin-password", PASSWORD,
    )  # fmt: skip
    assert code == 1
    assert err.strip().count("\n") == 0 and "already exists" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--slug", "Not A Slug", "--admin-email", "a@example.org", "--admin-password", PASSWORD], "slug"),
        (["--slug", "fine-slug", "--admin-email", "nope", "--admin-password", PASSWORD], "email"),
        (["--slug", "fine-slug", "--admin-email", "a@example.org", "--admin-password", "short"], "password"),
    ],
)
def test_bad_company_input(cli_env: dict[str, str], args: list[str], message: str) -> None:
    code, _, err = invoke("company", "create", "--name", "X", *args)
    assert code == 1 and message in err and "Traceback" not in err


def test_apikey_lifecycle(cli_env: dict[str, str], db: Database, settings: Settings) -> None:
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    create(slug)
    code, out, err = invoke("apikey", "create", "--company", slug, "--name", "sync", "--days", "30", "--json")
    assert code == 0, err
    issued = json.loads(out)
    code, out, _ = invoke("apikey", "list", "--company", slug, "--json")
    listed = json.loads(out)
    assert {k["id"] for k in listed} >= {issued["id"]}
    assert issued["api_key"] not in out
    assert invoke("apikey", "revoke", issued["id"], "--company", slug)[0] == 0
    with db.unit_of_work() as session, pytest.raises(Exception, match="Invalid API key"):
        authenticate(session, settings.secret_key.get_secret_value(), issued["api_key"])
    assert invoke("apikey", "revoke", "doesnotexist0000", "--company", slug)[0] == 1


def test_user_create_and_passwd(cli_env: dict[str, str]) -> None:
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    create(slug)
    email = f"rec-{slug}@example.org"
    code, out, err = invoke(
        "user",
        "create",
        "--company",
        slug,
        "--email",
        email,
        "--password",
        PASSWORD,
        "--role",
        "recruiter",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["role_id"] == 3
    assert invoke("user", "create", "--company", slug, "--email", email, "--password", PASSWORD)[0] == 1
    assert invoke("user", "create", "--company", slug, "--email", "b@example.org", "--password", PASSWORD,
                  "--role", "boss")[0] == 1  # fmt: skip
    assert invoke("user", "passwd", "--email", email, "--password", "another-long-one")[0] == 0
    assert invoke("user", "passwd", "--email", "ghost@example.org", "--password", "another-long-one")[0] == 1


def test_version_through_the_console_script(cli_env: dict[str, str]) -> None:
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "vivier"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"vivier {__version__}"


def test_webhook_commands(cli_env: dict[str, str]) -> None:
    slug = f"cli-{uuid.uuid4().hex[:8]}"
    create(slug)
    code, out, err = invoke(
        "webhook",
        "add",
        "--company",
        slug,
        "--url",
        "https://hooks.example.org/v",
        "--event",
        "new_vacancy",
        "--json",
    )
    assert code == 0, err
    hook = json.loads(out)
    assert hook["event"] == "new_vacancy" and len(hook["secret"]) == 64
    code, out, _ = invoke("webhook", "list", "--company", slug, "--json")
    assert [h["id"] for h in json.loads(out)] == [hook["id"]] and "secret" not in json.loads(out)[0]
    code, out, _ = invoke("webhook", "deliveries", hook["id"], "--company", slug, "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = invoke("webhook", "add", "--company", slug, "--url", "nope", "--event", "new_vacancy")
    assert code == 1 and "url" in err
    assert invoke("webhook", "redeliver", "00000000-0000-0000-0000-000000000000", "--company", slug)[0] == 1
    assert invoke("webhook", "remove", hook["id"], "--company", slug)[0] == 0
    assert invoke("webhook", "remove", hook["id"], "--company", slug)[0] == 1
