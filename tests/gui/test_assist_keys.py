"""Suggestions accepted and rejected by key in the real window, undone with Ctrl+Z, and a whole
origin accepted in one undoable step from the Assist menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain.model import DraftDocument
from annotator.gui.main_window import MainWindow

TEXT = (
    "Lavrov said that the talks would resume in Geneva.\n\n"
    "“We will not back down,” the minister told reporters.\n\n"
    "The ceasefire is holding, said Maria Zakharova."
)


@pytest.fixture
def suggested_window(qtbot, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    service = window.session.service
    service.store.insert_documents([DraftDocument(text=TEXT, title="Talks")])
    window.corpus_model.reload()
    window.open_document(service.document_ids()[0])
    assert window.assist.suggest_here() > 0
    return window


def suggestions(window: MainWindow) -> list:  # type: ignore[type-arg]
    pane = window.pane
    return [s for s in window.session.service.spans(pane.document_id) if s.suggested]  # type: ignore[arg-type]


def choose(window: MainWindow, label: str, text: str):  # type: ignore[no-untyped-def]
    pane = window.pane
    full = pane.view.document_model.text  # type: ignore[union-attr]
    span = next(
        s for s in suggestions(window) if s.label == label and full[s.start : s.end] == text
    )
    pane.view.select_span(pane.view.index.get(span.id))
    pane.view.setFocus()
    return span


def test_enter_accepts_the_chosen_suggestion_and_ctrl_z_undoes(qtbot, suggested_window) -> None:  # type: ignore[no-untyped-def]
    window = suggested_window
    service = window.session.service
    span = choose(window, "CUE", "said")
    assert "by rules:attribution@1, score 0.90" in window.inspector.offsets_label.text()
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Return)
    assert not service.span(span.id).suggested
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.span(span.id).suggested


def test_accepting_claim_and_source_by_label_key_makes_the_said_by_relation(
    qtbot,
    suggested_window,  # type: ignore[no-untyped-def]
) -> None:
    window = suggested_window
    service = window.session.service
    document_id = window.pane.document_id
    choose(window, "SOURCE", "Lavrov")
    qtbot.keyClick(window.pane.view, Qt.Key.Key_2)  # SOURCE's key on a SOURCE suggestion
    claim = choose(window, "CLAIM", "that the talks would resume in Geneva")
    qtbot.keyClick(window.pane.view, Qt.Key.Key_1)
    relations = service.relations(document_id)
    assert [(r.head_id, r.label) for r in relations] == [(claim.id, "SAID_BY")]


def test_delete_rejects_and_suggesting_again_does_not_bring_it_back(
    qtbot,
    suggested_window,  # type: ignore[no-untyped-def]
) -> None:
    window = suggested_window
    service = window.session.service
    span = choose(window, "SOURCE", "Maria Zakharova")
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Delete)
    assert not service.spans_by_ids([span.id])
    window.assist.suggest_here()
    texts = [TEXT[s.start : s.end] for s in suggestions(window)]
    assert "Maria Zakharova" not in texts
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.spans_by_ids([span.id])


def test_accept_all_of_an_origin_is_one_undo_step(qtbot, suggested_window) -> None:  # type: ignore[no-untyped-def]
    window = suggested_window
    service = window.session.service
    ids = [s.id for s in suggestions(window)]
    window.assist.act_on_origin("rules:attribution@1", ids, accept=True)
    assert suggestions(window) == []
    assert len(service.relations(window.pane.document_id)) == 3
    window.session.undo_stack.undo()
    assert sorted(s.id for s in suggestions(window)) == sorted(ids)
    assert service.relations(window.pane.document_id) == []


def test_hiding_below_a_score_leaves_them_out_of_the_view(qtbot, suggested_window) -> None:  # type: ignore[no-untyped-def]
    window = suggested_window
    shown = len(window.pane.view.index)
    window.assist.set_threshold(0.65)  # claims (0.6) go, cues and sources stay
    assert 0 < len(window.pane.view.index) < shown


def test_f_finds_the_same_person_elsewhere_and_enter_links_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.model import DraftSpan

    service = window.session.service
    first = "Tara Reid checked into rehab in Malibu, her publicist said on Tuesday."
    second = "Actress Reid has checked herself into rehab in Malibu, her publicist said."
    a, b = service.store.insert_documents(
        [
            DraftDocument(text=first, spans=(DraftSpan(0, 9, "PERSON"),)),
            DraftDocument(text=second, spans=(DraftSpan(0, 12, "PERSON"),)),
        ]
    )
    window.corpus_model.reload()
    window.open_document(a)
    pane = window.pane
    [span] = service.spans(a)
    pane.view.select_span(pane.view.index.get(span.id))
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F)
    dialog = window.assist.find_dialog
    assert dialog is not None and dialog.model.rowCount() == 1
    assert "Actress Reid" in dialog.model.entries()[0][0]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    [link] = service.links_of_span(span.id)
    assert (link.label, link.b_id) == ("SAME_ENTITY", service.spans(b)[0].id)
    window.session.undo_stack.undo()
    assert service.links_of_span(span.id) == []


def test_a_proposed_link_is_listed_in_the_inspector(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.model import DraftSpan
    from annotator.service.assist.links import propose_links, store_proposed_links

    service = window.session.service
    a, _b = service.store.insert_documents(
        [
            DraftDocument(
                text="Tara Reid checked into rehab in Malibu.", spans=(DraftSpan(0, 9, "PERSON"),)
            ),
            DraftDocument(
                text="Actress Reid checked into rehab in Malibu.",
                spans=(DraftSpan(0, 12, "PERSON"),),
            ),
        ]
    )
    proposed = propose_links(service.store, min_cosine=0.1)
    assert store_proposed_links(service.store, proposed, {"SAME_ENTITY"}) == 1
    window.corpus_model.reload()
    window.open_document(a)
    [span] = service.spans(a)
    window.pane.view.select_span(window.pane.view.index.get(span.id))
    [(text, _)] = window.inspector.links_model.entries()
    assert text.startswith("SAME_ENTITY? ↔ #2 PERSON “Actress Reid”")
