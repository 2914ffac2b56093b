"""What the analyst saw of the chosen span, when another window or analyst changed it a moment ago.

A window takes in other writers' changes every few hundred milliseconds. A label key pressed
just after the chosen span was redrawn by such a change was meant for the span as it looked
before: the relabel is checked against that older look (`Session.relabel_span`'s `shown`), so
it is refused with a message rather than written over the other change the analyst never saw.
"""

from __future__ import annotations

import time

from annotator.gui.span_index import SpanMark

#: How long after a redraw a key press still counts as meant for the old look (a reaction time).
NOTICE_SECONDS = 1.0


def _look(mark: SpanMark) -> tuple[str, int, int, bool]:
    return (mark.label, mark.start, mark.end, mark.suggested)


class SeenMarks:
    """The chosen span's look before another writer's change redrew it, for a short while."""

    def __init__(self) -> None:
        self._before: SpanMark | None = None
        self._at = 0.0

    def redrawn(self, before: SpanMark | None, after: SpanMark | None) -> None:
        """The chosen span was `before` and is now `after` (None: not chosen, or gone)."""
        if before is not None and after is not None and _look(before) != _look(after):
            self._before, self._at = before, time.monotonic()

    def forget(self) -> None:
        self._before = None

    def seen(self, shown: SpanMark) -> SpanMark:
        """The look the analyst acted on: the old one if `shown` changed under them just now.
        Asked once per edit: the next key press acts on what is shown."""
        before = self._before
        self.forget()
        if (
            before is not None
            and before.id == shown.id
            and time.monotonic() - self._at < NOTICE_SECONDS
        ):
            return before
        return shown
