"""Load and validate the raw data under ``data/raw/`` (moving into a subpackage: the next commit
splits `analysis.data.bps` by what the code does)."""

from analysis.data.bps import *  # noqa: F403
