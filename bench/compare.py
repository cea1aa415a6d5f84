"""How each endpoint's latency grows from a small dataset to a large one (the issue's flatness check).

    .venv/bin/python bench/compare.py bench/results/postgresql-10k.json bench/results/postgresql-1m.json

Prints a markdown table: p50 and p95 of both runs, their ratios, and the ratio of the response
sizes, which tells an index that stays flat from an answer that grows with the data (a last name
shared by about 100 people at 1 M matches one at 10 k).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

FLAT = 1.5


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    report: dict[str, Any] = json.loads(path.read_text())
    # The deep page is page 10,000 at 1 M but page 333 at 10 k: one row for both.
    return {re.sub(r"page (?!1\b)\d+", "deep page", row["endpoint"]): row for row in report["vivier"]}


def _ratio(large: float, small: float) -> str:
    return f"{large / small:.2f}×" if small else "?"


def main() -> None:
    small_path, large_path = map(Path, sys.argv[1:3])
    small, large = _rows(small_path), _rows(large_path)
    print(f"| endpoint | p50 {small_path.stem} | p50 {large_path.stem} | p50 × | p95 × | response size × |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, big in large.items():
        if name not in small:
            continue
        little = small[name]
        p50 = big["p50_ms"] / little["p50_ms"] if little["p50_ms"] else float("inf")
        print(
            f"| {name} | {little['p50_ms']} | {big['p50_ms']} | {p50:.2f}×{'' if p50 <= FLAT else ' ✗'} | "
            f"{_ratio(big['p95_ms'], little['p95_ms'])} | "
            f"{_ratio(big.get('kb_per_response', 0), little.get('kb_per_response', 0))} |"
        )


if __name__ == "__main__":
    main()
