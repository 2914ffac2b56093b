"""`annotator PATH`: a project file named where a command would be opens it in the workbench.

A file manager or a shell alias passes the file as the only argument; click would take it for an
unknown command. `ProjectOrCommand` reads a first argument that is no command but names a file (or
ends in `.db`) as `--project PATH`, and the group, given no command, opens the workbench on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from annotator.cli_errors import AnnotatorGroup


class ProjectOrCommand(AnnotatorGroup):
    """The `annotator` group (errors as one line each) that also takes a project file first."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            candidate = Path(args[0])
            if candidate.is_file() or candidate.suffix == ".db":
                args = ["--project", args[0], *args[1:]]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] [PROJECT.db | COMMAND [ARGS]...]")
