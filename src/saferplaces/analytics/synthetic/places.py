"""True places: synthetic streets, dwellings and public places inside real LSOA polygons.

Coordinates are WGS84 longitude/latitude (EPSG:4326) in degrees. Points are drawn uniformly inside
each LSOA polygon by rejection sampling against its bounding box (shapely ``contains_xy``, vectorised
over all points at once). A street is a short straight segment (at most ``MAX_STREET_M`` metres)
between two such points; its dwellings are spread along it, odd numbers on one side, even on the
other. Street names, house numbers and the inward half of every postcode are synthetic; the outward
half is a real outward code of the LSOA's district (the nearest of a list of approximate centres).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
import shapely
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import names as N
from saferplaces.analytics.synthetic.reference import Areas
from saferplaces.analytics.synthetic.sampling import Mix, choice, pick

MAX_STREET_M = 350.0
HOUSE_SIDE_OFFSET_M = 8.0
METRES_PER_DEGREE_LAT = 111_320.0

# Post towns that differ from the one implied by the outward code's letters.
POST_TOWNS = {
    "LS29": "Ilkley", "BD20": "Keighley", "BD21": "Keighley", "BD22": "Keighley", "BD16": "Bingley",
    "BD17": "Shipley", "BD18": "Shipley", "BD19": "Cleckheaton", "HD6": "Brighouse", "OL14": "Todmorden",
    "WF8": "Pontefract", "WF10": "Castleford", "WF11": "Knottingley", "WF12": "Dewsbury",
    "WF13": "Dewsbury", "WF14": "Mirfield", "WF15": "Liversedge", "WF16": "Heckmondwike", "WF17": "Batley",
}  # fmt: skip
AREA_TOWNS = {"LS": "Leeds", "BD": "Bradford", "HX": "Halifax", "HD": "Huddersfield", "WF": "Wakefield"}


def sample_points(
    geometries: NDArray[np.object_], which: NDArray[np.int64], rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Uniform random points inside ``geometries[which[i]]`` for every i (WGS84 degrees).

    Rejection sampling in each polygon's bounding box, all points per round in one vectorised
    ``shapely.contains_xy`` call; rounds repeat for the rejected points only.
    """
    n = len(which)
    lon = np.empty(n, dtype=np.float64)
    lat = np.empty(n, dtype=np.float64)
    bounds = shapely.bounds(geometries)
    todo = np.arange(n)
    while todo.size:
        b = bounds[which[todo]]
        xs = rng.uniform(b[:, 0], b[:, 2])
        ys = rng.uniform(b[:, 1], b[:, 3])
        ok = shapely.contains_xy(geometries[which[todo]], xs, ys)
        lon[todo[ok]] = xs[ok]
        lat[todo[ok]] = ys[ok]
        todo = todo[~ok]
    return lon, lat


@dataclass
class Streets:
    """Synthetic streets, one row per street (parallel lists)."""

    name: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)  # suffix abbreviated: Acacia Ave
    lsoa: list[int] = field(default_factory=list)
    outward: list[str] = field(default_factory=list)
    houses: list[int] = field(default_factory=list)
    units: list[list[str]] = field(default_factory=list)  # inward codes along the street
    x0: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    y0: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    x1: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    y1: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))


@dataclass
class Locations:
    """Every true location (dwellings and public places), one row per ``location_id``.

    ``kind`` is ``dwelling`` or a public-place kind (park, shop, bus_stop, street, pub, takeaway,
    school, car_park, ginnel). Dwelling coordinates stay NaN until `Places.finish` places them.
    """

    kind: list[str] = field(default_factory=list)
    lsoa: list[int] = field(default_factory=list)
    street: list[int] = field(default_factory=list)
    number: list[int] = field(default_factory=list)
    letter: list[str] = field(default_factory=list)
    flat: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)

    def add(
        self,
        kind: str,
        lsoa: int,
        street: int,
        number: int = 0,
        letter: str = "",
        flat: int = 0,
        name: str = "",
        lon: float = math.nan,
        lat: float = math.nan,
    ) -> int:
        self.kind.append(kind)
        self.lsoa.append(lsoa)
        self.street.append(street)
        self.number.append(number)
        self.letter.append(letter)
        self.flat.append(flat)
        self.name.append(name)
        self.lon.append(lon)
        self.lat.append(lat)
        return len(self.kind) - 1

    def __len__(self) -> int:
        return len(self.kind)


