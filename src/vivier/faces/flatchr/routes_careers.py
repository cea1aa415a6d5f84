"""Flatchr routes (filled in by the face's implementation)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
