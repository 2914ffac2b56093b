"""UIMA CAS XMI, as INCEpTION and WebAnno export it (`.xmi`).

The article's text is the `sofaString` of the `cas:Sofa` (the `_InitialView` one when there are
several; annotations of other views are left out and counted). Annotation `begin`/`end` count UTF-16
code units (Java's) into that string: they are converted through `Utf16Map`, then CRLF line breaks
(`&#13;&#10;` in the sofa) are folded to LF like every stored text, through `NewlineMap`.

Which elements become what, without reading the type system (`TypeSystem.xml` is not needed):

- an element with `Governor` and `Dependent` features (references to other elements' `xmi:id`) is a
  **relation** between the spans those ids became, labelled with its `label`, `value` or
  `DependencyType` feature, else the type's local name (`custom:Relation` → `Relation`);
- an element with `begin` and `end` is a **span**, labelled with its `value`, `label` or
  `referenceType` feature, else the type's local name (`NamedEntity`, `MyRelationBase`); its other
  plain features (e.g. a NamedEntity's `identifier`) are kept as span attributes, as strings; a chain
  link's `next` feature joins it to the next link by a relation (`referenceRelation`, else the type's
  local name);
- **structural** types are skipped, decided by package, not by name: the UIMA built-ins (`uima.cas`,
  `uima.tcas`: Sofa, View, DocumentAnnotation) and DKPro Core's preprocessing packages
  (`segmentation`: Token, Sentence, Lemma, …; `metadata`: DocumentMetaData, TagsetDescription;
  `lexmorph`: POS, morphology; `syntax`: dependency, constituents, chunks; `transform`, `structure`,
  `xml`). Everything else with offsets (DKPro `ner`, `coref`, `semantics`, `anomaly`, and every
  custom layer, `webanno.custom.*`) is what an analyst annotated, and is imported;
- elements without offsets (`cas:NULL`, arrays, a coreference chain's head) carry nothing of their
  own and are passed over.

Stacked annotations (same offsets, same label) become one span. Zero-width annotations (a position,
not a stretch of text), and relations that touch one, cannot be spans and are counted in the article's
metadata as left out, as in the WebAnno TSV reader; so are relations between skipped structural
annotations.

The XML is parsed with the standard library's expat-backed `xml.etree.ElementTree`, fed line by line
so that each problem names its line. A DOCTYPE or ENTITY declaration is refused before it is parsed:
nothing is ever fetched and no entity is expanded (no "billion laughs").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.errors import Problem
from annotator.domain.model import DraftDocument
from annotator.domain.offsets import Utf16Map
from annotator.formats.common import DEFAULT_OPTIONS, DraftBuilder, ReadOptions, finish, title_of
from annotator.formats.decoding import NewlineMap, looks_binary

NAME = "xmi"
EXTENSIONS = (".xmi",)

XMI_NS = "http://www.omg.org/XMI"
CAS_NS = "http:///uima/cas.ecore"
TYPE_SYSTEM_ROOT = "typeSystemDescription"
TYPE_SYSTEM_MESSAGE = (
    "a UIMA type system (TypeSystem.xml), not an article: it describes the types of the .xmi"
    " files beside it; import those"
)

_ID = f"{{{XMI_NS}}}id"
_ROOT = f"{{{XMI_NS}}}XMI"
_INITIAL_VIEW = "_InitialView"
_CHUNK = 1 << 20  # a line longer than this is fed in pieces

#: Java packages of the types that are not annotations an analyst made (see the module docstring).
_STRUCTURAL_PACKAGES = (
    "uima.",
    *(
        f"{root}.{package}."
        for root in ("de.tudarmstadt.ukp.dkpro.core.api", "org.dkpro.core.api")
        for package in (
            "segmentation",
            "metadata",
            "lexmorph",
            "syntax",
            "transform",
            "structure",
            "xml",
        )
    ),
)
_SPAN_LABEL_FEATURES = ("value", "label", "referenceType")
_RELATION_LABEL_FEATURES = ("label", "value", "DependencyType")
_CHAIN_LABEL_FEATURES = ("referenceRelation",)
_GOVERNOR, _DEPENDENT, _NEXT = "Governor", "Dependent", "next"
_NOT_ATTRIBUTES = frozenset(
    {"sofa", "begin", "end", _GOVERNOR, _DEPENDENT, _NEXT, *_CHAIN_LABEL_FEATURES}
)
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

_DTD_MESSAGE = (
    "DOCTYPE/ENTITY declarations are refused: UIMA CAS XMI has none, and entities could fetch"
    " files or expand without end"
)


def looks_like_xmi(head: str) -> bool:
    """True when the start of a file is UIMA CAS XMI (for `.xml` files that hold one)."""
    return XMI_NS in head and "<xmi:XMI" in head


def looks_like_type_system(head: str) -> bool:
    return f"<{TYPE_SYSTEM_ROOT}" in head


@dataclass
class _Element:
    """One feature structure: its type, its features as written, and the line it starts on."""

    namespace: str
    local: str
    attrib: dict[str, str]
    line: int
    children: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ident(self) -> str | None:
        return self.attrib.get(_ID)

    @property
    def type_name(self) -> str:
        """The Java type name: `http:///webanno/custom.ecore` + `Rel` → `webanno.custom.Rel`."""
        package = self.namespace.removeprefix("http:///").removesuffix(".ecore").replace("/", ".")
        return f"{package}.{self.local}" if package else self.local

    @property
    def structural(self) -> bool:
        return self.type_name.startswith(_STRUCTURAL_PACKAGES)

    def feature(self, name: str) -> str | None:
        value = self.attrib.get(name)
        if value is None and self.children.get(name):
            value = self.children[name][0]
        return value

    def where(self) -> str:
        return f"{self.local} (xmi:id {self.ident})" if self.ident else self.local


class _Refused(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _Collector:
    """An ElementTree parser target that keeps the root's children, each with its line."""

    def __init__(self) -> None:
        self.line = 1
        self.depth = 0
        self.root_line: int | None = None
        self.elements: list[_Element] = []
        self._feature: tuple[str, list[str]] | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            if tag != _ROOT:
                local = tag.rpartition("}")[2]
                if local == TYPE_SYSTEM_ROOT:
                    raise _Refused(TYPE_SYSTEM_MESSAGE, self.line)
                raise _Refused(
                    f"not UIMA CAS XMI: the root element is <{local}>, not <xmi:XMI>", self.line
                )
            self.root_line = self.line
        elif self.depth == 2:
            namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
            self.elements.append(_Element(namespace, local, dict(attrib), self.line))
        elif self.depth == 3 and self.elements:
            # A multi-valued feature written as child elements: <tags>a</tags><tags>b</tags>.
            name = tag.rpartition("}")[2]
            self._feature = (name, [])

    def data(self, text: str) -> None:
        if self._feature is not None:
            self._feature[1].append(text)

    def end(self, tag: str) -> None:
        if self.depth == 3 and self._feature is not None:
            name, parts = self._feature
            self.elements[-1].children.setdefault(name, []).append("".join(parts))
            self._feature = None
        self.depth -= 1

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _Refused(_DTD_MESSAGE, self.line)

    def close(self) -> None:
        return None


