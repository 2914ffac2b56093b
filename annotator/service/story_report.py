"""`annotator report --story NAME`: one self-contained HTML file an analyst can send.

The matrix, the attribution graph and the timeline (inline SVG), and every quoted claim with its
sentence. No script, no stylesheet or image from elsewhere, no link that loads anything: it opens
offline and shows the same everywhere. All text from the project is escaped (data, never markup).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.comparison import StoryComparison
from annotator.domain.text import sentence_bounds
from annotator.service.comparison import story_comparison
from annotator.service.story_pictures import (
    drawing_svg,
    graph_drawing,
    story_graph,
    timeline_drawing,
)

if TYPE_CHECKING:
    from annotator.service.project import ProjectService

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #1d1d1d; max-width: 1400px; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: 6px 8px; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
td.differs { background: #fde0dc; } td.omitted { background: #f2f2f2; }
td pre, li pre { white-space: pre-wrap; font-family: inherit; margin: 0; }
.note { color: #555; } .picture { overflow-x: auto; border: 1px solid #ddd; }
"""


def _matrix_table(matrix: StoryComparison) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in matrix.columns)
    rows = []
    for row in matrix.rows:
        kind = "Claim" if row.kind == "claim" else "Entity"
        mark = " ≠" if row.differs else ""
        cells = []
        for column in matrix.columns:
            told = row.cells.get(column, ())
            if not told:
                cells.append('<td class="omitted" title="left out"></td>')
                continue
            text = "\n\n".join(c.describe(row.kind) for c in told)
            css = ' class="differs"' if row.differs else ""
            cells.append(f"<td{css}><pre>{escape(text)}</pre></td>")
        rows.append(f"<tr><th>{kind}{mark}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def report_html(service: ProjectService, story_id: int) -> str:
    story = service.stories.story(story_id)
    matrix = story_comparison(service, story_id)
    graph_svg = drawing_svg(graph_drawing(story_graph(service, story_id), story.name))
    timeline_svg = drawing_svg(timeline_drawing(matrix, story.name))
    articles = service.stories.articles(story_id)
    article_rows = "".join(
        f"<tr><td>#{a.id}</td><td>{escape(a.outlet or '')}</td><td>{escape(a.published or '')}"
        f"</td><td>{escape(a.title)}</td><td>{escape(_url_text(service, a.id))}</td></tr>"
        for a in articles
    )
    quotes = []
    for row in matrix.claims:
        for column, told in row.cells.items():
            for cell in told:
                text = service.text_of(cell.document_id)
                span = service.span(cell.span_id)
                start, stop = sentence_bounds(text, span.start, span.end)
                sentence = " ".join(text[start:stop].split())
                quotes.append(
                    f"<li><b>{escape(column)}</b> (#{cell.document_id}):"
                    f" <pre>{escape(sentence)}</pre></li>"
                )
    differing = sum(1 for r in matrix.claims if r.differs)
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(story.name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(story.name)}</h1>"
        f'<p class="note">{len(articles)} articles from {len(matrix.columns)} outlets;'
        f" {len(matrix.claims)} claims, {differing} told with differing attribution."
        f" Made by annotator on {made}.</p>"
        f"<h2>Articles</h2><table><tr><th>Article</th><th>Outlet</th><th>Date</th>"
        f"<th>Title</th><th>URL</th></tr>{article_rows}</table>"
        "<h2>How each outlet told it</h2>"
        '<p class="note">A row per claim (claims joined as the same claim share a row), then a'
        " row per entity; ≠ and red: the outlets differ in attribution; grey: left out.</p>"
        f"{_matrix_table(matrix)}"
        f'<h2>Attribution graph</h2><div class="picture">{graph_svg}</div>'
        f'<h2>Timeline</h2><div class="picture">{timeline_svg}</div>'
        f"<h2>Quoted claims</h2><ul>{''.join(quotes)}</ul>"
        "</body></html>\n"
    )


def _url_text(service: ProjectService, document_id: int) -> str:
    row = service.document_row(document_id)
    return row.url or "" if row is not None else ""


def write_report(service: ProjectService, story_id: int, path: Path) -> None:
    """Write the report through a temporary file, so a failed write leaves no half report."""
    html = report_html(service, story_id)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, path)
