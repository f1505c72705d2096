"""``python -m analysis.bps_import FILE [--confirm-revisions] [--raw-dir DIR]``."""

import sys

from analysis.bps_import.cli import main

sys.exit(main())
