"""What an analyst asks of the corpus: words to find, a status, a label.

The words are what a person types, not FTS5 syntax: `fts_query` turns them into terms SQLite's
full-text index cannot misread, so a stray quote, `-` or `NEAR(` finds nothing instead of failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import DOCUMENT_STATUSES

# An optional `-`, then a "quoted phrase" or a run of anything but spaces and quotes (a word,
# maybe ending in `*`).
_TERM = re.compile(r'(?:(?<!\S)(-))?(?:"([^"]*)"?|([^\s"]+))')
# `outlet:rt.com`, `author:"Jane Doe"`: a metadata column must contain the value.
_FIELD = re.compile(r'(?<!\S)(outlet|date|url|author|language):(?:"([^"]*)"?|(\S+))', re.IGNORECASE)
FIELD_COLUMNS = {
    "outlet": "outlet",
    "date": "published",
    "url": "url",
    "author": "author",
    "language": "language",
}
# FTS5's unicode61 tokenizer keeps letters and digits; everything else separates tokens.
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Which articles the corpus browser lists: all of them when every field is empty.

    `query` is matched against title and text (every word must occur; `"a phrase"` in quotes;
    `word*` for a prefix; `-word` must not occur; `outlet:rt` or `author:"Jane Doe"` asks that the
    metadata column contain the value), `status` is one of the document statuses, `label` keeps
    articles with at least one span of that label, `story` the articles of that story (its id).
    """

    query: str = ""
    status: str | None = None
    label: str | None = None
    story: int | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in DOCUMENT_STATUSES:
            raise AnnotatorError(
                f"unknown status {self.status!r} (known: {', '.join(DOCUMENT_STATUSES)})"
            )

    @property
    def is_empty(self) -> bool:
        return (
            not self.query.strip()
            and self.status is None
            and self.label is None
            and self.story is None
        )


def split_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The words of a search, and its `field:value` terms as (column, value) pairs."""
    found: list[tuple[str, str]] = []

    def take(match: re.Match[str]) -> str:
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if value.strip():
            found.append((FIELD_COLUMNS[match.group(1).lower()], value.strip()))
        return " "

    return _FIELD.sub(take, text), found


def _terms(text: str) -> tuple[list[tuple[list[str], bool]], list[tuple[list[str], bool]]]:
    """The (tokens, prefix) terms that must and must not occur, as a person typed them."""
    wanted: list[tuple[list[str], bool]] = []
    unwanted: list[tuple[list[str], bool]] = []
    for match in _TERM.finditer(text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        prefix = word is not None and word.endswith("*")
        tokens = _TOKEN.findall(phrase if phrase is not None else word)
        if not tokens:
            continue
        (unwanted if negated else wanted).append((tokens, prefix))
    return wanted, unwanted


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for what a person typed, or None when it holds no word.

    Every term is quoted, so FTS5 operators typed by accident (AND, NEAR, `:`, `^`) are searched
    as words. A word ending in `*` matches as a prefix; a word or phrase after `-` must not occur
    (as in web search), which needs at least one word that must.
    """
    wanted, unwanted = _terms(text)
    if not wanted:
        return None

    def term(tokens: list[str], prefix: bool) -> str:
        # "U.S." or "co-operate" are several tokens to FTS5: search them as the phrase they form.
        return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")

    return " AND ".join(term(*t) for t in wanted) + "".join(f" NOT {term(*t)}" for t in unwanted)


def ts_query(text: str) -> str | None:
    """The same search as `fts_query`, as PostgreSQL `to_tsquery` text: every token quoted, a
    phrase's tokens joined by `<->`, a prefix as `:*`, a word after `-` as `!`."""
    wanted, unwanted = _terms(text)
    if not wanted:
        return None

    def term(tokens: list[str], prefix: bool) -> str:
        quoted = [f"'{token}'" for token in tokens]
        if prefix:
            quoted[-1] += ":*"
        return "(" + " <-> ".join(quoted) + ")"

    return " & ".join(term(*t) for t in wanted) + "".join(f" & !{term(*t)}" for t in unwanted)
