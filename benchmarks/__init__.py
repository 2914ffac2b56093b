"""Benchmarks: each measures our code against a raw baseline timed in the same run."""
