"""`annotator copy SOURCE DEST`: a project moved between a file and a server, either way."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from annotator.cli_common import reported_errors

_WORDS = {
    "documents": "articles",
    "spans": "spans",
    "relations": "relations",
    "links": "links",
    "layers": "layers",
    "labels": "labels",
    "stories": "stories",
}


@contextmanager
def _copy_progress() -> Iterator[Callable[[Any], None] | None]:
    """A bar of rows copied on stderr when it is a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(progress: Any) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(
                length=max(progress.total, 1), label="copying", file=sys.stderr, show_pos=True
            )
            bar.__enter__()
        bar.label = f"copying {_WORDS.get(progress.table, progress.table)}"
        bar.update(progress.done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


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
