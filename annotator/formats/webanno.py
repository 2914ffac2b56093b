"""WebAnno TSV 3 (INCEpTION's tab-separated export).

The text is rebuilt from the `#Text=` lines, each sentence placed at its first token's offset. The
file's offsets count UTF-16 code units (Java's), converted through `Utf16Map`. Span layers (T_SP)
give spans labelled with their first feature value (or the layer's short name when the value is
`*`); cells of one id (`PER[2]`) over several rows are one span. Relation layers (T_RL) join the
spans of the layer they attach to; chain layers (T_CH) become spans joined link by link.
Zero-width annotations (a position, not a stretch of text) cannot be spans and are counted in the
article's metadata as left out.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.domain.offsets import Utf16Map
from annotator.formats.common import DEFAULT_OPTIONS, DraftBuilder, ReadOptions, finish, located
from annotator.formats.decoding import utf8_lines

NAME = "webanno"
EXTENSIONS = (".tsv",)
MAGIC = "#FORMAT=WebAnno TSV 3"

_CELL = re.compile(r"^(?P<value>.*?)(?:\[(?P<id>\d+(?:_\d+)?)\])?$")
# INCEpTION escapes with a backslash the characters the format reserves (`\ [ ] | _ -> ; *`),
# tab and line breaks as `\t`, `\n`, `\r`, and other control characters as `\u00XX`; one
# function undoes them all, wherever they are (sentence text, tokens, feature values).
_ESCAPED = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_CONTROL = {"n": "\n", "t": "\t", "r": "\r"}


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPED.sub(_unescaped, value)


def _unescaped(match: re.Match[str]) -> str:
    escape = match[1]
    if len(escape) == 5:
        code = int(escape[1:], 16)
        # Half of a surrogate pair is no character: such an escape stays as it is written.
        return match[0] if 0xD800 <= code <= 0xDFFF else chr(code)
    return _CONTROL.get(escape, escape)


def _cut(value: str, separator: str) -> list[str]:
    """`value` split at each `separator` that is not escaped (still escaped, each part)."""
    if "\\" not in value:
        return value.split(separator)
    parts, start, i = [], 0, 0
    while i < len(value):
        if value[i] == "\\":
            i += 2
        elif value.startswith(separator, i):
            parts.append(value[start:i])
            i += len(separator)
            start = i
        else:
            i += 1
    parts.append(value[start:])
    return parts


def _split(cell: str) -> list[str]:
    return _cut(cell, "|")


def _cell(value: str) -> tuple[str, str | None]:
    """A cell's value (still escaped) and its `[id]`, unless that `[` is an escaped one."""
    match = _CELL.match(value)
    assert match is not None  # the pattern matches every string
    head, ident = match["value"], match["id"]
    if ident is not None and (len(head) - len(head.rstrip("\\"))) % 2:
        return value, None  # `X\[1]`: the brackets are the value's own
    return head, ident


def _u16len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass
class _Layer:
    kind: str  # SP, RL or CH
    name: str
    features: list[str]
    columns: list[int] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass
