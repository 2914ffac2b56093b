"""A sidecar metadata table: one row per article file, joined to the files of an import by a key.

Corpora often keep the outlet, date and author apart from the texts (PolNeAR's `metadata.tsv`, ECB+'s
`stories.tsv`). `annotator import --metadata TABLE FILES` joins each row to the file whose name or
stem is the row's key (`--metadata-key COL`; by default the first column whose values match the
files). Which rows matched no file, and which files had no row, are told, never passed over.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, InputRefused, Problem
from annotator.domain.metadata import with_metadata
from annotator.domain.model import DraftDocument
from annotator.formats.decoding import normalise_newlines, read_text


@dataclass
class MetadataTable:
    """The rows of a metadata table by key, and which of them an import has used."""

    path: Path
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line in the file, row)
    key: str | None = None
    _by_key: dict[str, int] = field(default_factory=dict)  # key → index into rows
    _used: set[int] = field(default_factory=set)
    repeated: list[Problem] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, key: str | None = None) -> MetadataTable:
        """Read a CSV or TSV table (by its extension, else by its header); refuse a bad one whole."""
        text = normalise_newlines(read_text(path))
        lines = text.split("\n")
        header = lines[0] if lines else ""
        delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in header else ","
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            columns = [c.strip() for c in next(reader)]
        except StopIteration:
            raise AnnotatorError("the metadata table is empty", path=str(path)) from None
        if not any(columns):
            raise AnnotatorError("the metadata table has no header line", path=str(path), line=1)
        if key is not None and key not in columns:
            raise AnnotatorError(
                f"no column {key!r} in the metadata table (columns: {', '.join(columns)})",
                path=str(path),
                line=1,
            )
        rows: list[tuple[int, dict[str, str]]] = []
        problems: list[Problem] = []
        for number, row in enumerate(reader, start=2):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(columns):
                problems.append(
                    Problem(
                        str(path),
                        number,
                        f"row has {len(row)} fields, the header has {len(columns)}",
                    )
                )
                continue
            rows.append((number, {c: v.strip() for c, v in zip(columns, row, strict=True)}))
        if problems:
            raise InputRefused(problems)
        table = cls(path, columns, rows)
        if key is not None:
            table._index(key)
        return table

    def _index(self, key: str) -> None:
        self.key = key
        self._by_key.clear()
        self.repeated.clear()
        first_line: dict[str, int] = {}
        for index, (line, row) in enumerate(self.rows):
            value = row[key]
            if not value:
                continue
            if value in self._by_key:
                self.repeated.append(
                    Problem(
                        str(self.path),
                        line,
                        f"{key} {value!r} repeats line {first_line[value]}: this row is not used",
                    )
                )
                continue
            self._by_key[value] = index
            first_line[value] = line

    def choose_key(self, files: Iterable[Path]) -> str:
        """The key column: the one given, else the first whose values name some of the files."""
        if self.key is not None:
            return self.key
        names: set[str] = set()
        for path in files:
            names.update((path.name, path.stem))
        for column in self.columns:
            if any(row[column] in names for _line, row in self.rows):
                self._index(column)
                return column
        raise AnnotatorError(
            "no column of the metadata table holds the names of the files imported"
            " (name the key column with --metadata-key)",
            path=str(self.path),
            line=1,
        )

    def joined(self, draft: DraftDocument) -> DraftDocument | None:
        """The draft with its row's fields in its metadata (and title), or None if it has none."""
        if self.key is None:
            raise AnnotatorError("choose the metadata table's key column first")
        path = Path(draft.provenance.path or "")
        candidates = [path.name, path.stem, _text(draft.meta.get(self.key))]
        for candidate in candidates:
            index = self._by_key.get(candidate) if candidate else None
            if index is not None:
                self._used.add(index)
                return _with_row(draft, self.rows[index][1], self.key)
        return None

    def unused(self) -> list[Problem]:
        """The rows no imported article matched, and the rows that repeat a key."""
        unused = [
            Problem(
                str(self.path), line, f"{self.key} {row[self.key]!r} matches no imported article"
            )
            for index, (line, row) in enumerate(self.rows)
            if index not in self._used
            and self.key is not None
            and row[self.key]
            and self._by_key.get(row[self.key]) == index
        ]
        return sorted([*unused, *self.repeated], key=lambda p: p.line or 0)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _with_row(draft: DraftDocument, row: Mapping[str, str], key: str) -> DraftDocument:
    fields = {c: v for c, v in row.items() if c != key and c.lower() != "title"}
    title = next((v for c, v in row.items() if c.lower() == "title" and v), None)
    meta = with_metadata(draft.meta, fields)
    return replace(draft, meta=meta, title=title or draft.title)
