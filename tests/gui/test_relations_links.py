"""Relations inside an article and links across articles, made and followed on the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from tests.gui.helpers import tab_to

CLAIM_000 = "The US Secretary of State underlined that when he contacts the Syrian opposition"
CLAIM_004 = (
    "A meeting between Russian Foreign Minister Sergei Lavrov and US State Secretary John Kerry"
)


@pytest.fixture
def seeds_side_by_side(qtbot, seeded: ProjectService, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    first, second = seeded.document_ids()
    window.corpus_model.reload()
    window.panes.open_document(first)
    window.panes.open_document(second, new_pane=True)
    return window


def add(service: ProjectService, document_id: int, phrase: str, label: str, nth: int = 0) -> int:
    text = service.document(document_id).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    span = service.add_span(document_id, start, start + len(phrase), label)
    assert span.id is not None
    return span.id


def test_nested_attribution_made_by_keyboard_shows_its_chain(
    qtbot,
    seeds_side_by_side: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window = seeds_side_by_side
    service = window.session.service
    left = window.panes.panes()[0]
    document_id = left.document_id
    claim = add(service, document_id, CLAIM_000, "CLAIM")
    lavrov = add(service, document_id, "Lavrov", "SOURCE", nth=2)  # "quoted Lavrov as saying"
    rt = add(service, document_id, "RT website", "MEDIA")
    left.view.setFocus()

    tab_to(qtbot, left, claim)
    qtbot.keyClick(left.view, Qt.Key.Key_R)
    assert left.prompt.isVisible()
    tab_to(qtbot, left, lavrov)
    qtbot.keyClick(left.view, Qt.Key.Key_Return)
    assert "SAID_BY" in left.prompt.text()
    qtbot.keyClick(left.view, Qt.Key.Key_1)
    assert not left.prompt.isVisible()

    tab_to(qtbot, left, lavrov)
    qtbot.keyClick(left.view, Qt.Key.Key_R)
    tab_to(qtbot, left, rt)
    qtbot.keyClick(left.view, Qt.Key.Key_Return)
    assert "SAID_BY" not in left.prompt.text()  # a SOURCE cannot be SAID_BY: only REPORTED_BY
    qtbot.keyClick(left.view, Qt.Key.Key_2)

    relations = {(r.head_id, r.label, r.child_id) for r in service.relations(document_id)}
    assert relations == {(claim, "SAID_BY", lavrov), (lavrov, "REPORTED_BY", rt)}

    tab_to(qtbot, left, claim)
    chain = [text for text, _ in window.inspector.chain_model.entries()]
    assert chain[1] == "← SAID_BY SOURCE “Lavrov”"
    assert chain[2] == "← REPORTED_BY MEDIA “RT website”"
    assert chain[3].startswith("← published by")
    # each step is clickable: choosing RT website chooses that span in the pane
    window.inspector.choose_entry(window.inspector.chain_model, 2)
    assert left.view.selected_span().id == rt  # type: ignore[union-attr]
    # and the chosen span's relation is drawn in the pane
    arcs = left.view.relation_arcs()
    assert [arc.relation.label for arc in arcs] == ["REPORTED_BY"]

    for _ in range(2):
        window.session.undo_stack.undo()
    assert service.relations(document_id) == []
    for _ in range(2):
        window.session.undo_stack.redo()
    assert {(r.head_id, r.label, r.child_id) for r in service.relations(document_id)} == relations


def test_a_relation_the_schema_forbids_is_refused_with_a_message(
    qtbot,
    seeds_side_by_side: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window = seeds_side_by_side
    service = window.session.service
    left = window.panes.panes()[0]
    cue = add(service, left.document_id, "quoted Lavrov as saying", "CUE")
    rt = add(service, left.document_id, "RT website", "MEDIA")
    messages: list[str] = []
    window.session.message.connect(messages.append)
    left.view.setFocus()
    tab_to(qtbot, left, cue)
    qtbot.keyClick(left.view, Qt.Key.Key_R)
    tab_to(qtbot, left, rt)
    qtbot.keyClick(left.view, Qt.Key.Key_Return)
    assert messages and "from CUE to MEDIA" in messages[-1]
    assert service.relations(left.document_id) == []
    qtbot.keyClick(left.view, Qt.Key.Key_Escape)
    assert not left.prompt.isVisible()


def test_ctrl_drag_from_span_to_span_makes_a_relation(
    qtbot, seeds_side_by_side: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = seeds_side_by_side
    service = window.session.service
    left = window.panes.panes()[0]
    view = left.view
    claim = add(service, left.document_id, CLAIM_000, "CLAIM")
    lavrov = add(service, left.document_id, "Lavrov", "SOURCE", nth=2)
    spans = {s.id: s for s in service.spans(left.document_id)}

    def point(span_id: int):  # type: ignore[no-untyped-def]
        span = spans[span_id]
        return view.cursorRect(view.cursor_for(span.start + 2, span.start + 2)).center()

    view.centerCursor()
    qtbot.mousePress(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        point(claim),
    )
    qtbot.mouseRelease(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        point(lavrov),
    )
    assert "SAID_BY" in left.prompt.text()
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert [(r.head_id, r.child_id) for r in service.relations(left.document_id)] == [
        (claim, lavrov)
    ]


def test_link_by_keyboard_draws_a_ribbon_that_follows_scrolling(
    qtbot,
    seeds_side_by_side: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window = seeds_side_by_side
    service = window.session.service
    left, right = window.panes.panes()
    claim_a = add(service, left.document_id, CLAIM_000, "CLAIM")
    claim_b = add(service, right.document_id, CLAIM_004, "CLAIM")
    left.view.setFocus()
    tab_to(qtbot, left, claim_a)
    qtbot.keyClick(left.view, Qt.Key.Key_F6)
    qtbot.waitUntil(right.view.hasFocus)
    tab_to(qtbot, right, claim_b)
    qtbot.keyClick(right.view, Qt.Key.Key_L)
    assert "SAME_CLAIM" in right.prompt.text()
    qtbot.keyClick(right.view, Qt.Key.Key_1)
    (link,) = service.links_of_documents([left.document_id])
    assert {link.a_id, link.b_id} == {claim_a, claim_b} and link.label == "SAME_CLAIM"

    (ribbon,) = window.panes.ribbons.ribbons()
    assert ribbon.left_pane is left and ribbon.right_pane is right
    area = window.panes

    def line_top(pane, span_id: int) -> float:  # type: ignore[no-untyped-def]
        span = service.span(span_id)
        rect = pane.view.cursorRect(pane.view.cursor_for(span.start, span.start))
        return pane.view.viewport().mapTo(area, rect.topLeft()).y()

    assert ribbon.left.top() == pytest.approx(line_top(left, claim_a))
    assert ribbon.right.top() == pytest.approx(line_top(right, claim_b))
    assert ribbon.left.x() < ribbon.right.x()
    before = ribbon.right.top()
    right.view.verticalScrollBar().setValue(right.view.verticalScrollBar().value() + 2)
    (moved,) = window.panes.ribbons.ribbons()
    assert moved.right.top() < before
    assert moved.right.top() == pytest.approx(line_top(right, claim_b)) or moved.clipped

    window.session.undo_stack.undo()
    assert service.links_of_documents([left.document_id]) == []
    assert window.panes.ribbons.ribbons() == []
    window.session.undo_stack.redo()
    assert len(window.panes.ribbons.ribbons()) == 1


def test_following_a_link_from_the_dock_opens_its_other_article_beside(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    first, second = seeded.document_ids()
    claim_a = add(seeded, first, CLAIM_000, "CLAIM")
    claim_b = add(seeded, second, CLAIM_004, "CLAIM")
    seeded.add_link(claim_a, claim_b, "SAME_CLAIM")
    window.panes.open_document(first)
    for pane in window.panes.panes()[1:]:
        window.panes.close_pane(pane)
    assert window.links_model.rowCount() == 1
    window.links_view.link_chosen.emit(window.links_model.link(0))
    panes = window.panes.panes()
    assert [p.document_id for p in panes] == [first, second]
    assert panes[0].view.selected_span().id == claim_a  # type: ignore[union-attr]
    assert panes[1].view.selected_span().id == claim_b  # type: ignore[union-attr]


def test_inspector_lists_links_wherever_they_go_and_opens_the_other_end(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    first, second = seeded.document_ids()
    lavrov_a = add(seeded, first, "Lavrov", "PERSON", nth=1)
    lavrov_b = add(seeded, second, "Sergei Lavrov", "PERSON")
    seeded.add_link(lavrov_a, lavrov_b, "SAME_ENTITY")
    window.panes.open_document(first)
    for pane in window.panes.panes()[1:]:
        window.panes.close_pane(pane)
    window.pane.reveal_span(lavrov_a)
    entries = window.inspector.links_model.entries()
    assert [text for text, _ in entries] == [f"SAME_ENTITY ↔ #{second} PERSON “Sergei Lavrov”"]
    window.inspector.choose_entry(window.inspector.links_model, 0)
    assert [p.document_id for p in window.panes.panes()] == [first, second]


def test_deleting_a_linked_span_and_undo_restore_its_relations_and_links(
    qtbot,
    seeds_side_by_side: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window = seeds_side_by_side
    service = window.session.service
    left, right = window.panes.panes()
    claim_a = add(service, left.document_id, CLAIM_000, "CLAIM")
    lavrov = add(service, left.document_id, "Lavrov", "SOURCE", nth=2)
    claim_b = add(service, right.document_id, CLAIM_004, "CLAIM")
    service.add_relation(claim_a, lavrov, "SAID_BY")
    service.add_link(claim_a, claim_b, "SAME_CLAIM")
    left.view.setFocus()
    tab_to(qtbot, left, claim_a)
    qtbot.keyClick(left.view, Qt.Key.Key_Delete)
    assert service.relations(left.document_id) == []
    assert window.panes.ribbons.ribbons() == []
    qtbot.keyClick(left.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [(r.head_id, r.child_id) for r in service.relations(left.document_id)] == [
        (claim_a, lavrov)
    ]
    assert len(service.links_of_documents([right.document_id])) == 1
    assert len(window.panes.ribbons.ribbons()) == 1


def test_l_offers_only_the_link_labels_the_two_spans_allow(
    qtbot,
    seeds_side_by_side: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window = seeds_side_by_side
    service = window.session.service
    left, right = window.panes.panes()
    lavrov_a = add(service, left.document_id, "Lavrov", "SOURCE", nth=2)
    lavrov_b = add(service, right.document_id, "Sergei Lavrov", "PERSON")
    claim_b = add(service, right.document_id, CLAIM_004, "CLAIM")
    left.reveal_span(lavrov_a)
    left.view.setFocus()
    right.reveal_span(lavrov_b)
    right.view.setFocus()
    qtbot.keyClick(right.view, Qt.Key.Key_L)
    assert "SAME_ENTITY" in right.prompt.text() and "SAME_CLAIM" not in right.prompt.text()
    qtbot.keyClick(right.view, Qt.Key.Key_Escape)
    messages: list[str] = []
    window.session.message.connect(messages.append)
    right.reveal_span(claim_b)
    qtbot.keyClick(right.view, Qt.Key.Key_L)
    assert not right.prompt.isVisible()
    assert messages[-1] == "No link label of the schema joins a CLAIM and a SOURCE."
    assert service.links_of_documents([right.document_id]) == []
