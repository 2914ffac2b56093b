"""Article texts kept in memory: a text never changes after import (CONTEXT.md: Article), and a
key press that stores a span should not read its article's text again, on a server a round trip
of its own."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

#: About 16 MB of news: thousands of ordinary articles, or the last 16 of a megabyte each.
BUDGET_CHARACTERS = 16_000_000


class ArticleTexts:
    """The texts of the articles used last, within a budget of characters.

    Bounded by size rather than by count: a team labelling a few dozen short articles in turn
    (each analyst's next key press in the next article) keeps them all, while a few long ones
    still do not pile up.
    """

    def __init__(
        self, read: Callable[[int], str], budget_characters: int = BUDGET_CHARACTERS
    ) -> None:
        self._read = read
        self._budget = budget_characters
        self._texts: OrderedDict[int, str] = OrderedDict()
        self._characters = 0

    def __call__(self, document_id: int) -> str:
        text = self._texts.get(document_id)
        if text is not None:
            self._texts.move_to_end(document_id)
            return text
        text = self._read(document_id)
        self._texts[document_id] = text
        self._characters += len(text)
        while self._characters > self._budget and len(self._texts) > 1:
            _, dropped = self._texts.popitem(last=False)
            self._characters -= len(dropped)
        return text

    def __len__(self) -> int:
        return len(self._texts)
