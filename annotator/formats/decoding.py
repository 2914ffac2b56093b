"""Turning a file's bytes into text, with a precise error when they are not text.

What the stored text keeps and what it normalises: a byte-order mark is dropped; CRLF and lone CR
line breaks become LF; everything else (NBSP, U+2029, emoji, combining marks) is kept as it is.
"""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import AnnotatorError

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise AnnotatorError("is a folder, not a file", path=str(path)) from None
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=str(path)) from None


def looks_binary(data: bytes) -> bool:
    """NUL bytes in text that is not UTF-16/32 mean a binary file (image, archive, database)."""
    return not data.startswith(_BOMS) and b"\x00" in data[:65536]


def decode_text(data: bytes, path: Path) -> str:
    """Decode a text file's bytes as UTF-8 (with or without BOM), refusing empty and binary files."""
    if not data.strip():
        raise AnnotatorError("empty file: no text to import", path=str(path))
    if looks_binary(data):
        raise AnnotatorError("binary file, not text", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise AnnotatorError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded",
            path=str(path),
            line=line,
        ) from None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
