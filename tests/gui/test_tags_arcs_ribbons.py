"""What the screen shows, on the real widgets: label tags, relation arcs, link ribbons."""

from __future__ import annotations

from itertools import combinations, pairwise
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.gui.main_window import MainWindow
from annotator.gui.text_view import AnnotatedTextView
from annotator.service import ProjectService
from tests.gui.test_relations_links import CLAIM_000, CLAIM_004, add, tab_to

SOURCE = "Russian Foreign Minister Sergey Lavrov"


@pytest.fixture
def one_article(qtbot, seeded: ProjectService, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    first = seeded.document_ids()[0]
    window.corpus_model.reload()
    window.panes.open_document(first)
    for pane in window.panes.panes()[1:]:
        window.panes.close_pane(pane)
    return window


def glyph_rects(view: AnnotatedTextView) -> list[QRectF]:
    """The box of the letters of every line on screen, in viewport pixels (from Qt's layout)."""
    rects = []
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid():
        box = view.blockBoundingGeometry(block).translated(offset)
        if box.top() > view.viewport().height():
            break
        layout = block.layout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            if line.textLength() and line.naturalTextWidth() > 0:
                rects.append(
                    QRectF(
                        box.left() + line.x(),
                        box.top() + line.y(),
                        line.naturalTextWidth(),
                        line.height(),
                    )
                )
        block = block.next()
    return rects


def crosses(a: tuple[float, float], b: tuple[float, float], rect: QRectF) -> bool:
    """Whether the axis-parallel segment a-b passes through the inside of `rect`."""
    inner = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    left, right = min(a[0], b[0]), max(a[0], b[0])
    top, bottom = min(a[1], b[1]), max(a[1], b[1])
    return (
        left < inner.right()
        and right > inner.left()
        and top < inner.bottom()
        and bottom > inner.top()
    )


def test_nested_spans_each_show_their_own_tag_and_a_click_on_it_chooses_that_span(
    qtbot, one_article: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = one_article
    service = window.session.service
    view = window.pane.view
    document_id = window.pane.document_id
    source = add(service, document_id, SOURCE, "SOURCE")
    nation = add(service, document_id, "Russian", "GPE")  # starts with the source
    person = add(service, document_id, "Sergey Lavrov", "PERSON")  # ends with it
    tags = {tag.span.id: tag for tag in view.tags_on_screen()}
    assert {source, nation, person} <= set(tags)
    assert (tags[source].text, tags[nation].text, tags[person].text) == ("SOURCE", "GPE", "PERSON")
    for a, b in combinations([tags[source], tags[nation], tags[person]], 2):
        assert not a.box.intersects(b.box)
    for tag in tags.values():  # in the band above the line, over no letter
        assert tag.box.bottom() <= tag.line_top
        assert not any(tag.box.intersects(r) for r in glyph_rects(view))
    # painted in the label's colour
    image = view.viewport().grab().toImage()
    box = tags[person].box
    painted = image.pixelColor(int(box.left() + 2), int(box.center().y()))
    person_color = QColor(service.schema.get("PERSON").color)  # type: ignore[union-attr]
    assert abs(painted.red() - person_color.red()) + abs(painted.blue() - person_color.blue()) < 40
    # hovering a tag names the whole label and the span's text
    where = tags[person].box.center().toPoint()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == "PERSON “Sergey Lavrov”"
    # the nested GPE is chosen by clicking its tag, though the source covers the same letters
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=tags[nation].box.center().toPoint()
    )
    assert view.selected_span_id == nation


def test_view_label_tags_toggles_the_tags_and_their_room(qtbot, one_article: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = one_article
    view = window.pane.view
    add(window.session.service, window.pane.document_id, SOURCE, "SOURCE")
    with_tags = view.cursorRect(view.cursor_for(0, 0)).top()
    assert view.tags_on_screen()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = next(a for a in view_menu.actions() if a.text() == "Label &tags")
    toggle.trigger()
    assert view.tags_on_screen() == []
    assert view.cursorRect(view.cursor_for(0, 0)).top() < with_tags  # the band went away
    toggle.trigger()
    assert view.tags_on_screen()
    # scrolled down, the line at the top stays at the top when the tags come and go
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    first_line = (bar.value(), view.firstVisibleBlock().blockNumber())
    assert first_line[0] > 0
    toggle.trigger()
    assert (bar.value(), view.firstVisibleBlock().blockNumber()) == first_line
    toggle.trigger()
    assert (bar.value(), view.firstVisibleBlock().blockNumber()) == first_line


def test_a_suggested_span_keeps_its_dotted_look_and_has_a_tag(
    qtbot, one_article: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = one_article
    view = window.pane.view
    suggested = [m for m in view.index.all() if m.suggested]
    assert suggested, "the seed article's debris is suggested on import"
    window.pane.reveal_span(suggested[0].id)
    (tag,) = [t for t in view.tags_on_screen() if t.span.id == suggested[0].id]
    assert tag.text == "DEBRIS"
    block = view.document().findBlock(view.utf16.to_utf16(suggested[0].start))  # type: ignore[union-attr]
    assert all(s.dotted for s in view.segments(block) if s.labels == ("DEBRIS",))


@pytest.fixture
def related(qtbot, one_article: MainWindow):  # type: ignore[no-untyped-def]
    """The seed article with claims, sources and media, and relations within and across lines."""
    window = one_article
    service = window.session.service
    document_id = window.pane.document_id
    ids = {
        "claim": add(service, document_id, CLAIM_000, "CLAIM"),
        "lavrov": add(service, document_id, "Lavrov", "SOURCE", nth=2),
        "rt": add(service, document_id, "RT website", "MEDIA"),
        "kerry": add(service, document_id, "his American counterpart John Kerry", "SOURCE"),
        "minister": add(service, document_id, SOURCE, "SOURCE"),
        "urge": add(service, document_id, "Moscow and Washington will seek to urge", "CLAIM"),
        "brief": add(service, document_id, "Lavrov and Kerry’s talks on Syria were", "CLAIM"),
        "official": add(service, document_id, "An US official", "SOURCE"),
    }
    for head, child, label in [
        ("claim", "lavrov", "SAID_BY"),
        ("lavrov", "rt", "REPORTED_BY"),
        ("kerry", "rt", "REPORTED_BY"),
        ("urge", "minister", "SAID_BY"),
        ("minister", "rt", "REPORTED_BY"),
        ("brief", "official", "SAID_BY"),
    ]:
        service.add_relation(ids[head], ids[child], label)
    window.resize(1300, 900)
    qtbot.wait(10)
    return window, ids


def test_arcs_run_between_the_lines_and_never_cross_letters(qtbot, related) -> None:  # type: ignore[no-untyped-def]
    window, ids = related
    view = window.pane.view
    window.all_relations_action.trigger()
    window.pane.reveal_span(ids["lavrov"])
    arcs = view.relation_arcs()
    assert len(arcs) >= 3
    margins = (view.arcs.geometry().left, view.arcs.geometry().right)
    assert any(x in margins for a in arcs for x, _y in a.route.points), "one arc between lines"
    rects = glyph_rects(view)
    for arc in arcs:
        points = arc.route.points
        for a, b in pairwise(points):
            hit = [r for r in rects if crosses(a, b, r)]
            assert not hit, f"{arc.relation.label} crosses the text at {hit[0]}"
        box = arc.route.label
        label = QRectF(box.x, box.y, box.width, box.height)
        assert not any(label.intersects(r) for r in rects)
    labels = [a.route.label for a in arcs]
    for a, b in combinations(labels, 2):
        assert not a.overlaps(b), "two arc labels overlap"
    # each relation's label is written once
    assert sorted(a.relation.id for a in arcs) == sorted({a.relation.id for a in arcs})


def test_choosing_a_span_highlights_its_relations_and_dims_the_rest(qtbot, related) -> None:  # type: ignore[no-untyped-def]
    window, ids = related
    pane = window.pane
    view = pane.view
    window.all_relations_action.trigger()
    view.verticalScrollBar().setValue(0)
    assert not any(a.dimmed or a.highlighted for a in view.relation_arcs())
    view.setFocus()
    tab_to(qtbot, pane, ids["rt"])
    arcs = view.relation_arcs()
    touching = {a.relation.label for a in arcs if a.highlighted}
    assert touching == {"REPORTED_BY"}
    for arc in arcs:
        assert arc.highlighted == (ids["rt"] in (arc.relation.head_id, arc.relation.child_id))
        assert arc.dimmed == (not arc.highlighted)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not any(a.dimmed for a in view.relation_arcs())


def test_a_relation_to_a_span_off_screen_is_a_stub_naming_it_in_a_tooltip(qtbot, related) -> None:  # type: ignore[no-untyped-def]
    window, ids = related
    service = window.session.service
    view = window.pane.view
    service.add_relation(ids["brief"], ids["minister"], "SAID_BY")  # first paragraph to fourth
    window.resize(1300, 560)
    window.all_relations_action.trigger()
    window.pane.reveal_span(ids["brief"])
    minister = service.span(ids["minister"])
    assert minister.end <= view.visible_range()[0], "the minister is scrolled away above"
    (stub,) = [a for a in view.relation_arcs() if a.other is not None and a.other.id == minister.id]
    assert stub.route.stub is not None and not stub.route.stub_points_down  # it points up
    x, y = stub.route.stub
    where = QPoint(int(x), int(y))
    event = QHelpEvent(QHelpEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.isVisible()
    assert "SAID_BY" in QToolTip.text() and SOURCE in QToolTip.text()


def linked_claims_side_by_side(seeded: ProjectService, window: MainWindow) -> Any:
    """A claim in each seed article, linked SAME_CLAIM, both in view in two panes: the ribbon."""
    first, second = seeded.document_ids()
    claim_a = add(seeded, first, CLAIM_000, "CLAIM")
    claim_b = add(seeded, second, CLAIM_004, "CLAIM")
    seeded.add_link(claim_a, claim_b, "SAME_CLAIM")
    window.panes.open_document(first)
    window.panes.open_document(second, new_pane=True)
    left, right = window.panes.panes()
    left.reveal_span(claim_a)
    right.reveal_span(claim_b)
    (ribbon,) = window.panes.ribbons.ribbons()
    return ribbon


def test_ribbons_take_the_link_labels_colour_and_never_join_an_article_to_itself(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    ribbon = linked_claims_side_by_side(seeded, window)
    first, second = seeded.document_ids()
    left, right = window.panes.panes()
    link_color = QColor(seeded.schema.get("SAME_CLAIM").color)  # type: ignore[union-attr]
    span_colors = {QColor(label.color).name() for label in seeded.schema if label.kind == "span"}
    assert link_color.name() not in span_colors
    # the band painted in the gutter has the link label's hue, not the claim's
    gutter = window.panes.splitter.handle(1)
    image = gutter.grab().toImage()
    top = max(ribbon.left.top(), ribbon.right.top())
    bottom = min(ribbon.left.bottom(), ribbon.right.bottom())
    y = int(gutter.mapFrom(window.panes, QPoint(0, int((top + bottom) / 2))).y())
    painted = image.pixelColor(image.width() // 2, y)
    claim = QColor(seeded.schema.get("CLAIM").color)  # type: ignore[union-attr]

    def distance(a: QColor, b: QColor) -> int:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    assert distance(painted, link_color) < distance(painted, claim)
    # the same article in both panes is not possible: opening it again goes to its pane
    window.panes.set_active(right)
    window.panes.open_document(first, new_pane=True)
    assert [p.document_id for p in window.panes.panes()] == [first, second]
    assert window.pane is left
    assert window.panes.ribbons.between(left, left) == []


def test_ctrl_enter_goes_to_the_pane_already_showing_the_next_article(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    first, second = seeded.document_ids()
    window.panes.open_document(first)
    window.panes.open_document(second, new_pane=True)
    left, right = window.panes.panes()
    left.view.setFocus()
    qtbot.waitUntil(lambda: window.pane is left)
    qtbot.keyClick(left.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert seeded.document(first).status == "done"
    assert [p.document_id for p in window.panes.panes()] == [first, second]
    assert window.pane is right and right.view.hasFocus()


def test_only_lines_where_a_relation_ends_get_room_for_arcs_and_ctrl_r_moves_nothing(
    qtbot, related
) -> None:  # type: ignore[no-untyped-def]
    window, ids = related
    view = window.pane.view
    service = window.session.service
    view.verticalScrollBar().setValue(0)
    margin = view.document().documentMargin()

    def top_of(offset: int) -> float:
        return view.cursorRect(view.cursor_for(offset, offset)).top()

    def room_above(offset: int) -> float:
        """Pixels between the line above and this line's text."""
        line_start = offset
        text = service.document(window.pane.document_id).text
        while line_start > 0 and top_of(line_start - 1) == top_of(offset):
            line_start -= 1
        above = view.cursorRect(view.cursor_for(line_start - 1, line_start - 1))
        return top_of(offset) - above.bottom() if text[line_start - 1] != "\n" else -1

    assert top_of(0) == pytest.approx(margin + view.tag_band(), abs=1)  # the title: tags only
    rt = service.span(ids["rt"])
    assert room_above(rt.start) >= view.tag_band() + view.arcs.band - 1  # a relation ends here
    before = {n: top_of(n) for n in (0, rt.start, rt.end)}
    window.all_relations_action.trigger()
    assert {n: top_of(n) for n in before} == before


def test_the_screenshot_command_shows_tags_and_all_relations_as_asked(
    qapp, tmp_path, project_path, seeded: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner
    from PySide6.QtGui import QImage

    from annotator.cli import main

    first = seeded.document_ids()[0]
    claim = add(seeded, first, CLAIM_000, "CLAIM")
    lavrov = add(seeded, first, "Lavrov", "SOURCE", nth=2)
    rt = add(seeded, first, "RT website", "MEDIA")
    seeded.add_relation(claim, lavrov, "SAID_BY")
    seeded.add_relation(lavrov, rt, "REPORTED_BY")
    runner = CliRunner()
    shots = {}
    for name, flags in {
        "tags": ["--all-relations"],  # nothing chosen: every arc at full strength
        "bare": ["--no-tags", "--select", str(claim)],  # only the claim's own relation
    }.items():
        out = tmp_path / f"{name}.png"
        args = [
            "--project",
            str(project_path),
            "screenshot",
            "--out",
            str(out),
            "--open",
            str(first),
        ]
        result = runner.invoke(main, [*args, *flags])
        assert result.exit_code == 0, result.output
        shots[name] = QImage(str(out))

    def count(image: QImage, color: str) -> int:
        wanted = QColor(color)
        return sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if image.pixelColor(x, y) == wanted
        )

    reported_by = seeded.schema.get("REPORTED_BY").color  # type: ignore[union-attr]
    source = seeded.schema.get("SOURCE").color  # type: ignore[union-attr]
    assert count(shots["tags"], source) > count(shots["bare"], source)  # the SOURCE tag
    assert count(shots["tags"], reported_by) > 0  # the arc the claim is not part of, too
    assert count(shots["bare"], reported_by) == 0


def test_tags_and_arcs_find_their_spans_after_emoji_astral_letters_and_crlf(
    qtbot, service: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from annotator.domain.model import DraftDocument

    text = "\ufeffTitle 😀\r\n𝐀li\u0301 said\u00a0“talks 🇺🇦 go on”, 𝒦erry wrote.\r\nEnd."
    (document_id,) = service.store.insert_documents([DraftDocument(text=text, title="astral")])
    claim = add(service, document_id, "talks 🇺🇦 go on", "CLAIM")
    person = add(service, document_id, "𝒦erry", "PERSON")
    service.add_relation(claim, person, "SAID_BY")
    window.panes.open_document(document_id)
    view = window.pane.view
    tags = {t.span.id: t for t in view.tags_on_screen()}
    for span_id in (claim, person):
        span = service.span(span_id)
        assert text[span.start : span.end] in ("talks 🇺🇦 go on", "𝒦erry")
        caret = view.cursorRect(view.cursor_for(span.start, span.start))
        assert tags[span_id].box.left() == pytest.approx(caret.left(), abs=2)
        assert tags[span_id].box.bottom() <= caret.top()
    view.setFocus()
    tab_to(qtbot, window.pane, claim)
    (arc,) = view.relation_arcs()
    assert arc.route.points[0][0] == pytest.approx(tags[claim].box.center().x())
    assert arc.route.arrow is not None
    assert arc.route.arrow[0] == pytest.approx(tags[person].box.center().x())


def test_recolouring_a_link_label_repaints_its_ribbons_in_the_new_colour_without_a_scroll(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    ribbon = linked_claims_side_by_side(seeded, window)
    gutter = window.panes.splitter.handle(1)
    top = max(ribbon.left.top(), ribbon.right.top())
    bottom = min(ribbon.left.bottom(), ribbon.right.bottom())
    y = int(gutter.mapFrom(window.panes, QPoint(0, int((top + bottom) / 2))).y())

    def painted() -> QColor:
        return gutter.grab().toImage().pixelColor(gutter.width() // 2, y)

    def distance(a: QColor, b: QColor) -> int:
        """Apart in hue: the band is the label's colour, translucent over the gutter."""
        apart = abs(a.hsvHue() - b.hsvHue())
        return min(apart, 360 - apart)

    old = QColor(seeded.schema.get("SAME_CLAIM").color)  # type: ignore[union-attr]
    new = QColor("#00c000")
    assert distance(painted(), old) < distance(painted(), new)
    window.session.service.recolor_label("SAME_CLAIM", new.name())
    assert distance(painted(), new) < distance(painted(), old)
