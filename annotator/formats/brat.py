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
from collections import Counter
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
    label_from_token,
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
        # Lines end at LF (CR LF) only: U+2028, U+0085 or a form feed in a span's text is text.
        annotations = decode_text(read_bytes(ann), ann) if ann.stat().st_size else ""
        lines = annotations.replace("\r\n", "\n").split("\n")
    except AnnotatorError as error:
        yield located(error, path)
        return
    newline = NewlineMap(raw)
    builder = DraftBuilder(newline.text, source=ann)
    problems: list[Problem] = []
    events: dict[str, tuple[str, list[tuple[str, str]], int]] = {}
    later: list[tuple[int, str, list[str]]] = []
    meta: dict[str, Any] = {"file": txt.name}

    def problem(number: int, message: str) -> None:
        problems.append(Problem(str(ann), number, message))

    for number, line in _annotation_lines(lines, problem):
        fields = line.split("\t")
        ident = fields[0]
        kind = ident[:1]
        if kind == "T":
            builder.line = number
            _span_line(builder, fields, number, newline, problem)
        elif kind == "E":
            parts = fields[1].split() if len(fields) > 1 else []
            _type, colon, trigger_key = (parts or [""])[0].partition(":")
            if not colon or not trigger_key:
                problem(number, f"event {ident} has no TYPE:TRIGGER")
                continue
            roles = [(r, t) for r, _c, t in (p.partition(":") for p in parts[1:] if ":" in p)]
            events[ident] = (trigger_key, roles, number)
        elif kind in ("R", "*", "A", "M", "#", "N") and len(fields) >= 2 and fields[1].strip():
            later.append((number, ident, fields))
        else:
            problem(number, f"not a brat annotation line: {line[:60]!r}")

    # Each event is its own trigger span: two events on one trigger word (a BioNLP "Binding" of
    # two proteins) would otherwise merge into one span with the arguments of both.
    event_spans = _event_triggers(builder, events)

    def resolve(key: str) -> int | None:
        if key.startswith("E"):
            return event_spans.get(key)
        return builder.index_of_key(key)

    for ident, (_trigger_key, roles, number) in events.items():
        trigger = event_spans.get(ident)
        if trigger is None:
            problem(number, f"event {ident}: trigger {_trigger_key} is not a span of this file")
            continue
        for role, argument in roles:
            child = resolve(argument)
            if child is None:
                problem(number, f"event {ident}: argument {argument} is not in this file")
                continue
            builder.line = number
            builder.add_relation(trigger, child, role.rstrip("0123456789") or role)
    relation_keys = {ident for _n, ident, _f in later if ident[:1] == "R"}
    relation_attributes: dict[str, dict[str, Any]] = {}
    notes: dict[str, str] = {}
    for number, ident, fields in later:
        parts = fields[1].split()
        kind = ident[:1]
        if kind == "R":
            keys = [p.partition(":")[2] for p in parts[1:] if ":" in p]
            if len(keys) != 2:
                problem(number, f"relation {ident} needs two arguments")
                continue
            builder.add_relation(resolve(keys[0]), resolve(keys[1]), label_from_token(parts[0]))
        elif kind == "*":
            members = [resolve(k) for k in parts[1:]]
            for first, second in itertools.pairwise(members):
                builder.add_relation(first, second, parts[0])
        elif kind in ("A", "M", "N"):
            if len(parts) < 2:
                problem(number, f"{ident} names no annotation")
                continue
            annotated = resolve(parts[1])
            value: Any = " ".join(parts[2:]) if len(parts) > 2 else True
            if annotated is None and parts[1] in relation_keys and kind != "N":
                # Relations hold no attributes here: kept in the article's meta, and reported.
                relation_attributes.setdefault(parts[1], {})[parts[0]] = value
                builder.notice(
                    f"attribute {ident} ({parts[0]}) of relation {parts[1]}: kept in the"
                    " article's meta (brat_relation_attributes), not on the relation",
                    number,
                )
                continue
            if annotated is None:
                problem(number, f"{ident}: {parts[1]} is not a span of this file")
                continue
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
    if relation_attributes:
        meta["brat_relation_attributes"] = relation_attributes
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
    label = label_from_token(label)
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


_ANNOTATION_LINE = re.compile(r"^(?:[TREAMN#]\w*|\*)\t")


def _annotation_lines(lines: list[str], problem: Any) -> Iterator[tuple[int, str]]:
    """(line number, line) for each annotation; a T line's text column that runs over line
    breaks (PolNeAR has such lines) is joined back, since the offsets, not the text, count."""
    entries: list[list[Any]] = []
    breaks = 0  # line breaks since the last annotation line, blank lines included
    for number, line in enumerate(lines, start=1):
        if _ANNOTATION_LINE.match(line):
            entries.append([number, line])
            breaks = 0
        elif not line.strip():
            breaks += 1
        elif entries and entries[-1][1].startswith("T") and entries[-1][1].count("\t") >= 2:
            entries[-1][1] += "\n" * (breaks + 1) + line
            breaks = 0
        else:
            problem(number, f"not a brat annotation line: {line[:60]!r}")
    for number, line in entries:
        yield number, line


def _event_triggers(
    builder: DraftBuilder, events: dict[str, tuple[str, list[tuple[str, str]], int]]
) -> dict[str, int]:
    """Each event's trigger span: the T span it names or, when several events share one trigger,
    a copy of it for each of them, its `event` attribute naming the event."""
    shared = Counter(trigger for trigger, _roles, _number in events.values())
    found: dict[str, int] = {}
    taken: set[int] = set()
    for ident, (trigger_key, _roles, _number) in events.items():
        index = builder.index_of_key(trigger_key)
        if index is None:
            continue
        if shared[trigger_key] > 1:
            span = builder.spans[index]
            copy = replace(span, key=ident, attributes={**span.attributes, "event": ident})
            if index in taken:
                builder.spans.append(copy)
                index = len(builder.spans) - 1
            else:
                builder.spans[index] = copy
            taken.add(index)
        found[ident] = index
    return found
