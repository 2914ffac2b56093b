"""Readers and writers of files: plain text, Prodigy JSONL, and (later) other tools' formats.

A reader turns one input file into `DraftDocument`s, yielding a `Problem` for each bad record
instead of stopping at the first, so a refused import can list every one. A writer turns stored
documents into one output format. Neither touches the project: the services do.
"""

from annotator.formats.registry import READERS, WRITERS, detect_reader, reader_named, writer_named

__all__ = ["READERS", "WRITERS", "detect_reader", "reader_named", "writer_named"]
