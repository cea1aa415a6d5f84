"""ASGI factory for uvicorn (``vivier.asgi:application``): settings come from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from vivier.app import create_app
from vivier.config import load_settings


def application() -> FastAPI:
    return create_app(load_settings())
