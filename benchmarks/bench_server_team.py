"""Eight analysts labelling at once on one server project, each in their own process.

Each analyst (`ProjectService`, their own connection and layer) labels the same 20 articles as the
others, one span a key press, `BENCH_TEAM_EDITS` edits each (default 200), as fast as the server
lets them; every `add_span` (one transaction: the span, its article's layer and status) is timed.
Baseline, in the same cluster and run: eight processes doing the same number of raw edits with
plain psycopg, one autocommit `INSERT` of the same row into a bare table without triggers. Lines:

- `server_team_8_edits_per_s`: edits stored per second by all eight (ratio: baseline / value).
- `server_team_8_edit_p95`: the 95th percentile of one edit's time (goal: at most 50 ms).

Afterwards every edit must be stored once: each analyst's layer holds exactly the spans that
analyst made (no edit lost, none stored twice), or the benchmark fails.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from benchmarks.harness import Result, corpus
from benchmarks.server import execute, new_project, note, throwaway_cluster

ANALYSTS = int(os.environ.get("BENCH_TEAM_ANALYSTS", "8"))
EDITS = int(os.environ.get("BENCH_TEAM_EDITS", "200"))
ARTICLES = 20
SPAN = 6  # characters a span; an analyst's k-th edit of an article starts at 7 * k


def _wait_for_go() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


def worker(mode: str, target: str, analyst: str) -> None:
    """One analyst's process: ready, wait for go, label, print the timings as JSON."""
    timings: list[float] = []
    ids: list[int] = []
    if mode == "annotator":
        from annotator.service import ProjectService

        service = ProjectService.open(target, analyst=analyst, create=False)
        documents = service.document_ids()[:ARTICLES]
        _wait_for_go()
        started = time.perf_counter()
        for k in range(EDITS):
            document, start = documents[k % ARTICLES], 7 * (k // ARTICLES)
            before = time.perf_counter()
            span = service.add_span(document, start, start + SPAN, "CLAIM")
            timings.append(time.perf_counter() - before)
            ids.append(int(span.id or 0))
        wall = time.perf_counter() - started
        service.close()
    else:
        import psycopg

        conn = psycopg.connect(target, autocommit=True)
        _wait_for_go()
        started = time.perf_counter()
        for k in range(EDITS):
            document, start = 1 + k % ARTICLES, 7 * (k // ARTICLES)
            before = time.perf_counter()
            row = conn.execute(
                "INSERT INTO bare_spans (document_id, char_start, char_end, label, layer,"
                " analyst) VALUES (%s, %s, %s, 'CLAIM', %s, %s) RETURNING id",
                [document, start, start + SPAN, analyst, analyst],
            ).fetchone()
            timings.append(time.perf_counter() - before)
            ids.append(int(row[0]) if row else 0)
        wall = time.perf_counter() - started
        conn.close()
    print(json.dumps({"timings": timings, "ids": ids, "wall": wall}), flush=True)


def team(mode: str, target: str) -> tuple[float, list[float], dict[str, list[int]]]:
    """Start the analysts, let them go at once; (edits/s, every edit's time, ids by analyst)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    names = [f"analyst{n}" for n in range(ANALYSTS)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench_server_team", mode, target, name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    reports = []
    for process in processes:
        out, _ = process.communicate(timeout=1800)
        assert process.returncode == 0, f"an analyst's process failed ({mode})"
        reports.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - started
    timings = [t for r in reports for t in r["timings"]]
    return len(timings) / wall, timings, {n: r["ids"] for n, r in zip(names, reports, strict=True)}


def check_every_edit_stored_once(target: str, ids: dict[str, list[int]]) -> None:
    import psycopg

    with psycopg.connect(target) as conn:
        for analyst, made in ids.items():
            rows = conn.execute(
                "SELECT id, document_id, char_start FROM spans WHERE layer = %s", [analyst]
            ).fetchall()
            stored = sorted(r[0] for r in rows)
            places = {(r[1], r[2]) for r in rows}
            assert stored == sorted(made) and len(set(made)) == EDITS, f"{analyst}: edits lost"
            assert len(places) == EDITS, f"{analyst}: an edit stored twice"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run() -> list[Result]:
    from annotator.service import ProjectService

    with throwaway_cluster() as cluster:
        if cluster is None:
            return []
        target = new_project(cluster)
        service = ProjectService.open(target, analyst="original")
        texts = corpus(ARTICLES, size=7 * (EDITS // ARTICLES + 2))
        from annotator.domain.model import DraftDocument

        service.store.insert_documents(
            [DraftDocument(text=t, title=f"{i}") for i, t in enumerate(texts)]
        )
        service.close()
        execute(
            target,
            "CREATE TABLE bare_spans (id BIGSERIAL PRIMARY KEY, document_id BIGINT,"
            " char_start BIGINT, char_end BIGINT, label TEXT, layer TEXT, analyst TEXT)",
        )
        rate, timings, ids = team("annotator", target)
        check_every_edit_stored_once(target, ids)
        raw_rate, raw_timings, _ = team("raw", target)
        note(
            f"{ANALYSTS} analysts x {EDITS} edits, all stored once; median edit"
            f" {statistics.median(timings) * 1000:.1f} ms (raw {statistics.median(raw_timings) * 1000:.1f} ms);"
            " server with fsync off, local socket, on a shared 2-core machine"
        )
        return [
            Result(
                f"server_team_{ANALYSTS}_edits_per_s",
                rate,
                "edits/s",
                raw_rate,
                raw_rate / rate,
                "none",
            ),
            Result(
                f"server_team_{ANALYSTS}_edit_p95",
                p95(timings) * 1000,
                "ms",
                p95(raw_timings) * 1000,
                p95(timings) / p95(raw_timings),
                "value<=50ms",
            ),
        ]


if __name__ == "__main__":
    worker(sys.argv[1], sys.argv[2], sys.argv[3])
