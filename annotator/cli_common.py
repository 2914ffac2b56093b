"""What the topic CLI modules (`cli_stories`, `cli_story_views`) share with `cli.py`."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import click


def reported_errors() -> AbstractContextManager[None]:
    """`cli.reported_errors`: an `AnnotatorError` becomes one `annotator: error:` line, exit 1."""
    from annotator.cli import reported_errors as report

    return report()


def articles_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--articles",
        multiple=True,
        required=True,
        help="Article ids, e.g. --articles 3,7,9 (or the option repeated).",
    )(command)


def split_ids(values: tuple[str, ...]) -> list[int]:
    """`--articles 3,7` and `--articles 3 --articles 7` alike; a non-number is a usage error."""
    ids = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                try:
                    ids.append(int(part))
                except ValueError:
                    raise click.BadParameter(f"{part.strip()!r} is not an article id") from None
    return ids
