from __future__ import annotations

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from vivier.core.errors import Forbidden
from vivier.web.csrf import COOKIE, CsrfCookie, csrf_field, require_csrf


def tiny_app() -> FastAPI:
    app = FastAPI(dependencies=[Depends(require_csrf)])

    @app.get("/form", response_class=HTMLResponse)
    def form(request: Request) -> str:
        return f"<form method='post'>{csrf_field(request)}</form>"

    @app.post("/form")
    def submit(name: str = Form("")) -> dict[str, str]:
        return {"name": name}

    async def refused(_: Request, exc: Exception) -> HTMLResponse:
        return HTMLResponse(str(exc), status_code=403)

    app.add_exception_handler(Forbidden, refused)
    app.add_middleware(CsrfCookie)
    return app


def test_form_post_needs_the_cookie_token_in_a_field_or_header() -> None:
    client = TestClient(tiny_app())
    page = client.get("/form")
    token = client.cookies[COOKIE]
    assert f'name="csrf_token" value="{token}"' in page.text
    assert "SameSite=Strict" in page.headers["set-cookie"]
    assert client.get("/form").headers.get("set-cookie") is None  # the token is stable per browser
    assert client.post("/form", data={"name": "x", "csrf_token": token}).json() == {"name": "x"}
    assert client.post("/form", data={"name": "x"}, headers={"X-CSRF-Token": token}).status_code == 200
    assert client.post("/form", data={"name": "x", "csrf_token": "forged"}).status_code == 403
    assert client.post("/form", data={"name": "x"}).status_code == 403
    client.cookies.clear()
    assert client.post("/form", data={"name": "x", "csrf_token": token}).status_code == 403
