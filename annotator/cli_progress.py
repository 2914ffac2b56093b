"""Progress bars of long commands on the command line: shown on a terminal, silent when piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import click

#: What a long command enters to report its progress: a callback, or None when not shown.
Progress = AbstractContextManager[Callable[[Any], None] | None]


@contextmanager
def terminal_progress(
    total: Callable[[Any], int], done: Callable[[Any], int], label: Callable[[Any], str]
) -> Iterator[Callable[[Any], None] | None]:
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal.

    The bar is made at the first report (its length is `total` of it) and moved to `done` of
    each report, labelled `label` of it.
    """
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(progress: Any) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(
                length=max(total(progress), 1),
                label=label(progress),
                file=sys.stderr,
                show_pos=True,
                item_show_func=lambda _x: None,
            )
            bar.__enter__()
        bar.label = label(progress)
        bar.update(done(progress) - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def import_progress() -> Progress:
    """The import's bar: files read, with the articles found so far."""
    return terminal_progress(
        lambda p: p.files,
        lambda p: p.files_done,
        lambda p: f"importing ({p.documents} articles)",
    )
