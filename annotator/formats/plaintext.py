"""Plain-text articles: one file, one article; the first non-blank line is the title.

The document text is the whole file as decoded (title line included, so a headline can be
labelled), with the normalisation `annotator.formats.decoding` describes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument, Provenance
from annotator.formats.common import DEFAULT_OPTIONS, ReadOptions
from annotator.formats.common import title_of as title_of
from annotator.formats.decoding import read_text

NAME = "txt"
EXTENSIONS = (".txt",)


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    try:
        text = read_text(path)
    except AnnotatorError as error:
        yield Problem(str(path), error.line, error.message)
        return
    yield DraftDocument(
        text=text,
        title=title_of(text),
        meta={"file": path.name},
        provenance=Provenance(path=str(path), line=1, format=NAME),
    )
