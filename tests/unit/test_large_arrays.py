"""Agreement's large arrays are reused from the heap while it computes, and the memory is given
back afterwards: the window does not keep the peak of a computation it has finished."""

from __future__ import annotations

import ctypes
import sys

import numpy as np
import pytest

from annotator.service.large_arrays import large_arrays_reused


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _heap() -> _MallInfo2:
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _MallInfo2
    return libc.mallinfo2()


pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallinfo2"),
    reason="glibc's malloc only",
)

MB = 1 << 20


def test_inside_a_large_array_comes_from_the_heap_and_is_kept_for_the_next() -> None:
    with large_arrays_reused():
        mapped = _heap().hblkhd
        block = np.ones(80 * MB // 8)
        assert _heap().hblkhd - mapped < 80 * MB  # not a block mapped on its own
        del block
        assert _heap().fordblks >= 80 * MB  # freed, and kept in the heap for the next one


def test_after_leaving_large_arrays_are_mapped_on_their_own_again() -> None:
    with large_arrays_reused():
        block = np.ones(80 * MB // 8)
        del block
    mapped = _heap().hblkhd
    block = np.ones(80 * MB // 8)
    assert _heap().hblkhd - mapped >= 80 * MB  # glibc's default again: mapped on its own
    del block
