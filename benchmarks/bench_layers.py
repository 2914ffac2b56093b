"""Switching a pane to another analyst's layer, against opening the article in that pane.

A 1 MB article with 10,000 spans in each of two analysts' layers (ana's own, ben's). Value:
choosing ben's layer in the pane's layer choice (what the pane shows: spans, relations, header)
and the paint that follows. Baseline, measured in the same run: opening the same article in the
same pane (its own layer) and that paint, which `bench_workbench` compares with a bare
`QPlainTextEdit`. Issue 16 asks for "switching layers in a pane is as fast as opening the
article": ratio = switch / open, goal <= 1.0 (plus the noise of a shared machine).
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_workbench import SIZE, SPANS, make_spans
from benchmarks.harness import Result, article_text, best_of


def run() -> list[Result]:
    from annotator.domain.model import DraftDocument, DraftSpan
    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.service import ProjectService

    app = application()
    rng = random.Random(16)
    text = article_text(rng, SIZE)
    with tempfile.TemporaryDirectory() as folder:
        service = ProjectService.open(Path(folder) / "bench.db", analyst="ana")
        drafts = [
            DraftDocument(
                text=text,
                title="big",
                spans=tuple(DraftSpan(s, e, label) for s, e, label in make_spans(text, SPANS, rng)),
            ),
            DraftDocument(text="small article", title="small"),
        ]
        document_id, other_id = service.store.insert_documents(drafts)
        with service.store.acting_as("ben"):
            ben = DraftDocument(
                text=text,
                title="big",
                spans=tuple(DraftSpan(s, e, label) for s, e, label in make_spans(text, SPANS, rng)),
            )
            from annotator.storage.layers import add_layer

            add_layer(service.store, document_id, ben, "ben")
        window = MainWindow(Session(service))
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        pane = window.pane

        def open_article() -> None:
            pane.open_document(document_id)
            pane.view.viewport().repaint()

        def open_timed() -> float:
            pane.open_document(other_id)  # leave it, so each run opens it anew
            app.processEvents()
            return best_of(1, open_article)

        def switch() -> None:
            pane.show_layer("ben")
            pane.view.viewport().repaint()

        def switch_timed() -> float:
            pane.open_document(document_id)
            pane.show_layer(None)  # back to one's own, then time the switch to ben's
            app.processEvents()
            return best_of(1, switch)

        opened, switched = [], []
        for _ in range(5):  # interleaved, so both see the same load of a shared machine
            opened.append(open_timed())
            switched.append(switch_timed())
        app.processEvents()  # the rest of the spans, if any came after the first paint
        assert pane.layer == "ben" and len(pane.view.index) == SPANS, len(pane.view.index)
        open_seconds, switch_seconds = min(opened), min(switched)
        window.close()
        service.close()
    return [
        Result(
            "switch_layer_1mb_10k_spans",
            switch_seconds * 1000,
            "ms",
            open_seconds * 1000,
            switch_seconds / open_seconds,
            "ratio<=1.0",
        )
    ]
