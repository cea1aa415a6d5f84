"""The recruiter web app (``/``) and the public career site (``/jobs/{slug}``)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from vivier.config import Settings


def build(settings: Settings) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Vivier</title></head>"
            "<body><h1>Vivier</h1><p>Applicant tracking. The APIs are at "
            "<a href='/flatchr/docs'>/flatchr</a> and <a href='/flowtly/docs'>/flowtly</a>.</p></body></html>"
        )

    return app
