"""UIMA CAS XMI (INCEpTION, WebAnno): the real exports, hard text we write, and refused input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.domain.errors import InputRefused
from tests.pg import table_rows

XMI = "http://www.omg.org/XMI"
IMPORTED_NAMESPACES = ("http:///de/tudarmstadt/ukp/dkpro/core/api/ner/", "http:///webanno/custom")
EMOJI = "inception-tsv3-suite-testSentenceWithEmoji-reference.xmi"
STACKED = (
    "inception-tsv3-suite-testSingleStackedNonTokenOverlappingRelationWithoutFeatureValue-"
    "reference.xmi"
)
RELATION = "inception-imls-stringmatch-relation_test.xmi"
TYPE_SYSTEM = "inception-imls-stringmatch-relation-TypeSystem.xml"

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI"'
    ' xmlns:cas="http:///uima/cas.ecore"'
    ' xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore"'
    ' xmlns:type5="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore"'
    ' xmlns:coref="http:///de/tudarmstadt/ukp/dkpro/core/api/coref/type.ecore"'
    ' xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">\n'
    '    <cas:NULL xmi:id="0"/>\n'
)
FOOTER = "</xmi:XMI>\n"


def dump(service) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    return table_rows(service.store)


def refused(service, paths: list[Path], **options) -> list[tuple[str, int | None, str]]:  # type: ignore[no-untyped-def]
    """The problems of an import that must be refused, after checking it stored nothing."""
    before = dump(service)
    with pytest.raises(InputRefused) as error:
        service.import_paths(paths, **options)
    assert dump(service) == before
    return [(Path(p.path).name, p.line, p.message) for p in error.value.problems]


def stored(service, document_id: int) -> tuple[str, set[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    text = service.document(document_id).text
    return text, {(s.label, text[s.start : s.end]) for s in service.spans(document_id)}


def relation_texts(service, document_id: int) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    text = service.document(document_id).text
    spans = {s.id: s for s in service.spans(document_id)}
    return {
        (
            text[spans[r.head_id].start : spans[r.head_id].end],
            r.label,
            text[spans[r.child_id].start : spans[r.child_id].end],
        )
        for r in service.relations(document_id)
    }


def sofa_slice(sofa: str, begin: int, end: int) -> str:
    """What Java's `sofaString.substring(begin, end)` gives: offsets in UTF-16 code units."""
    return sofa.encode("utf-16-le")[2 * begin : 2 * end].decode("utf-16-le")


def tool_spans(path: Path) -> tuple[str, set[tuple[str, str]]]:
    """The sofa and (label, text) of each named-entity or custom span, read independently."""
    root = ET.parse(path).getroot()
    sofa = next(e for e in root if e.tag == "{http:///uima/cas.ecore}Sofa").attrib["sofaString"]
    spans = set()
    for element in root:
        a = element.attrib
        if not element.tag[1:].startswith(IMPORTED_NAMESPACES) or "Governor" in a:
            continue
        if "begin" in a and int(a["begin"]) < int(a["end"]):
            label = a.get("value") or element.tag.rpartition("}")[2]
            text = sofa_slice(sofa, int(a["begin"]), int(a["end"]))
            spans.add((label, text.replace("\r\n", "\n")))
    return sofa, spans


def xmi_cases(cases_dir: Path) -> list[Path]:
    return sorted((cases_dir / "uima_xmi").glob("*.xmi"))


# -- the real exports ----------------------------------------------------------------------------


def test_every_xmi_case_imports_with_the_tools_span_texts(service, cases_dir: Path) -> None:
    paths = xmi_cases(cases_dir)
    assert len(paths) == 3
    for path in paths:
        report = service.import_paths([path], allow_duplicates=True, detect_debris=False)
        [document_id] = report.document_ids
        _sofa, expected = tool_spans(path)
        _text, spans = stored(service, document_id)
        assert spans == expected, path.name
        assert spans and all(t.strip() for _label, t in spans), path.name
        assert service.document(document_id).provenance.format == "xmi"


