"""Which reader takes which file, and which writer makes which format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.formats import (
    brat_writer,
    bundle,
    conll_writer,
    csv_writer,
    doccano_writer,
    labelstudio_writer,
    links_writer,
    plaintext,
    prodigy,
    spacy_docbin,
)


@dataclass(frozen=True)
class Reader:
    name: str
    extensions: tuple[str, ...]
    read: Callable[[Path], Iterator[DraftDocument | Problem]]


@dataclass(frozen=True)
class Writer:
    """A format we export: `write(stream, out)`, where `out` depends on `target`.

    `target` says what the writer is given: a text file (UTF-8, LF), a binary file, or an empty
    folder. A `lossless` writer gets the project as stored (debris and suggestions kept).
    """

    name: str
    extension: str
    write: Callable[[Any, Any], None]
    target: Literal["text", "binary", "folder"] = "text"
    lossless: bool = False


READERS: dict[str, Reader] = {
    plaintext.NAME: Reader(plaintext.NAME, plaintext.EXTENSIONS, plaintext.read),
}

WRITERS: dict[str, Writer] = {
    prodigy.NAME: Writer(prodigy.NAME, prodigy.EXTENSION, prodigy.write),
    spacy_docbin.NAME: Writer(
        spacy_docbin.NAME, spacy_docbin.EXTENSION, spacy_docbin.write, "binary"
    ),
    brat_writer.NAME: Writer(brat_writer.NAME, brat_writer.EXTENSION, brat_writer.write, "folder"),
    doccano_writer.NAME: Writer(
        doccano_writer.NAME, doccano_writer.EXTENSION, doccano_writer.write
    ),
    labelstudio_writer.NAME: Writer(
        labelstudio_writer.NAME, labelstudio_writer.EXTENSION, labelstudio_writer.write
    ),
    conll_writer.NAME: Writer(conll_writer.NAME, conll_writer.EXTENSION, conll_writer.write),
    csv_writer.NAME: Writer(csv_writer.NAME, csv_writer.EXTENSION, csv_writer.write),
    links_writer.NAME: Writer(links_writer.NAME, links_writer.EXTENSION, links_writer.write),
    bundle.NAME: Writer(bundle.NAME, bundle.EXTENSION, bundle.write, lossless=True),
}


def reader_named(name: str) -> Reader:
    try:
        return READERS[name]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise AnnotatorError(f"unknown import format {name!r} (known: {known})") from None


def writer_named(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise AnnotatorError(f"unknown export format {name!r} (known: {known})") from None


def detect_reader(path: Path) -> Reader:
    """The reader for a file, by its extension."""
    suffix = path.suffix.lower()
    for reader in READERS.values():
        if suffix in reader.extensions:
            return reader
    raise AnnotatorError(
        f"unknown format: cannot tell what {suffix or 'a file without extension'} holds"
        " (use --format)",
        path=str(path),
    )