def _parse(path: Path) -> _Collector:
    """The file's elements, or `_Refused` naming the line of what is wrong."""
    collector = _Collector()
    parser = ET.XMLParser(target=collector)
    try:
        handle = path.open("rb")
    except IsADirectoryError:
        raise _Refused("is a folder, not a file", None) from None
    except OSError as error:
        raise _Refused(f"cannot read: {error.strerror}", None) from None
    with handle:
        head = handle.read(65536)
        if not head.strip():
            raise _Refused("empty file: no text to import", None)
        if looks_binary(head):
            raise _Refused("binary file, not text", None)
        handle.seek(0)
        line, closing = 1, False
        try:
            while piece := handle.readline(_CHUNK):
                collector.line = line
                if _DECLARATION.search(piece):
                    raise _Refused(_DTD_MESSAGE, line)
                parser.feed(piece)
                if piece.endswith(b"\n"):
                    line += 1
            closing = True
            parser.close()
        except (LookupError, ValueError) as error:
            # expat knows few encodings: an unknown name (LookupError) or a multi-byte one such
            # as Shift-JIS (ValueError) in the XML declaration.
            message = f"cannot read the XML's declared encoding ({error}); save the file as UTF-8"
            raise _Refused(message, line) from None
        except ET.ParseError as error:
            at_line, column = error.position
            reason = str(error).split(": line ", 1)[0]
            if closing:
                # The input ended too early: name its last line, not the empty one after it.
                last = line - 1 if line > 1 and collector.line < line else line
                message = f"truncated XML: the file ends before the document is complete ({reason})"
                raise _Refused(message, min(at_line, last)) from None
            message = f"not well-formed XML: {reason} (column {column + 1})"
            if reason.startswith("reference to invalid character"):
                message += "; XML 1.1 control characters are not supported"
            raise _Refused(message, at_line) from None
    return collector


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    try:
        parsed = _parse(path)
    except _Refused as refused:
        yield Problem(str(path), refused.line, refused.message)
        return
    sofa = _text_sofa(parsed.elements)
    if sofa is None:
        yield Problem(
            str(path),
            parsed.root_line,
            "no cas:Sofa with the article's text (sofaString) in this XMI",
        )
        return
    raw = sofa.attrib.get("sofaString", "")
    if not raw.strip():
        yield Problem(str(path), sofa.line, "the cas:Sofa's text (sofaString) is empty")
        return
    newline = NewlineMap(raw)
    builder = DraftBuilder(newline.text)
    problems: list[Problem] = []
    left_out = _annotations(parsed.elements, sofa, builder, Utf16Map(raw), newline, problems, path)
    if problems:
        yield from problems
        return
    meta: dict[str, Any] = {"file": path.name}
    document = next((e for e in parsed.elements if e.local == "DocumentMetaData"), None)
    if document is not None:
        for feature, key in (
            ("documentId", "document_id"),
            ("documentTitle", "document_title"),
            ("language", "language"),
        ):
            value = document.attrib.get(feature)
            if value and value != "x-unspecified":
                meta[key] = value
    meta.update({key: count for key, count in left_out.items() if count})
    yield from finish(
        builder, title=title_of(newline.text), meta=meta, path=path, line=None, format_name=NAME
    )


