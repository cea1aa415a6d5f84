"""Typed checks for merge-patch style (Flowtly) inputs, shared by the scorecard and staffing services.

Inputs are plain mappings keyed by the wire field names (the names violations carry). A key that is
absent is unset (create) or unchanged (update); ``None`` clears a nullable field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from vivier.core.errors import Constraint, Invalid, Violation
from vivier.core.text import is_number

MAX_STRING = 255
MAX_TEXT = 65_535
NOT_BLANK = "This value should not be blank."
NOT_NULL = "This value should not be null."

Kind = Literal["string", "integer", "date", "int_ref", "str_ref", "string_list"]


def json_type(value: object) -> str:
    """The JSON type name of a Python value, as the Flowtly type error spells it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple | dict):
        return "array"
    return type(value).__name__


_EXPECTED: dict[Kind, str] = {
    "string": "string",
    "integer": "int",
    "date": "string",
    "int_ref": "int",
    "str_ref": "string",
    "string_list": "array",
}


def _coerce(kind: Kind, value: Any) -> tuple[bool, Any]:
    """``(ok, converted)`` for a non-null value of the given kind."""
    if kind in ("string", "str_ref"):
        return isinstance(value, str), value
    if kind in ("integer", "int_ref"):
        if isinstance(value, int) and not isinstance(value, bool):
            return True, value
        if kind == "int_ref" and isinstance(value, str) and is_number(value):
            return True, int(value)
        return False, value
    if kind == "date":
        if isinstance(value, datetime):
            return True, value.date()
        if isinstance(value, date):
            return True, value
        if isinstance(value, str):
            try:
                return True, date.fromisoformat(value)
            except ValueError:
                return False, value
        return False, value
    # string_list
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return True, list(value)
    return False, value


def typed(data: Mapping[str, Any], kinds: Mapping[str, Kind], *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The known, non-skipped keys of ``data`` converted to their kinds; wrong types raise Invalid(TYPE).

    The limit of a TYPE violation is the expected JSON type; its message names the given one.
    """
    skipped = set(skip)
    out: dict[str, Any] = {}
    violations: list[Violation] = []
    for name, kind in kinds.items():
        if name not in data or name in skipped:
            continue
        value = data[name]
        if value is None:
            out[name] = None
            continue
        ok, converted = _coerce(kind, value)
        if ok:
            out[name] = converted
        else:
            expected = _EXPECTED[kind]
            message = f'must be "{expected}", "{json_type(value)}" given'
            violations.append(Violation(name, Constraint.TYPE, message, expected))
    if violations:
        raise Invalid(violations)
    return out


def text_violations(field: str, value: str | None, *, required: bool, max_len: int) -> list[Violation]:
    """Not blank (when required) and at most ``max_len`` characters."""
    if value is None or not value.strip():
        return [Violation(field, Constraint.BLANK, NOT_BLANK)] if required else []
    if len(value) > max_len:
        return [Violation(field, Constraint.LENGTH, f"at most {max_len} characters", max_len)]
    return []


def choice_violations(
    field: str, value: str | None, choices: tuple[str, ...], *, required: bool
) -> list[Violation]:
    """Not null (when required) and one of ``choices``."""
    if value is None:
        return [null_violation(field)] if required else []
    if value not in choices:
        return [Violation(field, Constraint.CHOICE, "The value you selected is not a valid choice.", choices)]
    return []


def null_violation(field: str) -> Violation:
    """A required relation or value left null."""
    return Violation(field, Constraint.NULL, NOT_NULL)


def reference_error(field: str, ref: object) -> Invalid:
    """A relation naming nothing the tenant owns (Flowtly: 400 ``Item not found``)."""
    return Invalid.one(field, Constraint.REFERENCE, f"Item not found: {ref}", ref)


def raise_all(violations: list[Violation]) -> None:
    """Raise every violation at once (Flowtly 422), if there is any."""
    if violations:
        raise Invalid(violations)


def merged(row: object, fields: Mapping[str, str], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Current attribute values overlaid with the changes (wire name -> attribute name)."""
    return {wire: changes[wire] if wire in changes else getattr(row, attr) for wire, attr in fields.items()}


def assign(row: object, fields: Mapping[str, str], changes: Mapping[str, Any]) -> list[str]:
    """Set the changed attributes; the wire names of those that really changed, for the audit trail."""
    changed = []
    for wire, attr in fields.items():
        if wire in changes and getattr(row, attr) != changes[wire]:
            setattr(row, attr, changes[wire])
            changed.append(wire)
    return changed
