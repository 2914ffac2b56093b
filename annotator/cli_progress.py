"""The import's progress bar on the command line: shown on a terminal, silent when piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click


@contextmanager
def import_progress() -> Iterator[Callable[[Any], None] | None]:
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(progress: Any) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(
                length=max(progress.files, 1),
                label="importing",
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda _x: None,
            )
            bar.__enter__()
        bar.label = f"importing ({progress.documents} articles)"
        bar.update(progress.files_done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
