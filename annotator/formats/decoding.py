"""Turning a file's bytes into text, with a precise error when they are not text.

What the stored text keeps and what it normalises: a byte-order mark is dropped; CRLF and lone CR
line breaks become LF; everything else (NBSP, U+2029, emoji, combining marks) is kept as it is.

Text that is not UTF-8 (UTF-16 with a BOM, cp1251, latin-1, …) is recognised by charset-normalizer,
never by guessing here; a file it cannot read as any text is refused as binary.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import AnnotatorError

_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: Path) -> bytes:
    try:
        # Unbuffered: the whole file in one read, without a buffer object and a tty check per file.
        with open(path, "rb", buffering=0) as handle:
            return handle.readall()
    except IsADirectoryError:
        raise AnnotatorError("is a folder, not a file", path=str(path)) from None
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=str(path)) from None


def looks_binary(data: bytes) -> bool:
    """NUL bytes in text that is not UTF-16/32 mean a binary file (image, archive, database)."""
    return not data.startswith(_BOMS) and data.find(b"\x00", 0, 65536) >= 0


def _detect(data: bytes, path: Path) -> str:
    """Decode bytes that are not UTF-8 with the encoding charset-normalizer finds, or refuse."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise AnnotatorError("binary file, not text (no text encoding fits it)", path=str(path))
    return str(best)


def decode_text(data: bytes, path: Path) -> str:
    """Decode a text file's bytes, refusing empty and binary files.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are read as they say; anything else is
    handed to charset-normalizer (cp1251, latin-1, Shift-JIS, …).
    """
    if not data.strip(b" \t\r\n\x00" if data.startswith(_BOMS) else b" \t\r\n"):
        raise AnnotatorError("empty file: no text to import", path=str(path))
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                message = f"broken {codec} text: {error.reason}"
                raise AnnotatorError(message, path=str(path)) from None
            if not text.strip():
                raise AnnotatorError("empty file: no text to import", path=str(path))
            return text
    if looks_binary(data):
        raise AnnotatorError("binary file, not text", path=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            line = data.count(b"\n", 0, error.start) + 1
            raise AnnotatorError(
                "truncated UTF-8: the file ends in the middle of a character",
                path=str(path),
                line=line,
            ) from None
    return _detect(data, path)


def normalise_newlines(text: str) -> str:
    if "\r" not in text:  # the common case: one scan, no copies
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path) -> str:
    """A whole text file, decoded and with LF line breaks."""
    return normalise_newlines(decode_text(read_bytes(path), path))


def utf8_lines(path: Path) -> Iterator[tuple[int, str | AnnotatorError]]:
    """The lines of a UTF-8 file (JSONL, CSV), streamed: (line number, text or the error).

    Lines are read one at a time, so a file of gigabytes costs the memory of its longest line.
    A line that is not UTF-8 is reported with its number; the BOM of the first line is dropped.
    """
    try:
        handle = path.open("rb")
    except IsADirectoryError:
        raise AnnotatorError("is a folder, not a file", path=str(path)) from None
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=str(path)) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise AnnotatorError(
                        "UTF-16 file: save it as UTF-8 to import it", path=str(path), line=1
                    )
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
            if b"\x00" in raw:
                yield number, AnnotatorError("binary data, not text", path=str(path), line=number)
                continue
            try:
                yield number, raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                yield (
                    number,
                    AnnotatorError(
                        f"not UTF-8: byte 0x{raw[error.start]:02x} at column {error.start + 1}"
                        " cannot be decoded",
                        path=str(path),
                        line=number,
                    ),
                )


class NewlineMap:
    """Maps offsets into a text with CRLF line breaks to offsets into its LF-only form.

    Tools that count in the raw file (brat, the PTC labels) count each CR of a CRLF; the stored
    text has none, so every offset after one moves back by one. `shift` is for a tool that also
    counts the byte-order mark the stored text drops (the PTC).
    """

    def __init__(self, raw: str, shift: int = 0) -> None:
        self._shift = shift  # characters the file counts before the text (a byte-order mark)
        self._crlf = (
            [i for i in range(len(raw) - 1) if raw[i] == "\r" and raw[i + 1] == "\n"]
            if ("\r\n" in raw)
            else []
        )
        self.text = normalise_newlines(raw)

    def __call__(self, offset: int) -> int:
        from bisect import bisect_left

        if self._shift:
            offset = max(offset - self._shift, 0)
        return offset - bisect_left(self._crlf, offset)
