"""`annotator copy SOURCE DEST`: a project moved between a file and a server, either way."""

from __future__ import annotations

import click

from annotator.cli_common import reported_errors
from annotator.cli_progress import Progress, terminal_progress

_WORDS = {
    "documents": "articles",
    "spans": "spans",
    "relations": "relations",
    "links": "links",
    "layers": "layers",
    "labels": "labels",
    "stories": "stories",
}


def _copy_progress() -> Progress:
    """A bar of rows copied, named by the table being copied."""
    return terminal_progress(
        lambda p: p.total,
        lambda p: p.done,
        lambda p: f"copying {_WORDS.get(p.table, p.table)}",
    )


@click.command("copy")
@click.argument("source")
@click.argument("destination")
def copy_command(source: str, destination: str) -> None:
    """Copy the project SOURCE into a new project DESTINATION, losslessly: a project file,
    postgresql://USER@HOST:PORT/DB or pg:SERVICE on either side (a file to a server to start a
    team project, a server to a file for an offline copy). DESTINATION must be new or empty."""
    from annotator.service.copying import copy_between, shown

    with reported_errors(), _copy_progress() as progress:
        report = copy_between(source, destination, progress)
    parts = [f"{report.count(table)} {word}" for table, word in _WORDS.items()]
    click.echo(f"copied {', '.join(parts)} into {shown(destination)}")
