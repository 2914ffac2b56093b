"""`make fuzz`: every reader fed `--examples` mutated real files (10,000 by default).

Prints one line a reader (inputs, seconds, the peak resident memory so far) and, for a reader that
broke, the input hypothesis shrank it to and the traceback; exits 1 if any broke or the peak
resident memory passed `--max-rss-mb` (seed files are at most 16 KB: no input needs more). The address
space is capped (`--memory-mb`), so an input that asks for gigabytes fails as a MemoryError here
instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import traceback

from tests.fuzz.readers import run, targets


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per reader")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address space cap")
    parser.add_argument(
        "--max-rss-mb", type=int, default=512, help="fail when the peak resident memory passes it"
    )
    parser.add_argument("--only", action="append", help="fuzz only this reader (repeatable)")
    args = parser.parse_args()
    cap = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    broken = 0
    total = 0
    started = time.perf_counter()
    for target in targets():
        if args.only and target.name not in args.only:
            continue
        began = time.perf_counter()
        try:
            run(target, args.examples)
            outcome = "ok"
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            broken += 1
            outcome = "BROKEN"
            traceback.print_exc()
        total += target.count
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(
            f"FUZZ reader={target.name} inputs={target.count} seconds="
            f"{time.perf_counter() - began:.1f} peak_rss_mb={peak} {outcome}",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"FUZZ total inputs={total} seconds={time.perf_counter() - started:.1f}"
        f" peak_rss_mb={peak} (bound {args.max_rss_mb}) broken_readers={broken}"
    )
    return 1 if broken or peak > args.max_rss_mb else 0


if __name__ == "__main__":
    sys.exit(main())
