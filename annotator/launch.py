"""Where the program starts: the `annotator` and `annotator-gui` scripts, `python -m annotator`
and the bundle, before anything heavy is imported.

The command line (click, the service, the stores) takes about half a second to import; a Ctrl+C
in that time used to end in a KeyboardInterrupt traceback out of whichever module was loading.
Here it ends quietly with status 130, as the shell expects of an interrupted program; a Ctrl+C
while a command runs is the command's (`cli_errors`: a line, then 130).
"""

from __future__ import annotations

import sys

INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a program ended by Ctrl+C


def main() -> None:
    """`annotator ARGS`."""
    try:
        from annotator.cli import main as command_line

        command_line(prog_name="annotator")  # as the installed script is named, in `--help` hints
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)


def gui_main() -> None:
    """`annotator-gui [PROJECT_FILE]`: the workbench, for launchers that start no console."""
    try:
        from annotator.cli import gui_main as workbench

        workbench()
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
