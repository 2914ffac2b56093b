"""Which reader takes which file, and which writer makes which format."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument, ExportItem
from annotator.formats import plaintext, prodigy


@dataclass(frozen=True)
class Reader:
    name: str
    extensions: tuple[str, ...]
    read: Callable[[Path], Iterator[DraftDocument | Problem]]


@dataclass(frozen=True)
class Writer:
    name: str
    extension: str
    write: Callable[[Iterable[ExportItem], TextIO], int]


READERS: dict[str, Reader] = {
    plaintext.NAME: Reader(plaintext.NAME, plaintext.EXTENSIONS, plaintext.read),
}

WRITERS: dict[str, Writer] = {
    prodigy.NAME: Writer(prodigy.NAME, prodigy.EXTENSION, prodigy.write),
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
