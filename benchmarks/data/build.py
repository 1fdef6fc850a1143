"""Rebuild the data files the scale-corpus generator ships with (run by hand; never at generation time).

    python benchmarks/data/build.py --wmt-dir /path/to/parallel

* ``wmt_pairs.tsv.gz`` — the WMT18/19/20 zh→en newstest sentence pairs (CSV files with columns ``0`` = Chinese,
  ``1`` = English), cleaned and de-duplicated, one ``zh<TAB>en`` pair a line. Licence and provenance:
  ``LICENSE-WMT.md``.
* ``pinyin_chars.tsv.gz`` — one toneless pinyin reading (the first one pypinyin lists) for every Han character in
  jieba's dictionary, the WMT pairs and the seed articles, one ``char<TAB>reading`` a line. Licence:
  ``LICENSE-pypinyin.md``. Needs the ``pypinyin`` and ``jieba`` packages installed where this script runs.

Both files are written with gzip mtime 0, so a rebuild from the same inputs gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "seeds"
HAN = re.compile(r"[\u3400-\u9fff]")
# Lines that a parser could take for a header line of an archive file.
HEADER_LIKE_EN = re.compile(r"^\s*(?:\*\*)?(title|author|date|page|edition|original)\s*(?:\*\*)?\s*[:：]", re.I)
HEADER_LIKE_ZH = re.compile(r"^\s*(第\s*[\d〇零一二三四五六七八九十]+\s*版|专栏\s*[：:]|\d{4}\s*[-/.年])")
TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}  # grave, acute, macron, caron; the diaeresis of ü stays


def clean(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").split())


def read_wmt(wmt_dir: Path) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in sorted(wmt_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            next(rows)  # header: 0,1
            for row in rows:
                if len(row) != 2:
                    continue
                zh, en = clean(row[0]), clean(row[1])
                if len(HAN.findall(zh)) < 4 or len(en) < 10 or zh in seen:
                    continue
                if HEADER_LIKE_EN.match(en) or HEADER_LIKE_ZH.match(zh) or "<" in zh + en or "#" in zh + en:
                    continue
                seen.add(zh)
                pairs.append((zh, en))
    return pairs


def toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def build_pinyin(texts: list[str]) -> list[tuple[str, str]]:
    from pypinyin.pinyin_dict import pinyin_dict

    chars: set[str] = set()
    for text in texts:
        chars.update(HAN.findall(text))
    table = []
    for char in sorted(chars):
        readings = pinyin_dict.get(ord(char))
        if readings:
            reading = toneless(readings.split(",")[0])
            if reading.isalpha():
                table.append((char, reading))
    return table


def write_gz(path: Path, lines: list[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    print(f"{path.name}: {len(lines)} lines, {path.stat().st_size} bytes", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wmt-dir", type=Path, required=True, help="folder of the WMT zh2en newstest CSV files")
    args = parser.parse_args(argv)

    pairs = read_wmt(args.wmt_dir)
    write_gz(HERE / "wmt_pairs.tsv.gz", [f"{zh}\t{en}" for zh, en in pairs])

    import jieba

    dict_text = (Path(os.path.dirname(jieba.__file__)) / "dict.txt").read_text(encoding="utf-8")
    seed_texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    table = build_pinyin([dict_text, *seed_texts, *(zh for zh, _ in pairs)])
    write_gz(HERE / "pinyin_chars.tsv.gz", [f"{char}\t{reading}" for char, reading in table])


if __name__ == "__main__":
    main()
