"""Error types shared by every stage.

`InputError` marks a problem in what the user supplied (a params file, a data file, a command-line
argument). The command line prints its message without a traceback, so the message itself must name
the file, the field or row, the offending value and what was expected. Every message is masked when
the error is made (runs of 15 or more digits keep only their first and last four), so an identity
number a user's file holds is never printed, logged or stored in a notebook's traceback.
"""

import re

# The same run length as `analysis.personal.NIK_PATTERN` (a NIK has 16 digits; typos 15 or 17).
_LONG_DIGITS = re.compile(r"\d{15,}")


def mask_digits(text: object) -> str:
    """Mask every run of 15 or more digits: "3310012345678901" -> "3310********8901"."""
    return _LONG_DIGITS.sub(
        lambda m: m.group()[:4] + "*" * (len(m.group()) - 8) + m.group()[-4:], str(text)
    )


class InputError(ValueError):
    """A user-supplied input is invalid; the message says where, what and what was expected.

    The message is masked with `mask_digits` when the error is made.
    """

    def __init__(self, message: object = "", *args):
        super().__init__(mask_digits(message), *args)
