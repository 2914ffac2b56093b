"""Moving one edge of a span by a character or a word, as Shift+arrow keys and their Ctrl variants do.

A "character" here is what the analyst sees as one: a base letter with its combining marks, an
emoji with its variation selector or zero-width-joined partners, a CRLF. Stepping by code point
would leave an accent or half an emoji outside the span. Word characters are those of
`annotator.domain.text` (letters, digits, `_`, combining marks), so Cyrillic and Arabic move like
ASCII. All offsets are code points.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Edge = Literal["start", "end"]

_JOINER = "\u200d"


def _clings(ch: str) -> bool:
    """A code point that belongs to the character before it."""
    return (
        unicodedata.category(ch).startswith("M")
        or "\ufe00" <= ch <= "\ufe0f"  # variation selectors
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # skin tone modifiers
        or ch == _JOINER
    )


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def char_right(text: str, pos: int) -> int:
    """The position one visible character to the right of `pos`."""
    if pos >= len(text):
        return len(text)
    if text.startswith("\r\n", pos):
        return pos + 2
    pos += 1
    while pos < len(text) and (_clings(text[pos]) or text[pos - 1] == _JOINER):
        pos += 1
    return pos


def char_left(text: str, pos: int) -> int:
    """The position one visible character to the left of `pos`."""
    if pos <= 0:
        return 0
    if pos >= 2 and text[pos - 2 : pos] == "\r\n":
        return pos - 2
    pos -= 1
    while pos > 0 and (_clings(text[pos]) or text[pos - 1] == _JOINER):
        pos -= 1
    return pos


def word_end_after(text: str, pos: int) -> int:
    """The end of the next word (or of the word `pos` is inside)."""
    while pos < len(text) and not _word(text[pos]):
        pos += 1
    while pos < len(text) and _word(text[pos]):
        pos += 1
    return pos


def word_end_before(text: str, pos: int) -> int:
    """The end of the word before the one `pos` ends or sits in."""
    while pos > 0 and _word(text[pos - 1]):
        pos -= 1
    while pos > 0 and not _word(text[pos - 1]):
        pos -= 1
    return pos


def word_start_before(text: str, pos: int) -> int:
    """The start of the previous word (or of the word `pos` is inside)."""
    while pos > 0 and not _word(text[pos - 1]):
        pos -= 1
    while pos > 0 and _word(text[pos - 1]):
        pos -= 1
    return pos


def word_start_after(text: str, pos: int) -> int:
    """The start of the word after the one `pos` starts or sits in."""
    while pos < len(text) and _word(text[pos]):
        pos += 1
    while pos < len(text) and not _word(text[pos]):
        pos += 1
    return pos


def moved_extent(
    text: str, start: int, end: int, edge: Edge, step: int, *, by_word: bool = False
) -> tuple[int, int] | None:
    """`[start, end)` with one edge moved left (`step` -1) or right (+1) by a character or a word.

    None when the move would leave the span empty or go past the text: the span stays as it is.
    """
    if edge == "end":
        if by_word:
            moved = word_end_after(text, end) if step > 0 else word_end_before(text, end)
        else:
            moved = char_right(text, end) if step > 0 else char_left(text, end)
        new = (start, moved)
    else:
        if by_word:
            moved = word_start_after(text, start) if step > 0 else word_start_before(text, start)
        else:
            moved = char_right(text, start) if step > 0 else char_left(text, start)
        new = (moved, end)
    if new == (start, end) or not 0 <= new[0] < new[1] <= len(text):
        return None
    return new


def snapped_edge(text: str, pos: int, edge: Edge) -> int:
    """A dragged edge widened to the word it falls inside: a start to the word's start, an end to
    its end (as selections snap), the other edge left as it is."""
    if edge == "start":
        while 0 < pos < len(text) and _word(text[pos - 1]) and _word(text[pos]):
            pos -= 1
    else:
        while 0 < pos < len(text) and _word(text[pos - 1]) and _word(text[pos]):
            pos += 1
    return pos
