"""Importing 100,000 articles into a server project, against raw `COPY` of the same rows.

`server_import_100k`: `ProjectService.import_paths` of one JSONL file of 100,000 articles of
about 1,000 characters (what `annotator --project postgresql://… import FILE` does: read into a
local stage, checked, then merged into the server). Baseline, in the same cluster and run: the
file read line by line (`json.loads`) and its rows sent with plain psycopg `COPY … FROM STDIN`
into a bare table of the same columns (title, text, meta), one transaction. The ratio is
value/baseline (seconds); the goal, an import at least half as fast as raw `COPY`, is ratio <= 2.
`BENCH_SERVER_IMPORT` scales the count down for a quick run.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, corpus
from benchmarks.server import copy_rows, execute, new_project, note, throwaway_cluster

COUNT = int(os.environ.get("BENCH_SERVER_IMPORT", "100000"))


def raw_copy(target: str, source: Path) -> float:
    execute(target, "CREATE TABLE bare_documents (id BIGSERIAL, title TEXT, text TEXT, meta TEXT)")
    started = time.perf_counter()
    with source.open(encoding="utf-8") as handle:
        copy_rows(
            target,
            "bare_documents",
            ("title", "text", "meta"),
            (
                (record["text"].split("\n", 1)[0], record["text"], json.dumps(record["meta"]))
                for record in map(json.loads, handle)
            ),
        )
    return time.perf_counter() - started


def run() -> list[Result]:
    from annotator.service import ProjectService

    with throwaway_cluster() as cluster, tempfile.TemporaryDirectory() as folder:
        if cluster is None:
            return []
        source = Path(folder) / "articles.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for number, text in enumerate(corpus(COUNT, size=1000)):
                out.write(json.dumps({"text": text, "meta": {"n": number}}) + "\n")
        target = new_project(cluster)
        service = ProjectService.open(target, analyst="original")
        started = time.perf_counter()
        service.import_paths([source])
        value = time.perf_counter() - started
        stored = service.document_count()
        service.close()
        assert stored == COUNT, f"{stored} of {COUNT} articles stored"
        baseline = raw_copy(cluster.target(cluster.new_database()), source)
        note(
            f"import of {COUNT} articles: {COUNT / value:.0f} articles/s,"
            f" raw COPY {COUNT / baseline:.0f} rows/s; server with fsync off, local socket"
        )
        return [
            Result(
                f"server_import_{COUNT // 1000}k",
                value,
                "s",
                baseline,
                value / baseline,
                "ratio<=2",
            )
        ]
