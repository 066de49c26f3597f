"""Hotspots: aggregation on British National Grid cells, hotspot methods and their measured accuracy.

Framework-free: plain Polars tables and NumPy arrays in, JSON-ready dicts (GeoJSON in WGS84) out,
so a Django view, a notebook or the ``saferplaces hotspots`` command can call the same functions::

    points, _ = read_points("lancashire_asb_2022.tsv.gz")
    area = CellArea.from_boundary(make_grid("square", 200), boundary_from_geojson(read_geojson(f)))
    result = evaluate_methods(points, area, [make_method(n) for n in DEFAULT_METHODS])
    layer = predict_hotspots(points, area, make_method("blend"), coverage=1)

Distances and cell sizes are metres on the British National Grid (EPSG:27700). See
``docs/hotspots.md`` for each method, its parameters and references.
"""

from saferplaces.analytics.hotspots.aggregate import (
    aggregate_areas,
    aggregate_cells,
    cell_month_matrix,
    month_range,
    rank_cells,
)
from saferplaces.analytics.hotspots.evaluate import evaluate_methods, histories
from saferplaces.analytics.hotspots.grid import (
    CellArea,
    HexGrid,
    SquareGrid,
    boundary_from_geojson,
    make_grid,
)
from saferplaces.analytics.hotspots.history import Events, History, build_events
from saferplaces.analytics.hotspots.intervention import evaluate_intervention
from saferplaces.analytics.hotspots.methods import DEFAULT_METHODS, REGISTRY, HotspotMethod, make_method
from saferplaces.analytics.hotspots.metrics import cells_for_coverage, expected_hits, oracle_hits
from saferplaces.analytics.hotspots.points import normalise_points, read_points
from saferplaces.analytics.hotspots.predict import predict_hotspots

__all__ = [
    "DEFAULT_METHODS",
    "REGISTRY",
    "CellArea",
    "Events",
    "HexGrid",
    "History",
    "HotspotMethod",
    "SquareGrid",
    "aggregate_areas",
    "aggregate_cells",
    "boundary_from_geojson",
    "build_events",
    "cell_month_matrix",
    "cells_for_coverage",
    "evaluate_intervention",
    "evaluate_methods",
    "expected_hits",
    "histories",
    "make_grid",
    "make_method",
    "month_range",
    "normalise_points",
    "oracle_hits",
    "predict_hotspots",
    "rank_cells",
    "read_points",
]
