"""`annotator graph --story NAME -o FILE` and `annotator report --story NAME -o FILE`.

Registered in `cli.py` with one line each. Qt is loaded only to paint a `.png`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from annotator.cli_common import reported_errors

GRAPH_SUFFIXES = (".graphml", ".gexf", ".svg", ".png")


@contextlib.contextmanager
def _writing(output: Path) -> Iterator[None]:
    """A file that cannot be written (a read-only folder, a full disk) is named as the user
    named it, with the system's reason; never the temporary beside it, never "a bug"."""
    from annotator.domain.errors import AnnotatorError

    try:
        yield
    except OSError as error:
        for leftover in output.parent.glob(f".{output.name}.tmp*"):
            leftover.unlink(missing_ok=True)
        raise AnnotatorError(f"cannot write: {error.strerror or error}", path=str(output)) from None


def _target(output: Path, suffixes: tuple[str, ...]) -> None:
    from annotator.domain.errors import AnnotatorError

    if output.suffix.lower() not in suffixes:
        raise AnnotatorError(
            f"cannot tell the format from the name: use {', '.join(suffixes)}", path=str(output)
        )
    if output.is_dir():
        raise AnnotatorError("is a folder; name a file to write", path=str(output))
    if not output.parent.exists():
        raise AnnotatorError("the folder to write into does not exist", path=str(output))


@click.command("graph")
@click.option("--story", required=True, help="The story's name (or id).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="FILE.graphml or FILE.gexf (Gephi), FILE.svg or FILE.png (a picture).",
)
@click.pass_obj
def graph_command(state: Any, story: str, output: Path) -> None:
    """Write a story's attribution graph: outlets → relaying sources → sources → claims."""
    from annotator.service.story_pictures import (
        drawing_svg,
        graph_drawing,
        story_graph,
        write_graph,
    )

    with reported_errors():
        _target(output, GRAPH_SUFFIXES)
        service = state.service(create=False)
        found = service.stories.find(story)
        graph = story_graph(service, found.id)
        suffix = output.suffix.lower()
        with _writing(output):
            if suffix in (".graphml", ".gexf"):
                write_graph(graph, output)
            elif suffix == ".svg":
                temporary = output.with_name(f".{output.name}.tmp")
                drawn = drawing_svg(graph_drawing(graph, found.name))
                temporary.write_text(drawn, encoding="utf-8")
                os.replace(temporary, output)
            else:
                os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
                from annotator.gui.app import application
                from annotator.gui.story_pictures_view import render_png

                application()
                render_png(graph_drawing(graph, found.name), output)
    click.echo(
        f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
        f" of the story {found.name!r}"
    )


@click.command("report")
@click.option("--story", required=True, help="The story's name (or id).")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="FILE.html to write."
)
@click.pass_obj
def report_command(state: Any, story: str, output: Path) -> None:
    """Write one self-contained HTML report of a story: matrix, graph, timeline, quotes."""
    from annotator.service.story_report import write_report

    with reported_errors():
        _target(output, (".html", ".htm"))
        service = state.service(create=False)
        found = service.stories.find(story)
        with _writing(output):
            write_report(service, found.id, output)
    click.echo(f"wrote {output}: the story {found.name!r}, self-contained")
