"""A story's pictures: its attribution graph and its timeline, as drawings any surface can paint.

The graph runs left to right: outlets → relaying sources (REPORTED_BY) → sources (SAID_BY) →
claims, one node per span, with the links between articles (SAME_CLAIM, SAME_ENTITY) as dashed
arcs; a claim whose row in the comparison differs in attribution has a red border. It is a
networkx `DiGraph` (written as GraphML or GEXF for Gephi) laid out in layers; the layout becomes a
`Drawing` of boxes, arrows and words that `drawing_svg` writes as SVG and the GUI paints with Qt.
The timeline is a `Drawing` too: a lane per outlet, each article a dot at its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from annotator.domain.comparison import SAME_CLAIM, SAME_ENTITY, StoryComparison
from annotator.domain.model import Span
from annotator.service.comparison import story_comparison

if TYPE_CHECKING:
    from annotator.service.project import ProjectService

LAYERS = {"outlet": 0, "relayer": 1, "source": 2, "claim": 3}
FILL = {"outlet": "#264653", "relayer": "#8ab17d", "source": "#2a9d8f", "claim": "#f4a261"}
INK = {"outlet": "#ffffff", "relayer": "#1d1d1d", "source": "#ffffff", "claim": "#1d1d1d"}
NODE_W, NODE_H, COLUMN, ROW, MARGIN = 230, 40, 320, 54, 30
DIFFERS_BORDER = "#d62828"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    text: str
    fill: str
    ink: str
    border: str = "#444444"
    tooltip: str = ""
    ref: tuple[int, int] | None = None  # (document id, span id) the box stands for


@dataclass(frozen=True, slots=True)
class Arrow:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str = ""
    color: str = "#555555"
    dashed: bool = False
    bend: float = 0.0  # sideways offset of a curved arrow's control point


@dataclass(frozen=True, slots=True)
class Words:
    x: float
    y: float
    text: str
    color: str = "#1d1d1d"
    size: int = 12
    bold: bool = False


@dataclass
class Drawing:
    width: float
    height: float
    title: str
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    words: list[Words] = field(default_factory=list)


def _short(text: str, limit: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def story_graph(service: ProjectService, story_id: int) -> Any:
    """The story's attribution graph as a networkx DiGraph (node and edge attributes are text)."""
    import networkx as nx

    matrix = story_comparison(service, story_id)
    graph = nx.DiGraph(name=service.stories.story(story_id).name)
    spans: dict[int, Span] = {}
    texts = {a.id: a.text for a in matrix.articles}
    column_of = {a.id: a.column for a in matrix.articles}
    for article in matrix.articles:
        spans.update({s.id: s for s in service.store.spans_of(article.id) if s.id is not None})
    differing = {
        c.span_id for r in matrix.claims if r.differs for cs in r.cells.values() for c in cs
    }

    def words(span_id: int) -> str:
        span = spans[span_id]
        return " ".join(texts[span.document_id][span.start : span.end].split())

    def span_node(span_id: int, kind: str) -> str:
        node = f"span{span_id}"
        span = spans[span_id]
        if node not in graph or LAYERS[kind] < LAYERS[graph.nodes[node]["kind"]]:
            graph.add_node(
                node,
                kind=kind,
                label=words(span_id),
                outlet=column_of[span.document_id],
                document=span.document_id,
                span=span_id,
                differs=span_id in differing,
            )
        return node

    for outlet in matrix.columns:
        graph.add_node(f"outlet:{outlet}", kind="outlet", label=outlet, outlet=outlet)
    for row in matrix.claims:
        for cells in row.cells.values():
            for cell in cells:
                claim = span_node(cell.span_id, "claim")
                steps = service.attribution_chain(cell.span_id)
                previous = claim
                for number, step in enumerate(steps):
                    kind = "source" if number == 0 else "relayer"
                    node = span_node(step.span_id, kind)
                    graph.add_edge(node, previous, kind=step.relation.label)
                    previous = node
                graph.add_edge(f"outlet:{column_of[cell.document_id]}", previous, kind="PUBLISHED")
    for link in service.links_of_documents([a.id for a in matrix.articles]):
        a, b = f"span{link.a_id}", f"span{link.b_id}"
        if link.label in (SAME_CLAIM, SAME_ENTITY) and a in graph and b in graph:
            graph.add_edge(a, b, kind=link.label)
    return graph


