"""Where tags and arcs go, decided without a window: no overlaps, nothing across the text."""

from __future__ import annotations

from itertools import combinations

from annotator.gui.arc_routing import ArcEnd, ArcRequest, Geometry, level_y, route_arcs
from annotator.gui.tag_placement import TagRequest, place_tags, short_name

GEOMETRY = Geometry(levels=2, step=12, label_height=11, left=7, right=593)


def test_short_names_keep_short_labels_and_abbreviate_long_ones() -> None:
    assert short_name("CLAIM") == "CLAIM"
    assert short_name("REPORTED_BY") == "REP·BY"
    assert short_name("PROPAGANDA_TECHNIQUE") == "PRO·TEC"
    assert short_name("Propagandistic") == "Propag…"
    assert len(short_name("A_B_C_D_E_F_G_H")) <= 8


def test_tags_of_nested_spans_starting_together_take_different_rows() -> None:
    outer, inner, third = TagRequest(1, 100, 40), TagRequest(2, 100, 44), TagRequest(3, 104, 30)
    placed = place_tags([outer, inner, third], rows=2)
    assert [p.row for p in placed[:2]] == [0, 1]  # the outer span's tag nearest the text
    assert placed[0].x == placed[1].x == 100
    for a, b in combinations(placed, 2):
        assert a.row != b.row or a.right + 2 <= b.x or b.right + 2 <= a.x
    assert placed[2].x >= 104  # pushed right, never left of its span's start


def test_tags_stay_inside_the_line() -> None:
    (placed,) = place_tags([TagRequest(1, 590, 40)], rows=2, right_edge=600)
    assert placed.right <= 600


def test_arcs_over_the_same_stretch_are_stacked_with_their_labels_apart() -> None:
    floor = 200.0
    wide = ArcRequest(0, ArcEnd(50, 205, floor), ArcEnd(400, 205, floor), 60)
    narrow = ArcRequest(1, ArcEnd(120, 205, floor), ArcEnd(300, 205, floor), 60)
    routed = {arc.key: arc for arc in route_arcs([wide, narrow], GEOMETRY)}
    assert routed[1].points[1][1] == level_y(floor, 0, GEOMETRY)  # narrow one lowest
    assert routed[0].points[1][1] == level_y(floor, 1, GEOMETRY)
    assert not routed[0].label.overlaps(routed[1].label)
    for arc in routed.values():  # everything above the floor: in the band, not in the text
        assert all(y <= 205 for _x, y in arc.points)
        assert arc.label.y + arc.label.height <= floor
        assert arc.arrow == arc.points[-1]


def test_labels_slide_along_their_run_when_levels_run_out() -> None:
    floor = 200.0
    arcs = [
        ArcRequest(n, ArcEnd(20 + n, 205, floor), ArcEnd(560 - n, 205, floor), 60) for n in range(4)
    ]
    routed = route_arcs(arcs, GEOMETRY)
    for a, b in combinations(routed, 2):
        assert not a.label.overlaps(b.label)


def test_an_arc_between_lines_runs_through_the_margin() -> None:
    head = ArcEnd(300, 205, 200)  # upper line
    child = ArcEnd(100, 305, 300)  # lower line: the arc leaves by the right margin
    (arc,) = route_arcs([ArcRequest(0, head, child, 50)], GEOMETRY)
    xs = [x for x, _y in arc.points]
    assert GEOMETRY.right in xs
    vertical = [
        (a, b)
        for a, b in zip(arc.points, arc.points[1:], strict=False)
        if a[0] == b[0] == GEOMETRY.right
    ]
    assert vertical and vertical[0][0][1] < 200 < vertical[0][1][1]  # down the margin
    assert arc.points[-1] == (100, 305)


def test_an_arc_to_an_off_screen_span_is_a_stub_pointing_there() -> None:
    visible = ArcEnd(200, 205, 200)
    (down,) = route_arcs([ArcRequest(0, visible, None, 50, other_below=True)], GEOMETRY)
    assert down.stub is not None and down.stub_points_down and down.stub[0] > 200
    assert down.arrow is None  # the child is the off-screen end
    (up,) = route_arcs([ArcRequest(0, None, visible, 50, other_below=False)], GEOMETRY)
    assert up.stub is not None and not up.stub_points_down and up.stub[0] < 200
    assert up.arrow == (200, 205)
