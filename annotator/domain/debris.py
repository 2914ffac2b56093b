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
    r"(?:you (?:might|may) also like|latest news|related (?:articles|posts|stories|news)"
    r"|read (?:more|also)|more (?:from|news|stories)|recommended(?: for you)?|most (?:read|popular)"
    r"|trending(?: now)?|see also|also read|popular (?:posts|stories)|top stories)\b.{0,40}",
    re.IGNORECASE,
)
# PHP's var_dump of a value: `string(1157) "[{...}]"`, one line. Found by its `(N) "` first.
_PHP_DUMP = re.compile(r"\(\d+\)\s*[\"{][^\n]*")
_PHP_KINDS = ("string", "array", "object")
_SHARE_WORD = (
    r"(?:share(?: this(?: article| story| post| page)?)?(?: on| via)?"
    r"(?: (?:facebook|twitter|x|whatsapp|telegram|linkedin|email))?:?|tweet|"
    r"e-?mail|print|facebook|twitter|whatsapp|telegram|linkedin|pinterest|reddit|vk|copy link|"
    r"comments?|like)"
)
_SHARE_LINE = re.compile(rf"{_SHARE_WORD}(?:\s*[|/·•,:]?\s*{_SHARE_WORD})*", re.IGNORECASE)
_SHORT_LINE = 80
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


def _short_lines(text: str) -> list[tuple[int, str]]:
    """(offset, stripped text) of each short line: headers and button rows are never long."""
    lines: list[tuple[int, str]] = []
    position, length = 0, len(text)
    while position <= length:  # by `find`, not `split`: long lines are skipped without a copy
        end = text.find("\n", position)
        if end < 0:
            end = length
        if end - position <= _SHORT_LINE:
            line = text[position:end]
            stripped = line.strip()
            if stripped:
                lines.append((position + line.index(stripped[0]), stripped))
        position = end + 1
    return lines


def find_debris(text: str) -> list[Debris]:
    """Stretches of `text` that look like scraped boilerplate, sorted and not overlapping."""
    found: list[Debris] = []
    tail_from = _TAIL_FROM * len(text)
    short_lines = _short_lines(text)
    for start, line in short_lines:
        if start >= tail_from and _TAIL_HEADER.fullmatch(line):
            found.append(Debris(start, len(text), "link block at the end of the article"))
            break
    for start, line in short_lines:
        if _SHARE_LINE.fullmatch(line):
            found.append(Debris(start, start + len(line), "share buttons"))
    for match in _PHP_DUMP.finditer(text) if "(" in text else ():  # most texts: no `(`
        before = text[max(0, match.start() - 6) : match.start()].lower()
        kind = next((k for k in _PHP_KINDS if before.endswith(k)), None)
        if kind is not None:
            found.append(Debris(match.start() - len(kind), match.end(), "PHP variable dump"))
    if not found:
        return found
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
