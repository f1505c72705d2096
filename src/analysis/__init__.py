"""TKPK Analitik: reproducible poverty analysis and briefs for Indonesian regencies.

Each stage of the pipeline is one module (params, data, trend, forecast, villages, synth, pockets,
impact, figures, brief, render, pipeline). Importing the package has no side effects.
"""

__version__ = "0.1.0"
