"""Run the benchmarks: `make bench`, or `.venv/bin/python bench/run.py [NAME ...] [options] [-- ARGS]`.

Each `bench/bench_<name>.py` (and `bench/load.py`, named `load`) has `main(argv) -> dict` returning its figures (JSON-serialisable); this
runner points Django at the benchmark database (`--database-url`, else `BENCH_DATABASE_URL`, else
postgres://postgres@127.0.0.1:5432/cw_bench), migrates it, runs the named benchmarks (all by default),
prints the figures and writes them to `bench/results/<name>.json`. Arguments after `--` go to each
benchmark's `main`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from bench import db  # noqa: E402

RESULTS = HERE / "results"


def modules() -> dict[str, str]:
    """Benchmark name → module: every `bench_<name>.py`, and the load benchmark `load.py`."""
    found = {path.stem.removeprefix("bench_"): f"bench.{path.stem}" for path in HERE.glob("bench_*.py")}
    return dict(sorted({**found, "load": "bench.load"}.items()))


def discover() -> list[str]:
    return list(modules())


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    own, rest = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {', '.join(discover())})")
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or " + db.DEFAULT_DATABASE_URL)
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite anyway (figures are meaningless)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return parser.parse_args(own), rest


def main(argv: list[str] | None = None) -> int:
    args, rest = parse(sys.argv[1:] if argv is None else argv)
    available = discover()
    if args.list:
        print("\n".join(available))
        return 0
    unknown = sorted(set(args.names) - set(available))
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    url = db.setup(args.database_url, allow_sqlite=args.allow_sqlite)
    RESULTS.mkdir(exist_ok=True)
    for name in args.names or available:
        module = importlib.import_module(modules()[name])
        print(f"== {name} ({_without_password(url)})", flush=True)
        started = time.perf_counter()
        figures = module.main(list(rest))
        report = {
            "benchmark": name,
            "database": _without_password(url),
            "ran_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "seconds_total": round(time.perf_counter() - started, 2),
            "figures": figures,
        }
        for key, value in figures.items():
            print(f"  {key}: {value}")
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"  -> {RESULTS / f'{name}.json'}", flush=True)
    return 0


def _without_password(url: str) -> str:
    from urllib.parse import urlparse, urlunparse

    parsed = urlparse(url)
    if parsed.password:
        parsed = parsed._replace(netloc=parsed.netloc.replace(f":{parsed.password}@", ":***@"))
    return urlunparse(parsed)


if __name__ == "__main__":
    sys.exit(main())
