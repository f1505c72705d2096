"""Indonesian and English number and date formats (Babel)."""

import datetime as dt

from analysis import fmt


def test_indonesian_percent_uses_decimal_comma_and_spaced_sign():
    """11 percent reads '11,00 %' in Indonesian and '11.00%' in English."""
    assert fmt.percent(11.0) == "11,00 %"
    assert fmt.percent(11.0, lang="en") == "11.00%"


def test_people_use_locale_grouping():
    """141.84 thousand people reads '141.840 jiwa' and '141,840 people'."""
    assert fmt.people(141.84) == "141.840 jiwa"
    assert fmt.people(141.84, lang="en") == "141,840 people"


def test_points_are_signed_with_a_true_minus():
    """Changes carry a sign: '+1,52 poin' and '−0,38 poin' (U+2212 minus)."""
    assert fmt.points(1.52) == "+1,52 poin"
    assert fmt.points(-0.378) == "\u22120,38 poin"
    assert fmt.points(-0.001) == "0,00 poin"


def test_long_dates_in_both_languages():
    """Meeting dates are written in full in the brief's language."""
    assert fmt.date(dt.date(2025, 11, 27)) == "27 November 2025"
    assert fmt.date(dt.date(2025, 10, 15), "en") == "October 15, 2025"


def test_missing_values_show_a_dash():
    """A missing number is shown as a dash, never as 'nan'."""
    assert fmt.percent(None) == "—" and fmt.interval(None, 1.0) == "—"


def test_intervals_with_negative_bounds_use_words():
    """An interval with a negative bound reads '−2,6 s.d. −0,7', never '−2,6–−0,7'."""
    assert fmt.interval(9.73, 11.26) == "9,7–11,3"
    assert fmt.interval(-2.6, -0.7) == "\u22122,6 s.d. \u22120,7"
    assert fmt.interval(-2.6, 0.7, lang="en") == "\u22122.6 to 0.7"


def test_p_values_carry_their_relation():
    """p-values read '= 0,14' or '< 0,01', never '0,00'."""
    assert fmt.p_value(0.1386) == "= 0,14"
    assert fmt.p_value(0.0004) == "< 0,01"
