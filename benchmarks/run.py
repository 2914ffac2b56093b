"""`make bench`: run every benchmark module, print BENCH lines, write them to a JSON file.

A benchmark module is `benchmarks/bench_*.py` with a function `run() -> list[Result]`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path

import benchmarks
from benchmarks.harness import Result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("only", nargs="*", help="run only these modules (e.g. bench_import)")
    args = parser.parse_args(argv)
    results: list[Result] = []
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    for name in names:
        if args.only and name not in args.only:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        for result in module.run():
            print(result.line(), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
