"""How steady this machine's CPU is: one fixed piece of pure-Python work, timed many times in one process.

    python -m benchmarks.cpu_steadiness [--rounds 600] [--out benchmarks/results/cpu_steadiness.json]

On a steady machine every round takes about as long as the fastest. Where some rounds take several times
longer, any wall-clock figure of a short task (a cold search of 0.3 s) inherits those slow spells: the p95 of a
few dozen cold searches then measures the machine as much as the code. Prints and writes min, p50, p95, p99 and
max, and how many rounds took more than twice the fastest.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from pathlib import Path

from benchmarks.batch_vs_cli import machine
from benchmarks.measure import percentile

RESULTS = Path(__file__).resolve().parent / "results"
_WORK = 300_000  # additions and multiplications a round: about 25 ms on this machine at its fastest


def one_round() -> float:
    started = time.perf_counter()
    total = 0
    for number in range(_WORK):
        total += number * number
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=600)
    parser.add_argument("--out", type=Path, default=RESULTS / "cpu_steadiness.json")
    options = parser.parse_args(argv)
    started = datetime.datetime.now().isoformat(timespec="seconds")
    milliseconds = [one_round() * 1000 for _ in range(options.rounds)]
    fastest = min(milliseconds)
    summary = {"rounds": options.rounds, "min_ms": round(fastest, 2),
               **{f"p{q}_ms": round(percentile(milliseconds, q / 100), 2) for q in (50, 95, 99)},
               "max_ms": round(max(milliseconds), 2),
               "rounds_over_twice_min": sum(1 for value in milliseconds if value > 2 * fastest)}
    result = {"command": "python -m benchmarks.cpu_steadiness " + " ".join(argv or []), "started": started,
              "machine": machine(), **summary}
    options.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(", ".join(f"{key} {value}" for key, value in summary.items()) + f"; wrote {options.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
