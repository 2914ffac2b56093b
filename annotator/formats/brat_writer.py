"""brat standoff: a folder of `NNNNNN.txt` + `NNNNNN.ann` pairs and an `annotation.conf`.

The `.txt` is the article's text byte for byte (UTF-8, LF); offsets in the `.ann` are code points,
as brat counts them. brat fragments may not cross a line break, so a span over one is written as
fragments (`T1\tCLAIM 0 10;11 20\t...`). Attributes of kind yes/no and choice become `A` lines,
notes become `AnnotatorNotes`. A label name brat cannot hold as one token (a space, a comma, a
leading `#`) is written percent-encoded (`label_token`), which the brat reader here decodes. The `annotation.conf` lists the schema, with `<OVERLAP>` allowing the
nested and crossing spans analysts make.
"""

from __future__ import annotations

from pathlib import Path

from annotator.domain.labels import LabelSchema
from annotator.domain.model import ExportItem, Span
from annotator.formats.common import label_token
from annotator.formats.exportkit import ExportStream

NAME = "brat"
EXTENSION = ""


def file_stem(item: ExportItem) -> str:
    return f"{item.document.id:06d}"


def fragments(text: str, span: Span) -> list[tuple[int, int]]:
    """The stretches of `span` between line breaks."""
    parts, start = [], span.start
    for i in range(span.start, span.end):
        if text[i] == "\n":
            if i > start:
                parts.append((start, i))
            start = i + 1
    if span.end > start:
        parts.append((start, span.end))
    return parts or [(span.start, span.end)]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def ann(item: ExportItem, schema: LabelSchema) -> str:
    text = item.document.text
    lines: list[str] = []
    keys: dict[int | None, str] = {}
    attribute_count = note_count = 0
    for n, span in enumerate(item.spans, start=1):
        key = f"T{n}"
        keys[span.id] = key
        parts = fragments(text, span)
        offsets = ";".join(f"{s} {e}" for s, e in parts)
        covered = " ".join(text[s:e] for s, e in parts)
        lines.append(f"{key}\t{label_token(span.label)} {offsets}\t{covered}")
        label = schema.get(span.label)
        for name, value in sorted(span.attributes.items()):
            spec = label.attribute(name) if label else None
            if spec is None or value is None or value is False:
                continue
            attribute_count += 1
            if spec.kind == "bool":
                lines.append(f"A{attribute_count}\t{name} {key}")
            elif spec.kind == "choice":
                lines.append(f"A{attribute_count}\t{name} {key} {value}")
        if span.note:
            note_count += 1
            lines.append(f"#{note_count}\tAnnotatorNotes {key}\t{_one_line(span.note)}")
    for n, relation in enumerate(item.relations, start=1):
        lines.append(
            f"R{n}\t{label_token(relation.label)} Arg1:{keys[relation.head_id]}"
            f" Arg2:{keys[relation.child_id]}\t"
        )
    return "".join(line + "\n" for line in lines)


def annotation_conf(schema: LabelSchema) -> str:
    spans = [label for label in schema.labels if label.kind == "span"]
    out = ["[entities]", *(label_token(label.name) for label in spans), "", "[relations]"]
    out.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    for label in schema.labels:
        if label.kind == "relation":
            heads = "|".join(map(label_token, label.head_labels)) or "<ENTITY>"
            children = "|".join(map(label_token, label.child_labels)) or "<ENTITY>"
            out.append(f"{label_token(label.name)}\tArg1:{heads}, Arg2:{children}")
    out += ["", "[events]", "", "[attributes]"]
    for label in spans:
        for spec in label.attributes:
            if spec.kind == "bool":
                out.append(f"{spec.name}\tArg:{label_token(label.name)}")
            elif spec.kind == "choice":
                choices = "|".join(spec.choices)
                out.append(f"{spec.name}\tArg:{label_token(label.name)}, Value:{choices}")
    return "\n".join(out) + "\n"


def write(stream: ExportStream, folder: Path) -> None:
    for item in stream.items:
        stem = file_stem(item)
        with (folder / f"{stem}.txt").open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(item.document.text)
        with (folder / f"{stem}.ann").open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(ann(item, stream.schema))
    with (folder / "annotation.conf").open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(annotation_conf(stream.schema))