class _Row:
    ident: str
    begin: int
    end: int
    token: str
    cells: list[str]
    line: int


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    layers: list[_Layer] = []
    rows: list[_Row] = []
    sentences: list[tuple[str, int]] = []  # (text, first row index)
    pending: list[str] = []
    problems: list[Problem] = []
    try:
        for number, line in utf8_lines(path):
            if isinstance(line, AnnotatorError):
                problems.append(located(line, path, number))
                continue
            if number == 1 and not line.startswith(MAGIC):
                problems.append(
                    Problem(str(path), 1, f"not WebAnno TSV 3: the first line is not {MAGIC}.x")
                )
                break
            if line.startswith("#T_"):
                kind, _, spec = line[3:].partition("=")
                name, *features = spec.split("|")
                layers.append(_Layer(kind, name, features))
                continue
            if line.startswith("#Text="):
                pending.append(_unescape(line[6:]))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 3 or not re.match(r"^\d+-\d+(?:\.\d+)?$", cells[0]):
                problems.append(
                    Problem(str(path), number, "expected a token row: ID, BEGIN-END, TOKEN")
                )
                continue
            offsets = re.match(r"^(\d+)-(\d+)$", cells[1])
            if offsets is None:
                problems.append(
                    Problem(str(path), number, f"offsets {cells[1]!r} are not BEGIN-END")
                )
                continue
            if pending:
                sentences.append(("\n".join(pending), len(rows)))
                pending = []
            rows.append(
                _Row(
                    cells[0],
                    int(offsets[1]),
                    int(offsets[2]),
                    _unescape(cells[2]),
                    cells[3:],
                    number,
                )
            )
    except AnnotatorError as error:
        problems.append(located(error, path))
    if not problems and not rows:
        problems.append(Problem(str(path), None, "no tokens in the file"))
    if problems:
        yield from problems
        return
    column = 0
    for layer in layers:
        width = max(1, len(layer.features)) if layer.kind != "CH" else 2
        layer.columns = list(range(column, column + width))
        column += width
    try:
        text = _text(sentences, rows, path.stat().st_size)
    except (AnnotatorError, OSError) as error:
        message = getattr(error, "message", None) or f"cannot read: {error}"
        yield Problem(str(path), getattr(error, "line", None), message)
        return
    builder = DraftBuilder(text)
    skipped = _spans_and_relations(builder, layers, rows, Utf16Map(text))
    meta: dict[str, object] = {"file": path.name}
    if skipped:
        meta["zero_width_annotations_left_out"] = skipped
    title = sentences[0][0].split("\n", 1)[0][:120] if sentences else ""
    yield from finish(builder, title=title, meta=meta, path=path, line=None, format_name=NAME)


def _text(sentences: list[tuple[str, int]], rows: list[_Row], size: int) -> str:
    """The article: each sentence at its first token's offset, the gaps between them blank.

    A gap is the space between sentences that the file does not write; one longer than the file
    itself is an offset no INCEpTION wrote (400,000,000 once asked for 2.7 GB), refused.
    """
    parts: list[str] = []
    length16 = 0
    for sentence, first in sentences:
        row = rows[first]
        token_at = sentence.find(row.token) if row.token else 0
        start16 = row.begin - _u16len(sentence[: max(token_at, 0)])
        if start16 - length16 > size:
            raise AnnotatorError(
                f"token {row.ident} starts at {row.begin}, {start16 - length16} characters after"
                " the sentence before it: more than the whole file holds",
                line=row.line,
            )
        if start16 > length16:
            gap = start16 - length16
            parts.append("\n" + " " * (gap - 1) if parts else " " * gap)
            length16 = start16
        parts.append(sentence)
        length16 += _u16len(sentence)
    return "".join(parts)