def test_emoji_named_entity_is_the_emoji(service, cases_dir: Path) -> None:
    path = cases_dir / "uima_xmi" / EMOJI
    report = service.import_paths([path])
    text, spans = stored(service, report.document_ids[0])
    sofa, _ = tool_spans(path)
    assert text == sofa == "I like it 😊 ."
    # begin=10 end=12 are UTF-16 units: the one code point at 10.
    assert spans == {("NamedEntity", "😊")} == {("NamedEntity", sofa_slice(sofa, 10, 12))}
    [span] = service.spans(report.document_ids[0])
    assert (span.start, span.end) == (10, 11)


def test_crlf_sofa_keeps_offsets_and_relations(service, cases_dir: Path) -> None:
    path = cases_dir / "uima_xmi" / RELATION
    sofa, _ = tool_spans(path)
    assert "\r\n" in sofa  # `&#13;&#10;` in the sofaString
    report = service.import_paths([path])
    document_id = report.document_ids[0]
    text, spans = stored(service, document_id)
    assert text == sofa.replace("\r\n", "\n")
    assert spans == {
        ("city", "Darmstadt"),
        ("state", "Hessen"),
        ("city", "Hannover"),
        ("state", "Lower Saxony"),
    }
    assert relation_texts(service, document_id) == {("Darmstadt", "located in", "Hessen")}
    assert report.relations == 1
    # Tokens, sentences, metadata and tagsets are structure, not annotations.
    assert {label for label, _t in spans}.isdisjoint({"Token", "Sentence", "TagsetDescription"})
    meta = service.document(document_id).meta
    assert meta["document_id"] == "relation_test.txt"


def test_stacked_spans_and_relation_without_feature_value(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "uima_xmi" / STACKED])
    document_id = report.document_ids[0]
    _text, spans = stored(service, document_id)
    assert spans == {("NamedEntity", "This is a test ."), ("NamedEntity", ".")}
    assert relation_texts(service, document_id) == {("This is a test .", "Relation", ".")}


def test_folder_import_passes_over_the_type_system(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "uima_xmi"], detect_debris=False)
    assert len(report.document_ids) == 3
    assert not any(name.endswith(".xml") for name in report.per_file)


def test_type_system_imported_directly_is_named(service, cases_dir: Path) -> None:
    path = cases_dir / "uima_xmi" / TYPE_SYSTEM
    [(name, _line, message)] = refused(service, [path])
    assert name == TYPE_SYSTEM
    assert message.startswith("a UIMA type system (TypeSystem.xml), not an article")
    [(_name, line, forced)] = refused(service, [path], format_name="xmi")
    assert (line, forced) == (2, message)


# -- XMI we write --------------------------------------------------------------------------------


def sofa_attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
    )


def u16(text: str, sub: str) -> tuple[int, int]:
    """UTF-16 begin and end of `sub` in `text`, as Java would write them."""
    start = len(text[: text.index(sub)].encode("utf-16-le")) // 2
    return start, start + len(sub.encode("utf-16-le")) // 2


def write_xmi(path: Path, text: str, body: str) -> Path:
    sofa = f'    <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{sofa_attribute(text)}"/>\n'
    path.write_text(HEADER + body + sofa + FOOTER, encoding="utf-8")
    return path