def graph_drawing(graph: Any, title: str) -> Drawing:
    """The graph laid out in layers, left to right, in the order the outlets and spans come."""
    columns: dict[int, list[str]] = {layer: [] for layer in LAYERS.values()}
    for node, data in sorted(
        graph.nodes(data=True), key=lambda item: (item[1].get("outlet", ""), item[1].get("span", 0))
    ):
        columns[LAYERS[data["kind"]]].append(node)
    tallest = max((len(nodes) for nodes in columns.values()), default=1)
    height = MARGIN * 2 + 30 + max(tallest, 1) * ROW
    width = MARGIN * 2 + COLUMN * (len(LAYERS) - 1) + NODE_W + 120
    drawing = Drawing(width, height, title)
    place: dict[str, tuple[float, float]] = {}
    for layer, nodes in columns.items():
        offset = (tallest - len(nodes)) * ROW / 2
        for index, node in enumerate(nodes):
            place[node] = (MARGIN + layer * COLUMN, MARGIN + 30 + offset + index * ROW)
    for name, layer in LAYERS.items():
        heading = {
            "outlet": "Outlets",
            "relayer": "Relaying sources",
            "source": "Sources",
            "claim": "Claims",
        }[name]
        drawing.words.append(Words(MARGIN + layer * COLUMN, MARGIN + 4, heading, bold=True))
    for a, b, data in graph.edges(data=True):
        (xa, ya), (xb, yb) = place[a], place[b]
        kind = data.get("kind", "")
        if kind in (SAME_CLAIM, SAME_ENTITY):
            x = xa + NODE_W  # links join spans of one layer: an arc out to the right and back
            drawing.arrows.append(
                Arrow(
                    x,
                    ya + NODE_H / 2,
                    xb + NODE_W,
                    yb + NODE_H / 2,
                    kind,
                    "#7b2cbf",
                    True,
                    bend=60 + abs(yb - ya) * 0.15,
                )
            )
            continue
        drawing.arrows.append(
            Arrow(
                xa + NODE_W,
                ya + NODE_H / 2,
                xb,
                yb + NODE_H / 2,
                "" if kind == "PUBLISHED" else kind,
            )
        )
    for node, (x, y) in place.items():
        data = graph.nodes[node]
        kind = data["kind"]
        ref = (int(data["document"]), int(data["span"])) if "span" in data else None
        drawing.boxes.append(
            Box(
                x,
                y,
                NODE_W,
                NODE_H,
                _short(data["label"]),
                FILL[kind],
                INK[kind],
                DIFFERS_BORDER if data.get("differs") else "#444444",
                data["label"],
                ref,
            )
        )
    return drawing


def timeline_drawing(matrix: StoryComparison, title: str) -> Drawing:
    """A lane per outlet; each article a dot at its date (undated ones at the right, apart)."""
    lanes = list(matrix.columns)
    days = {a.id: _day(a.published) for a in matrix.articles}
    known = [d for d in days.values() if d is not None]
    first, last = (min(known), max(known)) if known else (0, 0)
    span = max(last - first, 1)
    left, plot = 180, 760
    width = left + plot + 200
    height = MARGIN * 2 + 40 + len(lanes) * 70
    drawing = Drawing(width, height, title)
    for index, lane in enumerate(lanes):
        y = MARGIN + 40 + index * 70
        drawing.words.append(Words(MARGIN, y + 5, _short(lane, 22), bold=True))
        drawing.arrows.append(Arrow(left, y, left + plot, y, color="#cccccc"))
    if known:
        for day in sorted({first, last}):
            x = left + (day - first) / span * plot
            drawing.words.append(
                Words(
                    x - 30, MARGIN + 10, date.fromordinal(day).isoformat(), color="#555555", size=11
                )
            )
    drawing.words.append(Words(left + plot + 40, MARGIN + 10, "undated", color="#555555", size=11))
    stacked: dict[tuple[int, int], int] = {}
    for article in matrix.articles:
        lane_number = lanes.index(article.column)
        when = days[article.id]
        x = left + plot + 60 if when is None else left + (when - first) / span * plot
        key = (lane_number, round(x))
        level = stacked.get(key, 0)
        stacked[key] = level + 1
        y = MARGIN + 40 + lane_number * 70 - 8 + level * 18
        drawing.boxes.append(
            Box(
                x - 6,
                y,
                12,
                12,
                "",
                "#e76f51",
                "#1d1d1d",
                tooltip=f"{article.published or 'undated'} {article.title}",
                ref=(article.id, 0),
            )
        )
        drawing.words.append(Words(x + 10, y + 10, _short(article.title, 40), size=11))
    return drawing


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal() if published else None
    except ValueError:
        return None


