"""A bundle (or a colleague's project) whose label keys the project gave to other labels."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEEDS


def test_bundle_label_whose_hotkey_the_project_gave_away_imports_without_the_key(
    tmp_path: Path,
) -> None:
    from annotator.service import ProjectService

    colleague = ProjectService.open(tmp_path / "colleague.annotator.db")
    colleague.import_paths([SEEDS])
    claim_key = colleague.schema.get("CLAIM").hotkey
    assert claim_key == "1"
    bundle = tmp_path / "colleague.jsonl"
    colleague.export("annotator", bundle)
    colleague.close()

    mine = ProjectService.open(tmp_path / "mine.annotator.db")
    mine.load_schema_preset("semeval2020_task11")  # takes key 1 from CLAIM
    holder = mine.schema.by_hotkey("1")
    assert holder is not None and holder.name != "CLAIM"
    report = mine.import_paths([bundle])
    assert mine.schema.by_hotkey("1").name == holder.name
    assert mine.schema.get("CLAIM").hotkey is None
    said = [p.message for p in report.not_stored]
    assert f"label CLAIM: its hotkey 1 stays with {holder.name}; CLAIM has no hotkey here" in said
    # Every bundle label whose key the preset holds is named once; none is dropped unsaid.
    keyless = [label.name for label in mine.schema.labels if label.hotkey is None]
    assert len(said) == len([m for m in said if m.split(":")[0][6:] in keyless])
    assert all(p.path == str(bundle) for p in report.not_stored)
    mine.close()
