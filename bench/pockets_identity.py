"""Check: the pockets stage of a baseline tree and of this tree give identical results.

Runs the cells of ``notebooks/03-pockets.ipynb`` that do not draw (panel, rule, ``collect``, the
XLSX annex, ``results/pockets.json``) for each regency, once with a baseline ``src`` tree and
once with this tree, each in its own process, and compares: ``results/pockets.json`` byte for
byte, the annex's cell values, the simulated panel (values, dtypes, attrs and description), and
the village table of the ranking (every non-float column and the bootstrap selections exactly,
float columns to a relative 1e-12).

    git -C /work/main archive f244810 src | tar -x -C /tmp/pokbase
    .venv/bin/python bench/pockets_identity.py --baseline /tmp/pokbase/src \\
        klaten jombang aceh-selatan jayawijaya
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(regency: str, out: Path) -> None:
    """The stage without figures for one regency, its outputs written under ``out``."""
    import numpy as np
    import openpyxl
    import pandas as pd

    import analysis.build
    import analysis.pockets as pockets
    import analysis.villages

    context = analysis.build.start(regency, str(out), "")
    panel, meta = analysis.villages.load_panel(context)
    digest = hashlib.sha256(pd.util.hash_pandas_object(panel, index=True).to_numpy().tobytes())
    for part in (panel.attrs, meta, [str(d) for d in panel.dtypes] + list(panel.columns)):
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
    published = pockets.published_lokus(context)
    neighbors = pockets.boundary_neighbors(context)
    ranking = pockets.analyse(panel, pockets.rule_inputs(context, panel))
    result = pockets.collect(
        panel,
        meta,
        ranking,
        pockets.rule_card(ranking),
        pockets.sensitivity_table(ranking.villages),
        pockets.lokus_agreement(ranking, published),
        pockets.kecamatan_concentration(ranking.villages),
        pockets.profile(ranking),
        pockets.clusters(ranking, neighbors),
    )
    annex = pockets.write_annex(context, result)
    pockets.save(context, result)
    book = openpyxl.load_workbook(out / annex)
    values = {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book
    }
    (out / "annex_values.json").write_text(json.dumps(values, default=str))
    (out / "panel.sha256").write_text(digest.hexdigest())
    ranking.villages.to_pickle(out / "villages.pkl")
    np.save(out / "boot_selected.npy", ranking.boot_selected)


def _compare(before: Path, after: Path) -> list[str]:
    """What differs between two runs' outputs (empty when nothing does)."""
    import numpy as np
    import pandas as pd

    problems = []
    for name in ("results/pockets.json", "annex_values.json", "panel.sha256"):
        if (before / name).read_bytes() != (after / name).read_bytes():
            problems.append(f"{name} differs")
    old, new = pd.read_pickle(before / "villages.pkl"), pd.read_pickle(after / "villages.pkl")
    floats = [column for column in old if old[column].dtype.kind == "f"]
    try:
        pd.testing.assert_frame_equal(old.drop(columns=floats), new.drop(columns=floats))
        pd.testing.assert_frame_equal(old[floats], new[floats], check_exact=False, rtol=1e-12)
    except AssertionError as error:
        problems.append(f"village table: {str(error).splitlines()[0]}")
    selected = [np.load(side / "boot_selected.npy") for side in (before, after)]
    if not np.array_equal(*selected):
        problems.append("bootstrap selections differ")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regencies", nargs="+")
    parser.add_argument("--baseline", type=Path, required=True, help="an older src tree")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _run(args.regencies[0], args.child)
        return 0
    baseline = args.baseline.resolve()
    for name in ("data", "params", "notebooks", "_extensions"):  # what the baseline reads
        if not (baseline.parent / name).exists():
            (baseline.parent / name).symlink_to(ROOT / name)
    failed = False
    with tempfile.TemporaryDirectory(prefix="pockets-identity-") as folder:
        for regency in args.regencies:
            outs = {}
            for side, src in (("before", baseline), ("after", ROOT / "src")):
                outs[side] = Path(folder) / side / regency
                command = [sys.executable, __file__, "--baseline", str(baseline)]
                command += ["--child", str(outs[side]), regency]
                environment = {**os.environ, "PYTHONPATH": str(src)}
                subprocess.run(command, env=environment, check=True)
            problems = _compare(outs["before"], outs["after"])
            failed |= bool(problems)
            print(f"{regency}: {'; '.join(problems) if problems else 'identical'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