def drawing_svg(drawing: Drawing) -> str:
    """The drawing as one SVG document: no script, no external reference, text escaped."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width:.0f}"'
        f' height="{drawing.height:.0f}" viewBox="0 0 {drawing.width:.0f} {drawing.height:.0f}"'
        ' font-family="sans-serif">',
        f"<title>{escape(drawing.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7"'
        ' markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"'
        ' fill="#555555"/></marker></defs>',
        f'<rect width="{drawing.width:.0f}" height="{drawing.height:.0f}" fill="#ffffff"/>',
    ]
    for a in drawing.arrows:
        dash = ' stroke-dasharray="6 4"' if a.dashed else ""
        marker = "" if a.dashed or a.color == "#cccccc" else ' marker-end="url(#arrow)"'
        if a.bend:
            cx, cy = max(a.x1, a.x2) + a.bend, (a.y1 + a.y2) / 2
            path = f"M {a.x1:.1f} {a.y1:.1f} Q {cx:.1f} {cy:.1f} {a.x2:.1f} {a.y2:.1f}"
            lx, ly = max(a.x1, a.x2) + a.bend / 2 + 4, cy
        else:
            path = f"M {a.x1:.1f} {a.y1:.1f} L {a.x2:.1f} {a.y2:.1f}"
            lx, ly = (a.x1 + a.x2) / 2, (a.y1 + a.y2) / 2 - 4
        parts.append(
            f'<path d="{path}" fill="none" stroke="{a.color}" stroke-width="1.5"{dash}{marker}/>'
        )
        if a.label:
            parts.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" fill="{a.color}"'
                f' text-anchor="middle">{escape(a.label)}</text>'
            )
    for b in drawing.boxes:
        width = 3 if b.border == DIFFERS_BORDER else 1
        parts.append(
            f'<g><title>{escape(b.tooltip)}</title><rect x="{b.x:.1f}" y="{b.y:.1f}"'
            f' width="{b.w:.1f}" height="{b.h:.1f}" rx="6" fill="{b.fill}" stroke="{b.border}"'
            f' stroke-width="{width}"/>'
        )
        if b.text:
            parts.append(
                f'<text x="{b.x + 8:.1f}" y="{b.y + b.h / 2 + 4:.1f}" font-size="12"'
                f' fill="{b.ink}">{escape(b.text)}</text>'
            )
        parts.append("</g>")
    for w in drawing.words:
        weight = ' font-weight="bold"' if w.bold else ""
        parts.append(
            f'<text x="{w.x:.1f}" y="{w.y:.1f}" font-size="{w.size}" fill="{w.color}"{weight}>'
            f"{escape(w.text)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def write_graph(graph: Any, path: Any) -> None:
    """GraphML or GEXF (for Gephi) by the file's suffix, through a temporary file."""
    import os

    import networkx as nx

    suffix = path.suffix.lower()
    temporary = path.with_name(f".{path.name}.tmp")
    if suffix == ".graphml":
        nx.write_graphml(graph, temporary)
    elif suffix == ".gexf":
        nx.write_gexf(graph, temporary)
    else:
        raise ValueError(suffix)
    os.replace(temporary, path)
