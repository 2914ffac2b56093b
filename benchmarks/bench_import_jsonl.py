"""JSONL import with spans: 10,000 articles of ~3 KB with 10 spans each.

Baseline: raw `json.loads` of each line and `sqlite3.executemany` of the same document and span
rows into bare tables, in one transaction. Ratio is value/baseline (seconds), >1 is worse.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from annotator.service import ProjectService
from benchmarks.harness import Result, corpus

COUNT = int(os.environ.get("BENCH_COUNT", "10000"))
SPANS = 10
LABELS = ("CLAIM", "SOURCE", "PERSON", "ORG", "GPE")


def run() -> list[Result]:
    rng = random.Random(11)
    records = []
    for text in corpus(COUNT):
        spans = []
        for _ in range(SPANS):
            start = rng.randrange(0, len(text) - 20)
            spans.append(
                {"start": start, "end": start + rng.randrange(1, 20), "label": rng.choice(LABELS)}
            )
        records.append({"text": text, "meta": {"source": "bench"}, "spans": spans})
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "articles.jsonl"
        source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")

        raw = sqlite3.connect(root / "raw.db")
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT)")
        raw.execute(
            "CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER,"
            " char_start INTEGER, char_end INTEGER, label TEXT, text TEXT)"
        )
        started = time.perf_counter()
        with raw, source.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                record = json.loads(line)
                text = record["text"]
                raw.execute(
                    "INSERT INTO documents (id, title, text) VALUES (?, ?, ?)",
                    (number, text.split("\n", 1)[0], text),
                )
                raw.executemany(
                    "INSERT INTO spans (document_id, char_start, char_end, label, text)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (number, s["start"], s["end"], s["label"], text[s["start"] : s["end"]])
                        for s in record["spans"]
                    ],
                )
        baseline = time.perf_counter() - started
        raw.close()

        service = ProjectService.open(root / "project.db")
        started = time.perf_counter()
        report = service.import_paths([source], detect_debris=False)
        seconds = time.perf_counter() - started
        assert len(report.document_ids) == COUNT
        service.close()
    return [
        Result("import_jsonl_spans_10k", seconds, "s", baseline, seconds / baseline, "ratio<=3"),
    ]
