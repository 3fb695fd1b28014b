"""Writes of the incentives app. The bracket rule itself lives in `incentives.calculations`."""

from incentives.calculations import rebate_amount

__all__ = ["rebate_amount"]
