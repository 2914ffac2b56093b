"""Importing 100,000 articles into a server project, against raw `COPY` of the same rows.

`server_import_100k`: `ProjectService.import_paths` of one JSONL file of 100,000 articles of
about 1,000 characters (what `annotator --project postgresql://… import FILE` does: read,
checked, each batch's duplicates looked up and its articles streamed into the server's `COPY`
in one transaction, ADR 0039). Baseline, in the same cluster and run: the
file read line by line (`json.loads`) and its rows sent with plain psycopg `COPY … FROM STDIN`
into a bare table of the same columns (title, text, meta), one transaction. The ratio is
value/baseline (seconds); the goal, an import at least half as fast as raw `COPY`, is ratio <= 2.
`BENCH_SERVER_IMPORT` scales the count down for a quick run. A comment line gives the same raw
`COPY` into a new project's own `documents` table: what its indexes cost the server alone.
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


def indexed_copy(target: str, source: Path) -> float:
    """Raw `COPY` of the same rows into a new project's own `documents` table: what the server
    alone spends on its indexes and id trigger, the floor under any import (not a goal)."""
    from annotator.domain.model import content_hash

    started = time.perf_counter()
    with source.open(encoding="utf-8") as handle:
        copy_rows(
            target,
            "documents",
            ("title", "text", "meta", "content_hash", "imported_at"),
            (
                (
                    record["text"].split("\n", 1)[0],
                    record["text"],
                    json.dumps(record["meta"]),
                    content_hash(record["text"]),
                    "2026-01-01T00:00:00+00:00",
                )
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
        floor = indexed_copy(new_project(cluster), source)
        note(
            f"import of {COUNT} articles: {COUNT / value:.0f} articles/s,"
            f" raw COPY {COUNT / baseline:.0f} rows/s; server with fsync off, local socket"
        )
        note(
            f"raw COPY into a project's documents table (its indexes, id trigger):"
            f" {floor:.2f} s, {floor / baseline:.1f}x the bare table's"
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
