"""Kernel smoothing of points onto a study area's cells, through a fine raster in BNG metres.

Points are binned onto a raster whose pixel is a fraction of the cell size, the raster is convolved
with the kernel (``scipy.ndimage.gaussian_filter`` for a Gaussian; ``scipy.signal.fftconvolve`` for
any radial kernel), and each cell takes the mean of the pixels whose centres fall in it. That is the
kernel surface averaged over the cell (as open_cp does by sampling points inside each cell), not
its value at the centroid, and it works the same for square and hexagonal cells. Points are binned
linearly (shared among the four nearest pixel centres), which keeps each point's centre of mass.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage, signal

from saferplaces.analytics.hotspots.grid import CellArea

FloatArray = NDArray[np.float64]


@dataclass
class CellRaster:
    """A raster over a study area, with each pixel's cell position precomputed.

    Args:
        area: the study area.
        pixels_per_cell: raster pixels along one cell side (pixel size = cell / this).
        margin_m: extra metres around the area so that kernels near its edge are not cut off.
    """

    area: CellArea
    pixels_per_cell: int = 4
    margin_m: float = 2000.0
    pixel: float = field(init=False)
    x0: float = field(init=False)
    y0: float = field(init=False)
    shape: tuple[int, int] = field(init=False)
    _pixel_cell: NDArray[np.int64] = field(init=False, repr=False)
    _cell_pixels: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        cell = self.area.grid.cell
        self.pixel = cell / self.pixels_per_cell
        half = cell  # centroids are at most one cell size from any point of their cell
        self.x0 = math.floor((float(self.area.x.min()) - half - self.margin_m) / cell) * cell
        self.y0 = math.floor((float(self.area.y.min()) - half - self.margin_m) / cell) * cell
        x1 = float(self.area.x.max()) + half + self.margin_m
        y1 = float(self.area.y.max()) + half + self.margin_m
        nx = math.ceil((x1 - self.x0) / self.pixel)
        ny = math.ceil((y1 - self.y0) / self.pixel)
        self.shape = (nx, ny)
        # Which area cell each pixel centre falls in (-1 outside): computed once per area.
        px = self.x0 + (np.arange(nx) + 0.5) * self.pixel
        py = self.y0 + (np.arange(ny) + 0.5) * self.pixel
        gx, gy = np.meshgrid(px, py, indexing="ij")
        self._pixel_cell = self.area.locate(gx.ravel(), gy.ravel())
        inside = self._pixel_cell >= 0
        self._cell_pixels = np.bincount(self._pixel_cell[inside], minlength=self.area.n).astype(np.float64)

    def bin(self, x: FloatArray, y: FloatArray, weight: FloatArray) -> FloatArray:
        """Linear binning: each point's weight is shared among the four nearest pixel centres.

        Bilinear shares keep every point's centre of mass exactly where it was (Wand 1994,
        "Fast computation of multivariate kernel estimators"), so a kernel smoothing of the raster
        has no half-pixel shift. Points outside the raster are dropped.
        """
        fx = (np.asarray(x, dtype=np.float64) - self.x0) / self.pixel - 0.5
        fy = (np.asarray(y, dtype=np.float64) - self.y0) / self.pixel - 0.5
        i0 = np.floor(fx).astype(np.int64)
        j0 = np.floor(fy).astype(np.int64)
        tx, ty = fx - i0, fy - j0
        w = np.asarray(weight, dtype=np.float64)
        nx, ny = self.shape
        flat = np.zeros(nx * ny, dtype=np.float64)
        for di, dj, share in (
            (0, 0, (1 - tx) * (1 - ty)),
            (1, 0, tx * (1 - ty)),
            (0, 1, (1 - tx) * ty),
            (1, 1, tx * ty),
        ):
            i, j = i0 + di, j0 + dj
            ok = (i >= 0) & (i < nx) & (j >= 0) & (j < ny)
            flat += np.bincount(i[ok] * ny + j[ok], weights=(w * share)[ok], minlength=nx * ny)
        return flat.reshape(nx, ny)

    def to_cells(self, surface: FloatArray) -> FloatArray:
        """Mean of ``surface`` over each cell's pixels (one value per area cell)."""
        flat = surface.ravel()
        inside = self._pixel_cell >= 0
        sums = np.bincount(self._pixel_cell[inside], weights=flat[inside], minlength=self.area.n)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(self._cell_pixels > 0, sums / np.maximum(self._cell_pixels, 1.0), 0.0)
        return np.asarray(mean, dtype=np.float64)

    def gaussian(self, x: FloatArray, y: FloatArray, weight: FloatArray, sigma_m: float) -> FloatArray:
        """Per-cell mean of a Gaussian kernel density (standard deviation ``sigma_m`` metres).

        Each point contributes ``weight`` in total (the kernel integrates to one), so the value of a
        cell is the expected weight per pixel; multiply by pixels per cell for expected mass.
        """
        grid = self.bin(x, y, weight)
        smooth = ndimage.gaussian_filter(grid, sigma=sigma_m / self.pixel, mode="constant", truncate=4.0)
        return self.to_cells(smooth)

    def radial(
        self,
        x: FloatArray,
        y: FloatArray,
        weight: FloatArray,
        kernel: Callable[[FloatArray], FloatArray],
        radius_m: float,
    ) -> FloatArray:
        """Per-cell mean of ``sum over points of weight * kernel(distance in metres)``.

        The kernel is cut to zero beyond ``radius_m`` metres.
        """
        grid = self.bin(x, y, weight)
        r = math.ceil(radius_m / self.pixel)
        off = np.arange(-r, r + 1) * self.pixel
        dx, dy = np.meshgrid(off, off, indexing="ij")
        d = np.hypot(dx, dy)
        k = np.where(d <= radius_m, kernel(d), 0.0)
        smooth = signal.oaconvolve(grid, k, mode="same")
        # FFT round-off leaves values of order 1e-17 where the kernel is zero: clear them so that
        # cells beyond every bandwidth score exactly 0.
        smooth[smooth < 1e-9 * max(float(smooth.max()), 0.0)] = 0.0
        return self.to_cells(smooth)


def raster_for(area: CellArea, pixels_per_cell: int = 4, margin_m: float = 2000.0) -> CellRaster:
    """The :class:`CellRaster` of ``area`` at that resolution, built once and kept on the area."""
    key = ("raster", pixels_per_cell, margin_m)
    if key not in area.cache:
        area.cache[key] = CellRaster(area, pixels_per_cell, margin_m)
    raster: CellRaster = area.cache[key]
    return raster
