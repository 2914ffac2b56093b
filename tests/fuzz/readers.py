"""Fuzzing every reader with mutated real files: no traceback, no draft that cannot be stored.

Each target is a reader (or the bundle reader) with seed cases: real files of other tools from
`../shared/cases` and the project's `seeds/`, cut to 16 KB so that an input costs milliseconds. A
case is the set of files a reader reads together (brat's `.txt` and `.ann`, the PTC's article and
`.labels`); hypothesis draws a case, one of its files and a list of mutations (bytes flipped,
ranges cut or doubled, numbers swapped for huge or negative ones, tokens that broke readers
before: lone surrogates, deep brackets, byte-order marks, XML encodings), writes the files and
reads them as an import does (`detect_reader` and `is_bundle` first).

A reader passes when it returns drafts and problems only, and every draft is one the project can
store (text, labels, meta encodable as UTF-8; spans inside the text; relations between its
spans). `run(target, examples)` is used by the quick test in the suite and by `make fuzz`.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.formats import bundle, registry
from annotator.formats.common import DEFAULT_OPTIONS

REPO = Path(__file__).resolve().parents[2]
CASES = REPO.parent / "shared" / "cases"
SEEDS = REPO / "seeds"
SEED_LIMIT = 16 * 1024

Case = dict[str, bytes]  # file name -> content; the first file is the one named to the reader


@dataclass
class Target:
    name: str
    cases: list[Case]
    read: Callable[[Path], Iterable[object]]
    count: int = 0
    failures: list[str] = field(default_factory=list)


def _cut(data: bytes) -> bytes:
    """A seed no longer than `SEED_LIMIT`, cut at a line break."""
    if len(data) <= SEED_LIMIT:
        return data
    end = data.rfind(b"\n", 0, SEED_LIMIT)
    return data[: end + 1 if end > 0 else SEED_LIMIT]


def _files(folder: str, *patterns: str) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        found += sorted((CASES / folder).glob(pattern))
    return found


def _single(paths: Iterable[Path], name: str) -> list[Case]:
    return [{name: _cut(path.read_bytes())} for path in paths]


def _reader(name: str) -> Callable[[Path], Iterable[object]]:
    def read(path: Path) -> Iterable[object]:
        reader = registry.READERS[name]
        if bundle.is_bundle(path):  # every import asks this first
            return list(bundle.read(path))
        try:
            registry.forget_listings()
            registry.detect_reader(path)  # must answer or refuse in words, whatever the file
        except AnnotatorError:
            pass
        return list(reader.read(path, DEFAULT_OPTIONS))

    return read


def _bundle_seed() -> list[Case]:
    """A bundle exported from a project holding the seeds and a Prodigy file (spans, relations)."""
    from annotator.service import ProjectService

    with tempfile.TemporaryDirectory() as folder:
        service = ProjectService.open(Path(folder) / "p.db")
        try:
            service.import_paths(
                [
                    SEEDS,
                    CASES
                    / "prodigy"
                    / "explosion-projects-rel_component-annotations-first40.jsonl",
                ]
            )
            out = Path(folder) / "b.jsonl"
            service.export("annotator", str(out))
            return [{"b.jsonl": _cut(out.read_bytes())}]
        finally:
            service.close()


def _html_seeds() -> list[Case]:
    """Pages made of the seed articles (the cases hold no HTML): headings, paragraphs, a script."""
    cases = []
    for path in sorted(SEEDS.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n") if p.strip())
        page = (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"<script>var x = '<p>';</script></head>\n<body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>\n{paragraphs}</article><footer>Share this</footer>"
            "</body></html>\n"
        )
        cases.append({"page.html": _cut(page.encode())})
    return cases


def targets() -> list[Target]:
    brat = [
        {"a.ann": _cut(ann.read_bytes()), "a.txt": _cut(ann.with_suffix(".txt").read_bytes())}
        for ann in _files("brat", "*.ann")
    ]
    ptc_folder = CASES / "semeval2020_task11_ptc"
    ptc = [
        {
            "article1.task2-TC.labels": (ptc_folder / f"article{i}.task2-TC.labels").read_bytes(),
            "article1.txt": _cut((ptc_folder / f"article{i}.txt").read_bytes()),
        }
        for i in ("111111111", "703056647")
    ] + [
        {
            "article1.task1-SI.labels": (ptc_folder / f"article{i}.task1-SI.labels").read_bytes(),
            "article1.txt": _cut((ptc_folder / f"article{i}.txt").read_bytes()),
        }
        for i in ("111111111",)
    ]
    csv = [
        {
            "a.csv": b'title,text,outlet\n"A, title","Body with ""quotes""\nand a line",X\n'
            + b"B,Second body,Y\n"
        }
    ]
    return [
        Target("txt", _single(sorted(SEEDS.glob("*.txt")), "a.txt"), _reader("txt")),
        Target(
            "jsonl",
            _single(_files("prodigy", "*.jsonl") + _files("doccano", "*.jsonl"), "a.jsonl"),
            _reader("jsonl"),
        ),
        Target(
            "labelstudio",
            _single(_files("label_studio", "*.json"), "a.json"),
            _reader("labelstudio"),
        ),
        Target("csv", csv, _reader("csv")),
        Target(
            "tsv",
            _single(
                [CASES / "ecbplus" / "stories.tsv", CASES / "polnear" / "metadata.tsv"], "a.tsv"
            ),
            _reader("tsv"),
        ),
        Target("html", _html_seeds(), _reader("html")),
        Target("brat", brat, _reader("brat")),
        Target("conll", _single(_files("conll", "*"), "a.conll"), _reader("conll")),
        Target("webanno", _single(_files("webanno_tsv", "*.tsv"), "a.tsv"), _reader("webanno")),
        Target("ptc", ptc, _reader("ptc")),
        Target("xmi", _single(_files("uima_xmi", "*.xmi"), "a.xmi"), _reader("xmi")),
        Target("annotator", _bundle_seed(), lambda path: list(bundle.read(path))),
    ]


# -- mutations -------------------------------------------------------------------------------------

TOKENS = [
    b"\\ud800", b"\\udfff", b'"\\ud83d"', b"[" * 5000, b"{" * 5000, b"\xef\xbb\xbf", b"\xff\xfe",
    b"\x00", b"\r\n", b"\r", b"\n\n", b"\t", b" ", b'"', b"\\", b"-1", b"0", b"400000000",
    b"2147483648", b"99999999999999999999999", b"1e308", b"NaN", b"null", b"true", b"[]", b"{}",
    b'"x"', b"E1\t", b"T1\tX 0 1\tx\n", b"A1\tNeg R1\n", b"R1\tL Arg1:T1 Arg2:T1\n", b"#",
    b"%", b"%ZZ", b"\xc3", b"\xe2\x80", b"\xf0\x9f\x98\x80", b"e\xcc\x81", b"\xc2\xa0",
    b"\xe2\x80\xa8", b'<?xml version="1.0" encoding="x-nope"?>',
    b'<?xml version="1.0" encoding="shift_jis"?>', b"<!DOCTYPE x>", b"&#0;", b"&amp;", b"<",
    b">", b"]]>", b"->", b"|", b"*", b"_", b"\\|", b"[1]", b"[1_2]", b"#Text=", b"-DOCSTART-",
    b"B-", b"I-X", b"\xb2", b"\xd9\xa3", b",", b';', b":", b"\x85", b"\x0c",
]  # fmt: skip
OPS = ("flip", "insert", "delete", "double", "truncate", "number", "splice", "json", "json")
JSON_VALUES: list[Any] = [
    None, True, 0, -1, 1.5, 2**31, 10**30, "", "x", "\ud800", [], {}, [0, 1, "X"], {"a": 1},
    [[[[[]]]]], {"start": 0, "end": 0, "label": "X"}, "reject", "ignore", "done", "archived",
]  # fmt: skip
_NUMBER = re.compile(rb"\d+")


def mutations_of(seed: int, count: int) -> list[tuple[str, int, int, bytes]]:
    """`count` mutations chosen by `seed` (hypothesis draws the two numbers: drawing each
    mutation through it cost more than reading the file)."""
    chance = random.Random(seed)
    return [
        (chance.choice(OPS), chance.getrandbits(24), chance.getrandbits(24), chance.choice(TOKENS))
        for _ in range(count)
    ]


def mutate(data: bytes, mutations: list[tuple[str, int, int, bytes]], other: bytes) -> bytes:
    for op, a, b, token in mutations:
        size = len(data)
        at = a % (size + 1)
        if op == "flip" and size:
            data = data[: at % size] + bytes([b % 256]) + data[at % size + 1 :]
        elif op == "insert":
            data = data[:at] + token + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + b % 64 :]
        elif op == "double":
            data = data[:at] + data[at : at + b % 256] * 2 + data[at + b % 256 :]
        elif op == "truncate":
            data = data[:at]
        elif op == "number":
            numbers = list(_NUMBER.finditer(data))
            if numbers:
                found = numbers[a % len(numbers)]
                data = data[: found.start()] + token + data[found.end() :]
        elif op == "json":
            data = _json_mutation(data, a, b)
        elif op == "splice" and other:
            start = b % len(other)
            data = data[:at] + other[start : start + 200] + data[at:]
    return data


def _json_mutation(data: bytes, a: int, b: int) -> bytes:
    """One value somewhere inside a JSON line (or a whole JSON file) swapped for an odd one:
    a list where an object was, a huge number, a lone surrogate, a status nobody knows."""
    lines = data.split(b"\n")
    candidates = [i for i, line in enumerate(lines) if line.strip()[:1] in (b"{", b"[")]
    if not candidates:
        return data
    number = candidates[a % len(candidates)]
    whole = len(candidates) == 1 and data.strip()[:1] == b"[" and len(lines) > 2
    try:
        value = json.loads(data if whole else lines[number])
    except (ValueError, RecursionError):
        return data
    nodes: list[tuple[Any, Any]] = []  # (container, key) of every value
    stack = [value]
    while stack and len(nodes) < 2000:
        node = stack.pop()
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, child in items:
            nodes.append((node, key))
            stack.append(child)
    if not nodes:
        return data
    container, key = nodes[b % len(nodes)]
    container[key] = JSON_VALUES[(a >> 8) % len(JSON_VALUES)]
    dumped = json.dumps(value).encode("ascii")  # escapes kept: `\\ud800` as written
    if whole:
        return dumped
    lines[number] = dumped
    return b"\n".join(lines)


# -- the check -------------------------------------------------------------------------------------


def storable(draft: DraftDocument) -> None:
    """Raise when the draft is one the project could not store as it is."""
    assert isinstance(draft.text, str) and draft.text
    draft.text.encode("utf-8")  # a lone surrogate cannot be stored
    draft.title.encode("utf-8")
    json.dumps(dict(draft.meta), ensure_ascii=False).encode("utf-8")
    for span in draft.spans:
        assert 0 <= span.start < span.end <= len(draft.text), span
        assert isinstance(span.label, str) and span.label.strip(), span
        span.label.encode("utf-8")
        span.note.encode("utf-8")
        json.dumps(dict(span.attributes), ensure_ascii=False).encode("utf-8")
    for relation in draft.relations:
        assert relation.head != relation.child
        assert 0 <= relation.head < len(draft.spans) and 0 <= relation.child < len(draft.spans)
        relation.label.encode("utf-8")
    for notice in draft.notices:
        notice.message.encode("utf-8")


def check(target: Target, folder: Path, case: Case, which: int, mutations: list[Any]) -> None:
    """Write the mutated case into `folder` and read it; raise on anything but words."""
    for child in folder.iterdir():
        child.unlink()
    names = list(case)
    victim = names[which % len(names)]
    other = case[names[(which + 1) % len(names)]]
    for name, data in case.items():
        (folder / name).write_bytes(mutate(data, mutations, other) if name == victim else data)
    target.count += 1
    for result in target.read(folder / names[0]):
        if isinstance(result, DraftDocument):
            storable(result)
        elif isinstance(result, bundle.BundleArticle):
            storable(result.draft)
        elif not isinstance(result, Problem | bundle.BundleHeader | bundle.BundleLink):
            raise AssertionError(f"a reader gave {type(result).__name__}")
        elif isinstance(result, Problem):
            result.message.encode("utf-8")


def run(target: Target, examples: int, *, derandomize: bool = False) -> None:
    """Feed `examples` mutated inputs to the target; raises on the first that breaks it.

    `derandomize` draws the same inputs on every run (the suite's quick run: a merge is never
    refused by a draw); `make fuzz` draws new ones each time."""
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{target.name}-"))
    try:

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=derandomize,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            st.integers(0, len(target.cases) - 1),
            st.integers(0, 3),
            st.integers(0, (1 << 32) - 1),
            st.integers(1, 6),
        )
        def one(index: int, which: int, seed: int, count: int) -> None:
            check(target, folder, target.cases[index], which, mutations_of(seed, count))

        one()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
