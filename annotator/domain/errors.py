"""Errors a user can act on.

Every error that reaches the command line or a dialog is an `AnnotatorError`: it names the file and
line when there is one, and it is printed as one line, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class AnnotatorError(Exception):
    """A problem in the user's input or project, described in words the user can act on."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def located(self, path: str | None, line: int | None = None) -> AnnotatorError:
        """The same error, placed in a file (and line) when it had no place yet."""
        return type(self)(self.message, path=self.path or path, line=self.line or line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class ChangedMeanwhile(AnnotatorError):
    """An edit made from an older version of a span than the stored one: refused, not lost."""

    def __init__(
        self,
        message: str = (
            "this span was changed elsewhere (another window or analyst) since it was shown:"
            " the view shows it as it is now; make the change again if it still applies"
        ),
        *,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)


#: What `ChangedMeanwhile` says when the item acted on (or an end of a relation or link) is gone.
DELETED_MEANWHILE = (
    "a span this edit needs was deleted elsewhere (another window or analyst) since it was shown:"
    " the view shows the article as it is now; nothing was changed"
)
#: ... and when a relation or link to delete (or to put back) was deleted or is in use elsewhere.
CONNECTION_CHANGED_MEANWHILE = (
    "this relation or link was deleted elsewhere (another window or analyst) since it was shown:"
    " the view shows the article as it is now; nothing was changed"
)


class InvalidSpan(AnnotatorError):
    """A span whose offsets or label do not fit its document or schema."""


class UnknownLabel(AnnotatorError):
    """A label that is not in the project's schema (or not of the kind asked for)."""


class InvalidRelation(AnnotatorError):
    """A relation or link that breaks the schema's rules or crosses the wrong boundary."""


class NotAProject(AnnotatorError):
    """A file that is not an annotator project, or one made by a newer version."""


class NotFound(AnnotatorError):
    """A document, span, relation or link id that the project does not hold."""


@dataclass(frozen=True)
class Problem:
    """One bad record in an input file, collected so that a refused import can list them all."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return str(AnnotatorError(self.message, path=self.path, line=self.line))


class InputRefused(AnnotatorError):
    """An import or export refused as a whole; carries every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else Problem("?", None, "refused")
        super().__init__(first.message, path=first.path, line=first.line)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
