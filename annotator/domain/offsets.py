"""The one place where code points meet UTF-16 code units.

Python (and every format we read and write) counts code points; Qt, Java (WebAnno, INCEpTION) and
JavaScript count UTF-16 code units, in which every character above U+FFFF (emoji, mathematical
letters) takes two. Label Studio and Argilla shift every span after an emoji because they mix the two.
Everything converts here, through one `Utf16Map` per text, and nowhere else.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Converts offsets into one text between code points and UTF-16 code units.

    Built once per text in O(n) with a regular expression (fast in C); each conversion is a binary
    search over the astral characters only, so a 1 MB article with no emoji costs nothing.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        # max() runs in C and answers the common case (no character above U+FFFF) at once.
        has_astral = bool(text) and not text.isascii() and max(text) > "\uffff"
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)] if has_astral else []
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code-point `offset`."""
        return offset + bisect_left(self._astral_cp, offset)

    def from_utf16(self, offset: int) -> int:
        """The code-point offset of UTF-16 `offset`; inside a surrogate pair, the pair's start."""
        return offset - bisect_left(self._astral_u16, offset)

    def is_inside_pair(self, offset: int) -> bool:
        """True when UTF-16 `offset` falls between the two halves of a surrogate pair."""
        i = bisect_left(self._astral_u16, offset)
        return i > 0 and self._astral_u16[i - 1] + 1 == offset