def _text_sofa(elements: list[_Element]) -> _Element | None:
    sofas = [
        e
        for e in elements
        if e.namespace == CAS_NS and e.local == "Sofa" and "sofaString" in e.attrib
    ]
    initial = [s for s in sofas if s.attrib.get("sofaID") == _INITIAL_VIEW]
    return next(iter(initial or sofas), None)


def _annotations(
    elements: list[_Element],
    sofa: _Element,
    builder: DraftBuilder,
    utf16: Utf16Map,
    newline: NewlineMap,
    problems: list[Problem],
    path: Path,
) -> Counter[str]:
    """Add the spans and relations to `builder`; problems go to `problems` with their lines."""
    left_out: Counter[str] = Counter()
    by_id = {e.ident: e for e in elements if e.ident is not None}
    zero_width: set[str] = set()
    sofa_id = sofa.ident

    def problem(element: _Element, message: str) -> None:
        problems.append(Problem(str(path), element.line, message))

    def leave_out(element: _Element, counter: str, why: str) -> None:
        """Count what is not stored in the article's meta, and name it in the import report."""
        left_out[counter] += 1
        builder.notice(f"{element.where()}: {why}: not stored", element.line)

    def in_view(element: _Element) -> bool:
        return element.attrib.get("sofa", sofa_id) == sofa_id

    def offset(element: _Element, name: str) -> int | None:
        """The UTF-16 offset `name` as written, checked against the sofa's text."""
        value = element.attrib.get(name, "")
        try:
            number = int(value)
        except ValueError:
            problem(element, f"{element.where()}: {name} {value!r} is not an integer")
            return None
        if not 0 <= number <= utf16.utf16_length:
            problem(
                element,
                f"{element.where()}: {name} {number} is outside the text"
                f" ({utf16.utf16_length} UTF-16 units)",
            )
            return None
        if utf16.is_inside_pair(number):
            problem(
                element,
                f"{element.where()}: {name} {number} falls between the two halves of a"
                " character above U+FFFF",
            )
            return None
        return number

    relations: list[_Element] = []
    chains: list[_Element] = []
    for element in elements:
        if element.structural or element.namespace == XMI_NS:
            continue
        if _GOVERNOR in element.attrib and _DEPENDENT in element.attrib:
            relations.append(element)
            continue
        if "begin" not in element.attrib or "end" not in element.attrib:
            continue
        if not in_view(element):
            leave_out(element, "other_view_annotations_left_out", "in another view")
            continue
        begin16, end16 = offset(element, "begin"), offset(element, "end")
        if begin16 is None or end16 is None:
            continue
        if end16 < begin16:
            problem(element, f"{element.where()}: {begin16}-{end16} ends before it starts")
            continue
        # UTF-16 units → code points of the sofa → the stored text (CRLF folded to LF).
        begin, end = newline(utf16.from_utf16(begin16)), newline(utf16.from_utf16(end16))
        if begin == end:  # a position (or a lone CR of a CRLF), not a stretch of text
            leave_out(element, "zero_width_annotations_left_out", "zero-width")
            if element.ident is not None:
                zero_width.add(element.ident)
            continue
        label, label_feature = _label(element, _SPAN_LABEL_FEATURES)
        attributes: dict[str, Any] = {
            name: value
            for name, value in element.attrib.items()
            if name not in _NOT_ATTRIBUTES
            and name != label_feature
            and not name.startswith("{")
            and value != ""
        }
        for name, values in element.children.items():
            if name not in _NOT_ATTRIBUTES and name != label_feature and values:
                attributes[name] = values if len(values) > 1 else values[0]
        before = len(builder.messages)
        builder.add_span(
            begin,
            end,
            label,
            key=element.ident,
            what=element.where(),
            attributes=attributes,
        )
        for message in builder.messages[before:]:
            problem(element, message)
        del builder.messages[before:]
        if element.attrib.get(_NEXT, "") not in ("", "0"):
            chains.append(element)

    def end_of(relation: _Element, feature: str) -> int | str:
        """The span index a reference feature points to, or why there is none."""
        ident = relation.attrib.get(feature, "")
        if ident not in by_id:
            problem(
                relation,
                f"{relation.where()}: its {feature} {ident!r} is not an element of this file",
            )
            return "missing"
        index = builder.index_of_key(ident)
        if index is None:
            return "zero-width" if ident in zero_width else "skipped"
        return index

    def relate(element: _Element, head: int | str, child: int | str, label: str) -> None:
        if isinstance(head, int) and isinstance(child, int):
            before = len(builder.messages)
            builder.add_relation(head, child, label)
            for message in builder.messages[before:]:
                problem(element, f"{element.where()}: {message}")
            del builder.messages[before:]
        elif "missing" not in (head, child):
            if "zero-width" in (head, child):
                leave_out(element, "zero_width_annotations_left_out", "joins a zero-width one")
            else:
                leave_out(
                    element,
                    "relations_to_skipped_annotations_left_out",
                    "joins tokens or other annotations not imported",
                )

    for relation in relations:
        if not in_view(relation):
            leave_out(relation, "other_view_annotations_left_out", "in another view")
            continue
        relate(
            relation,
            end_of(relation, _GOVERNOR),
            end_of(relation, _DEPENDENT),
            _label(relation, _RELATION_LABEL_FEATURES)[0],
        )
    for link in chains:
        head = builder.index_of_key(link.ident)
        relate(
            link,
            "skipped" if head is None else head,
            end_of(link, _NEXT),
            _label(link, _CHAIN_LABEL_FEATURES)[0],
        )
    return left_out


def _label(element: _Element, features: tuple[str, ...]) -> tuple[str, str | None]:
    """The label and the feature it came from: the first of `features` with a non-blank value,
    else the type's local name (and None)."""
    for name in features:
        value = element.feature(name)
        if value is not None and value.strip():
            return value, name
    return element.local, None
