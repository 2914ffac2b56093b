"""PySide6 6.12.0 drops a reference to None on every void call under Python 3.11 and aborts after
a few thousand; this guards the pin `PySide6-Essentials<6.12`."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_100000_void_calls_do_not_eat_references_to_none(qapp) -> None:  # type: ignore[no-untyped-def]
    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for i in range(100_000):
        cursor.setPosition(i % 100)
    after = sys.getrefcount(None)
    assert after >= before - 100, (before, after)
