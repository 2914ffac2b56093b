"""How every failure of every command reaches the user: `annotator: error: …` lines and a status.

click's own usage errors print a usage block and an `Error:` line; here they are one line with a
pointer to `--help`, exit status 2. A failure the code did not foresee is still one line (exit 1)
naming what went wrong, with `ANNOTATOR_DEBUG=1` to see the traceback for a bug report: a user
should never meet a traceback in place of an answer.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Any, NoReturn

import click

from annotator.domain.errors import AnnotatorError

DEBUG_ENV = "ANNOTATOR_DEBUG"


def _say(message: str) -> None:
    for line in message.splitlines() or [""]:
        click.echo(f"annotator: error: {line}", err=True)


def _exit(status: int) -> NoReturn:
    sys.exit(status)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class AnnotatorGroup(click.Group):
    """The `annotator` group: runs a command and turns whatever escapes it into error lines."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx is not None else "annotator"
            _say(f"{_one_line(error.format_message())} (see `{where} --help`)")
            _exit(2)
        except click.ClickException as error:
            _say(_one_line(error.format_message()))
            _exit(error.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            _say("interrupted; nothing of the interrupted change was stored")
            _exit(130)
        except BrokenPipeError:
            # The reader of our output went away (`| head`): not an error worth a line.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _exit(141)
        except AnnotatorError as error:
            _say(str(error))
            _exit(1)
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            _say(_unforeseen(error))
            _exit(1)
        _exit(status if isinstance(status, int) else 0)


def _unforeseen(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    if isinstance(error, sqlite3.Error):
        return f"the project could not be read or written: {error}"
    if type(error).__module__.startswith("psycopg"):  # a server project: the server's own words
        lines = str(error).strip().splitlines() or [type(error).__name__]
        return f"the server project could not be read or written: {lines[0]}"
    return (
        f"unexpected {type(error).__name__}: {_one_line(str(error))[:300]} (a bug; run again with"
        f" {DEBUG_ENV}=1 to see where, and report it)"
    )
