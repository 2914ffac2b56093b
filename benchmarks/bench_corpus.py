"""Corpus browser benchmarks: FTS search on 100,000 articles, the window on 1,000,000, RSS.

- `fts_search_100k_*`: what the filter box costs per search — `document_count` plus the first page of
  `document_rows` through `ProjectService` — for a rare word (100 hits) and a common one (most
  articles). Baseline: the same two raw `sqlite3` queries on a bare FTS5 table of the same rows.
  Goal: at most 50 ms.
- `window_shown_1m`: from `ProjectService.open` to the `MainWindow` shown with its first page
  painted (offscreen), on a 1,000,000-article project, in a fresh process whose imports are done
  (they are printed apart, as a comment line). Baseline: a bare
  `QMainWindow` with a `QTableView` of one page of rows, shown and painted in a fresh process.
  Goal: at most 1 s.
- `rss_100k_window`: peak RSS of a fresh process with the 100,000-article project open in the main
  window. Baseline: a bare `QApplication` + `QMainWindow`. Goal: at most 300 MB.

Articles are small (about 300 characters; 80 in the million) and written with raw `executemany` into a project file
made by `ProjectService.open`, so the FTS triggers index them as an import would.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.harness import WORDS, Result, best_of

SEARCH_COUNT = 100_000
WINDOW_COUNT = 1_000_000
RARE = "Hangzhou"  # in one article of a thousand
COMMON = "minister"  # in most
PAGE = 200


def articles(count: int, size: int = 50, seed: int = 11) -> Iterator[tuple[str, str]]:
    """`count` articles of `size` words; one in a thousand holds the rare word."""
    rng = random.Random(seed)
    for i in range(count):
        words = rng.choices(WORDS, k=size)
        if i % 1000 == 500:
            words[rng.randrange(size)] = RARE
        yield f"Report {i}: " + " ".join(words[:6]), " ".join(words)


def make_project(path: Path, count: int, size: int = 50) -> None:
    from annotator.service import ProjectService

    ProjectService.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    stamp = "2024-01-01T00:00:00+00:00"
    statuses = ("new", "in_progress", "done")
    with conn:
        conn.executemany(
            "INSERT INTO documents (title, text, status, content_hash, imported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (title, text, statuses[i % 3], hashlib.sha256(text.encode()).hexdigest(), stamp)
                for i, (title, text) in enumerate(articles(count, size))
            ),
        )
        # rows written behind the store's back: index them as the first search would (m060)
        conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
        conn.execute(
            "UPDATE search_index_state SET indexed_through = (SELECT max(id) FROM documents)"
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def make_bare_fts(path: Path, count: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5 (title, text)")
    with conn:
        conn.executemany("INSERT INTO t (title, text) VALUES (?, ?)", articles(count))
    conn.close()


def search_results(project: Path, bare: Path) -> list[Result]:
    from annotator.service import ProjectService

    service = ProjectService.open(project)
    raw = sqlite3.connect(bare)
    results = []
    for name, word in (("rare", RARE), ("common", COMMON)):

        def through_service(word: str = word) -> None:
            service.document_count(query=word)
            service.document_rows(0, PAGE, query=word)

        def raw_fts(word: str = word) -> None:
            raw.execute("SELECT count(*) FROM t WHERE t MATCH ?", [word]).fetchone()
            raw.execute(
                "SELECT rowid, title FROM t WHERE t MATCH ? ORDER BY rowid LIMIT ?", [word, PAGE]
            ).fetchall()

        hits = service.document_count(query=word)
        assert hits == raw.execute("SELECT count(*) FROM t WHERE t MATCH ?", [word]).fetchone()[0]
        value = best_of(5, through_service)
        baseline = best_of(5, raw_fts)
        results.append(
            Result(
                f"fts_search_100k_{name}_{hits}_hits",
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


def child(mode: str, project: str) -> None:
    """Run in a fresh process; prints one JSON object with seconds, import seconds and peak RSS.

    The clock starts at `ProjectService.open` (for the baseline: at the bare window's making),
    after the imports, which are reported apart: `annotator gui` pays them before it opens anything.
    """
    import resource

    imports_started = time.perf_counter()
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    if mode != "bare":
        from annotator.gui.main_window import MainWindow
        from annotator.gui.session import Session
        from annotator.service import ProjectService
        from annotator.storage.targets import is_server_target

        if is_server_target(project):  # a server project's driver, imported when it is named
            import psycopg  # noqa: F401
    imports = time.perf_counter() - imports_started

    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    started = time.perf_counter()
    if mode == "bare":
        window = QMainWindow()
        window.resize(1400, 900)
        model = QStandardItemModel(PAGE, 5)
        for row in range(PAGE):
            for column in range(5):
                model.setItem(row, column, QStandardItem(f"row {row} column {column}"))
        table = QTableView()
        table.setModel(model)
        window.setCentralWidget(table)
    else:
        session = Session(ProjectService.open(project))
        window = MainWindow(session)
    window.show()
    app.processEvents()
    window.grab()  # every widget painted, the first page of the browser included
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "imports": imports, "rss_mb": rss_mb}))


def run_child(mode: str, project: Path | str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_corpus", mode, str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def best_child(mode: str, project: Path | str, repeat: int = 3) -> dict[str, float]:
    runs = [run_child(mode, project) for _ in range(repeat)]
    return {key: min(run[key] for run in runs) for key in runs[0]}


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project, bare = root / "100k.db", root / "bare.db"
        make_project(project, SEARCH_COUNT)
        make_bare_fts(bare, SEARCH_COUNT)
        results = search_results(project, bare)

        shown = best_child("window", project)
        baseline = best_child("bare", project)
        results.append(
            Result(
                "rss_100k_window",
                shown["rss_mb"],
                "MB",
                baseline["rss_mb"],
                shown["rss_mb"] / baseline["rss_mb"],
                "value<=300MB",
            )
        )

        million = root / "1m.db"
        make_project(million, WINDOW_COUNT, size=12)
        shown = best_child("window", million)
        print(
            f"# imports before the clock: annotator GUI {shown['imports']:.2f} s,"
            f" bare Qt {baseline['imports']:.2f} s",
            flush=True,
        )
        results.append(
            Result(
                "window_shown_1m",
                shown["seconds"],
                "s",
                baseline["seconds"],
                shown["seconds"] / baseline["seconds"],
                "value<=1s",
            )
        )
    return results


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2])
