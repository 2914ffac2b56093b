"""Stories at scale: suggesting stories for 100,000 articles, and opening a big story's comparison.

`stories_suggest_100k`: `annotator stories suggest` (the real command, a fresh process) on a
project of 100,000 generated articles in 10,000 stories (each story its own names and places among
common words, dated within a few days). Goal: ≤ 120 s and ≤ 1 GB peak memory. The baseline is a
raw scikit-learn run on the same texts in a fresh process: read them from the project and
`TfidfVectorizer.fit_transform` them — the floor of any TF-IDF grouping, without the pairs,
clustering or storing.

`story_compare_open_50x500`: Story ▸ Compare's window built and shown for a story of 50 articles
and 500 claims (each attributed, half linked across articles). Goal ≤ 0.5 s. Baseline: reading
the same articles' spans, relations and links with plain SQL.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from benchmarks.harness import Result, best_of

ARTICLES = int(os.environ.get("ANNOTATOR_BENCH_STORY_ARTICLES", "100000"))
PER_STORY = 10

# Peak memory (VmHWM) and wall time of a fresh process.
TIMED = (
    "import runpy, sys, time;"
    "started = time.perf_counter()\n"
    "target = sys.argv[1]\n"
    "sys.argv = sys.argv[1:]\n"
    "code = 0\n"
    "try:\n"
    "    if target.endswith('.py'):\n"
    "        runpy.run_path(target, run_name='__main__')\n"
    "    else:\n"
    "        runpy.run_module(target, run_name='__main__')\n"
    "except SystemExit as exit:\n"
    "    code = exit.code or 0\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print(time.perf_counter() - started, hwm, file=sys.stderr)\n"
    "sys.exit(code)"
)

RAW = """
import sqlite3, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
conn = sqlite3.connect(sys.argv[1])
texts = [t for (t,) in conn.execute("SELECT title || char(10) || text FROM documents")]
TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32).fit_transform(texts)
"""


def timed(target: str, *args: str) -> tuple[float, float]:
    """(seconds, peak MB) of a module (`-m`) or script run with ARGS in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", TIMED, target, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    seconds, peak = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak) / 1024


def write_story_corpus(path: Path, count: int) -> None:
    rng = random.Random(11)
    common = [f"w{n}" for n in range(6000)]
    cumulative = list(itertools.accumulate(1 / (n + 1) for n in range(len(common))))
    stories = max(1, count // PER_STORY)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            story = n % stories
            own = [f"s{story}x{k}" for k in range(25)]
            words = rng.choices(common, cum_weights=cumulative, k=110) + rng.choices(own, k=40)
            rng.shuffle(words)
            day = date.fromordinal(736000 + (story * 7) % 700 + rng.randint(0, 3))
            record = {"text": " ".join(words), "title": f"Article {n}", "meta": {"date": str(day)}}
            out.write(json.dumps(record) + "\n")


def suggest_at_scale(root: Path) -> list[Result]:
    source = root / "stories.jsonl"
    write_story_corpus(source, ARTICLES)
    project = root / "stories.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "--project",
            str(project),
            "import",
            "--no-debris",
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    raw_script = root / "raw_tfidf.py"
    raw_script.write_text(RAW, encoding="utf-8")
    raw_seconds, raw_peak = timed(str(raw_script), str(project))
    seconds, peak = timed("annotator", "--project", str(project), "stories", "suggest")
    name = f"stories_suggest_{ARTICLES // 1000}k"
    return [
        Result(name, seconds, "s", raw_seconds, seconds / raw_seconds, "value<=120s"),
        Result(f"{name}_peak_rss", peak, "MB", raw_peak, peak / raw_peak, "value<=1024MB"),
    ]


def compare_big_story(root: Path) -> list[Result]:
    from annotator.service import ProjectService

    service = ProjectService.open(root / "compare.db")
    rng = random.Random(5)
    files = []
    for n in range(50):
        sentences = [
            f"Official {k} of outlet {n} said the ceasefire {k} holds near town {k}."
            for k in range(10)
        ]
        path = root / f"a{n}.jsonl"
        record = {"text": " ".join(sentences), "meta": {"outlet": f"outlet{n % 12}.com"}}
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        files.append(path)
    ids = service.import_paths(files, detect_debris=False).document_ids
    claims: list[list[int]] = []
    for document_id in ids:
        text = service.text_of(document_id)
        mine = []
        for k in range(10):
            claim_at = text.index(f"the ceasefire {k} holds")
            claim = service.add_span(document_id, claim_at, claim_at + 18, "CLAIM", snap=False)
            source_at = text.index(f"Official {k} ")
            source = service.add_span(document_id, source_at, source_at + 10, "SOURCE", snap=False)
            assert claim.id is not None and source.id is not None
            service.add_relation(claim.id, source.id, "SAID_BY")
            mine.append(claim.id)
        claims.append(mine)
    for first, second in itertools.pairwise(claims):
        for k in range(0, 10, 2):
            if rng.random() < 0.5:
                service.add_link(first[k], second[k], "SAME_CLAIM")
    story = service.stories.create("Big story", ids).after[0]

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.app import application
    from annotator.gui.session import Session
    from annotator.gui.story_compare import CompareWindow

    app = application()
    session = Session(service)

    def open_window() -> None:
        window = CompareWindow(session, story.id)
        window.show()
        app.processEvents()
        window.close()
        window.deleteLater()

    seconds = best_of(3, open_window)
    conn = sqlite3.connect(root / "compare.db")
    marks = ",".join("?" * len(ids))

    def raw() -> None:
        conn.execute(f"SELECT * FROM spans WHERE document_id IN ({marks})", ids).fetchall()
        conn.execute(f"SELECT * FROM relations WHERE document_id IN ({marks})", ids).fetchall()
        conn.execute(f"SELECT text FROM documents WHERE id IN ({marks})", ids).fetchall()
        conn.execute(
            "SELECT * FROM links WHERE span_a_id IN (SELECT id FROM spans WHERE document_id"
            f" IN ({marks}))",
            ids,
        ).fetchall()

    baseline = best_of(3, raw)
    session.signals.detach()
    service.close()
    conn.close()
    return [
        Result(
            "story_compare_open_50x500", seconds, "s", baseline, seconds / baseline, "value<=0.5s"
        )
    ]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        return compare_big_story(root) + suggest_at_scale(root)


if __name__ == "__main__":
    for result in run():
        print(result.line(), flush=True)
