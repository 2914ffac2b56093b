"""Which reader takes which file, and which writer makes which format.

A file's reader is found from its extension and, where the extension says too little, its content:
a `.txt` beside a `.ann` is brat, beside `.labels` files the PTC; a `.tsv` starting with the WebAnno
magic line is WebAnno, one whose lines end in IOB tags is CoNLL; a `.json` of Label Studio tasks is
Label Studio; a `.xml` that is UIMA CAS XMI is read as `.xmi` (a UIMA `TypeSystem.xml` is named as
such and refused). `--format NAME` forces a reader.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.formats import (
    brat,
    brat_writer,
    bundle,
    claims_writer,
    conll,
    conll_writer,
    csv_writer,
    doccano_writer,
    html,
    jsonl,
    labelstudio,
    labelstudio_writer,
    links_writer,
    plaintext,
    prodigy,
    ptc,
    spacy_docbin,
    table,
    webanno,
    xmi,
)
from annotator.formats.common import ReadOptions


@dataclass(frozen=True)
class Reader:
    name: str
    extensions: tuple[str, ...]
    read: Callable[[Path, ReadOptions], Iterator[DraftDocument | Problem]]
    description: str = ""


@dataclass(frozen=True)
class Writer:
    """A format we export: `write(stream, out)`, where `out` depends on `target`.

    `target` says what the writer is given: a text file (UTF-8, LF), a binary file, or an empty
    folder. A `lossless` writer gets the project as stored (debris and suggestions kept). A
    `write_folder(stream, folder)` writes the same data as a folder of shards in bounded memory,
    for a format whose file must be built whole in memory (spaCy's DocBin).
    """

    name: str
    extension: str
    write: Callable[[Any, Any], None]
    target: Literal["text", "binary", "folder"] = "text"
    lossless: bool = False
    write_folder: Callable[[Any, Path], None] | None = None


_ALL = [
    Reader(plaintext.NAME, plaintext.EXTENSIONS, plaintext.read, "plain text, title first"),
    Reader(jsonl.NAME, jsonl.EXTENSIONS, jsonl.read, "JSON Lines: Prodigy, spaCy, doccano"),
    Reader(labelstudio.NAME, labelstudio.EXTENSIONS, labelstudio.read, "Label Studio JSON export"),
    Reader(table.CSV_NAME, table.CSV_EXTENSIONS, table.read_csv, "CSV with a header row"),
    Reader(table.TSV_NAME, table.TSV_EXTENSIONS, table.read_tsv, "TSV with a header row"),
    Reader(html.NAME, html.EXTENSIONS, html.read, "HTML page: main text and title"),
    Reader(brat.NAME, brat.EXTENSIONS, brat.read, "brat standoff .txt + .ann"),
    Reader(conll.NAME, conll.EXTENSIONS, conll.read, "CoNLL-2003 / IOB2 token per line"),
    Reader(webanno.NAME, (), webanno.read, "WebAnno TSV 3 (INCEpTION)"),
    Reader(ptc.NAME, ptc.EXTENSIONS, ptc.read, "SemEval-2020 Task 11 PTC .txt + .labels"),
    Reader(xmi.NAME, xmi.EXTENSIONS, xmi.read, "UIMA CAS XMI (INCEpTION, WebAnno)"),
]

READERS: dict[str, Reader] = {reader.name: reader for reader in _ALL}
# Other names users know the same readers by.
ALIASES = {
    "prodigy": "jsonl",
    "spacy": "jsonl",
    "doccano": "jsonl",
    "json": "labelstudio",
    "label-studio": "labelstudio",
    "label_studio": "labelstudio",
    "text": "txt",
    "iob": "conll",
    "iob2": "conll",
    "conll2003": "conll",
    "tsv3": "webanno",
    "semeval": "ptc",
    "uima": "xmi",
    "cas": "xmi",
}

WRITERS: dict[str, Writer] = {
    prodigy.NAME: Writer(prodigy.NAME, prodigy.EXTENSION, prodigy.write),
    spacy_docbin.NAME: Writer(
        spacy_docbin.NAME,
        spacy_docbin.EXTENSION,
        spacy_docbin.write,
        "binary",
        write_folder=spacy_docbin.write_shards,
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
    claims_writer.NAME: Writer(claims_writer.NAME, claims_writer.EXTENSION, claims_writer.write),
    bundle.NAME: Writer(bundle.NAME, bundle.EXTENSION, bundle.write, lossless=True),
}

#: Extensions a folder import picks up (other files in the folder are left alone: `.xml` is not one,
#: so the `TypeSystem.xml` beside a folder of `.xmi` files is passed over).
FOLDER_EXTENSIONS = frozenset(
    {ext for reader in _ALL for ext in reader.extensions} | {".tsv", ".json"}
)


def reader_named(name: str) -> Reader:
    key = ALIASES.get(name.lower(), name.lower())
    try:
        return READERS[key]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise AnnotatorError(f"unknown import format {name!r} (known: {known})") from None


def writer_named(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise AnnotatorError(f"unknown export format {name!r} (known: {known})") from None


def _head(path: Path, size: int = 8192) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except OSError:
        return ""
    return data.decode("utf-8-sig", errors="replace")


def canonical_path(path: Path) -> Path:
    """The file that stands for a multi-file article: brat and PTC are named by their `.txt`."""
    suffix = path.suffix.lower()
    if suffix not in (".ann", ".labels"):
        return path
    if suffix == ".ann" and brat.text_path(path).exists():
        return brat.text_path(path)
    if suffix == ".labels" and ptc.article_path(path).exists():
        return ptc.article_path(path)
    return path


@lru_cache(maxsize=256)
def _names_in(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def forget_listings() -> None:
    """Forget the folder listings `detect_reader` keeps (call before each import)."""
    _names_in.cache_clear()


def detect_reader(path: Path) -> Reader:
    """The reader for a file, by its extension and, where that is not enough, its content."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".txt":
        # One listing per folder, not a stat per sibling: a folder of 100,000 articles is common.
        names = _names_in(os.path.dirname(path) or ".")  # a str key: hashing a Path costs more
        if f"{name[: -len(suffix)]}.ann" in names:  # brat.ann_path(path).name, without a Path
            return READERS[brat.NAME]
        stem = name.split(".", 1)[0]
        if f"{stem}.task2-TC.labels" in names or f"{stem}.task1-SI.labels" in names:
            return READERS[ptc.NAME]
        return READERS[plaintext.NAME]
    if suffix == ".tsv":
        head = _head(path)
        if head.startswith(webanno.MAGIC):
            return READERS[webanno.NAME]
        if conll.looks_like(head.splitlines()[:-1] or head.splitlines()):
            return READERS[conll.NAME]
        return READERS[table.TSV_NAME]
    for reader in _ALL:
        if suffix in reader.extensions:
            return reader
    head = _head(path)
    if suffix == ".xml" or head.lstrip().startswith("<?xml"):
        if xmi.looks_like_xmi(head):
            return READERS[xmi.NAME]
        if xmi.looks_like_type_system(head):
            raise AnnotatorError(xmi.TYPE_SYSTEM_MESSAGE, path=str(path))
    lines = head.splitlines()[:-1] or head.splitlines()
    if head.startswith(webanno.MAGIC):
        return READERS[webanno.NAME]
    if head.lstrip().startswith("{"):
        return READERS[jsonl.NAME]
    if head.lstrip()[:1] == "<" and "<html" in head.lower():
        return READERS[html.NAME]
    if lines and conll.looks_like(lines):
        return READERS[conll.NAME]
    if head.startswith("SQLite format 3"):  # a project file or a Save a copy of one
        raise AnnotatorError(
            f"an SQLite database, not a file to import: to bring in a project's work, run"
            f" `annotator merge {path}`",
            path=str(path),
        )
    raise AnnotatorError(
        f"unknown format: cannot tell what {suffix or 'a file without extension'} holds"
        f" (use --format: {', '.join(READERS)})",
        path=str(path),
    )
