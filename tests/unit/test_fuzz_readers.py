"""The quick fuzz: each reader fed 200 mutated real files, no traceback, no unstorable draft.
(`make fuzz` runs 10,000 a reader; see `tests/fuzz/readers.py`.)"""

from __future__ import annotations

import pytest

from tests.fuzz.readers import CASES, mutate, run, targets

QUICK = 200

if not CASES.is_dir():
    pytest.skip(f"shared cases not found at {CASES}", allow_module_level=True)

TARGETS = {target.name: target for target in targets()}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_reader_survives_mutated_real_files(name: str) -> None:
    target = TARGETS[name]
    run(target, QUICK, derandomize=True)
    assert target.count >= QUICK


def test_the_mutations_change_the_files() -> None:
    """A fuzzer whose mutations did nothing would pass every reader: they must change the bytes."""
    seed = next(iter(TARGETS["jsonl"].cases[0].values()))
    from tests.fuzz.readers import mutations_of

    changed = sum(mutate(seed, mutations_of(n, 2), seed) != seed for n in range(100))
    assert changed >= 90