def _spans_and_relations(
    builder: DraftBuilder, layers: list[_Layer], rows: list[_Row], utf16: Utf16Map
) -> int:
    skipped = 0
    by_ident = {row.ident: row for row in rows}
    # layer name -> row ident -> span keys on that row; layer name -> annotation id -> key
    on_row: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_id: dict[str, dict[str, str]] = defaultdict(dict)

    def cell(row: _Row, index: int) -> str:
        return row.cells[index] if index < len(row.cells) else "_"

    for layer in layers:
        if layer.kind not in ("SP", "CH"):
            continue
        extents: dict[str, list[int]] = {}
        labels: dict[str, str] = {}
        order: list[str] = []
        lines: dict[str, int] = {}
        chains: dict[str, dict[int, str]] = defaultdict(dict)
        for row in rows:
            columns = layer.columns if layer.kind == "SP" else layer.columns[:1]
            if layer.kind == "CH":
                found = [c for c in layer.columns if "->" in cell(row, c)]
                columns = found[:1] or columns
            stacks = [_split(cell(row, c)) for c in columns]
            for k in range(max(len(s) for s in stacks)):
                values = [s[k] if k < len(s) else "_" for s in stacks]
                if all(v in ("_", "") for v in values):
                    continue
                label, ident, chain = layer.short, None, None
                for value in values:
                    if layer.kind == "CH" and "->" in value:
                        value, *after = _cut(value, "->")
                        chain = "->".join(after) if after else None
                    text, found_id = _cell(value)
                    if found_id and ident is None:
                        ident = found_id
                    if text not in ("*", "_", "") and label == layer.short:
                        label = _unescape(text)
                key = f"{layer.name}#{ident}" if ident else f"{layer.name}@{row.ident}#{k}"
                if chain is not None:
                    key = f"{layer.name}->{chain}"
                    chain_id, _, element = chain.partition("-")
                    if element.isdigit():
                        chains[chain_id][int(element)] = key
                if key not in extents:
                    extents[key] = [row.begin, row.end]
                    labels[key] = label
                    lines[key] = row.line
                    order.append(key)
                else:
                    extents[key] = [min(extents[key][0], row.begin), max(extents[key][1], row.end)]
                on_row[layer.name][row.ident].append(key)
                if ident:
                    by_id[layer.name][ident] = key
        for key in order:
            begin, end = extents[key]
            builder.line = lines[key]
            if end <= begin:
                skipped += 1
                builder.notice(f"zero-width {labels[key]} annotation at {begin}: not stored")
                continue
            builder.add_span(utf16.from_utf16(begin), utf16.from_utf16(end), labels[key], key=key)
        for links in chains.values():
            keys = [links[i] for i in sorted(links)]
            indices = [builder.index_of_key(k) for k in keys]
            for head, child in itertools.pairwise(indices):
                if head is not None and child is not None:
                    builder.add_relation(head, child, layer.short)
    for layer in layers:
        if layer.kind != "RL" or not layer.columns:
            continue
        attached = layer.features[-1].removeprefix("BT_") if layer.features else ""
        value_columns, target_column = layer.columns[:-1], layer.columns[-1]
        for row in rows:
            targets = _split(cell(row, target_column))
            feature_values = [_split(cell(row, c)) for c in value_columns]
            for k, target in enumerate(targets):
                if target in ("_", ""):
                    continue
                governor, relation_id = _cell(target)
                governor_row = by_ident.get(governor)
                builder.line = row.line
                if governor_row is None:
                    builder.notice(
                        f"{layer.short} relation from token {governor}, which the file"
                        " lacks: not stored"
                    )
                    continue
                gov_id, _, dep_id = (relation_id or "").partition("_")
                head_key = _span_key(on_row, by_id, attached, governor_row.ident, gov_id)
                child_key = _span_key(on_row, by_id, attached, row.ident, dep_id)
                label = next(
                    (
                        _unescape(v[k])
                        for v in feature_values
                        if k < len(v) and v[k] not in ("*", "_", "")
                    ),
                    layer.short,
                )
                head_index = builder.index_of_key(head_key) if head_key else None
                child_index = builder.index_of_key(child_key) if child_key else None
                if head_index is None or child_index is None:
                    skipped += 1  # a relation of a zero-width annotation, or of bare tokens
                    builder.notice(
                        f"{label} relation {governor_row.ident} → {row.ident} joins no"
                        f" {attached.rsplit('.', 1)[-1] or 'span'} annotations (only tokens or"
                        " a zero-width one): not stored"
                    )
                    continue
                builder.add_relation(head_index, child_index, label)
    return skipped


def _span_key(
    on_row: dict[str, dict[str, list[str]]],
    by_id: dict[str, dict[str, str]],
    layer: str,
    row: str,
    ident: str,
) -> str | None:
    if ident and ident != "0":
        return by_id[layer].get(ident)
    keys = on_row[layer].get(row) or []
    return keys[0] if keys else None
