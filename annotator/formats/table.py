"""CSV and TSV articles: a header row, one article a row.

The article's text is the `--text-column` (default `text`), its title the `--title-column` (default
`title`, else the text's first line); every other column goes to the article's metadata. Rows are
read one at a time; a row whose field count differs from the header's is refused with its line.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument, Provenance
from annotator.formats.common import DEFAULT_OPTIONS, ReadOptions, located, title_of
from annotator.formats.decoding import decode_text, looks_binary, normalise_newlines, read_bytes

CSV_NAME, TSV_NAME = "csv", "tsv"
CSV_EXTENSIONS, TSV_EXTENSIONS = (".csv",), (".tsv", ".tab")

_SNIFF = 1 << 16

csv.field_size_limit(sys.maxsize)  # an article in one field may be megabytes long


def _open(path: Path) -> TextIO:
    """The file as text: streamed when it is UTF-8, else decoded whole by charset-normalizer."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except IsADirectoryError:
        raise AnnotatorError("is a folder, not a file", path=str(path)) from None
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=str(path)) from None
    if not head.strip():
        raise AnnotatorError("empty file: no rows to import", path=str(path))
    if looks_binary(head):
        raise AnnotatorError("binary file, not text", path=str(path))
    try:
        head.decode("utf-8-sig")
        utf8 = True
    except UnicodeDecodeError as error:
        utf8 = error.reason == "unexpected end of data" and len(head) == _SNIFF
    if utf8:
        return path.open("r", encoding="utf-8-sig", newline="")
    return io.StringIO(normalise_newlines(decode_text(read_bytes(path), path)), newline="")


def _reader(delimiter: str, name: str):  # type: ignore[no-untyped-def]
    def read(
        path: Path, options: ReadOptions = DEFAULT_OPTIONS
    ) -> Iterator[DraftDocument | Problem]:
        try:
            handle = _open(path)
        except AnnotatorError as error:
            yield located(error, path)
            return
        with handle:
            try:
                yield from _rows(handle, path, delimiter, name, options)
            except UnicodeDecodeError:
                yield Problem(str(path), None, "not UTF-8 text part way through the file")
            except csv.Error as error:
                yield Problem(str(path), None, f"unreadable {name.upper()}: {error}")

    return read


def _rows(
    handle: TextIO, path: Path, delimiter: str, name: str, options: ReadOptions
) -> Iterator[DraftDocument | Problem]:
    reader = csv.reader(handle, delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        yield Problem(str(path), 1, "empty file: no header row")
        return
    columns = [column.strip() for column in header]
    blank = [i + 1 for i, column in enumerate(columns) if not column]
    doubled = sorted({c for c in columns if c and columns.count(c) > 1})
    if blank or doubled:
        what = (
            f"column {', '.join(map(str, blank))} has no name"
            if blank
            else f"column {', '.join(doubled)} appears twice"
        )
        yield Problem(str(path), 1, f"broken header: {what}")
        return
    if options.text_column not in columns:
        yield Problem(
            str(path),
            1,
            f"no {options.text_column!r} column in the header (columns: {', '.join(columns)});"
            " name the text column with --text-column",
        )
        return
    text_at = columns.index(options.text_column)
    title_at = columns.index(options.title_column) if options.title_column in columns else None
    line = reader.line_num
    rows = 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        rows += 1
        if len(row) != len(columns):
            yield Problem(
                str(path), start, f"row has {len(row)} fields, the header has {len(columns)}"
            )
            continue
        text = normalise_newlines(row[text_at])
        if not text.strip():
            yield Problem(str(path), start, f"the {options.text_column!r} field is empty")
            continue
        meta = {
            c: v
            for i, (c, v) in enumerate(zip(columns, row, strict=True))
            if i not in (text_at, title_at)
        }
        title = row[title_at].strip() if title_at is not None else ""
        yield DraftDocument(
            text=text,
            title=title or title_of(text),
            meta=meta,
            provenance=Provenance(path=str(path), line=start, format=name),
        )
    if rows == 0:
        yield Problem(str(path), None, "no rows under the header")


read_csv = _reader(",", CSV_NAME)
read_tsv = _reader("\t", TSV_NAME)
