"""The ASB review engine (ASVAT): repeat callers, victims and locations, risk and crime recording.

Framework-free: plain tables in (Polars), plain tables out; linkage in Splink SQL on DuckDB. See
docs/review-engine.md. Entry points: :func:`batch.run` (a whole export), :class:`point_of_report.
PointOfReportIndex` (one new call), and ``saferplaces asvat run`` (:mod:`cli`).
"""
