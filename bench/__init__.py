"""Benchmarks: `make bench` (or `python bench/run_all.py`) reruns each one and prints its tables."""
