"""CoNLL-2003 / IOB2 token-per-line files (and spaCy's `word|POS|TAG` sentence-per-line variant).

The text is rebuilt from the tokens: one space between tokens, one line per sentence; a
`-DOCSTART-` line starts a new article (a file without one is one article). The tag is the last
column; GermEval's `index token outer inner` layout gives spans from both tag columns. IOB1, IOB2
and BIOES/BILOU tags are read; a tag that is none of them is refused with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.formats.common import (
    DEFAULT_OPTIONS,
    DraftBuilder,
    ReadOptions,
    finish,
    label_from_token,
    located,
)
from annotator.formats.decoding import utf8_lines

NAME = "conll"
EXTENSIONS = (".conll", ".conll2003", ".iob", ".iob2", ".bio", ".bioes")

_TAG = re.compile(r"^(?:O|[BIESLU]-\S+|[BIESLU]_\S+)$")


def is_tag(value: str) -> bool:
    return bool(_TAG.match(value))


def _columns(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


def looks_like(lines: list[str]) -> bool:
    """True when the sample's token lines end in IOB tags (the content test for unknown files)."""
    tokens = [ln for ln in lines if ln.strip() and not ln.startswith(("#", "-DOCSTART-"))]
    if not tokens:
        return False
    if all("|" in ln and " " in ln for ln in tokens[:5]):
        words = [w for ln in tokens[:5] for w in ln.split()]
        return all(is_tag(w.rsplit("|", 1)[-1]) for w in words)
    good = sum(1 for ln in tokens if len(_columns(ln)) >= 2 and is_tag(_columns(ln)[-1].strip()))
    return good >= 0.9 * len(tokens)


class _Document:
    def __init__(self, line: int) -> None:
        self.line = line
        self.sentences: list[list[tuple[str, list[str], int]]] = [[]]

    def token(self, word: str, tags: list[str], line: int) -> None:
        self.sentences[-1].append((word, tags, line))

    def end_sentence(self) -> None:
        if self.sentences[-1]:
            self.sentences.append([])

    def empty(self) -> bool:
        return not any(self.sentences)


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    try:
        document = _Document(1)
        found = False
        for number, line in utf8_lines(path):
            if isinstance(line, AnnotatorError):
                yield located(line, path, number)
                continue
            stripped = line.strip()
            if stripped.startswith("-DOCSTART-"):
                if not document.empty():
                    yield from _draft(document, path)
                    found = True
                document = _Document(number + 1)
                continue
            if not stripped or stripped.startswith("#"):
                document.end_sentence()
                continue
            if "|" in stripped and " " in stripped and all("|" in w for w in stripped.split()):
                for word in stripped.split():
                    parts = word.split("|")
                    yield from _token(document, parts[0], [parts[-1]], path, number)
                document.end_sentence()
                continue
            columns = [c.strip() for c in _columns(line)]
            if len(columns) < 2:
                yield Problem(str(path), number, "a token line needs a word and a tag")
                continue
            if len(columns) == 4 and columns[0].isdigit() and is_tag(columns[2]):  # GermEval layout
                yield from _token(document, columns[1], columns[2:], path, number)
            else:
                yield from _token(document, columns[0], [columns[-1]], path, number)
        if not document.empty():
            yield from _draft(document, path)
            found = True
        if not found:
            yield Problem(str(path), None, "empty file: no tokens to import")
    except AnnotatorError as error:
        yield located(error, path)


def _token(
    document: _Document, word: str, tags: list[str], path: Path, number: int
) -> Iterator[Problem]:
    for tag in tags:
        if not is_tag(tag):
            yield Problem(str(path), number, f"{tag!r} is not an IOB tag (O, B-X, I-X, …)")
            return
    document.token(word, tags, number)


def _draft(document: _Document, path: Path) -> Iterator[DraftDocument | Problem]:
    pieces: list[str] = []
    offset = 0
    token_offsets: list[tuple[int, int, list[str]]] = []
    for sentence in document.sentences:
        if not sentence:
            continue
        if pieces:
            pieces.append("\n")
            offset += 1
        for i, (word, tags, _line) in enumerate(sentence):
            if i:
                pieces.append(" ")
                offset += 1
            pieces.append(word)
            token_offsets.append((offset, offset + len(word), tags))
            offset += len(word)
        token_offsets.append((offset, offset, []))  # a sentence end closes every open span
    text = "".join(pieces)
    builder = DraftBuilder(text)
    layers = max((len(tags) for _s, _e, tags in token_offsets), default=1)
    for layer in range(layers):
        open_span: tuple[int, int, str] | None = None

        def close() -> None:
            nonlocal open_span
            if open_span is not None:
                builder.add_span(*open_span)
                open_span = None

        for start, end, tags in token_offsets:
            tag = tags[layer] if layer < len(tags) else "O"
            if tag == "O" or start == end:
                close()
                continue
            prefix, label = tag[0], label_from_token(tag[2:])
            if prefix in "BSU" or open_span is None or open_span[2] != label:
                close()
                open_span = (start, end, label)
            else:
                open_span = (open_span[0], end, label)
            if prefix in "ELSU":
                close()
        close()
    title = text.split("\n", 1)[0][:120]
    yield from finish(
        builder,
        title=title,
        meta={"file": path.name},
        path=path,
        line=document.line,
        format_name=NAME,
    )
