"""Benchmarks: `make bench` (bench/run.py) runs every bench/bench_*.py against a PostgreSQL database."""
