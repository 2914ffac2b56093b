"""CoNLL, IOB2 tags: one token a line (`token TAG`), a blank line between sentences.

Each article starts with `-DOCSTART- O`; a line break in the text ends a sentence. IOB2 has one
tag a token, so overlapping spans cannot be written: the export is refused, naming them, and the
user chooses labels (`--labels`) that do not overlap.
"""

from __future__ import annotations

from typing import TextIO

from annotator.domain.errors import InputRefused, Problem
from annotator.domain.model import ExportItem
from annotator.formats.common import label_token
from annotator.formats.exportkit import ExportStream, TokenIndex, training_tokens

NAME = "conll"
EXTENSION = ".conll"


def overlaps(item: ExportItem) -> list[Problem]:
    problems = []
    text = item.document.text
    reach = None
    for span in item.spans:  # sorted by start, then end
        if reach is not None and span.start < reach.end:
            problems.append(
                Problem(
                    f"article {item.document.id}",
                    None,
                    f"span {reach.label} {text[reach.start : reach.end]!r} overlaps span"
                    f" {span.label} {text[span.start : span.end]!r}: IOB2 holds one label a token;"
                    " choose labels that do not overlap with --labels",
                )
            )
        if reach is None or span.end > reach.end:
            reach = span
    return problems


def write(stream: ExportStream, out: TextIO) -> None:
    problems: list[Problem] = []
    for item in stream.items:
        problems.extend(overlaps(item))
        if problems:
            continue  # refused anyway: read on only to list every overlap
        tokens = training_tokens(item.document.text, item.spans)
        index = TokenIndex(tokens)
        tags = ["O"] * len(tokens)
        for span in item.spans:
            label = label_token(span.label)  # one token, whatever the name holds
            covered = [
                i for i in index.covering(span.start, span.end) if not tokens[i][2].isspace()
            ]
            for n, i in enumerate(covered):
                tags[i] = ("B-" if n == 0 else "I-") + label
        out.write("-DOCSTART- O\n")
        in_sentence = False
        for (_, _, token, _), tag in zip(tokens, tags, strict=True):
            if token.isspace():
                if "\n" in token and in_sentence:
                    out.write("\n")
                    in_sentence = False
                continue
            if not in_sentence:
                out.write("\n")
                in_sentence = True
            out.write(f"{token} {tag}\n")
        out.write("\n")
    if problems:
        raise InputRefused(problems)
