"""Two writers at once: the worst key press in the window while a command-line import of 10,000
articles runs beside it (another process, the same project file).

The window labels by hotkey as fast as an analyst might (a span every ~30 ms) for as long as the
import runs; each key press is timed from the key event to the end of the repaint it asked for
(`QTest.keyClick` + `processEvents`, so the window's timers run too: the pending-edit retries and
the poll that shows the import's articles in the corpus). Baseline: the worst of the same number
of key presses with no import running, in the same run (on a loaded machine a sync alone can take
longer than the goal: compare with it). Every edit must be stored in the end; the median is
printed too.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.harness import Result, article_text, corpus

COUNT = int(os.environ.get("BENCH_COUNT", "10000"))
REPO = Path(__file__).resolve().parents[1]


def run() -> list[Result]:
    import random

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.domain.model import DraftDocument
    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.service import ProjectService

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        incoming = root / "incoming"
        incoming.mkdir()
        for i, text in enumerate(corpus(COUNT)):
            (incoming / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        project = root / "project.db"
        service = ProjectService.open(project)
        text = article_text(random.Random(3), 200_000)
        [document_id] = service.store.insert_documents([DraftDocument(text=text, title="long")])
        window = MainWindow(Session(service))
        window.resize(1600, 1000)
        window.show()
        window.open_document(document_id)
        app.processEvents()
        view = window.pane.view
        view.setFocus()
        position = [0]

        def press() -> float:
            start = position[0] = position[0] + 37
            view.setTextCursor(view.cursor_for(start, start + 9))
            app.processEvents()
            started = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
            app.processEvents()
            return time.perf_counter() - started

        quiet = [press() for _ in range(40)]
        process = subprocess.Popen(
            [sys.executable, "-m", "annotator", "--project", str(project), "import", str(incoming)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        busy: list[float] = []
        while process.poll() is None:
            busy.append(press())
            QTest.qWait(30)
        _, errors = process.communicate()
        if process.returncode != 0:
            raise AssertionError(f"the import failed: {errors.decode()}")
        deadline = time.monotonic() + 30
        while len(window.session.pending) and time.monotonic() < deadline:
            QTest.qWait(50)
        QTest.qWait(600)  # the poll shows the import's articles
        stored = len(service.spans(document_id))
        if stored != len(quiet) + len(busy):
            raise AssertionError(f"{len(quiet) + len(busy)} edits made, {stored} stored")
        if window.corpus_model.total() != COUNT + 1:
            raise AssertionError(f"the corpus shows {window.corpus_model.total()} articles")
        window.session.close()
        window.close()
    worst, baseline = max(busy) * 1000, max(quiet) * 1000
    median, quiet_median = statistics.median(busy) * 1000, statistics.median(quiet) * 1000
    print(f"# {len(busy)} key presses during the import", file=sys.stderr)
    return [
        Result(
            "keypress_worst_during_cli_import_10k",
            worst,
            "ms",
            baseline,
            worst / baseline,
            "value<=100ms",
        ),
        Result(
            "keypress_median_during_cli_import_10k",
            median,
            "ms",
            quiet_median,
            median / quiet_median,
            "value<=16ms",
        ),
    ]
