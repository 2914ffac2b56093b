"""Foundation benchmarks: plain-text import and Prodigy export on 10,000 articles of ~3 KB.

Baselines: raw `sqlite3.executemany` of the same rows into a bare table, and raw `json.dumps` of
the same records. Import ratio is value/baseline (seconds), >1 is worse.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.service import ProjectService
from benchmarks.harness import Result, corpus

COUNT = 10_000


def run() -> list[Result]:
    texts = corpus(COUNT)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "articles"
        source.mkdir()
        for i, text in enumerate(texts):
            (source / f"{i:05d}.txt").write_text(text, encoding="utf-8")

        raw = sqlite3.connect(root / "raw.db")
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
        started = time.perf_counter()
        contents = [p.read_text(encoding="utf-8") for p in sorted(source.iterdir())]
        rows = [(text.split("\n", 1)[0], text) for text in contents]
        with raw:
            raw.executemany("INSERT INTO documents (title, text) VALUES (?, ?)", rows)
        baseline_import = time.perf_counter() - started
        raw.close()

        service = ProjectService.open(root / "project.db")
        started = time.perf_counter()
        service.import_paths([source])
        import_seconds = time.perf_counter() - started

        items = list(service.store.iter_export_items())
        started = time.perf_counter()
        buffer = io.StringIO()
        for item in items:
            buffer.write(
                json.dumps({"text": item.document.text, "meta": {"title": item.document.title}})
            )
            buffer.write("\n")
        baseline_export = time.perf_counter() - started

        started = time.perf_counter()
        service.export("prodigy", root / "out.jsonl")
        export_seconds = time.perf_counter() - started
        service.close()

    return [
        Result(
            "import_txt_10k",
            import_seconds,
            "s",
            baseline_import,
            import_seconds / baseline_import,
            "ratio<=2",
        ),
        Result(
            "export_prodigy_10k",
            export_seconds,
            "s",
            baseline_export,
            export_seconds / baseline_export,
            "ratio<=1.43",
        ),
    ]
