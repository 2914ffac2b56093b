"""Finding scraped boilerplate in an article: link blocks, PHP dumps, share buttons.

The detector only suggests: it returns stretches of text that look like debris, which the import
stores as *suggested* DEBRIS spans for the analyst to accept or reject. Rules are deliberately
narrow (whole lines, known headers, the tail of the article) so an article's body is not taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A short line that opens a block of links; everything after it is the site's, not the article's.
_TAIL_HEADER = re.compile(
    r"^[ \t]*(?:you (?:might|may) also like|latest news|related (?:articles|posts|stories|news)"
    r"|read (?:more|also)|more (?:from|news|stories)|recommended(?: for you)?|most (?:read|popular)"
    r"|trending(?: now)?|see also|also read|popular (?:posts|stories)|top stories)\b[^\n]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
# PHP's var_dump of a string: `string(1157) "[{...}]"`, one line.
_PHP_DUMP = re.compile(r"(?:string|array|object)\(\d+\)\s*(?:\"|\{)[^\n]*", re.IGNORECASE)
_SHARE_WORD = (
    r"(?:share(?: on| via)?(?: (?:facebook|twitter|x|whatsapp|telegram|linkedin|email))?|tweet|"
    r"e-?mail|print|facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|vk|copy link|"
    r"comments?|like)"
)
_SHARE_LINE = re.compile(
    rf"^[ \t]*{_SHARE_WORD}(?:[ \t]*[|/·•,:]?[ \t]*{_SHARE_WORD})*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A tail header must come after this share of the article, so a body is never taken.
_TAIL_FROM = 0.3


@dataclass(frozen=True, slots=True)
class Debris:
    start: int
    end: int
    reason: str


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_debris(text: str) -> list[Debris]:
    """Stretches of `text` that look like scraped boilerplate, sorted and not overlapping."""
    found: list[Debris] = []
    for match in _TAIL_HEADER.finditer(text):
        if match.start() >= _TAIL_FROM * len(text):
            found.append(Debris(match.start(), len(text), "link block at the end of the article"))
            break
    for match in _PHP_DUMP.finditer(text):
        found.append(Debris(match.start(), match.end(), "PHP variable dump"))
    for match in _SHARE_LINE.finditer(text):
        found.append(Debris(match.start(), match.end(), "share buttons"))
    merged: list[Debris] = []
    for item in sorted(found, key=lambda d: (d.start, -d.end)):
        start, end = _trimmed(text, item.start, item.end)
        if end <= start:
            continue
        if merged and start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Debris(last.start, max(last.end, end), last.reason)
        else:
            merged.append(Debris(start, end, item.reason))
    return merged
