"""How relation arcs run: in the band reserved above each line, stacked so they do not overlap.

Pure geometry (no Qt), tested without a window. The text view reserves a band above every line
(`line_band`); an arc leaves its head span upward into that band, runs level, and comes down onto
its child span with an arrow, as brat draws them. It never crosses letters:

- both ends on one line: one bracket in that line's band;
- ends on different lines: a bracket from the head to the margin in the head's band, down (or up)
  the margin, where no text is, and a bracket from the margin onto the child in the child's band;
- one end off screen: a stub from the visible end toward the edge, ending in a small arrow that
  points up or down to where the other end is (the view gives it a tooltip naming that span).

Arcs that share a band are stacked: the narrowest first on the lowest level, each on the lowest
level where neither its run nor its label box overlaps another's. Each arc's label is written
once, on its longest run.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class ArcEnd:
    """Where an arc meets a span: `x`, the top of the span's tag or text (`y`), and the `floor`
    of its line's band (the y under the lowest arc level: the top of the tag rows)."""

    x: float
    y: float
    floor: float


@dataclass(frozen=True, slots=True)
class ArcRequest:
    """One relation to route. An end that is None is off screen, `other_below` says where."""

    key: int
    head: ArcEnd | None
    child: ArcEnd | None
    label_width: float
    other_below: bool = False


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


@dataclass(frozen=True, slots=True)
class RoutedArc:
    """An arc as drawn: one polyline, an arrow tip pointing down onto the child (when on screen),
    the label's box, and for a stub the marker tip pointing to the off-screen end."""

    key: int
    points: tuple[Point, ...]
    arrow: Point | None
    label: Box
    stub: Point | None = None
    stub_points_down: bool = False

    def bounds(self) -> Box:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


@dataclass(frozen=True, slots=True)
class Geometry:
    """The band's measures: `levels` arc levels `step` pixels apart above each line's floor,
    labels `label_height` high, the margins' x (`left`, `right`) and a stub's length."""

    levels: int
    step: float
    label_height: float
    left: float
    right: float
    stub_length: float = 28.0
    pad: float = 4.0

    @property
    def height(self) -> float:
        """The band the arcs need above the tag rows."""
        return self.levels * self.step + 2


@dataclass
class _Run:
    """A level run of one arc inside one band, before its level is known."""

    arc: int
    floor: float
    a: float
    b: float
    labelled: bool
    label_width: float
    level: int = 0

    def extent(self, pad: float) -> tuple[float, float]:
        low, high = min(self.a, self.b), max(self.a, self.b)
        if self.labelled:
            middle = (low + high) / 2
            low = min(low, middle - self.label_width / 2)
            high = max(high, middle + self.label_width / 2)
        return low - pad, high + pad


def route_arcs(requests: list[ArcRequest], geometry: Geometry) -> list[RoutedArc]:
    """Route every arc with at least one end on screen; the order of `requests` is kept."""
    runs: list[list[_Run]] = []
    for n, request in enumerate(requests):
        runs.append(_runs_of(n, request, geometry))
    _stack([run for arc_runs in runs for run in arc_runs], geometry)
    labels = _place_labels(requests, runs, geometry)
    routed = []
    for request, arc_runs in zip(requests, runs, strict=True):
        if arc_runs:
            routed.append(_draw(request, arc_runs, labels[request.key], geometry))
    return routed


def _place_labels(
    requests: list[ArcRequest], runs: list[list[_Run]], geometry: Geometry
) -> dict[int, Box]:
    """Each arc's label box on its labelled run: in the run's middle, or slid along the run to
    the nearest place free of the labels already placed (when a band ran out of levels)."""
    placed: dict[int, Box] = {}
    order = sorted(
        (run for arc_runs in runs for run in arc_runs if run.labelled),
        key=lambda r: (abs(r.b - r.a), r.arc),
    )
    for run in order:
        width = requests[run.arc].label_width
        y = level_y(run.floor, run.level, geometry) - geometry.label_height / 2
        low, high = min(run.a, run.b), max(run.a, run.b)
        middle = (low + high) / 2
        candidates = [middle]
        slack = (high - low - width) / 2
        step = 6.0
        offset = step
        while offset <= slack:
            candidates += [middle - offset, middle + offset]
            offset += step
        boxes = [Box(c - width / 2, y, width, geometry.label_height) for c in candidates]
        free = next((b for b in boxes if not any(b.overlaps(o) for o in placed.values())), None)
        placed[requests[run.arc].key] = free or boxes[0]
    return placed


def _runs_of(n: int, request: ArcRequest, geometry: Geometry) -> list[_Run]:
    head, child, width = request.head, request.child, request.label_width
    if head is not None and child is not None:
        if round(head.floor) == round(child.floor):
            return [_Run(n, head.floor, head.x, child.x, True, width)]
        edge = geometry.right if child.floor > head.floor else geometry.left
        head_run = _Run(n, head.floor, head.x, edge, False, width)
        child_run = _Run(n, child.floor, edge, child.x, False, width)
        longer = max((head_run, child_run), key=lambda r: abs(r.b - r.a))
        longer.labelled = True
        return [head_run, child_run]
    end = head if head is not None else child
    if end is None:
        return []
    reach = geometry.stub_length + width
    if request.other_below:
        far = min(geometry.right, end.x + reach)
    else:
        far = max(geometry.left, end.x - reach)
    if head is None:  # the run comes in from the stub's far end onto the child
        return [_Run(n, end.floor, far, end.x, True, width)]
    return [_Run(n, end.floor, end.x, far, True, width)]


def _stack(runs: list[_Run], geometry: Geometry) -> None:
    """Give each run the lowest free level of its band: narrow runs first, as brat stacks them."""
    taken: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for run in sorted(runs, key=lambda r: (abs(r.b - r.a), r.arc)):
        low, high = run.extent(geometry.pad)
        band = round(run.floor)
        for level in range(geometry.levels):
            used = taken.setdefault((band, level), [])
            if all(high <= a or low >= b for a, b in used):
                break
        else:  # every level is taken here: the top one, where the overlap is least confusing
            level = geometry.levels - 1
            used = taken.setdefault((band, level), [])
        used.append((low, high))
        run.level = level


def level_y(floor: float, level: int, geometry: Geometry) -> float:
    """The y of a level's run: half a step above the level's bottom, so its label fits around it."""
    return floor - (level + 0.5) * geometry.step


def _draw(request: ArcRequest, runs: list[_Run], label: Box, geometry: Geometry) -> RoutedArc:
    head, child = request.head, request.child
    points: list[Point] = []
    if head is not None:
        points.append((head.x, head.y))
    for run in runs:
        y = level_y(run.floor, run.level, geometry)
        points += [(run.a, y), (run.b, y)]
    if child is not None:
        points.append((child.x, child.y))
    stub = None
    if head is None or child is None:
        stub = points[-1] if head is not None else points[0]
    return RoutedArc(
        request.key,
        tuple(points),
        (child.x, child.y) if child is not None else None,
        label,
        stub,
        request.other_below,
    )