def test_hard_text_astral_crlf_attributes_chains_and_zero_width(service, tmp_path: Path) -> None:
    text = "𝒜lice 😊 said\r\ncafe\u0301 in שלום <Paris> & Kyiv.\r\n"
    a, b = u16(text, "𝒜lice"), u16(text, "שלום")
    c, d = u16(text, "<Paris>"), u16(text, "Kyiv")
    e = u16(text, "cafe\u0301")
    body = (
        f'    <type5:Token xmi:id="2" sofa="1" begin="{a[0]}" end="{a[1]}"/>\n'
        f'    <type4:NamedEntity xmi:id="3" sofa="1" begin="{a[0]}" end="{a[1]}" value="PER"'
        ' identifier="https://example.org/alice"/>\n'
        f'    <type4:NamedEntity xmi:id="4" sofa="1" begin="{b[0]}" end="{b[1]}" value="LOC"/>\n'
        f'    <custom:Place xmi:id="5" sofa="1" begin="{c[0]}" end="{c[1]}">'
        "<tags>city</tags><tags>capital</tags></custom:Place>\n"
        f'    <custom:Claim xmi:id="6" sofa="1" begin="{e[0]}" end="{e[1]}" label="CLAIM"/>\n'
        f'    <type4:NamedEntity xmi:id="7" sofa="1" begin="{d[0]}" end="{d[0]}" value="LOC"/>\n'
        f'    <custom:Rel xmi:id="8" sofa="1" begin="0" end="1" Governor="3" Dependent="4"'
        ' label="LIVES_IN"/>\n'
        f'    <custom:Rel xmi:id="9" sofa="1" begin="0" end="1" Governor="3" Dependent="7"/>\n'
        f'    <custom:Rel xmi:id="10" sofa="1" begin="0" end="1" Governor="2" Dependent="4"/>\n'
        f'    <coref:CoreferenceLink xmi:id="11" sofa="1" begin="{b[0]}" end="{b[1]}"'
        ' next="12" referenceType="NAM" referenceRelation="coreferent"/>\n'
        f'    <coref:CoreferenceLink xmi:id="12" sofa="1" begin="{d[0]}" end="{d[1]}"'
        ' referenceType="NAM"/>\n'
        '    <coref:CoreferenceChain xmi:id="13" first="11"/>\n'
    )
    path = write_xmi(tmp_path / "hard.xmi", text, body)
    report = service.import_paths([path], detect_debris=False)
    document_id = report.document_ids[0]
    stored_text, spans = stored(service, document_id)
    assert stored_text == text.replace("\r\n", "\n")
    assert spans == {
        ("PER", "𝒜lice"),
        ("LOC", "שלום"),
        ("Place", "<Paris>"),
        ("CLAIM", "cafe\u0301"),
        ("NAM", "שלום"),
        ("NAM", "Kyiv"),
    }
    assert relation_texts(service, document_id) == {
        ("𝒜lice", "LIVES_IN", "שלום"),
        ("שלום", "coreferent", "Kyiv"),
    }
    attributes = {s.label: dict(s.attributes) for s in service.spans(document_id)}
    assert attributes["PER"] == {"identifier": "https://example.org/alice"}
    assert attributes["Place"] == {"tags": ["city", "capital"]}
    meta = service.document(document_id).meta
    # The zero-width entity and the relation to it; the relation from a Token.
    assert meta["zero_width_annotations_left_out"] == 2
    assert meta["relations_to_skipped_annotations_left_out"] == 1


def test_xml_file_holding_xmi_is_recognised(service, tmp_path: Path) -> None:
    body = '    <type4:NamedEntity xmi:id="2" sofa="1" begin="0" end="5" value="PER"/>\n'
    path = write_xmi(tmp_path / "export.xml", "Alice went home.", body)
    report = service.import_paths([path])
    assert stored(service, report.document_ids[0])[1] == {("PER", "Alice")}


# -- refused input -------------------------------------------------------------------------------


def test_truncated_xml_is_refused_with_its_last_line(
    service, cases_dir: Path, tmp_path: Path
) -> None:
    data = (cases_dir / "uima_xmi" / RELATION).read_bytes()
    cut = data[: data.index(b"<custom:MyRelationLayer")]
    path = tmp_path / "truncated.xmi"
    path.write_bytes(cut)
    [(name, line, message)] = refused(service, [path])
    assert name == "truncated.xmi"
    assert line == cut.count(b"\n") + 1  # the line the file stops in
    assert message.startswith("truncated XML: the file ends before the document is complete")


def test_broken_xml_names_line_and_column(service, tmp_path: Path) -> None:
    path = tmp_path / "broken.xmi"
    path.write_text(HEADER + '    <type4:NamedEntity begin="0" end="1">\n' + FOOTER)
    [(_name, line, message)] = refused(service, [path])
    assert line == 4
    assert message.startswith("not well-formed XML: mismatched tag (column")


