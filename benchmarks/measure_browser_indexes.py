"""What each index of `documents` is worth to the corpus browser on a 1,000,000-article server
project (ADR 0047): the first page the corpus model asks for, sorted by each column (both
directions) and filtered by status, timed by `EXPLAIN ANALYZE` with the column's index and with
it dropped (inside a transaction that is rolled back, so each column is measured alone).

Not a `bench_*` module (it decides a schema, it does not guard a goal):
`PYTHONPATH=$PWD python -m benchmarks.measure_browser_indexes` (`MEASURE_COUNT` scales it down).
Rows carry every column the browser shows: 40 outlets, 5 languages, 3,000 authors, a date in
ten years, a distinct url, 0-40 spans; titles and texts are `bench_corpus`'s.
"""

from __future__ import annotations

import hashlib
import os
import random
import re

from benchmarks.bench_corpus import PAGE, articles
from benchmarks.server import copy_rows, execute, new_project, throwaway_cluster

COUNT = int(os.environ.get("MEASURE_COUNT", "1000000"))
#: The sortable columns and the index each has on a server project today.
INDEXES = {
    "title": "documents_title",
    "outlet": "documents_outlet",
    "published": "documents_published",
    "author": "documents_author",
    "url": "documents_url",
    "language": "documents_language",
    "status": "documents_status",
    "span_count": "documents_span_count",
}
_SELECT = (
    "SELECT d.id, d.title, d.outlet, d.published, d.status, d.span_count, d.url, d.author,"
    " d.language FROM documents d"
)


def rows(count: int):  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    outlets = [f"Outlet {n}" for n in range(40)]
    authors = [f"Author {n}" for n in range(3000)]
    languages = ("en", "de", "fr", "es", "it")
    statuses = ("new", "in_progress", "done")
    for i, (title, text) in enumerate(articles(count, size=12)):
        yield (
            i + 1,
            title,
            text,
            statuses[i % 3],
            hashlib.sha256(text.encode()).hexdigest(),
            "2024-01-01T00:00:00+00:00",
            rng.choice(outlets),
            f"20{rng.randrange(14, 24)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            f"https://news.example/{rng.randrange(10**9)}/{i}",
            rng.choice(authors),
            rng.choice(languages),
            rng.randrange(41),
        )


def timed(conn, sql: str, params: list) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    """Best of three `EXPLAIN ANALYZE` execution times (ms), and the plan's top node."""
    best, top = float("inf"), ""
    for _ in range(3):
        plan = [r[0] for r in conn.execute("EXPLAIN ANALYZE " + sql, params)]
        found = re.search(r"Execution Time: ([\d.]+) ms", plan[-1])
        assert found, plan
        best = min(best, float(found.group(1)))
        top = " / ".join(p.strip().split("  (")[0] for p in plan[:3])
    return best, top


def measure(conn) -> None:  # type: ignore[no-untyped-def]
    queries = []
    for column in INDEXES:
        for direction in ("ASC", "DESC"):
            sql = f"{_SELECT} ORDER BY d.{column} {direction}, d.id {direction} LIMIT %s OFFSET 0"
            queries.append((column, f"sort {column} {direction}", sql, [PAGE]))
    queries.append(
        (
            "status",
            "filter status=done, count",
            "SELECT count(*) FROM documents d WHERE d.status = %s",
            ["done"],
        )
    )
    queries.append(
        (
            "status",
            "filter status=done, page by id",
            f"{_SELECT} WHERE d.status = %s ORDER BY d.id ASC LIMIT %s OFFSET 0",
            ["done", PAGE],
        )
    )
    queries.append(
        (
            "published",
            "sort published, page 50",
            f"{_SELECT} ORDER BY d.published ASC, d.id ASC LIMIT %s OFFSET %s",
            [PAGE, PAGE * 50],
        )
    )
    for column, name, sql, params in queries:
        with_index, plan_with = timed(conn, sql, params)
        with conn.transaction(force_rollback=True):
            conn.execute(f"DROP INDEX {INDEXES[column]}")
            without, plan_without = timed(conn, sql, params)
        with conn.transaction(force_rollback=True):
            conn.execute(f"DROP INDEX {INDEXES[column]}")
            conn.execute(f"CREATE INDEX {INDEXES[column]} ON documents ({column}, id)")
            paired, _plan = timed(conn, sql, params)
        print(
            f"{name:32} with index {with_index:8.1f} ms   without {without:8.1f} ms"
            f"   ({column}, id) {paired:8.1f} ms   [{plan_with}] -> [{plan_without}]",
            flush=True,
        )


def main() -> None:
    import psycopg

    with throwaway_cluster() as cluster:
        if cluster is None:
            return
        target = new_project(cluster)
        copy_rows(
            target,
            "documents",
            (
                "id",
                "title",
                "text",
                "status",
                "content_hash",
                "imported_at",
                "outlet",
                "published",
                "url",
                "author",
                "language",
                "span_count",
            ),
            rows(COUNT),
        )
        execute(target, "VACUUM ANALYZE documents")
        with psycopg.connect(target, autocommit=True) as conn:
            settings = conn.execute(
                "SELECT current_setting('max_parallel_workers_per_gather'),"
                " current_setting('work_mem'), current_setting('shared_buffers'),"
                " current_setting('lc_collate')"
            ).fetchone()
            print(
                f"# {COUNT} articles; parallel workers, work_mem, shared_buffers, collation:"
                f" {settings}",
                flush=True,
            )
            measure(conn)


if __name__ == "__main__":
    main()
