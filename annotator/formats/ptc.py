"""SemEval-2020 Task 11 Propaganda Techniques Corpus: `articleID.txt` with its `.labels` files.

Technique spans come from `articleID.task2-TC.labels` (id, technique, start, end); when only the
span-identification file `articleID.task1-SI.labels` (id, start, end) is there, its spans are
labelled PROPAGANDA. Offsets are code points into the article as it is on disk.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

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
from annotator.formats.decoding import NewlineMap, decode_text, read_bytes, utf8_lines

NAME = "ptc"
EXTENSIONS = (".labels",)
UNLABELLED = "PROPAGANDA"

# ASCII digits between spaces or tabs: `"²".isdigit()` holds and `int("²")` fails; `\s` takes
# "\x1d", which `int` refuses. The digits are what `int` is given.
_NUMBER = re.compile(r"[ \t]*([0-9]+)[ \t]*\Z")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def article_path(path: Path) -> Path:
    """`article1.task2-TC.labels` (or the article itself) → `article1.txt`."""
    return path.with_name(path.name.split(".", 1)[0] + ".txt")


def label_files(article: Path) -> list[Path]:
    stem = article.name.split(".", 1)[0]
    technique = article.with_name(f"{stem}.task2-TC.labels")
    spans = article.with_name(f"{stem}.task1-SI.labels")
    return [p for p in (technique, spans) if p.exists()][:1]


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    """One article; its spans from the `.labels` file named (an SI file named on the command
    line is read though a TC file is beside it), else from the TC file, else the SI file."""
    article = article_path(path)
    labels = [path] if path.suffix.lower() == ".labels" else label_files(article)
    try:
        if not article.exists():
            raise AnnotatorError(
                f"labels without their article: {article.name} is missing", path=str(path)
            )
        data = read_bytes(article)
        # The organisers count a leading byte-order mark as character 0; the stored text drops
        # it, so every offset moves back by one.
        newline = NewlineMap(decode_text(data, article), shift=int(data.startswith(_BOMS)))
        builder = DraftBuilder(newline.text)
        problems: list[Problem] = []
        for label_file in labels:
            for number, line in utf8_lines(label_file):
                if isinstance(line, AnnotatorError):
                    problems.append(located(line, label_file, number))
                    continue
                if not line.strip():
                    continue
                fields = line.split("\t")
                if len(fields) == 4:
                    label, start, end = fields[1], fields[2], fields[3]
                elif len(fields) == 3:
                    label, start, end = UNLABELLED, fields[1], fields[2]
                else:
                    problems.append(
                        Problem(
                            str(label_file),
                            number,
                            "expected ID, TECHNIQUE, START, END separated by tabs",
                        )
                    )
                    continue
                first, last = _NUMBER.match(start), _NUMBER.match(end)
                if first is None or last is None:
                    problems.append(
                        Problem(
                            str(label_file),
                            number,
                            f"offsets must be numbers, not {start!r} and {end!r}",
                        )
                    )
                    continue
                before = len(builder.messages)
                builder.source, builder.line = label_file, number
                builder.add_span(newline(int(first[1])), newline(int(last[1])), label.strip())
                problems += [Problem(str(label_file), number, m) for m in builder.messages[before:]]
                del builder.messages[before:]
    except AnnotatorError as error:
        yield located(error, path)
        return
    if problems:
        yield from problems
        return
    yield from finish(
        builder,
        title=title_of(newline.text),
        meta={"file": article.name, "article_id": article.stem.removeprefix("article")},
        path=article,
        line=None,
        format_name=NAME,
    )