class Places:
    """Builds and hands out true locations for the generator.

    Args:
        areas: the LSOAs.
        rng: NumPy generator for vectorised coordinate draws.
        prng: Python generator for per-item choices.
    """

    def __init__(self, areas: Areas, rng: np.random.Generator, prng: random.Random) -> None:
        self.areas = areas
        self.rng = rng
        self.prng = prng
        self.geoms = np.array(areas.geometries, dtype=object)
        shapely.prepare(self.geoms)
        self.streets = Streets()
        self.loc = Locations()
        self.street_location: list[int] = []  # street -> its "street" public location
        self.streets_by_lsoa: list[list[int]] = [[] for _ in areas.codes]
        self.street_weights: list[list[float]] = [[] for _ in areas.codes]
        self.public_by_lsoa: list[dict[str, tuple[list[int], list[float]]]] = [{} for _ in areas.codes]
        self.used_numbers: list[dict[int, int]] = []  # street -> {number: flats used (0 = house)}
        self._free_inward: dict[str, list[str]] = {}
        self.outward_of_lsoa = self._outward_codes()
        self._build_streets()
        self._build_public_places()
        self._street_mix = [
            Mix(ids, w) for ids, w in zip(self.streets_by_lsoa, self.street_weights, strict=True)
        ]
        self._public_mix = [{k: Mix(ids, w) for k, (ids, w) in t.items()} for t in self.public_by_lsoa]

    # ---- construction -------------------------------------------------------------------------

    def _outward_codes(self) -> list[str]:
        centroids = shapely.centroid(self.geoms)
        cx, cy = shapely.get_x(centroids), shapely.get_y(centroids)
        out: list[str] = []
        for i, district in enumerate(self.areas.districts):
            table = C.OUTWARD_CODES.get(district)
            if not table:
                # Unknown district (another force's boundaries): a synthetic outward code per district.
                letters = "".join(ch for ch in district.upper() if ch.isalpha())[:2] or "ZZ"
                out.append(f"{letters}{1 + i % 20}")
                continue
            codes = list(table)
            lat = np.array([table[c][0] for c in codes])
            lon = np.array([table[c][1] for c in codes])
            d2 = (lat - cy[i]) ** 2 + ((lon - cx[i]) * math.cos(math.radians(cy[i]))) ** 2
            out.append(codes[int(np.argmin(d2))])
        return out

    def _inward(self, outward: str) -> str:
        """An unused inward code (digit + two letters) in the outward code: 4,000 per outward code."""
        free = self._free_inward.get(outward)
        if free is None:
            letters = C.INWARD_LETTERS
            free = [f"{d}{a}{b}" for d in range(10) for a in letters for b in letters]
            self._free_inward[outward] = free
        if not free:
            raise ValueError(f"outward code {outward} has run out of synthetic inward codes")
        # Draw without replacement: swap a random entry to the end and pop it.
        k = int(self.prng.random() * len(free))
        free[k], free[-1] = free[-1], free[k]
        return free.pop()

    def _build_streets(self) -> None:
        n_lsoa = len(self.areas.codes)
        per_lsoa = C.STREETS_BASE + self.rng.poisson(C.STREETS_POISSON, n_lsoa)
        which = np.repeat(np.arange(n_lsoa), per_lsoa)
        x0, y0 = sample_points(self.geoms, which, self.rng)
        x1, y1 = sample_points(self.geoms, which, self.rng)
        # Shrink each segment towards its start so that no street is longer than MAX_STREET_M.
        kx = METRES_PER_DEGREE_LAT * np.cos(np.radians(y0))
        length = np.hypot((x1 - x0) * kx, (y1 - y0) * METRES_PER_DEGREE_LAT)
        f = np.minimum(1.0, MAX_STREET_M / np.maximum(length, 1.0))
        x1 = x0 + (x1 - x0) * f
        y1 = y0 + (y1 - y0) * f
        houses = C.HOUSES_BASE + self.rng.poisson(C.HOUSES_POISSON, len(which))
        s = self.streets
        s.x0, s.y0, s.x1, s.y1 = x0, y0, x1, y1
        suffix_mix = Mix([x[0] for x in N.STREET_SUFFIXES], [x[2] for x in N.STREET_SUFFIXES])
        suffix_short = {x[0]: x[1] for x in N.STREET_SUFFIXES}
        names_in_outward: dict[str, set[str]] = {}
        for k, lsoa in enumerate(which.tolist()):
            outward = self.outward_of_lsoa[lsoa]
            taken = names_in_outward.setdefault(outward, set())
            for attempt in range(40):
                word = choice(self.prng, N.STREET_WORDS)
                suffix = suffix_mix.draw(self.prng)
                prefix = "" if attempt < 20 else choice(self.prng, ("Back ", "Upper ", "Lower ", "New "))
                name = f"{prefix}{word} {suffix}"
                if name not in taken:
                    break
            taken.add(name)
            s.name.append(name)
            s.short.append(name[: -len(suffix)] + suffix_short[suffix])
            s.lsoa.append(lsoa)
            s.outward.append(outward)
            h = int(houses[k])
            s.houses.append(h)
            s.units.append([self._inward(outward) for _ in range(1 + h // 40)])
            self.streets_by_lsoa[lsoa].append(k)
            self.street_weights[lsoa].append(float(h))
            self.used_numbers.append({})
            mid = self.loc.add("street", lsoa, k, name=name, lon=float(x0[k]), lat=float(y0[k]))
            self.street_location.append(mid)

    def _public_name(self, kind: str, street: int) -> str:
        p = self.prng
        sname = self.streets.name[street]
        word = (
            sname.split()[0] if not sname.startswith(("Back", "Upper", "Lower", "New")) else sname.split()[1]
        )
        if kind == "park":
            return choice(p, (f"{word} Park", f"{word} Rec", f"{word} Playing Fields", f"{word} Woods"))
        if kind == "shop":
            return choice(p, N.SHOP_NAMES)
        if kind == "takeaway":
            return choice(p, N.TAKEAWAY_NAMES)
        if kind == "pub":
            return choice(p, N.PUB_NAMES)
        if kind == "school":
            return choice(
                p, (f"{word} Primary School", f"St {choice(p, N.SAINTS)}'s Primary", f"{word} Academy")
            )
        if kind == "car_park":
            return f"car park on {sname}"
        if kind == "bus_stop":
            return f"bus stop on {sname}"
        if kind == "ginnel":
            return choice(p, (f"ginnel off {sname}", f"back alley behind {sname}", f"snicket off {sname}"))
        return sname

    def _build_public_places(self) -> None:
        n_lsoa = len(self.areas.codes)
        kinds = list(C.PUBLIC_PLACES)
        counts = np.stack(
            [base + self.rng.poisson(mean, n_lsoa) for base, mean in (C.PUBLIC_PLACES[k] for k in kinds)],
            axis=1,
        )
        which = np.repeat(np.arange(n_lsoa), counts.sum(axis=1))
        lon, lat = sample_points(self.geoms, which, self.rng)
        attraction = self.rng.pareto(C.PLACE_ATTRACTION_SHAPE, len(which)) + 1.0
        k = 0
        for lsoa in range(n_lsoa):
            table = self.public_by_lsoa[lsoa]
            for j, kind in enumerate(kinds):
                for _ in range(int(counts[lsoa, j])):
                    street = choice(self.prng, self.streets_by_lsoa[lsoa])
                    loc = self.loc.add(
                        kind,
                        lsoa,
                        street,
                        name=self._public_name(kind, street),
                        lon=float(lon[k]),
                        lat=float(lat[k]),
                    )
                    ids, weights = table.setdefault(kind, ([], []))
                    ids.append(loc)
                    weights.append(float(attraction[k]))
                    k += 1
            # Streets are public places too; their attraction is drawn here, per LSOA.
            street_ids = [self.street_location[s] for s in self.streets_by_lsoa[lsoa]]
            table["street"] = (
                street_ids,
                [self.prng.paretovariate(C.PLACE_ATTRACTION_SHAPE) for _ in street_ids],
            )

    # ---- handing out places -------------------------------------------------------------------

    def public_place(self, lsoa: int, kind: str) -> int:
        """A public location of ``kind`` in the LSOA, chosen by attraction (falls back to a street)."""
        table = self._public_mix[lsoa]
        return (table.get(kind) or table["street"]).draw(self.prng)

    def new_dwelling(self, lsoa: int, near: int | None = None) -> int:
        """A new dwelling in the LSOA; with ``near``, next door to (or in the same building as) it."""
        p = self.prng
        if near is not None and self.loc.kind[near] == "dwelling":
            street = self.loc.street[near]
            number = self.loc.number[near]
            if self.loc.flat[near] and p.random() < 0.6:
                return self._add_dwelling(street, number, flat=True)
            for candidate in (number + 2, number - 2, number + 1, number - 1, number + 4, number - 4):
                if (
                    1 <= candidate <= self.streets.houses[street]
                    and candidate not in self.used_numbers[street]
                ):
                    return self._add_dwelling(street, candidate, flat=False)
            lsoa = self.loc.lsoa[near]
        street = self._street_mix[lsoa].draw(p)
        used = self.used_numbers[street]
        houses = self.streets.houses[street]
        if p.random() < C.P_FLAT:
            # Flats cluster in a few numbered buildings per street.
            buildings = [n for n, flats in used.items() if flats > 0]
            if buildings and p.random() < 0.7:
                return self._add_dwelling(street, choice(p, buildings), flat=True)
        for _ in range(30):
            number = 1 + int(houses * p.random() ** 1.3)
            if number not in used:
                break
        else:
            houses += 1
            self.streets.houses[street] = houses
            number = houses
        return self._add_dwelling(street, number, flat=p.random() < C.P_FLAT)

    def _add_dwelling(self, street: int, number: int, flat: bool) -> int:
        used = self.used_numbers[street]
        flat_no = 0
        if flat:
            flat_no = used.get(number, 0) + 1
            used[number] = flat_no
        else:
            used[number] = used.get(number, 0)
        letter = "a" if not flat and self.prng.random() < C.P_LETTER_SUFFIX else ""
        return self.loc.add("dwelling", self.streets.lsoa[street], street, number, letter, flat_no)

    def finish(self) -> None:
        """Give every dwelling coordinates along its street (vectorised); call once at the end."""
        kind = np.array(self.loc.kind)
        idx = np.flatnonzero(kind == "dwelling")
        if idx.size == 0:
            return
        street = np.array(self.loc.street)[idx]
        number = np.array(self.loc.number)[idx].astype(np.float64)
        s = self.streets
        houses = np.array(s.houses, dtype=np.float64)[street]
        t = np.clip((number - 0.5) / houses, 0.0, 1.0)
        x0, y0, x1, y1 = s.x0[street], s.y0[street], s.x1[street], s.y1[street]
        kx = METRES_PER_DEGREE_LAT * np.cos(np.radians(y0))
        dx, dy = (x1 - x0) * kx, (y1 - y0) * METRES_PER_DEGREE_LAT
        norm = np.maximum(np.hypot(dx, dy), 1e-9)
        side = np.where(number % 2 == 1, 1.0, -1.0) * HOUSE_SIDE_OFFSET_M
        lon = x0 + t * (x1 - x0) + (-dy / norm) * side / kx
        lat = y0 + t * (y1 - y0) + (dx / norm) * side / METRES_PER_DEGREE_LAT
        lsoa = np.array(self.loc.lsoa)[idx]
        inside = shapely.contains_xy(self.geoms[lsoa], lon, lat)
        # A bend in the polygon can put a house outside its LSOA: move it to the street's start.
        lon = np.where(inside, lon, x0)
        lat = np.where(inside, lat, y0)
        lons, lats = self.loc.lon, self.loc.lat
        for j, i in enumerate(idx.tolist()):
            lons[i] = float(lon[j])
            lats[i] = float(lat[j])

    # ---- describing places --------------------------------------------------------------------

    def postcode(self, loc: int) -> tuple[str, str]:
        """(outward, inward) postcode of a location: the unit along its street that holds the house."""
        street = self.loc.street[loc]
        units = self.streets.units[street]
        houses = self.streets.houses[street]
        number = self.loc.number[loc]
        unit = units[min(len(units) - 1, (max(number, 1) - 1) * len(units) // max(houses, 1))]
        return self.streets.outward[street], unit

    def post_town(self, loc: int) -> str:
        outward = self.streets.outward[self.loc.street[loc]]
        return POST_TOWNS.get(outward) or AREA_TOWNS.get(outward.rstrip("0123456789"), "")

    def address_line(self, loc: int) -> str:
        """The true first address line: ``Flat 2, 12a Acacia Avenue`` (dwellings only)."""
        number = f"{self.loc.number[loc]}{self.loc.letter[loc]}"
        flat = self.loc.flat[loc]
        street = self.streets.name[self.loc.street[loc]]
        return f"Flat {flat}, {number} {street}" if flat else f"{number} {street}"

    def lsoa_district(self, lsoa: int) -> str:
        return self.areas.districts[lsoa]

    def pick_kind(self, mix: C.Mix) -> str:
        return pick(self.prng, mix)

    def phrases(self, loc: int, rng: random.Random) -> tuple[str, str, str]:
        """(place, at, street) wording of a location for narratives.

        ``place`` names it ("the Co-op", "Elm Park", "14 Moor Lane"), ``at`` locates something there
        ("outside the Co-op on Moor Lane") and ``street`` is its street's name.
        """
        lc = self.loc
        kind = lc.kind[loc]
        street = self.streets.name[lc.street[loc]]
        name = lc.name[loc]
        if kind == "dwelling":
            place = f"no {lc.number[loc]}{lc.letter[loc]} {street}"
            return place, f"at {place}", street
        if kind in ("shop", "takeaway", "pub"):
            place = name if name.lower().startswith("the ") else f"the {name}"
            return place, f"outside {place} on {street}", street
        if kind == "park":
            return name, f"{choice(rng, ('on', 'in'))} {name}", street
        if kind == "school":
            return name, f"outside {name}", street
        if kind == "street":
            return street, f"on {street}", street
        place = f"the {name}"  # bus stop, car park, ginnel
        return place, f"{'at' if kind == 'bus_stop' else 'in'} {place}", street

    def location_text(self, loc: int, rng: random.Random) -> str:
        """A public place's location as a call taker types it (dwellings use the address recorder)."""
        p = rng
        lc = self.loc
        kind = lc.kind[loc]
        s = lc.street[loc]
        street = self.streets.short[s] if p.random() < C.P_STREET_ABBREVIATED else self.streets.name[s]
        name = lc.name[loc]
        if kind in ("shop", "takeaway", "pub"):
            bare = name[4:] if name.lower().startswith("the ") else name
            return choice(p, (f"outside {bare}, {street}", f"{bare}, {street}", f"o/s {bare} {street}", bare))
        if kind in ("park", "school"):
            return choice(p, (name, f"{name}, {street}", f"{name} off {street}"))
        if kind == "bus_stop":
            return choice(
                p,
                (
                    f"bus stop, {street}",
                    f"bus stop o/s {1 + int(p.random() * 89)} {street}",
                    f"{street} bus stop",
                ),
            )
        if kind == "street":
            others = self.streets_by_lsoa[lc.lsoa[loc]]
            other = self.streets.name[choice(p, others)]
            if other != self.streets.name[s] and p.random() < 0.3:
                return f"{street} jnc {other}"
            return choice(p, (street, f"o/s {1 + int(p.random() * 89)} {street}", street.upper()))
        return choice(p, (name, street))
