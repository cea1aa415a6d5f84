"""A psycopg cursor that describes each result shape once.

psycopg builds a ``Column`` object per result column each time ``description`` is read, and
SQLAlchemy reads it after every statement: for get applicant's 124 columns that cost about as much
as running the query. Columns with the same names, types and modifiers describe the same way, so
their ``Column`` objects are built once and shared (reading the shape off the result is cheap).
Column names are ASCII identifiers, so the client encoding does not change them.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import Column

_MAX_SHAPES = 4096  # more distinct shapes than statements we have: start over rather than grow
_Shape = tuple[tuple[bytes | None, ...], tuple[int, ...], tuple[int, ...]]
_shapes: dict[_Shape, list[Column]] = {}


class DescribedOnceCursor(psycopg.Cursor[Any]):
    @property
    def description(self) -> list[Column] | None:
        result = self.pgresult
        if result is None or not result.nfields:
            return super().description
        fields = range(result.nfields)
        shape = (
            tuple(map(result.fname, fields)),
            tuple(map(result.ftype, fields)),
            tuple(map(result.fmod, fields)),
        )
        columns = _shapes.get(shape)
        if columns is None:
            columns = super().description or []
            if len(_shapes) >= _MAX_SHAPES:
                _shapes.clear()
            _shapes[shape] = columns
        return list(columns)
