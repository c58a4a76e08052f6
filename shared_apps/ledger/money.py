"""Money as integer fen (1 CNY = 100 fen). Never floats.

The only place that formats yuan, parses yuan strings, splits amounts and converts to the
gateways' wire formats (Alipay: yuan strings, WeChat Pay: fen integers).
"""

import re
from collections.abc import Sequence
from decimal import Decimal

_YUAN_RE = re.compile(r"^([+-]?)(\d+)(?:\.(\d{1,2}))?$")


def _check_fen(fen: int) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amount must be integer fen, got {type(fen).__name__}")
    return fen


def yuan(fen: int) -> str:
    """12345 -> "123.45"; -5 -> "-0.05"."""
    _check_fen(fen)
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def fen_from_yuan(value: str) -> int:
    """Parse a yuan string strictly: "12", "12.3", "12.34", "-0.05". At most 2 decimals,
    no exponent, no thousands separators, no surrounding garbage. Raises ValueError."""
    if isinstance(value, Decimal):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a yuan string: {value!r}")
    m = _YUAN_RE.match(value.strip())
    if not m:
        raise ValueError(f"not a yuan amount with at most 2 decimals: {value!r}")
    sign, whole, frac = m.groups()
    fen = int(whole) * 100 + int((frac or "").ljust(2, "0"))
    return -fen if sign == "-" else fen


def positive_fen(value: str) -> int | None:
    """A form's yuan amount as fen when it parses and is above zero, else None."""
    try:
        fen = fen_from_yuan(value)
    except ValueError:
        return None
    return fen if fen > 0 else None


def format_cny(fen: int) -> str:
    """12345 -> "¥123.45"; -5 -> "-¥0.05"."""
    s = yuan(fen)
    return f"-¥{s[1:]}" if s.startswith("-") else f"¥{s}"


def split_largest_remainder(total_fen: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split `total_fen` proportionally to non-negative `weights` so the parts sum exactly to
    the total. Each part is the floor of its exact share; the leftover fen go one each to the
    largest remainders, ties broken by the lower index (deterministic). A negative total is
    split as its absolute value and negated. All-zero weights split evenly."""
    _check_fen(total_fen)
    if not weights:
        if total_fen:
            raise ValueError("cannot split a non-zero amount over no weights")
        return []
    ws = [Decimal(w) if not isinstance(w, Decimal) else w for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("weights must be non-negative")
    if all(w == 0 for w in ws):
        ws = [Decimal(1)] * len(ws)
    # exact rational arithmetic: share_i = total * w_i / W, scaled to integers
    scale = max((-w.as_tuple().exponent for w in ws if w.as_tuple().exponent < 0), default=0)
    iw = [int(w.scaleb(scale)) for w in ws]
    wsum = sum(iw)
    negative = total_fen < 0
    total = abs(total_fen)
    parts, remainders = [], []
    for i, w in enumerate(iw):
        q, r = divmod(total * w, wsum)
        parts.append(q)
        remainders.append((-r, i))
    for _, i in sorted(remainders)[: total - sum(parts)]:
        parts[i] += 1
    return [-p for p in parts] if negative else parts


def to_alipay(fen: int) -> str:
    """Alipay amounts are yuan strings with 2 decimals ("88.00")."""
    return yuan(fen)


def to_wechat(fen: int) -> int:
    """WeChat Pay amounts are integer fen."""
    return _check_fen(fen)


def from_alipay(value: str) -> int:
    return fen_from_yuan(value)


def from_wechat(value: int) -> int:
    return _check_fen(int(value))
