"""ASGI factory for uvicorn (``vivier.asgi:application``): settings come from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from vivier.app import create_app
from vivier.config import load_settings
from vivier.core.heap import settle


def application() -> FastAPI:
    app = create_app(load_settings())
    settle()  # a server process: its collector can be tuned for requests (tests build apps directly)
    return app
