"""Text helpers the labelling rules need: word snapping, sentences around a span, tokens.

All offsets are code points. Word characters are what Python's `\\w` says they are, so Cyrillic,
Arabic and accented letters snap like ASCII ones; combining marks (category M*) stay with their base.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


_LOOSE_PUNCTUATION = ",;:"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` to whole words and trim surrounding white space and , ; :.

    A selection that starts or ends inside a word takes the whole word, as an analyst expects when
    dragging over "Lavro" of "Lavrov". Returns the selection unchanged if it holds only spaces.
    """
    start, end = max(0, start), min(len(text), end)
    s, e = start, end
    # Word-wise keyboard selection (Ctrl+Shift+Right) takes the comma and space after a word.
    while s < e and (text[s].isspace() or text[s] in _LOOSE_PUNCTUATION):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _LOOSE_PUNCTUATION):
        e -= 1
    if s == e:
        return start, end
    if _is_word_char(text[s]):
        while s > 0 and _is_word_char(text[s - 1]):
            s -= 1
    if _is_word_char(text[e - 1]):
        while e < len(text) and _is_word_char(text[e]):
            e += 1
    return s, e


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)|\n\s*\n|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around `[start, end)`: from the previous sentence end to the next.

    A plain rule (., !, ?, … followed by space, or a line break) is enough for pairing contexts in
    training data; it never cuts the span itself.
    """
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right = len(text)
    following = _SENTENCE_END.search(text, end)
    if following:
        right = following.end()
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a text: `text[start:end]`, and whether white space follows it."""

    start: int
    end: int
    text: str
    ws: bool


# Combining marks are not `\w` in Python's `re`; these ranges keep them with their letter.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = f"[\\w{_MARKS}]+"
_TOKEN = re.compile(
    f"{_WORD}(?:[-'’]{_WORD})*"  # words, with inner hyphens and apostrophes
    "|[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    "|\\S[\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d\\S[\ufe0f\U0001f3fb-\U0001f3ff]*)*",  # emoji ZWJ sequence
    re.UNICODE,
)


def tokenize(text: str) -> list[Token]:
    """Words (with inner hyphens and apostrophes) and single punctuation marks.

    Combining marks stay with their letter, so "e\\u0301" is one token, and a flag or a family
    emoji (a ZWJ sequence) is one token. This is the tokenizer
    exporters use when spaCy is not installed; its tokens never split a code point.
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        end = match.end()
        tokens.append(
            Token(match.start(), end, match.group(), end < len(text) and text[end].isspace())
        )
    return tokens
