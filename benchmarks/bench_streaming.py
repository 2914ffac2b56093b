"""Constant memory: peak RSS of importing, then exporting, a JSONL corpus four times larger.

Each run is a fresh process (`annotator import` / `annotator export`, the real commands); the
baseline is the same command on a quarter of the articles, measured in the same run. A streaming
path keeps the ratio near 1; one that holds the corpus grows it towards 4.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Result, article_text

SMALL = 5_000
LARGE = 20_000

# VmHWM, not getrusage: ru_maxrss survives exec on Linux and would report the parent's peak.
PEAK = (
    "import runpy, sys;"
    "sys.argv = ['annotator'] + sys.argv[1:];"
    "code = 0\n"
    "try:\n"
    "    runpy.run_module('annotator', run_name='__main__')\n"
    "except SystemExit as exit:\n"
    "    code = exit.code or 0\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print(hwm, file=sys.stderr)\n"
    "sys.exit(code)"
)


def peak_rss_mb(*args: str) -> float:
    """Run `annotator ARGS` in a fresh process and return its peak resident memory."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def write_corpus(path: Path, count: int) -> None:
    import random

    rng = random.Random(3)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            text = article_text(rng, 3000)
            spans = [
                {"start": 0, "end": 5, "label": "CLAIM"},
                {"start": 10, "end": 20, "label": "SOURCE"},
            ]
            out.write(json.dumps({"text": f"{n} {text}", "title": f"Article {n}", "spans": spans}))
            out.write("\n")


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        figures = {}
        for name, count in (("small", SMALL), ("large", LARGE)):
            source = root / f"{name}.jsonl"
            write_corpus(source, count)
            project = str(root / f"{name}.db")
            figures[f"import_{name}"] = peak_rss_mb(
                "--project", project, "import", "--no-debris", str(source)
            )
            figures[f"export_{name}"] = peak_rss_mb(
                "--project",
                project,
                "export",
                "--format",
                "prodigy",
                "-o",
                str(root / f"{name}.out"),
            )
    return [
        Result(
            "import_jsonl_peak_rss_4x_corpus",
            figures["import_large"],
            "MB",
            figures["import_small"],
            figures["import_large"] / figures["import_small"],
            "ratio<=1.25",
        ),
        Result(
            "export_prodigy_peak_rss_4x_corpus",
            figures["export_large"],
            "MB",
            figures["export_small"],
            figures["export_large"] / figures["export_small"],
            "ratio<=1.25",
        ),
    ]
