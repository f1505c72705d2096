"""A simulated village panel (SIMULASI), seeded and calibrated to a regency's real BPS figures.

Real village registers (P3KE, DTKS, DTSEN) are not public, so the pockets and impact stages are
developed and tested on a simulated panel with the schema of `analysis.villages` and a known truth.
Every row carries ``source = "SIMULASI"`` and ``is_simulated = True``; anything built from it must
be labelled SIMULASI.

How a panel is made
-------------------
* Villages: every official Kemendagri village of the regency, every year requested (default
  2019-2025).
* Families: log-normal village sizes (median about 850 families, most villages 500-3,000, as in
  Java) with a kecamatan factor, slow growth and re-registration noise; scaled to a regency total
  when one is given (`generate_for_regency` derives it from BPS population divided by the
  regency's persons per household, read from ``data/raw/jiwa_per_rumah_tangga.csv``; see
  `analysis.synth.sources`).
* Poverty: the logit of a village's desil-1 share is a year intercept + a kecamatan effect + a
  heavy-tailed (Student t, 5 df) village effect + a village-specific COVID shock in 2020-2021 + a
  slow random walk + measurement noise; larger villages are slightly less poor. The skew of
  village sizes and effects puts many poor families in a few villages.
* Calibration: the year intercept is solved (bisection) so that the regency's family-weighted
  desil-1 share equals BPS P0 of that year. Desil 1 of DTSEN/P3KE is the national bottom tenth of
  welfare, close in size to the population under the BPS poverty line (national P0 9-10 %), so P0
  is the natural target. Years without a BPS figure are interpolated on the logit scale, or
  extrapolated with the change of a reference series (the province) or held at the nearest BPS
  year; metadata says which. The regency's COVID rise therefore follows BPS.
* Desil 1-4: logit share = logit desil-1 share + 1.85 (+ village noise); 1.85 is the logit gap
  between 40 % (deciles 1-4 nationally) and a national P0 of 9.5 %. Counts keep
  desil 1 <= desil 1-4 <= families by construction.
* Indicators: the share of families with each of the eight deprivations rises with village
  poverty (a loading per indicator), with village effects, slow improvement of housing and
  services, and a COVID rise in not working and children out of school. Base prevalences are
  illustrative, not estimates.
* Priority villages (lokus): the published statements (counts, kecamatan, quotas) are read from
  ``data/raw/lokus_jumlah_publikasi.csv``. Every published named village is on the list of its
  year; the rest are the villages with the highest chronic poverty score in the year before (the
  persistent level, the COVID exposure and the slow drift of the poverty logit, without that
  year's transitory noise; ties by code), within the kecamatan a published statement allows,
  with at least one village in each allowed kecamatan when the statement names kecamatan. Lists
  thus follow lasting poverty, as registers that accumulate households over years do; they are
  not chosen on one year's observed share, so the simulation builds in no regression to the
  mean (a real list chosen after a bad year would; the brief's impact caveats name that risk).
  Named villages are given persistent poverty effects from the top quarter so that the
  simulation is consistent with their selection.
* Program effect: from its first lokus year (cohort ``lokus_since``) a village's expected desil-1
  share, and the shares of some indicators, fall by a given number of percentage points per year
  of exposure (year of entry counts as one), times a village multiplier (gamma, mean 1). Status is
  absorbing: a village that leaves the list keeps its gains. The realised effect of every row is
  stored (``true_effect_pp_*``), so impact estimators can be checked against the truth. With
  ``effect={"desil1_pp_per_year": 0, "indicators_pp_per_year": {}}`` the panel is a placebo with
  the same villages (the random streams do not depend on the effect).

Modules
-------
* `village`: the generator (`generate_village_panel`, `generate_for_regency`).
* `calibration`: yearly P0 targets and the intercept solver.
* `lokus`: published and default lokus plans and the selection of priority villages.
* `sources`: the generator's inputs read from ``data/raw`` (published lokus counts, persons per
  household).
* `staggered`: a generic staggered-treatment panel with a known effect
  (`simulate_staggered_panel`, `true_overall_effect`) for checking the impact estimator.
"""

from analysis.synth.calibration import p0_targets
from analysis.synth.lokus import (
    DEFAULT_LOKUS_FIRST_YEAR,
    DEFAULT_LOKUS_SHARE,
    default_lokus_counts,
    published_lokus_counts,
)
from analysis.synth.sources import load_lokus_counts, persons_per_household
from analysis.synth.staggered import simulate_staggered_panel, true_overall_effect
from analysis.synth.village import (
    COVID_SHOCK,
    DEFAULT_EFFECT,
    DEFAULT_YEARS,
    DESIL14_LOGIT_GAP,
    FAMILY_LIMITS,
    GENERATOR_VERSION,
    INDICATOR_MODEL,
    MEDIAN_FAMILIES,
    REFERENCE_SHARE,
    SIMULATED_SOURCE,
    generate_for_regency,
    generate_village_panel,
)

__all__ = [
    "COVID_SHOCK",
    "DEFAULT_EFFECT",
    "DEFAULT_LOKUS_FIRST_YEAR",
    "DEFAULT_LOKUS_SHARE",
    "DEFAULT_YEARS",
    "DESIL14_LOGIT_GAP",
    "FAMILY_LIMITS",
    "GENERATOR_VERSION",
    "INDICATOR_MODEL",
    "MEDIAN_FAMILIES",
    "REFERENCE_SHARE",
    "SIMULATED_SOURCE",
    "default_lokus_counts",
    "generate_for_regency",
    "generate_village_panel",
    "load_lokus_counts",
    "persons_per_household",
    "p0_targets",
    "published_lokus_counts",
    "simulate_staggered_panel",
    "true_overall_effect",
]
