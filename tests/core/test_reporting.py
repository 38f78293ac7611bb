"""Numbers as the book quotes them: rounding that survives round-off, bounds that refuse lies."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curvlab.core.reporting import below, glue, quote, significant

# The last digits that differ between CPUs, as seen in stored outputs (issue: six nbval failures).
CPU_PAIRS = [
    (157065.27315042375, 157065.27315042372),
    (1.0508624997116172, 1.0508624997116167),
    (0.9664215340516918, 0.9664215340516894),
    (8.910798354115538e-05, 8.910798354115539e-05),
]


@pytest.mark.parametrize(("one", "other"), CPU_PAIRS)
def test_significant_digits_agree_across_cpus(one, other):
    assert significant(one) == significant(other)
    assert repr(significant(one)) == repr(significant(other))


@settings(deadline=None)  # the full run keeps every core busy: no time limit per example
@given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False), st.integers(1, 15))
def test_significant_keeps_the_requested_digits(value, digits):
    rounded = significant(value, digits)
    if value == 0.0:
        assert rounded == 0.0
        return
    # At most half a unit in the last kept digit, plus the half ulp of reading the decimal back.
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(value))) - digits + 1)
    assert abs(rounded - value) <= half_unit * (1 + 1e-12) + math.ulp(value)
    assert significant(rounded, digits) == rounded


def test_below_states_the_bound_and_refuses_a_false_claim():
    assert below(3.7e-28, 1e-20) == "below 1e-20"
    assert below(-5e-13, 1e-12) == "below 1e-12"
    assert below(0.0, 1e-8) == "below 1e-8"
    with pytest.raises(ValueError, match="not below the bound 1e-12"):
        below(2e-12, 1e-12)
    with pytest.raises(ValueError, match="bound must be positive"):
        below(1e-20, 0.0)
    with pytest.raises(ValueError, match="value must be finite"):
        below(np.nan, 1.0)


def test_quote_switches_to_a_bound_at_the_floor():
    assert quote(4.4e-09, 1e-12) == "= 4.4e-09"
    assert quote(5.7e-28, 1e-12) == "below 1e-12"
    assert quote(0.2113058554552551, 1e-12, digits=3) == "= 2.11e-01"


def test_glue_records_rounded_floats_and_plain_integers(monkeypatch):
    recorded = {}

    def fake_glue(name, value, display):
        recorded[name] = (value, display)

    import myst_nb

    monkeypatch.setattr(myst_nb, "glue", fake_glue)
    glue("kappa", np.float64(157065.27315042375))
    glue("count", np.int64(445))
    glue("verdict", "below 1e-12")
    assert recorded == {
        "kappa": (157065.0, False),
        "count": (445, False),
        "verdict": ("below 1e-12", False),
    }
    assert type(recorded["count"][0]) is int
    with pytest.raises(ValueError, match="must be finite"):
        glue("bad", float("inf"))
    with pytest.raises(TypeError, match="name must be a str"):
        glue(3, 1.0)
