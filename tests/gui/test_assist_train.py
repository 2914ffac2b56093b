"""Assist ▸ Train in the real window: the model trains in the background and then suggests on
the article opened next; Cancel stops it and says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from annotator.domain.model import DraftDocument, DraftSpan
from annotator.gui.main_window import MainWindow

NAMES = ["Ivanov", "Smith", "Okafor", "Lindqvist", "Moreau", "Tanaka"]


def planted(number: int) -> DraftDocument:
    """An article where the cue is the made-up verb "zorbled", labelled as accepted CUE spans."""
    text, spans = "", []
    for turn in range(3):
        name = NAMES[(number + turn) % len(NAMES)]
        start = len(text) + len(name) + 1
        text += f"{name} zorbled that the vote had failed on day {number}. "
        spans.append(DraftSpan(start, start + len("zorbled"), "CUE"))
    return DraftDocument(text=text.strip(), title=f"a{number}", spans=tuple(spans))


def test_a_model_trained_from_the_menu_suggests_on_the_next_article_opened(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    service = window.session.service
    service.store.insert_documents([planted(n) for n in range(15)])
    messages: list[str] = []
    window.session.message.connect(messages.append)
    assert window.assist.train(tmp_path / "model")
    qtbot.waitUntil(lambda: not window.assist.training, timeout=120_000)
    assert any(m.startswith("model version 1 trained on") for m in messages), messages
    [fresh] = service.store.insert_documents(
        [DraftDocument(text="The dam was closed. Haddad zorbled that it would open.", title="new")]
    )
    window.corpus_model.reload()
    window.corpus_view.setFocus()
    window.corpus_view.select_document(fresh)
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)  # open it, as the analyst does
    assert window.pane.document_id == fresh
    text = service.text_of(fresh)
    suggested = [(s.label, text[s.start : s.end]) for s in service.spans(fresh) if s.suggested]
    assert ("CUE", "zorbled") in suggested
    [origin] = {o.origin for o in service.suggestions.origins_of(fresh).values()}
    assert origin == "model:model@1"


def test_cancel_stops_training_and_no_model_suggests(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.session.service.store.insert_documents([planted(n) for n in range(15)])
    messages: list[str] = []
    window.session.message.connect(messages.append)
    assert window.assist.train(tmp_path / "model")
    dialog = window.assist.dialog
    assert dialog is not None
    [cancel] = dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.assist.training, timeout=120_000)
    assert messages[-1] == "training cancelled; no model was stored"
    assert window.assist.model is None
