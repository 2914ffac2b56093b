"""`annotator import --metadata TABLE [--metadata-key COL]`: a sidecar table's options and report.

Kept apart from `cli.py` so the import command gains the options with one decorator and one call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def metadata_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add `--metadata` and `--metadata-key`; the command gets the table read, as `metadata`."""

    @click.option(
        "--metadata",
        "metadata_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A CSV/TSV table of outlet, date, URL, author… with one row per file, joined to the"
        " files by name or stem.",
    )
    @click.option(
        "--metadata-key",
        help="The table's column naming the file (default: the first whose values match).",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any, metadata_path: Path | None, metadata_key: str | None, **kwargs: Any
    ) -> Any:
        from annotator.cli import reported_errors

        table = None
        if metadata_key is not None and metadata_path is None:
            raise click.UsageError("--metadata-key needs --metadata TABLE")
        if metadata_path is not None:
            from annotator.formats.sidecar import MetadataTable

            with reported_errors():
                table = MetadataTable.read(metadata_path, metadata_key)
        return command(*args, metadata=table, **kwargs)

    return wrapper


def echo_metadata_report(report: Any, table: Any) -> None:
    """Say how the table joined: how many articles got a row, and every row or file left over."""
    if table is None:
        return
    for problem in report.metadata_unused:
        click.echo(f"{problem}: not used")
    for where in report.without_metadata:
        click.echo(f"{where}: no row in {table.path} (no outlet or date from it)")
    click.echo(
        f"metadata from {table.path} (key column {table.key!r}): {report.with_metadata} articles,"
        f" {len(report.metadata_unused)} rows unused, {len(report.without_metadata)} articles"
        " without a row"
    )
