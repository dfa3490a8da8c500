"""The two kinds of gate both tallies use, in exact arithmetic: "以上" (at least) and "过半数"
(more than)."""

from fractions import Fraction


def at_least(part, whole, threshold: Fraction) -> bool:
    """"以上": part/whole ≥ threshold, in exact arithmetic (whole of zero never passes)."""
    return whole > 0 and Fraction(part) >= threshold * whole


def more_than(part, whole, threshold: Fraction) -> bool:
    """"过半数": part/whole > threshold, strictly."""
    return whole > 0 and Fraction(part) > threshold * whole
