"""Amounts as typed: the decimals a value was written with, and whether its currency has them.

Part of the model because a compact that states an amount its currency cannot pay is invalid
whatever language it is printed in (see `Money`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision


def exact_amount(value: float | int | Decimal) -> Decimal:
    """The decimal number a value was written as: 4000000.555 → Decimal("4000000.555").

    A float from YAML is the nearest binary number to what was typed; its shortest repr is
    what was typed (Python guarantees the round trip), so decimals are counted on that.
    """
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def decimal_places(value: float | int | Decimal) -> int:
    """How many decimals a value needs: 10000000.0 → 0, 4000000.5 → 1, 4000000.555 → 3."""
    exact = exact_amount(value)
    if exact == exact.to_integral_value():
        return 0
    return max(0, -int(exact.normalize().as_tuple().exponent))


def precision_problem(value: float | int | Decimal, currency: str) -> str | None:
    """Why `value` cannot be an amount in `currency`, or None.

    Each currency has its number of decimals (ISO 4217, through Babel: 2 for USD and EUR, 0
    for XOF and JPY). An amount with more cannot be paid as written, and rounding it here
    would change a figure of a signed instrument without anyone seeing it; so it is refused,
    with the rounded figure to write if that is what was meant.
    """
    allowed = get_currency_precision(currency)
    if decimal_places(value) <= allowed:
        return None
    rounded = exact_amount(value).quantize(Decimal(1).scaleb(-allowed), ROUND_HALF_UP)
    if allowed == 0:
        return f"{currency} amounts have no decimals; write {rounded:f}"
    plural = "s" if allowed > 1 else ""
    return f"{currency} amounts have at most {allowed} decimal{plural}; write {rounded:f}"
