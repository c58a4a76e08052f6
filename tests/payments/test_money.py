import random
from decimal import Decimal
from fractions import Fraction

import pytest

from shared_apps.ledger.money import (
    fen_from_yuan,
    format_cny,
    split_largest_remainder,
    to_alipay,
    to_wechat,
    yuan,
)


@pytest.mark.parametrize("fen,text", [(0, "0.00"), (1, "0.01"), (1234, "12.34"), (100, "1.00"),
                                      (-5, "-0.05"), (-1234, "-12.34"), (123456789012, "1234567890.12")])
def test_yuan_and_back(fen, text):
    assert yuan(fen) == text
    assert fen_from_yuan(text) == fen


@pytest.mark.parametrize("text,fen", [("12", 1200), ("12.3", 1230), ("0.1", 10), ("+1.5", 150), (" 7.07 ", 707),
                                      ("-0", 0), ("007.00", 700)])
def test_fen_from_yuan_accepts(text, fen):
    assert fen_from_yuan(text) == fen


@pytest.mark.parametrize("text", ["12.345", "1e3", "1,000.00", "", ".5", "5.", "abc", "12.3.4", "¥12", "NaN",
                                  "0.001", "--1", None, 1.5, 12])
def test_fen_from_yuan_is_strict(text):
    with pytest.raises(ValueError):
        fen_from_yuan(text)


def test_yuan_refuses_floats():
    with pytest.raises(TypeError):
        yuan(12.5)
    with pytest.raises(TypeError):
        to_wechat(True)


def test_format_and_wire_formats():
    assert format_cny(1234) == "¥12.34"
    assert format_cny(-1234) == "-¥12.34"
    assert format_cny(0) == "¥0.00"
    assert to_alipay(8800) == "88.00"
    assert to_wechat(8800) == 8800


def test_split_examples():
    assert split_largest_remainder(100, [1, 1, 1]) == [34, 33, 33]  # tie: lowest index first
    assert split_largest_remainder(101, [1, 1]) == [51, 50]
    assert split_largest_remainder(-100, [1, 1, 1]) == [-34, -33, -33]
    assert split_largest_remainder(10, [0, 0]) == [5, 5]
    assert split_largest_remainder(10, [3, 0, 7]) == [3, 0, 7]
    assert split_largest_remainder(0, [1, 2]) == [0, 0]
    assert split_largest_remainder(0, []) == []
    assert split_largest_remainder(1000, [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")]) == [500, 250, 250]
    assert split_largest_remainder(5, [1, 2, 2]) == [1, 2, 2]
    assert split_largest_remainder(7, [1, 1, 1]) == [3, 2, 2]


def test_split_rejects_bad_input():
    with pytest.raises(ValueError):
        split_largest_remainder(10, [])
    with pytest.raises(ValueError):
        split_largest_remainder(10, [1, -1])
    with pytest.raises(TypeError):
        split_largest_remainder(10.0, [1])


def test_split_property_random():
    rng = random.Random(20260101)
    for _ in range(2000):
        total = rng.randint(-10**9, 10**9) if rng.random() < 0.3 else rng.randint(0, 5000)
        n = rng.randint(1, 12)
        weights = [rng.choice([0, rng.randint(0, 10**6), rng.randint(1, 9)]) for _ in range(n)]
        parts = split_largest_remainder(total, weights)
        assert len(parts) == n
        assert sum(parts) == total
        wsum = sum(weights) or n
        for part, w in zip(parts, weights or [], strict=True):
            exact = Fraction(total * (w if sum(weights) else 1), wsum)
            assert abs(part - exact) < 1, (total, weights, parts)
        # deterministic
        assert split_largest_remainder(total, weights) == parts
