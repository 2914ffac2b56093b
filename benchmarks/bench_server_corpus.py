"""The corpus browser on a server project: search over 100,000 articles, the window on 1,000,000.

- `server_search_100k_*`: what the filter box costs per search on a server project —
  `document_count` plus the first page of `document_rows` through `ProjectService` — for a rare
  word (100 hits) and a common one (most articles). Baseline: the same two raw queries with plain
  psycopg on a bare table of the same rows with a `tsvector` GIN index, in the same cluster.
  Goal: at most 50 ms.
- `server_window_shown_1m`: from `ProjectService.open` to the `MainWindow` shown with its first
  page painted (offscreen) on a 1,000,000-article server project, in a fresh process whose
  imports are done (`bench_corpus.child`, as for a file). Baseline: a bare `QMainWindow` with a
  `QTableView` of one page of rows. Goal: at most 1 s.

Rows are the articles of `bench_corpus` (the same words, the same rare word), written with raw
`COPY` into a project made by `ProjectService.open`, then indexed as the first search would and
vacuumed as autovacuum would.
`BENCH_SERVER_SEARCH` and `BENCH_SERVER_WINDOW` scale the counts down for a quick run.
"""

from __future__ import annotations

import hashlib
import os

from benchmarks.bench_corpus import COMMON, PAGE, RARE, articles, best_child
from benchmarks.harness import Result, best_of
from benchmarks.server import copy_rows, execute, new_project, note, throwaway_cluster

SEARCH_COUNT = int(os.environ.get("BENCH_SERVER_SEARCH", "100000"))
WINDOW_COUNT = int(os.environ.get("BENCH_SERVER_WINDOW", "1000000"))


def fill(target: str, count: int, size: int = 50) -> None:
    """`count` articles written behind the store's back, indexed as the first search would."""
    stamp = "2024-01-01T00:00:00+00:00"
    statuses = ("new", "in_progress", "done")
    copy_rows(
        target,
        "documents",
        ("id", "title", "text", "status", "content_hash", "imported_at"),
        (
            (i + 1, title, text, statuses[i % 3], hashlib.sha256(text.encode()).hexdigest(), stamp)
            for i, (title, text) in enumerate(articles(count, size))
        ),
    )
    execute(
        target,
        "INSERT INTO documents_fts (rowid, words)"
        " SELECT id, to_tsvector('simple', title || ' ' || text) FROM documents",
        "UPDATE search_index_state SET indexed_through = (SELECT max(id) FROM documents)",
        # What autovacuum does within a minute of such a change: the GIN index's pending list
        # merged, the statistics taken (a search right after an import, before it: ~35 ms).
        "VACUUM ANALYZE",
    )


def bare_table(target: str, count: int) -> None:
    execute(
        target,
        "CREATE TABLE t (rowid BIGINT PRIMARY KEY, title TEXT, text TEXT, words TSVECTOR)",
    )
    copy_rows(
        target,
        "t",
        ("rowid", "title", "text"),
        ((i + 1, title, text) for i, (title, text) in enumerate(articles(count))),
    )
    execute(
        target,
        "UPDATE t SET words = to_tsvector('simple', title || ' ' || text)",
        "CREATE INDEX t_words ON t USING GIN (words)",
        "ANALYZE",
    )


def search_results(target: str, bare: str) -> list[Result]:
    import psycopg

    from annotator.service import ProjectService

    service = ProjectService.open(target, analyst="original")
    raw = psycopg.connect(bare, autocommit=True)
    results = []
    for name, word in (("rare", RARE), ("common", COMMON)):

        def through_service(word: str = word) -> None:
            service.document_count(query=word)
            service.document_rows(0, PAGE, query=word)

        def raw_search(word: str = word) -> None:
            query = f"'{word.lower()}'"
            raw.execute(
                "SELECT count(*) FROM t WHERE words @@ to_tsquery('simple', %s)", [query]
            ).fetchone()
            raw.execute(
                "SELECT rowid, title FROM t WHERE words @@ to_tsquery('simple', %s)"
                " ORDER BY rowid LIMIT %s",
                [query, PAGE],
            ).fetchall()

        hits = service.document_count(query=word)
        expected = raw.execute(
            "SELECT count(*) FROM t WHERE words @@ to_tsquery('simple', %s)", [f"'{word.lower()}'"]
        ).fetchone()
        assert expected is not None and hits == expected[0], (hits, expected)
        value = best_of(5, through_service)
        baseline = best_of(5, raw_search)
        results.append(
            Result(
                f"server_search_{SEARCH_COUNT // 1000}k_{name}_{hits}_hits",
                value * 1000,
                "ms",
                baseline * 1000,
                value / baseline,
                "value<=50ms",
            )
        )
    raw.close()
    service.close()
    return results


def run() -> list[Result]:
    results: list[Result] = []
    with throwaway_cluster() as cluster:
        if cluster is None:
            return results
        project = new_project(cluster)
        fill(project, SEARCH_COUNT)
        bare = cluster.target(cluster.new_database())
        bare_table(bare, SEARCH_COUNT)
        results += search_results(project, bare)

        million = new_project(cluster)
        fill(million, WINDOW_COUNT, size=12)
        shown = best_child("window", million)  # a target, as `--project` takes it
        baseline = best_child("bare", million)
        note(
            f"imports before the clock: annotator GUI {shown['imports']:.2f} s,"
            f" bare Qt {baseline['imports']:.2f} s; server with fsync off, local socket"
        )
        results.append(
            Result(
                f"server_window_shown_{WINDOW_COUNT // 1000}k",
                shown["seconds"],
                "s",
                baseline["seconds"],
                shown["seconds"] / baseline["seconds"],
                "value<=1s",
            )
        )
    return results
