"""Decode an article file's bytes (UTF-8, or UTF-16 with its BOM), and say how to convert anything else (for
batch input lines too)."""

from __future__ import annotations

import re

from searchkit.errors import CorpusError
from searchkit.normalize import HAN_CHAR, HAN_RANGES

_HAN_RUN = re.compile(f"[{HAN_RANGES}]{{2,}}")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_article_bytes(data: bytes, path: str) -> str:
    """UTF-8 (a BOM allowed), or UTF-16 that starts with its BOM. Anything else is an error that says where UTF-8
    failed and, when the bytes read as GB18030 (common in Chinese archives), how to convert the file."""
    if data.startswith(_UTF16_BOMS) and not data.startswith(b"\xff\xfe\x00\x00"):  # not UTF-32
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CorpusError(path, "not valid UTF-16 (it starts with a UTF-16 byte-order mark)") from None
    offset = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        bad_byte = error.object[error.start]
        reason = f"not valid UTF-8 (byte 0x{bad_byte:02x} at offset {offset + error.start})"
        raise CorpusError(path, reason + conversion_hint(data)) from None


def conversion_hint(data: bytes, min_chinese: int = 10) -> str:
    """How to convert bytes that are not UTF-8, when they look like UTF-16 (with a byte-order mark or without) or
    read as GB18030 Chinese with at least min_chinese characters (one for a batch query line); else ""."""
    if data.startswith(_UTF16_BOMS):
        return "; it starts with a UTF-16 byte-order mark: convert it with iconv -f UTF-16 -t UTF-8"
    return _utf16_hint(data) or _gb18030_hint(data, min_chinese)


def _utf16_hint(data: bytes) -> str:
    """How to convert the file, when it looks like UTF-16 without a byte-order mark: English letters then have
    a zero byte beside each, after them in little-endian files and before them in big-endian ones."""
    sample = data[:4096]
    zeros_after, zeros_before = sample[1::2].count(0), sample[0::2].count(0)
    most, fewest = max(zeros_after, zeros_before), min(zeros_after, zeros_before)
    if most < max(8, len(sample) // 10) or most < 3 * fewest:  # too few, or zeros on both sides (a binary file)
        return ""
    encoding = "UTF-16LE" if zeros_after > zeros_before else "UTF-16BE"
    return f"; it looks like {encoding} without a byte-order mark: convert it with iconv -f {encoding} -t UTF-8"


def _gb18030_hint(data: bytes, min_chinese: int = 10) -> str:
    """How to convert the file, when it reads as GB18030 Chinese: at least min_chinese Chinese characters, most of
    them beside another (a Latin-1 file's accented letters read as Chinese characters scattered between Latin
    ones)."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    chinese = len(HAN_CHAR.findall(text))
    in_runs = sum(len(run) for run in _HAN_RUN.findall(text)) if min_chinese > 1 else chinese  # 党 alone: a query
    if in_runs < min_chinese or in_runs < 0.8 * chinese:
        return ""
    return "; it reads as GB18030: convert it with iconv -f GB18030 -t UTF-8"
