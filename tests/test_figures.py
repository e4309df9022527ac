"""The figure parser reads back what it is given, with the precision it was printed with."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.figures import FigureError, parse_figure
from claimcheck.hedges import stated_interval

SCALE_WORDS = {"": 1, " thousand": 10**3, " million": 10**6, " billion": 10**9, " trillion": 10**12}
UNIT_SUFFIXES = {
    "": None, " percent": "percent", "%": "percent", "-percent": "percent", " percentage points": "pp",
    "-fold": "ratio", " yuan": "CNY", "-yuan": "CNY", " U.S. dollars": "USD",
}
PREFIXES = {"": None, "US$": "USD", "RMB ": "CNY", "USD ": "USD", "€": "EUR"}


def with_separators(integer: int) -> str:
    return f"{integer:,}"


@st.composite
def printed_figures(draw):
    integer = draw(st.integers(min_value=0, max_value=10**9))
    decimals = draw(st.integers(min_value=0, max_value=4))
    fraction = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else 0
    grouped = draw(st.booleans())
    digits = with_separators(integer) if grouped else str(integer)
    if decimals:
        digits += "." + str(fraction).zfill(decimals)
    scale = draw(st.sampled_from(sorted(SCALE_WORDS)))
    if draw(st.booleans()):
        prefix, suffix = draw(st.sampled_from(sorted(PREFIXES))), ""
    else:
        prefix, suffix = "", draw(st.sampled_from(sorted(UNIT_SUFFIXES)))
    return prefix + digits + scale + suffix, digits, scale, prefix, suffix


@given(printed_figures())
def test_parser_reads_back_value_precision_scale_and_unit(case):
    text, digits, scale, prefix, suffix = case
    fig = parse_figure(text)
    plain = digits.replace(",", "")
    assert fig.value == Decimal(plain) * SCALE_WORDS[scale]
    assert fig.scale == SCALE_WORDS[scale]
    assert fig.unit_hint == (PREFIXES[prefix] if prefix else UNIT_SUFFIXES[suffix])
    # the printed interval contains exactly the values that print the same way
    assert fig.lo <= fig.value <= fig.hi
    if "." in plain:
        last = Decimal(1).scaleb(-len(plain.split(".")[1]))
        assert fig.half_unit == last / 2 * SCALE_WORDS[scale]


@pytest.mark.parametrize(
    ("text", "value", "half", "unit"),
    [
        ("12.87 million", "12870000", "5000", None),
        ("242,000", "242000", "500", None),
        ("9.50", "9.50", "0.005", None),
        ("9.5", "9.5", "0.05", None),
        ("35.2-percent", "35.2", "0.05", "percent"),
        ("9.3 percentage points", "9.3", "0.05", "pp"),
        ("6.5-fold", "6.5", "0.05", "ratio"),
        ("US$31.91 billion", "31910000000", "5000000", "USD"),
        ("RMB 500,000", "500000", "50000", "CNY"),
        ("2,782 U.S. dollars", "2782", "0.5", "USD"),
        ("3.2bn", "3200000000", "50000000", None),
        ("€1.5 billion", "1500000000", "50000000", "EUR"),
        ("4 per cent", "4", "0.5", "percent"),
        ("nine", "9", "0", None),
        ("twenty-five", "25", "0", None),
        ("tripling", "3", "0", "ratio"),
        ("doubled", "2", "0", "ratio"),
        ("majority", "50", "0", "percent"),
        ("highest", "1", "0", "rank"),
        ("trillion-yuan", "1000000000000", "500000000000", "CNY"),
    ],
)
def test_known_figures(text, value, half, unit):
    fig = parse_figure(text)
    assert fig.value == Decimal(value)
    assert fig.half_unit == Decimal(half)
    assert fig.unit_hint == unit


@pytest.mark.parametrize("text", ["", "twelve-ish million", "12.87 zillion", "1.2.3", "about 5"])
def test_unreadable_figures_raise_figure_error(text):
    with pytest.raises(FigureError, match="cannot read figure"):
        parse_figure(text)


def test_trailing_zeros_are_kept_as_precision():
    assert parse_figure("9.50").half_unit < parse_figure("9.5").half_unit


@pytest.mark.parametrize(
    ("figure", "hedge", "exact", "lo", "hi"),
    [
        ("12.87 million", None, False, "12865000", "12875000"),
        ("1.4 million", "roughly", False, "1350000", "1450000"),  # rounding is wider than 2 %
        ("2,782", "about", False, "2726.36", "2837.64"),  # 2 % is wider than rounding
        ("13 million", "over", False, "13000000", "Infinity"),
        ("15", "nearly", False, "13.5", "15"),
        ("20,000-yuan", None, True, "20000", "20000"),
        ("50%", "surpassed", False, "50", "Infinity"),
        ("majority", None, False, "50", "Infinity"),
    ],
)
def test_hedges_widen_as_documented(figure, hedge, exact, lo, hi):
    stated = stated_interval(parse_figure(figure), hedge, exact=exact)
    assert (stated.lo, stated.hi) == (Decimal(lo), Decimal(hi))


def test_upper_bound_of_a_count_stops_at_zero():
    stated = stated_interval(parse_figure("600"), "up to", unit="count")
    assert stated.lo == 0


def test_unknown_hedge_is_refused():
    with pytest.raises(ValueError, match="unknown hedge"):
        stated_interval(parse_figure("5"), "allegedly")
