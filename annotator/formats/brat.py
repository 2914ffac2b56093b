"""brat standoff: an article's `.txt` beside its `.ann` annotations.

T lines are spans; a discontinuous span (`5 7;8 9`) becomes one span per part, each noting which
part of which annotation it is. R lines and `*` equivalences are relations; an E event's trigger is
its span and each argument a relation from the trigger, named by the role. A and M lines are span
attributes; `#` AnnotatorNotes become the note of their span. Offsets are code points into the
`.txt` as it is on disk; CRLF line breaks are converted with the text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.formats.common import (
    DEFAULT_OPTIONS,
    DraftBuilder,
    ReadOptions,
    finish,
    located,
    title_of,
)
from annotator.formats.decoding import NewlineMap, decode_text, read_bytes

NAME = "brat"
EXTENSIONS = (".ann",)

_FRAGMENT = re.compile(r"^(\d+) (\d+)$")


def text_path(path: Path) -> Path:
    return path.with_suffix(".txt")


def shared_text(path: Path) -> tuple[Path, str] | None:
    """For `NAME_ANALYST.ann` without a `.txt` of its own: `NAME.txt` and the analyst.

    Corpora annotated by several people keep one text and one `.ann` per annotator, the
    annotator's id after the last underscore (PolNeAR: `text/NAME.txt` and
    `attributions/NAME_ANALYST.ann`). The text is looked for beside the `.ann`, then in a sibling
    folder named `text`. None when the file has its own `.txt` or no such text exists.
    """
    if text_path(path).exists():
        return None
    stem, underscore, analyst = path.stem.rpartition("_")
    if not underscore or not stem or not analyst.strip():
        return None
    for folder in (path.parent, path.parent.parent / "text"):
        candidate = folder / f"{stem}.txt"
        if candidate.is_file():
            return candidate, analyst
    return None


def ann_path(path: Path) -> Path:
    return path.with_suffix(".ann")


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    txt, ann = text_path(path), ann_path(path)
    analyst = None
    shared = shared_text(ann) if path.suffix.lower() == ".ann" else None
    if shared is not None:
        txt, analyst = shared
    try:
        if not txt.exists():
            raise AnnotatorError(
                f"brat annotations without their text: {txt.name} is missing", path=str(ann)
            )
        raw = decode_text(read_bytes(txt), txt)
        lines = (decode_text(read_bytes(ann), ann) if ann.stat().st_size else "").splitlines()
    except AnnotatorError as error:
        yield located(error, path)
        return
    newline = NewlineMap(raw)
    builder = DraftBuilder(newline.text)
    problems: list[Problem] = []
    events: dict[str, tuple[str, list[tuple[str, str]], int]] = {}
    later: list[tuple[int, str, list[str]]] = []
    meta: dict[str, Any] = {"file": txt.name}

    def problem(number: int, message: str) -> None:
        problems.append(Problem(str(ann), number, message))

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.rstrip("\n").split("\t")
        ident = fields[0]
        kind = ident[:1]
        if kind == "T":
            _span_line(builder, fields, number, newline, problem)
        elif kind == "E" and len(fields) >= 2:
            parts = fields[1].split()
            _type, colon, trigger_key = parts[0].partition(":")
            roles = [(r, t) for r, _c, t in (p.partition(":") for p in parts[1:] if ":" in p)]
            if not colon:
                problem(number, f"event {ident} has no trigger")
                continue
            events[ident] = (trigger_key, roles, number)
        elif kind in ("R", "*", "A", "M", "#", "N") and len(fields) >= 2:
            later.append((number, ident, fields))
        else:
            problem(number, f"not a brat annotation line: {line[:60]!r}")

    def resolve(key: str, seen: tuple[str, ...] = ()) -> int | None:
        if key.startswith("E") and key in events and key not in seen:
            return resolve(events[key][0], (*seen, key))
        return builder.index_of_key(key)

    for ident, (trigger_key, roles, number) in events.items():
        trigger = resolve(trigger_key)
        if trigger is None:
            problem(number, f"event {ident}: trigger {trigger_key} is not a span of this file")
            continue
        for role, argument in roles:
            child = resolve(argument)
            if child is None:
                problem(number, f"event {ident}: argument {argument} is not in this file")
                continue
            builder.add_relation(trigger, child, role.rstrip("0123456789") or role)
    notes: dict[str, str] = {}
    for number, ident, fields in later:
        parts = fields[1].split()
        kind = ident[:1]
        if kind == "R":
            keys = [p.partition(":")[2] for p in parts[1:] if ":" in p]
            if len(keys) != 2:
                problem(number, f"relation {ident} needs two arguments")
                continue
            builder.add_relation(resolve(keys[0]), resolve(keys[1]), parts[0])
        elif kind == "*":
            members = [resolve(k) for k in parts[1:]]
            for first, second in itertools.pairwise(members):
                builder.add_relation(first, second, parts[0])
        elif kind in ("A", "M", "N"):
            if len(parts) < 2:
                problem(number, f"{ident} names no annotation")
                continue
            annotated = resolve(parts[1])
            if annotated is None:
                problem(number, f"{ident}: {parts[1]} is not a span of this file")
                continue
            value: Any = " ".join(parts[2:]) if len(parts) > 2 else True
            if kind == "N":
                value = fields[2] if len(fields) > 2 else " ".join(parts[2:])
            span = builder.spans[annotated]
            attributes = {**span.attributes, parts[0] if kind != "N" else "normalization": value}
            builder.spans[annotated] = replace(span, attributes=attributes)
        elif kind == "#":
            note = fields[2] if len(fields) > 2 else ""
            target_key = parts[1] if len(parts) > 1 else ""
            noted = resolve(target_key) if not target_key.startswith("R") else None
            if noted is None:
                notes[target_key] = note
                continue
            span = builder.spans[noted]
            builder.spans[noted] = replace(span, note="\n".join(filter(None, [span.note, note])))
    if notes:
        meta["notes"] = notes
    for message in builder.messages:
        problems.append(Problem(str(ann), None, message))
    if problems:
        yield from problems
        return
    for draft in finish(
        builder, title=title_of(newline.text), meta=meta, path=txt, line=None, format_name=NAME
    ):
        yield (
            replace(draft, analyst=analyst) if analyst and not isinstance(draft, Problem) else draft
        )


def _span_line(
    builder: DraftBuilder, fields: list[str], number: int, newline: NewlineMap, problem: Any
) -> None:
    ident = fields[0]
    if len(fields) < 2:
        problem(number, f"span {ident} has no label and offsets")
        return
    label, _, ranges = fields[1].partition(" ")
    fragments = []
    for piece in ranges.split(";"):
        match = _FRAGMENT.match(piece.strip())
        if match is None:
            problem(number, f"span {ident}: offsets {piece.strip()!r} are not 'START END'")
            return
        fragments.append((int(match[1]), int(match[2])))
    expected = fields[2] if len(fields) > 2 else None
    length = len(builder.text)
    for start, end in fragments:
        if newline(end) > length or end <= start:
            problem(
                number,
                f"span {ident} {start}-{end} is outside the text ({length} characters)"
                if end > start
                else f"span {ident} {start}-{end} ends before it starts",
            )
            return
    if len(fragments) == 1 and expected is not None:
        start, end = fragments[0]
        found = builder.text[newline(start) : newline(end)]
        if found != expected:
            problem(
                number,
                f"span {ident} says its text is {expected[:60]!r} but the text at"
                f" {start}-{end} is {found[:60]!r}",
            )
            return
    for part, (start, end) in enumerate(fragments, start=1):
        note = f"part {part} of {len(fragments)} of {ident}" if len(fragments) > 1 else ""
        key = ident if part == 1 else f"{ident}#{part}"
        before = len(builder.messages)
        builder.add_span(
            newline(start), newline(end), label, key=key, note=note, what=f"span {ident}"
        )
        for message in builder.messages[before:]:
            problem(number, message)
        del builder.messages[before:]
