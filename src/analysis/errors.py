"""Error types shared by every stage.

`InputError` marks a problem in what the user supplied (a params file, a data file, a command-line
argument). The command line prints its message without a traceback, so the message itself must name
the file, the field or row, the offending value and what was expected.
"""


class InputError(ValueError):
    """A user-supplied input is invalid; the message says where, what and what was expected."""
