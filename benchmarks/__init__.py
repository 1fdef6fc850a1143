"""Benchmark tooling for searchkit: `python -m benchmarks.generate` writes a deterministic scale corpus."""