def test_xmi_without_a_sofa_is_refused(service, tmp_path: Path) -> None:
    path = tmp_path / "nosofa.xmi"
    path.write_text(
        HEADER + '    <type4:NamedEntity xmi:id="2" sofa="1" begin="0" end="5"/>\n' + FOOTER
    )
    assert refused(service, [path]) == [
        ("nosofa.xmi", 1, "no cas:Sofa with the article's text (sofaString) in this XMI")
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore">
    <cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="&lol9;"/>
</xmi:XMI>
"""
DTD_MESSAGE = "DOCTYPE/ENTITY declarations are refused"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_doctype_with_entities_is_refused(service, tmp_path: Path, encoding: str) -> None:
    # UTF-16 hides the declaration from the byte scan: the parser's own DOCTYPE hook refuses it.
    path = tmp_path / "lolz.xmi"
    path.write_bytes(
        BILLION_LAUGHS.replace('"1.0"?>', f'"1.0" encoding="{encoding}"?>').encode(encoding)
    )
    [(name, line, message)] = refused(service, [path])
    assert (name, line) == ("lolz.xmi", 2)
    assert message.startswith(DTD_MESSAGE)


def test_external_entity_is_refused(service, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    path = tmp_path / "xxe.xmi"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore">\n'
        '<cas:Sofa xmi:id="1" sofaString="&xxe;"/></xmi:XMI>\n',
        encoding="utf-8",
    )
    [(_name, line, message)] = refused(service, [path])
    assert line == 2 and message.startswith(DTD_MESSAGE)


def test_bad_annotations_are_each_listed_by_line(service, tmp_path: Path) -> None:
    body = (
        '    <type4:NamedEntity xmi:id="2" sofa="1" begin="0" end="99"/>\n'
        '    <type4:NamedEntity xmi:id="3" sofa="1" begin="x" end="2"/>\n'
        '    <type4:NamedEntity xmi:id="4" sofa="1" begin="4" end="2"/>\n'
        '    <type4:NamedEntity xmi:id="5" sofa="1" begin="0" end="1"/>\n'
        '    <custom:Rel xmi:id="6" sofa="1" begin="0" end="1" Governor="5" Dependent="77"/>\n'
    )
    bad = write_xmi(tmp_path / "bad.xmi", "A short text.", body)
    good = write_xmi(tmp_path / "good.xmi", "Another text.", "")
    problems = refused(service, [good, bad])
    assert [(name, line) for name, line, _m in problems] == [
        ("bad.xmi", 3),
        ("bad.xmi", 4),
        ("bad.xmi", 5),
        ("bad.xmi", 7),
    ]
    messages = [m for _n, _l, m in problems]
    assert messages[0] == "NamedEntity (xmi:id 2): end 99 is outside the text (13 UTF-16 units)"
    assert messages[1] == "NamedEntity (xmi:id 3): begin 'x' is not an integer"
    assert messages[2] == "NamedEntity (xmi:id 4): 4-2 ends before it starts"
    assert messages[3] == "Rel (xmi:id 6): its Dependent '77' is not an element of this file"


def test_offset_inside_a_surrogate_pair_is_refused(service, tmp_path: Path) -> None:
    body = '    <type4:NamedEntity xmi:id="2" sofa="1" begin="3" end="4"/>\n'
    path = write_xmi(tmp_path / "pair.xmi", "ab 😊 c", body)
    [(_name, line, message)] = refused(service, [path])
    assert line == 3
    assert "end 4 falls between the two halves" in message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file: no text to import"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    ],
    ids=["empty", "binary"],
)
def test_empty_and_binary_xmi_are_refused(
    service, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "odd.xmi"
    path.write_bytes(data)
    assert [m for _n, _l, m in refused(service, [path])] == [message]


def test_other_xml_is_not_taken_for_xmi(service, tmp_path: Path) -> None:
    path = tmp_path / "feed.xmi"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>\n')
    assert refused(service, [path]) == [
        ("feed.xmi", 2, "not UIMA CAS XMI: the root element is <rss>, not <xmi:XMI>")
    ]
