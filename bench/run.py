"""Benchmark harness: generate a dataset, serve Vivier (and the floor app), load each endpoint, report.

    .venv/bin/python bench/run.py --candidates 10000                     # SQLite under var/bench-10000
    .venv/bin/python bench/run.py --database-url postgresql://postgres@127.0.0.1:5432/vivier_perf_bench \\
        --candidates 1000000 --duration 15                               # the 1M figures

Writes ``bench/results/<name>.json`` and ``.md``. ``--reuse`` keeps an already generated dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from load import Call, Result, run, run_load

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PER_PAGE = 30
DEEP_PAGE = 10_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ, VIVIER_DATA_DIR=str(args.data_dir), VIVIER_LOG_LEVEL="warning")
    if args.database_url:
        env["VIVIER_DATABASE_URL"] = args.database_url
    else:
        env.pop("VIVIER_DATABASE_URL", None)
    return env


def _dataset(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """The generated dataset's access (generating it unless ``--reuse`` finds one of that size)."""
    state = args.data_dir / "bench-dataset.json"
    if args.reuse and state.exists():
        saved: dict[str, Any] = json.loads(state.read_text())
        if saved["candidates"] == args.candidates:
            return saved
    subprocess.run([BIN / "vivier", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    slug = f"bench-{int(time.time())}"
    out = subprocess.run(
        [BIN / "vivier", "generate", "--company", slug, "--candidates", str(args.candidates),
         "--vacancies", str(args.vacancies)],
        env=env, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout  # fmt: skip
    generated: dict[str, Any] = json.loads(out)
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps(generated, indent=2))
    return generated


def _samples(env: dict[str, str], company_public_id: str) -> dict[str, Any]:
    """Random applicants, emails, lastnames, vacancies and columns of the benchmark company."""
    os.environ.update(env)
    from sqlalchemy import text

    from vivier.config import load_settings
    from vivier.db.engine import build_engine

    engine = build_engine(load_settings().database_url)
    with engine.connect() as c:
        company = c.execute(
            text("SELECT id FROM companies WHERE public_id = :p"), {"p": company_public_id}
        ).scalar_one()
        low, high = c.execute(
            text("SELECT MIN(id), MAX(id) FROM applications WHERE company_id = :c"), {"c": company}
        ).one()
        picks = random.Random(1).sample(range(low, high + 1), min(2000, high - low + 1))
        rows = c.execute(
            text(
                "SELECT a.public_id, v.public_id, c.public_id, c.email_key, c.lastname, a.column_id "
                "FROM applications a JOIN candidates c ON c.id = a.candidate_id "
                "JOIN vacancies v ON v.id = a.vacancy_id WHERE a.id IN ({})".format(",".join(map(str, picks)))
            )
        ).all()
        vacancies = c.execute(
            text("SELECT public_id, slug FROM vacancies WHERE company_id = :c AND status = 1"), {"c": company}
        ).all()
        columns = c.execute(
            text("SELECT id, title FROM pipeline_columns WHERE company_id = :c ORDER BY position"),
            {"c": company},
        ).all()
        total = c.execute(
            text("SELECT COUNT(*) FROM candidates WHERE company_id = :c"), {"c": company}
        ).scalar_one()
    engine.dispose()
    return {
        "company_int_id": company,
        "applicants": [tuple(r) for r in rows],
        "vacancies": [tuple(r) for r in vacancies],
        "columns": [tuple(r) for r in columns],
        "candidates": total,
    }


def _postgres_setup(database_url: str, *, prewarm: bool) -> str:
    """The server's version and shared_buffers, for the report; with ``prewarm``, read every table
    and index of the dataset into shared_buffers first (pg_prewarm), so a run measures Vivier rather
    than a cold disk (shared_buffers must be larger than the data)."""
    from sqlalchemy import text

    from vivier.db.engine import build_engine

    engine = build_engine(database_url)
    with engine.begin() as c:
        version = c.execute(text("SHOW server_version")).scalar_one()
        buffers = c.execute(text("SHOW shared_buffers")).scalar_one()
        if prewarm:
            c.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
            blocks = c.execute(
                text(
                    "SELECT COALESCE(SUM(pg_prewarm(oid)), 0) FROM pg_class "
                    "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i', 't')"
                )
            ).scalar_one()
            print(f"prewarmed {blocks * 8 // 1024} MB", flush=True)
    engine.dispose()
    return f"PostgreSQL {version.split()[0]}, shared_buffers {buffers}"


def _read_through(path: Path) -> None:
    """SQLite: read the database file once, so the run starts from the page cache, not the disk."""
    read = 0
    with path.open("rb") as f:
        while chunk := f.read(8 << 20):
            read += len(chunk)
    print(f"read {read >> 20} MB of {path.name}", flush=True)


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int) -> Iterator[int]:
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"server did not start: {command}")
            time.sleep(0.3)
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _scenarios(access: dict[str, Any], samples: dict[str, Any]) -> dict[str, Callable[[int], Call]]:
    cid = access["company_id"]
    apps = samples["applicants"]
    columns = samples["columns"]
    vacancies = samples["vacancies"]
    deep = min(DEEP_PAGE, max(1, samples["candidates"] // PER_PAGE))
    run_id = int(time.time())

    def app(i: int) -> tuple[Any, ...]:
        return tuple(apps[(i * 7919) % len(apps)])

    def search(body: dict[str, Any]) -> Call:
        return Call("POST", f"/flatchr/company/{cid}/search/applicants", json=body)

    return {
        "get applicant": lambda i: Call("GET", f"/flatchr/company/{cid}/applicant/{app(i)[0]}"),
        "list vacancies": lambda i: Call("GET", f"/flatchr/company/{cid}/vacancies"),
        "flatchr search email": lambda i: search({"email": app(i)[3]}),
        "flatchr search lastname": lambda i: search({"lastname": app(i)[4]}),
        "flatchr search vacancy+column (limit 100)": lambda i: Call(
            "POST",
            f"/flatchr/company/{cid}/search/applicants?limit=100",
            json={"vacancy": app(i)[1], "column": columns[i % len(columns)][1]},
        ),
        "flowtly candidates page 1": lambda i: Call("GET", "/flowtly/candidates?page=1"),
        f"flowtly candidates page {deep}": lambda i: Call("GET", f"/flowtly/candidates?page={deep}"),
        "flowtly full-text search": lambda i: Call(
            "GET", f"/flowtly/candidates/search?q={app(i)[4].lower()}&itemsPerPage=30"
        ),
        "careers create candidate": lambda i: Call(
            "POST",
            "/flatchr/careers/vacancy/candidate/json",
            json={
                "vacancy": vacancies[i % len(vacancies)][1],
                "firstname": "Bench",
                "lastname": f"Load{i}",
                "email": f"bench.{run_id}.{i}@load.example.org",
                "type": "link",
                "resume": "https://example.org/cv.pdf",
                "token": access["api_key"],
            },
        ),
        "move applicant": lambda i: Call(
            "PUT",
            f"/flatchr/company/{cid}/vacancy/{app(i)[1]}/applicant/{app(i)[0]}",
            json={"column_id": columns[i % len(columns)][0]},
        ),
        "create note": lambda i: Call(
            "POST",
            "/flowtly/candidate-notes",
            json={"candidate": f"/flowtly/candidates/{app(i)[2]}", "content": f"Bench note {i}"},
        ),
    }


def _floor_scenarios(samples: dict[str, Any]) -> dict[str, Callable[[int], Call]]:
    apps = samples["applicants"]
    return {
        "get applicant": lambda i: Call("GET", f"/applicant/{apps[(i * 7919) % len(apps)][0]}"),
        "flatchr search email": lambda i: Call(
            "POST", "/search/applicants", json={"email": apps[(i * 7919) % len(apps)][3]}
        ),
    }


def _load_all(
    args: argparse.Namespace, port: int, pid: int, scenarios: dict[str, Callable[[int], Call]], key: str
) -> list[Result]:
    results = []
    for name, make in scenarios.items():
        if args.only and not any(word in name for word in args.only):
            continue
        result = run(
            run_load(
                f"http://127.0.0.1:{port}",
                name,
                make,
                headers={"Authorization": f"Bearer {key}"},
                concurrency=args.concurrency,
                seconds=args.duration,
                warmup=args.warmup,
                server_pid=pid,
            )
        )
        print(json.dumps(result.summary()), flush=True)
        results.append(result)
    return results


def _python_speed() -> float:
    """Millions of interpreted loop steps per second (best of three): how fast this machine runs
    Python, so that figures taken on different machines can be compared."""
    steps, best = 2_000_000, float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(steps):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(steps / best / 1e6, 1)


def _markdown(report: dict[str, Any]) -> str:
    meta = report["meta"]
    lines = [
        f"### {meta['engine']}, {meta['candidates']:,} candidates, {meta['workers']} worker(s), "
        f"concurrency {meta['concurrency']}",
        "",
        f"{meta['date']} · {meta['cpus']} CPUs · Python speed {meta.get('python_speed', '?')} M loop steps/s · "
        f"{meta['duration']} s per endpoint after {meta['warmup']} s warm-up · "
        f"load average before run {meta['loadavg']} · {meta.get('database', '')}",
        "",
        "| endpoint | rps | p50 ms | p95 ms | p99 ms | errors | KB/response | RSS/worker MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for prefix, rows in (("", report["vivier"]), ("floor: ", report["floor"])):
        lines += [
            f"| {prefix}{row['endpoint']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
            f"{row['errors']} | {row.get('kb_per_response', '?')} | {row['rss_mb_per_worker']} |"
            for row in rows
        ]
    if report["floor_ratio"]:
        lines += ["", "Vivier throughput as a fraction of the floor: " + ", ".join(
            f"{name} {ratio:.0%}" for name, ratio in report["floor_ratio"].items()
        )]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--vacancies", type=int, default=50)
    parser.add_argument("--database-url", default="", help="default: SQLite in the data dir")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=5.0, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument(
        "--reuse", action="store_true", help="reuse a dataset generated earlier in the data dir"
    )
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument(
        "--prewarm",
        action="store_true",
        help="load the data first: PostgreSQL into shared_buffers, SQLite into the page cache",
    )
    parser.add_argument("--only", nargs="*", help="endpoints whose name contains one of these words")
    parser.add_argument("--name", default="", help="result file name (default: engine-candidates)")
    args = parser.parse_args()
    engine = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    args.data_dir = args.data_dir or ROOT / "var" / f"bench-{engine}-{args.candidates}"
    env = _env(args)
    loadavg = os.getloadavg()
    speed = _python_speed()
    access = _dataset(args, env)
    samples = _samples(env, access["company_id"])
    database = "SQLite"
    if engine == "postgresql":
        database = _postgres_setup(args.database_url, prewarm=args.prewarm)
    elif args.prewarm:
        _read_through(args.data_dir / "vivier.db")
    port = _free_port()
    serve = [str(BIN / "vivier"), "serve", "--port", str(port), "--workers", str(args.workers), "--no-worker"]
    with _server(serve, env, port) as pid:
        vivier = _load_all(args, port, pid, _scenarios(access, samples), access["api_key"])
    floor: list[Result] = []
    if not args.no_floor:
        floor_env = dict(env, FLOOR_COMPANY_ID=str(samples["company_int_id"]))
        # Served like Vivier: one listening socket per worker (vivier.serving).
        command = [sys.executable, "-m", "vivier.serving", "floor:create_app", "--app-dir", "bench",
                   "--port", str(port), "--workers", str(args.workers)]  # fmt: skip
        with _server(command, floor_env, port) as pid:
            floor = _load_all(args, port, pid, _floor_scenarios(samples), access["api_key"])
    by_name = {r.name: r.summary() for r in vivier}
    ratio = {
        r.name: by_name[r.name]["rps"] / r.summary()["rps"]
        for r in floor
        if r.name in by_name and r.summary()["rps"]
    }
    report = {
        "meta": {
            "engine": engine,
            "candidates": samples["candidates"],
            "applications_sampled": len(samples["applicants"]),
            "workers": args.workers,
            "concurrency": args.concurrency,
            "duration": args.duration,
            "warmup": args.warmup,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "python_speed": speed,
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "loadavg": " ".join(f"{x:.2f}" for x in loadavg),
            "database": database + (", prewarmed" if args.prewarm else ""),
        },
        "vivier": [r.summary() for r in vivier],
        "floor": [r.summary() for r in floor],
        "floor_ratio": {k: round(v, 3) for k, v in ratio.items()},
    }
    name = args.name or f"{engine}-{samples['candidates']}"
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / f"{name}.md").write_text(_markdown(report))
    print(_markdown(report))


if __name__ == "__main__":
    main()
