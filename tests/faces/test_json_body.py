from __future__ import annotations

import json
from typing import Any

import pytest

from vivier.faces.json_body import dumps


def _standard(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    "content",
    [
        {"title": "Pré-qualification RH", "ok": True, "none": None, "n": [1, -2, 3.5], "nested": {"é": "ü"}},
        [{"emoji": "😀", "quote": 'a "b" \\ c', "control": "\u0001\n"}],
        {"big": 2**70, "list": [2**64]},  # beyond orjson's 64 bits: the standard library writes it
        {1: "an integer key"},  # orjson refuses non-string keys; the standard library turns them to text
    ],
)
def test_bodies_are_those_of_the_standard_library(content: Any) -> None:
    assert json.loads(dumps(content)) == json.loads(_standard(content))
    assert dumps(content) == _standard(content)
