"""The eight provincial deprivation indicators, defined once.

A leaf module (it imports nothing of the package) so that the parameters, the village schema and
the message catalogue can all name the indicators without importing each other.
"""

INDICATORS = (
    "rtlh",
    "no_electricity",
    "no_water",
    "no_latrine",
    "stunting_risk",
    "child_out_of_school",
    "disability",
    "not_working",
)
