"""Plain-text import: titles, kept characters, normalised line breaks, and refused bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import InputRefused
from annotator.service import ProjectService
from tests.conftest import SEEDS
from tests.pg import table_rows


def dump(service: ProjectService) -> dict[str, list[tuple[object, ...]]]:
    return table_rows(service.store)


def test_seeds_import_with_titles_and_the_nbsp_kept(service: ProjectService) -> None:
    report = service.import_paths([SEEDS])
    assert len(report.document_ids) == 2
    first = service.document(report.document_ids[0])
    raw = (SEEDS / "000_7f3ecc1138e4dd58.txt").read_text(encoding="utf-8")
    assert (
        first.title == "Russia ,US to urge ‘Opposition ‘to Form Team for Negotiations,says Lavrov"
    )
    assert first.text == raw
    assert "\u00a0" in first.text
    second = service.document(report.document_ids[1])
    assert second.title.startswith("If US Separates Terrorists & Opposition in Syria")
    assert second.provenance.path is not None and second.provenance.path.endswith(
        "004_6a4efd1afba59cf5.txt"
    )


def test_bom_and_crlf_are_normalised_and_everything_else_kept(
    service: ProjectService, tmp_path: Path
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("\ufeffTitle 🇷🇺\r\nLine\u00a0two 𝐁 e\u0301\rthree\u2029".encode())
    (document_id,) = service.import_paths([path]).document_ids
    document = service.document(document_id)
    assert document.title == "Title 🇷🇺"
    assert document.text == "Title 🇷🇺\nLine\u00a0two 𝐁 e\u0301\nthree\u2029"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("cut.txt", "Title\nпривет".encode()[:-1], "truncated UTF-8"),
    ],
)
def test_bad_files_are_refused_by_name_and_nothing_is_stored(
    seeded: ProjectService, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Fine title\nfine text", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    before = dump(seeded)
    with pytest.raises(InputRefused) as refused:
        seeded.import_paths([good, bad])
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (str(bad), refused.value.problems[0].message)
    ]
    assert message in str(refused.value)
    assert str(bad) in str(refused.value)
    assert dump(seeded) == before


def test_a_refused_import_lists_every_bad_file(service: ProjectService, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "c.txt").write_text("ok\nok", encoding="utf-8")
    with pytest.raises(InputRefused) as refused:
        service.import_paths([tmp_path])
    assert [Path(p.path).name for p in refused.value.problems] == ["a.txt", "b.txt"]
    assert service.document_count() == 0


def test_the_same_text_twice_is_skipped_as_a_duplicate(seeded: ProjectService) -> None:
    report = seeded.import_paths([SEEDS])
    assert report.document_ids == []
    assert len(report.duplicates) == 2
    assert seeded.document_count() == 2


def test_a_truncated_utf8_file_names_the_line(service: ProjectService, tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes("Title\nline two\nпривет".encode()[:-1])
    with pytest.raises(InputRefused) as refused:
        service.import_paths([path])
    assert refused.value.problems[0].line == 3
