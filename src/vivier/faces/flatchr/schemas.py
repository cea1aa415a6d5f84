"""Flatchr wire objects (response models, so /flatchr/openapi.json shows the real shapes)."""

from __future__ import annotations

from pydantic import BaseModel


class ColumnOut(BaseModel):
    id: int
    title: str
    company_id: str
    position: int
    visible: bool
    hired: bool
    created_at: str
    updated_at: str
