"""Partner register at scale: 10,000 partners and 1,000,000 sales records (bench/fill.py)."""

from __future__ import annotations

import argparse


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="bench partners")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=18)
    args = parser.parse_args(argv)

    from bench.fill import fill

    return fill(partners=args.partners, sales=args.sales, months=args.months).figures()
