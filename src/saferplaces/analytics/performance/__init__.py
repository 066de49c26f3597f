"""Performance tables for the Police and Crime Panel, framework-free.

Plain Polars DataFrames in, table objects out:

* :mod:`.periods`: rolling 12 months, previous 12, baselines, calendar and financial years;
* :mod:`.measures`: counts of events by period, year on year by month, outcome groups and rates;
* :mod:`.stats19`: KSI road casualties (adjusted and unadjusted) from DfT STATS19 files;
* :mod:`.compare`: changes, percentage points, volume, direction, totals and per-day rates;
* :mod:`.significance`: exact Poisson and Fisher tests, c-chart/u-chart limits;
* :mod:`.writers`: CSV, XLSX, DOCX and HTML output;
* :mod:`.cli`: ``saferplaces report compare`` and ``saferplaces report stats19``.
"""

from saferplaces.analytics.performance.compare import (
    CompareInputError,
    ComparisonTable,
    Rounding,
    Unit,
    compare,
    read_compare_csv,
)
from saferplaces.analytics.performance.periods import Period, months_ending, parse_period_label, preceding
from saferplaces.analytics.performance.writers import ChartSpec, ReportTable, write_tables

__all__ = [
    "ChartSpec",
    "CompareInputError",
    "ComparisonTable",
    "Period",
    "ReportTable",
    "Rounding",
    "Unit",
    "compare",
    "months_ending",
    "parse_period_label",
    "preceding",
    "read_compare_csv",
    "write_tables",
]
