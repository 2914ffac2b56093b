"""Large numpy temporaries taken from the heap and reused, instead of mapped fresh each time.

Agreement over a thousand articles builds arrays of millions of cells, and the `krippendorff`
library makes temporaries of that size for every alpha it computes. glibc hands each allocation
above its mmap threshold straight from the kernel and gives it back on free, so every temporary
paid again for zeroed pages: measured on `bench_agreement`, the kernel's share of the CPU time
swung from 0.2 to 4.5 s for the same calls, and was most of the difference to the raw library
calls. Inside `large_arrays_reused()` such blocks come from the heap and are reused; on leaving,
the thresholds go back to glibc's defaults and the free memory is given back (`malloc_trim`), so
the window does not keep the peak. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_DEFAULT_THRESHOLD = 128 * 1024  # glibc's default for both
_HELD = 1 << 30  # blocks up to 1 GB from the heap
_KEEP = 2**31 - 1  # keep what is freed (the largest value mallopt takes)

_lock = threading.Lock()
_users = 0


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018 (present only in glibc-like C libraries)
    except (OSError, AttributeError):
        return None
    return libc


@contextmanager
def large_arrays_reused() -> Iterator[None]:
    """Keep large blocks in the heap while inside (nested and threaded uses share one setting)."""
    global _users
    libc = _glibc()
    if libc is None:
        yield
        return
    with _lock:
        if _users == 0:
            libc.mallopt(_M_MMAP_THRESHOLD, _HELD)
            libc.mallopt(_M_TRIM_THRESHOLD, _KEEP)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                libc.mallopt(_M_MMAP_THRESHOLD, _DEFAULT_THRESHOLD)
                libc.mallopt(_M_TRIM_THRESHOLD, _DEFAULT_THRESHOLD)
                libc.malloc_trim(0)
