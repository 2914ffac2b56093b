"""Labelling in the real window: select, press a hotkey, the span is stored; Delete removes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import DraftDocument
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from tests.conftest import SEEDS
from tests.gui.helpers import select_like_a_user


def accepted(service: ProjectService, document_id: int) -> list:  # type: ignore[type-arg]
    """The analyst's spans (the seeds' scraped tails also carry suggested DEBRIS spans)."""
    return [s for s in service.spans(document_id) if not s.suggested]


@pytest.fixture
def seeded_window(qtbot, seeded: ProjectService, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    window.corpus_model.reload()
    window.corpus_view.select_document(None)
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)
    return window


def test_window_opens_with_the_browser_focused_and_an_article_chosen(
    qtbot,
    seeded: ProjectService,
    session,  # type: ignore[no-untyped-def]
) -> None:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.corpus_view.hasFocus, timeout=2000)
    assert window.corpus_view.current_document_id() == seeded.document_ids()[0]
    assert window.corpus_model.rowCount() == 2


def test_select_and_press_1_stores_a_claim_at_once(qtbot, seeded_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = seeded_window
    pane = window.pane
    text = pane.view.document_model.text  # type: ignore[union-attr]
    start = text.index("Moscow and Washington")
    row = window.corpus_model.row_of(pane.document_id)  # type: ignore[arg-type]
    count_before = window.corpus_model.index(row, 4).data()  # type: ignore[arg-type]
    select_like_a_user(pane.view, text, start, start + len("Moscow and Washington"))
    qtbot.keyClick(pane.view, Qt.Key.Key_1)

    spans = accepted(window.session.service, pane.document_id)  # type: ignore[arg-type]
    assert [(s.label, text[s.start : s.end]) for s in spans] == [("CLAIM", "Moscow and Washington")]
    # committed: another connection to the file sees it
    again = ProjectService.open(window.session.service.path)
    assert len(accepted(again, pane.document_id)) == 1  # type: ignore[arg-type]
    again.close()
    # and the browser's count follows
    assert window.corpus_model.index(row, 4).data() == count_before + 1  # type: ignore[arg-type]


def test_a_partial_word_snaps_and_alt_keeps_it_exact(qtbot, seeded_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = seeded_window.pane
    text = pane.view.document_model.text  # type: ignore[union-attr]
    start = text.index("Lavrov on Wednesday")
    select_like_a_user(pane.view, text, start + 1, start + 4)
    qtbot.keyClick(pane.view, Qt.Key.Key_4)
    select_like_a_user(pane.view, text, start + 10, start + 13)
    qtbot.keyClick(pane.view, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    spans = accepted(seeded_window.session.service, pane.document_id)  # type: ignore[arg-type]
    assert [(s.label, text[s.start : s.end]) for s in spans] == [
        ("PERSON", "Lavrov"),
        ("GPE", "Wed"),
    ]


def test_click_a_span_and_delete_removes_it(qtbot, seeded_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = seeded_window.pane
    view = pane.view
    text = view.document_model.text  # type: ignore[union-attr]
    start = text.index("John Kerry")
    select_like_a_user(view, text, start, start + 10)
    qtbot.keyClick(view, Qt.Key.Key_4)
    view.select_span(None)
    cursor = view.cursor_for(start + 2, start + 2)
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_span() is not None
    assert text[view.selected_span().start : view.selected_span().end] == "John Kerry"  # type: ignore[union-attr]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert accepted(seeded_window.session.service, pane.document_id) == []  # type: ignore[arg-type]
    assert [m for m in view.index.all() if not m.suggested] == []


def test_undo_and_redo_bring_a_deleted_span_back_whole(qtbot, seeded_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    pane = seeded_window.pane
    service = seeded_window.session.service
    text = pane.view.document_model.text  # type: ignore[union-attr]
    start = text.index("RT website")
    select_like_a_user(pane.view, text, start, start + 10)
    qtbot.keyClick(pane.view, Qt.Key.Key_7)
    (span,) = accepted(service, pane.document_id)  # type: ignore[arg-type]
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert accepted(service, pane.document_id) == []  # type: ignore[arg-type]
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert accepted(service, pane.document_id) == [span]  # type: ignore[arg-type]
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert accepted(service, pane.document_id) == []  # type: ignore[arg-type]
    qtbot.keyClick(pane.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert accepted(service, pane.document_id) == [span]  # type: ignore[arg-type]
    assert len([m for m in pane.view.index.all() if not m.suggested]) == 1


TRICKY = "Flag 🇷🇺 family 👨‍👩‍👧 bold 𝐁𝐨𝐥𝐝 cafe\u0301 a\u00a0b\r\nנאום Lavrov said “yes”.\u2029End"


@pytest.mark.parametrize(
    "target", ["Lavrov", "𝐁𝐨𝐥𝐝", "cafe\u0301", "נאום", "👨‍👩‍👧", "“yes”", "End", "a\u00a0b"]
)
def test_offsets_stay_right_after_emoji_astral_letters_marks_nbsp_and_crlf(
    qtbot,
    service: ProjectService,
    window: MainWindow,
    target: str,  # type: ignore[no-untyped-def]
) -> None:
    (document_id,) = service.store.insert_documents([DraftDocument(text=TRICKY, title="tricky")])
    window.pane.open_document(document_id)
    view = window.pane.view
    start = TRICKY.index(target)
    select_like_a_user(view, TRICKY, start, start + len(target))
    qtbot.keyClick(view, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    (span,) = service.spans(document_id)
    assert (span.start, span.end) == (start, start + len(target))
    assert TRICKY[span.start : span.end] == target


def test_crlf_text_shows_no_empty_lines(qtbot, service: ProjectService, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    (document_id,) = service.store.insert_documents([DraftDocument(text="one\r\ntwo\r\nthree")])
    window.pane.open_document(document_id)
    assert window.pane.view.document().blockCount() == 3


def test_reopened_project_still_has_the_span(qtbot, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from annotator.gui.session import Session

    path = tmp_path / "reopen.db"
    service = ProjectService.open(path)
    service.import_paths([SEEDS])
    session = Session(service)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.open_document(service.document_ids()[1])
    text = window.pane.view.document_model.text  # type: ignore[union-attr]
    start = text.index("Ryabkov")
    select_like_a_user(window.pane.view, text, start, start + 7)
    qtbot.keyClick(window.pane.view, Qt.Key.Key_4)
    window.close()
    session.close()
    again = ProjectService.open(path)
    (span,) = accepted(again, again.document_ids()[1])
    assert text[span.start : span.end] == "Ryabkov"
    again.close()


def test_a_selection_of_only_line_breaks_is_refused_with_a_message(
    qtbot,
    seeded_window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    """Ctrl+Shift+Right at a line's end selects the line breaks only: no invisible span."""
    pane = seeded_window.pane
    text = pane.view.document_model.text  # type: ignore[union-attr]
    start = text.index("\n\n")
    select_like_a_user(pane.view, text, start, start + 2)
    qtbot.keyClick(pane.view, Qt.Key.Key_1)
    assert accepted(seeded_window.session.service, pane.document_id) == []  # type: ignore[arg-type]
    assert "only spaces or line breaks" in seeded_window.statusBar().currentMessage()
