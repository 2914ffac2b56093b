"""New label colours are perceptually distinct from the schema's (CIEDE2000), checked against the
published test data."""

from __future__ import annotations

import itertools

import pytest

from annotator.domain.colors import CANDIDATES, ciede2000, color_distance, distinct_color
from annotator.service import ProjectService


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu, Dalal (2005), Table 1: pairs 1, 7, 13, 17, 25, 34
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.4900, -0.0010), (50.0, -2.4900, 0.0011), 7.2195),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected) -> None:  # type: ignore[no-untyped-def]
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_a_new_colour_is_farther_from_the_existing_ones_than_any_other_candidate() -> None:
    existing = ["#ffd54f", "#90caf9", "#a5d6a7", "#ef9a9a"]
    chosen = distinct_color(existing)
    nearest = min(color_distance(chosen, color) for color in existing)
    assert nearest >= max(min(color_distance(c, e) for e in existing) for c in CANDIDATES)
    assert nearest > 20  # clearly different, not a shade of one already there


#: The fixed list new labels took their colours from before.
OLD_PALETTE = (
    "#8dd3c7",
    "#fdb462",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#b3de69",
    "#fccde5",
    "#d9d9d9",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
    "#e5c494",
)


def test_twelve_labels_added_one_by_one_stay_distinct(service: ProjectService) -> None:
    for n in range(12):
        service.add_label(f"TECHNIQUE_{n}")
    colors = [label.color for label in service.schema.of_kind("span")]
    closest = min(color_distance(a, b) for a, b in itertools.combinations(colors, 2))
    # the old fixed list had pairs closer than this (its greys and pastels)
    old = min(color_distance(a, b) for a, b in itertools.combinations(OLD_PALETTE, 2))
    assert closest > old
    assert closest > 8
