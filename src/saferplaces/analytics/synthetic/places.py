"""True places: synthetic streets, dwellings and public places inside real LSOA polygons.

Coordinates are WGS84 longitude/latitude (EPSG:4326) in degrees. Points are drawn uniformly inside
each LSOA polygon by rejection sampling against its bounding box (shapely ``contains_xy``, vectorised
over all points at once). A street is a short straight segment (at most ``MAX_STREET_M`` metres)
between two such points; its dwellings are spread along it, odd numbers on one side, even on the
other. Street names, house numbers and the inward half of every postcode are synthetic; the outward
half is a real outward code of the LSOA's district (the nearest of a list of approximate centres).

Streets and public places are built once (small Python loops over about 20,000 items). Dwellings are
handed out to households in one loop whose random draws are all made up front with NumPy
(`allocate_dwellings`); everything that describes a place (postcode, wording, address parts) is
computed for arrays of location ids.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import shapely
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import names as N
from saferplaces.analytics.synthetic.people import People
from saferplaces.analytics.synthetic.reference import Areas
from saferplaces.analytics.synthetic.sampling import GroupedWeights, Mix, choice, uniform_index

MAX_STREET_M = 350.0
HOUSE_SIDE_OFFSET_M = 8.0
METRES_PER_DEGREE_LAT = 111_320.0
# Location kinds; a location's kind code is its index here.
KINDS = ("dwelling", "street", *C.PUBLIC_PLACES)
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
DWELLING, STREET = 0, 1
# Exponent of the house-number skew: a new household's number is drawn like 1 + int(houses * u**1.3),
# so low numbers fill first.
NUMBER_SKEW = 1.3

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


def post_town(outward: str) -> str:
    return POST_TOWNS.get(outward) or AREA_TOWNS.get(outward.rstrip("0123456789"), "")


@dataclass
class Streets:
    """Synthetic streets, one row per street (parallel lists; coordinates as arrays)."""

    name: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)  # suffix abbreviated: Acacia Ave
    lsoa: list[int] = field(default_factory=list)
    outward: list[str] = field(default_factory=list)
    houses: list[int] = field(default_factory=list)  # grows when a full street needs another number
    units: list[list[str]] = field(default_factory=list)  # inward codes along the street
    x0: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    y0: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    x1: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))
    y1: NDArray[np.float64] = field(default_factory=lambda: np.empty(0))


@dataclass
class Locations:
    """Every true location (dwellings and public places), one row per ``location_id``.

    Built as lists, then frozen into NumPy arrays by `Places.finish`. ``kind`` is an index into
    `KINDS`. Dwelling coordinates are NaN until `Places.finish` places them along their street.
    """

    kind: list[int] = field(default_factory=list)
    lsoa: list[int] = field(default_factory=list)
    street: list[int] = field(default_factory=list)
    number: list[int] = field(default_factory=list)
    letter: list[str] = field(default_factory=list)
    flat: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)

    def add(self, kind: int, lsoa: int, street: int, name: str, lon: float, lat: float) -> int:
        """A public place or street (no number)."""
        self.kind.append(kind)
        self.lsoa.append(lsoa)
        self.street.append(street)
        self.number.append(0)
        self.letter.append("")
        self.flat.append(0)
        self.name.append(name)
        self.lon.append(lon)
        self.lat.append(lat)
        return len(self.kind) - 1

    def __len__(self) -> int:
        return len(self.kind)


@dataclass(frozen=True)
class LocationArrays:
    """`Locations` frozen by `Places.finish`: numbers as NumPy arrays, strings as Polars columns.

    ``outward`` and ``inward`` are each location's postcode halves (the unit of its street that holds
    its number; a street's first unit for public places).
    """

    kind: NDArray[np.int64]
    lsoa: NDArray[np.int64]
    street: NDArray[np.int64]
    number: NDArray[np.int64]
    flat: NDArray[np.int64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    letter: pl.Series
    name: pl.Series
    outward: pl.Series
    inward: pl.Series

    def __len__(self) -> int:
        return len(self.kind)


def _street_by_street(
    street: NDArray[np.int64],
    u: NDArray[np.float64],
    houses: NDArray[np.int64],
    numbers: NDArray[np.int64],
    offsets: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """House and flat numbers for dwelling requests, each looking back only along its own street.

    Args:
        street: each request's street, in arrival order.
        u: uniforms per request: flat?, join a building?, which building, new flat?, (letter).
        houses: each street's number of houses.
        numbers, offsets: each street's house numbers in the order they are taken (`_number_orders`).

    Returns:
        (by, number, flat, takes_number), the last three per *sorted* row: ``by`` sorts the requests
        by street (arrival order within a street); ``flat`` is the flat number (0 for a house);
        ``takes_number`` marks the requests that used up a new number (houses and new buildings).
    """
    m = len(street)
    by = np.argsort(street, kind="stable")
    st = street[by]
    first = np.ones(m, dtype=bool)
    first[1:] = st[1:] != st[:-1]
    row_start = np.maximum.accumulate(np.where(first, np.arange(m), 0))
    pos = np.arange(m) - row_start
    new_flat = u[by, 3] < C.P_FLAT
    # No building can be joined before the street's first flat exists: that request is the first whose
    # new-number flat draw succeeds (everyone before it took a number).
    first_flat = np.full(len(houses), m, dtype=np.int64)
    np.minimum.at(first_flat, st[new_flat], pos[new_flat])
    join = (pos > first_flat[st]) & (u[by, 0] < C.P_FLAT) & (u[by, 1] < 0.7)
    takes_number = ~join
    starts_building = takes_number & new_flat
    # The k-th number-taker of a street takes the k-th number of its order; past the end it grows.
    k = np.cumsum(takes_number) - takes_number
    k = k - k[row_start]
    within = k < houses[st]
    number = np.where(within, numbers[np.minimum(offsets[st] + k, len(numbers) - 1)], k + 1)
    # Joiners pick one of the street's buildings created before them, uniformly.
    starters = np.cumsum(starts_building) - starts_building
    building_rows = np.flatnonzero(starts_building)
    if building_rows.size:
        pick = starters[row_start] + uniform_index(u[by, 2], starters - starters[row_start])
        number = np.where(join, number[building_rows[np.minimum(pick, building_rows.size - 1)]], number)
    # Flat numbers within a building, in arrival order (its creator has flat 1).
    flat_no = np.zeros(m, dtype=np.int64)
    flat = join | starts_building
    key = st[flat] * 1_000_000 + number[flat]
    fo = np.argsort(key, kind="stable")
    ks = key[fo]
    kfirst = np.ones(len(ks), dtype=bool)
    kfirst[1:] = ks[1:] != ks[:-1]
    rank = np.arange(len(ks)) - np.maximum.accumulate(np.where(kfirst, np.arange(len(ks)), 0))
    flat_no[np.flatnonzero(flat)[fo]] = rank + 1
    return by, number, flat_no, takes_number


class Places:
    """Builds and hands out true locations for the generator.

    Args:
        areas: the LSOAs.
        rng: NumPy generator for vectorised draws (coordinates, dwellings, counts).
        prng: Python generator for the construction loops (names, inward codes).
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
        self._public: tuple[list[int], list[int], list[float]] = ([], [], [])  # group, location, weight
        self._free_inward: dict[str, list[str]] = {}
        self.outward_of_lsoa = self._outward_codes()
        self._build_streets()
        self._build_public_places()
        n_lsoa = len(areas.codes)
        street_lsoa = np.array(self.streets.lsoa, dtype=np.int64)
        self._streets_in = GroupedWeights(
            street_lsoa, np.array(self.streets.houses, dtype=np.float64), n_lsoa
        )
        self._street_mix = [
            Mix(ids, [float(self.streets.houses[s]) for s in ids]) for ids in self.streets_by_lsoa
        ]
        group, ids, weights = self._public
        self._public_ids = np.array(ids, dtype=np.int64)
        self._public_in = GroupedWeights(np.array(group), np.array(weights), n_lsoa * len(KINDS))
        self.arrays: LocationArrays | None = None
        self._street_name = pl.Series("street", self.streets.name, dtype=pl.String)
        self._street_short = pl.Series("street", self.streets.short, dtype=pl.String)
        self._street_town = pl.Series("town", [post_town(o) for o in self.streets.outward], dtype=pl.String)
        self._original_houses: list[int] = []
        self._number_orders_cache: tuple[list[int], list[int]] = ([], [])

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
            mid = self.loc.add(STREET, lsoa, k, name, float(x0[k]), float(y0[k]))
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
        group, ids, weights = self._public
        k = 0
        for lsoa in range(n_lsoa):
            for j, kind in enumerate(kinds):
                for _ in range(int(counts[lsoa, j])):
                    street = choice(self.prng, self.streets_by_lsoa[lsoa])
                    name = self._public_name(kind, street)
                    loc = self.loc.add(KIND_CODE[kind], lsoa, street, name, float(lon[k]), float(lat[k]))
                    group.append(lsoa * len(KINDS) + KIND_CODE[kind])
                    ids.append(loc)
                    weights.append(float(attraction[k]))
                    k += 1
            # Streets are public places too, each with its own attraction.
            for s in self.streets_by_lsoa[lsoa]:
                group.append(lsoa * len(KINDS) + STREET)
                ids.append(self.street_location[s])
                weights.append(self.prng.paretovariate(C.PLACE_ATTRACTION_SHAPE))

    # ---- handing out places -------------------------------------------------------------------

    def public_places(
        self, lsoa: NDArray[np.int64], kind: NDArray[np.int64], u: NDArray[np.float64]
    ) -> NDArray[np.int64]:
        """A public location of ``kind`` in each LSOA, chosen by attraction (a street if it has none)."""
        group = lsoa * len(KINDS) + kind
        group = np.where(self._public_in.has_items(group), group, lsoa * len(KINDS) + STREET)
        return np.asarray(self._public_ids[self._public_in.draw(group, u)], dtype=np.int64)

    def street_location_of(self, loc: NDArray[np.int64]) -> NDArray[np.int64]:
        """The "street" public location of each location's street."""
        streets = np.array(self.loc.street, dtype=np.int64)
        return np.asarray(np.array(self.street_location, dtype=np.int64)[streets[loc]])

    def _number_orders(self, streets: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The given streets' house numbers in the order new households take them.

        Numbers are drawn without replacement with the weights of 1 + int(houses * u**1.3)
        (Efraimidis-Spirakis keys ``log(u) / w``, largest first), so low numbers fill first.

        Returns:
            (numbers, offsets): street ``streets[i]``'s order is ``numbers[offsets[i]:]`` (its
            original number of houses long).
        """
        houses = np.array(self.streets.houses, dtype=np.int64)[streets]
        which = np.repeat(np.arange(len(streets)), houses)
        start = np.concatenate(([0], np.cumsum(houses)[:-1])).astype(np.int64)
        number = np.arange(len(which)) - start[which] + 1
        h = houses[which].astype(np.float64)
        w = (number / h) ** (1 / NUMBER_SKEW) - ((number - 1) / h) ** (1 / NUMBER_SKEW)
        key = np.log(self.rng.random(len(which))) / w
        order = np.lexsort((-key, which))
        return number[order].astype(np.int64), start

    def allocate_dwellings(
        self, people: People, near_household: NDArray[np.int64], near_t0: NDArray[np.float64]
    ) -> None:
        """Give every household its dwelling and, if it moves, its new one (fills ``people.hh_*``).

        Most households get a street of their LSOA weighted by length and then, in order of arrival
        on that street, the next free house number (skewed to low numbers; a full street grows), or
        with probability 15% a flat: 70% of those join a building of flats already on the street,
        the others start one. That rule only looks back along the same street, so it is computed for
        all streets at once with sorted NumPy arrays. A household with ``near_household[h] >= 0``
        lives next door to (or, if that is a flat, 60% in the same building as) that household's
        dwelling at ``near_t0[h]``: numbers +-2, +-1, +-4 are tried in turn, else any free dwelling
        of the LSOA. Those few are placed afterwards in a Python loop, in household order.
        """
        rng = self.rng
        n_streets = len(self.streets.houses)
        near = near_household >= 0
        moves = people.hh_move_to >= 0
        # Free requests, in household order (a household's home before its move).
        req_hh = np.concatenate((np.flatnonzero(~near), np.flatnonzero(moves)))
        req_move = np.r_[np.zeros(int((~near).sum()), dtype=bool), np.ones(int(moves.sum()), dtype=bool)]
        o = np.lexsort((req_move, req_hh))
        req_hh, req_move = req_hh[o], req_move[o]
        m = len(req_hh)
        lsoa = np.where(req_move, people.hh_move_to[req_hh], people.hh_lsoa[req_hh])
        street = self._streets_in.draw(lsoa, rng.random(m))
        u = rng.random((m, 5))  # flat?, join a building?, which building, new flat?, letter?
        ids = np.arange(len(self.loc.kind), len(self.loc.kind) + m)

        houses = np.array(self.streets.houses, dtype=np.int64)
        self._original_houses = houses.tolist()
        busy = np.unique(street)
        numbers, busy_offsets = self._number_orders(busy)
        offsets = np.full(n_streets, -1, dtype=np.int64)
        offsets[busy] = busy_offsets
        self._number_orders_cache = (numbers.tolist(), offsets.tolist())
        by, number, flat_no, takes_number = _street_by_street(street, u, houses, numbers, offsets)
        st = street[by]
        letter = (flat_no == 0) & (u[by, 4] < C.P_LETTER_SUFFIX)
        taken = np.bincount(st[takes_number], minlength=n_streets)
        flat = flat_no > 0
        # Flats per building (street * 1e6 + number), for next-door households in the same building.
        keys, counts = np.unique(st[flat] * 1_000_000 + number[flat], return_counts=True)

        lc = self.loc
        back = np.empty(m, dtype=np.int64)
        back[by] = np.arange(m)  # request order -> sorted row
        lc.kind.extend([DWELLING] * m)
        lc.lsoa.extend(np.asarray(self.streets.lsoa, dtype=np.int64)[street].tolist())
        lc.street.extend(street.tolist())
        lc.number.extend(number[back].tolist())
        lc.letter.extend(np.where(letter[back], "a", "").tolist())
        lc.flat.extend(flat_no[back].tolist())
        lc.name.extend([""] * m)
        lc.lon.extend([math.nan] * m)
        lc.lat.extend([math.nan] * m)
        home = np.full(len(people.hh_lsoa), -1, dtype=np.int64)
        moved = np.full(len(people.hh_lsoa), -1, dtype=np.int64)
        home[req_hh[~req_move]] = ids[~req_move]
        moved[req_hh[req_move]] = ids[req_move]
        s = self.streets
        s.houses[:] = np.maximum(houses, taken).tolist()
        self._place_next_door(
            people,
            near_household,
            near_t0,
            home,
            moved,
            st[takes_number],
            number[takes_number],
            taken,
            keys,
            counts,
        )
        people.hh_dwelling[:] = home
        people.hh_new_dwelling[:] = moved

    def _place_next_door(
        self,
        people: People,
        near_household: NDArray[np.int64],
        near_t0: NDArray[np.float64],
        home: NDArray[np.int64],
        moved: NDArray[np.int64],
        used_street: NDArray[np.int64],
        used_number: NDArray[np.int64],
        taken: NDArray[np.int64],
        flat_keys: NDArray[np.int64],
        flat_counts: NDArray[np.int64],
    ) -> None:
        """Dwellings next door to another household's (see `allocate_dwellings`); fills ``home``."""
        lc = self.loc
        s = self.streets
        rng = self.rng
        todo = np.flatnonzero(near_household >= 0)
        if todo.size == 0:
            return
        u = rng.random((todo.size, 6)).tolist()
        fallback = random.Random(int(rng.integers(0, 2**63)))
        used = set((used_street * 1_000_000 + used_number).tolist())
        flats = dict(zip(flat_keys.tolist(), flat_counts.tolist(), strict=True))  # flats per building
        buildings: dict[int, list[int]] = {}
        for key in sorted(flats):
            buildings.setdefault(key // 1_000_000, []).append(key % 1_000_000)
        numbers, offsets = self._number_orders_cache
        pointer = taken.tolist()
        original = list(self._original_houses)
        houses = s.houses
        streets, nums, flat_of, lsoas = lc.street, lc.number, lc.flat, lc.lsoa
        move_at = people.hh_move_at.tolist()
        home_l = home.tolist()
        moved_l = moved.tolist()
        p_flat, p_letter = C.P_FLAT, C.P_LETTER_SUFFIX

        def add(street: int, number: int, flat: bool, u_letter: float) -> int:
            key = street * 1_000_000 + number
            flat_no = 0
            if flat:
                flat_no = flats.get(key, 0) + 1
                flats[key] = flat_no
                if flat_no == 1:
                    buildings.setdefault(street, []).append(number)
            used.add(key)
            lc.kind.append(DWELLING)
            lc.lsoa.append(s.lsoa[street])
            streets.append(street)
            nums.append(number)
            lc.letter.append("a" if not flat and u_letter < p_letter else "")
            flat_of.append(flat_no)
            lc.name.append("")
            lc.lon.append(math.nan)
            lc.lat.append(math.nan)
            return len(lc.kind) - 1

        refs = near_household[todo].tolist()
        t0s = near_t0[todo].tolist()
        for h, ref_h, t0, r in zip(todo.tolist(), refs, t0s, u, strict=True):
            ref = moved_l[ref_h] if t0 >= move_at[ref_h] else home_l[ref_h]
            street, number = streets[ref], nums[ref]
            placed = -1
            if flat_of[ref] and r[0] < 0.6:
                placed = add(street, number, True, r[5])
            else:
                for c in (number + 2, number - 2, number + 1, number - 1, number + 4, number - 4):
                    if 1 <= c <= houses[street] and street * 1_000_000 + c not in used:
                        placed = add(street, c, False, r[5])
                        break
            if placed < 0:  # no free number next door: any free dwelling of the LSOA
                street = self._street_mix[lsoas[ref]].draw(fallback)
                b = buildings.get(street)
                if r[1] < p_flat and b and r[2] < 0.7:
                    placed = add(street, b[int(r[3] * len(b))], True, r[5])
                else:
                    if offsets[street] < 0:  # a street no other household was sent to
                        more, _ = self._number_orders(np.array([street]))
                        offsets[street] = len(numbers)
                        numbers.extend(more.tolist())
                    k = pointer[street]
                    while k < original[street] and street * 1_000_000 + numbers[offsets[street] + k] in used:
                        k += 1
                    if k < original[street]:
                        number = int(numbers[offsets[street] + k])
                        pointer[street] = k + 1
                    else:  # a full street grows by one house
                        pointer[street] = k
                        houses[street] += 1
                        while street * 1_000_000 + houses[street] in used:
                            houses[street] += 1
                        number = houses[street]
                    placed = add(street, number, r[4] < p_flat, r[5])
            home_l[h] = placed
        home[:] = home_l

    def finish(self) -> LocationArrays:
        """Freeze locations into arrays and give every dwelling coordinates along its street."""
        lc = self.loc
        s = self.streets
        kind = np.array(lc.kind, dtype=np.int64)
        street = np.array(lc.street, dtype=np.int64)
        number = np.array(lc.number, dtype=np.int64)
        lsoa = np.array(lc.lsoa, dtype=np.int64)
        lon = np.array(lc.lon, dtype=np.float64)
        lat = np.array(lc.lat, dtype=np.float64)
        houses = np.array(s.houses, dtype=np.int64)
        idx = np.flatnonzero(kind == DWELLING)
        if idx.size:
            st = street[idx]
            num = number[idx].astype(np.float64)
            t = np.clip((num - 0.5) / houses[st], 0.0, 1.0)
            x0, y0, x1, y1 = s.x0[st], s.y0[st], s.x1[st], s.y1[st]
            kx = METRES_PER_DEGREE_LAT * np.cos(np.radians(y0))
            dx, dy = (x1 - x0) * kx, (y1 - y0) * METRES_PER_DEGREE_LAT
            norm = np.maximum(np.hypot(dx, dy), 1e-9)
            side = np.where(num % 2 == 1, 1.0, -1.0) * HOUSE_SIDE_OFFSET_M
            x = x0 + t * (x1 - x0) + (-dy / norm) * side / kx
            y = y0 + t * (y1 - y0) + (dx / norm) * side / METRES_PER_DEGREE_LAT
            inside = shapely.contains_xy(self.geoms[lsoa[idx]], x, y)
            # A bend in the polygon can put a house outside its LSOA: move it to the street's start.
            lon[idx] = np.where(inside, x, x0)
            lat[idx] = np.where(inside, y, y0)
        # Postcode unit: the street's inward codes cover its numbers in order.
        n_units = np.array([len(u) for u in s.units], dtype=np.int64)
        unit_start = np.concatenate(([0], np.cumsum(n_units)[:-1]))
        nu = n_units[street]
        unit = np.minimum(nu - 1, (np.maximum(number, 1) - 1) * nu // np.maximum(houses[street], 1))
        self.arrays = LocationArrays(
            kind=kind,
            lsoa=lsoa,
            street=street,
            number=number,
            flat=np.array(lc.flat, dtype=np.int64),
            lon=lon,
            lat=lat,
            letter=pl.Series("letter", lc.letter, dtype=pl.String),
            name=pl.Series("name", lc.name, dtype=pl.String),
            outward=pl.Series("outward", s.outward, dtype=pl.String).gather(street),
            inward=pl.Series("inward", [x for u in s.units for x in u], dtype=pl.String).gather(
                unit_start[street] + unit
            ),
        )
        return self.arrays

    # ---- describing places --------------------------------------------------------------------

    def street_names(self, loc: NDArray[np.int64], short: NDArray[np.bool_] | None = None) -> pl.Series:
        """Each location's street name, abbreviated (``Acacia Ave``) where ``short`` is set."""
        street = self._arrays().street[loc]
        full = self._street_name.gather(street)
        if short is None:
            return full
        return pl.select(
            pl.when(pl.Series(short)).then(self._street_short.gather(street)).otherwise(full).alias("street")
        ).to_series()

    def street_name_of(self, street: NDArray[np.int64]) -> pl.Series:
        """Names of the given streets (by street id)."""
        return self._street_name.gather(street)

    def post_towns(self, loc: NDArray[np.int64]) -> pl.Series:
        """Each location's post town (Leeds, Batley, Ilkley, ...) from its outward code."""
        return self._street_town.gather(self._arrays().street[loc])

    def address_line(self, loc: NDArray[np.int64]) -> pl.Series:
        """The true first address line: ``Flat 2, 12a Acacia Avenue`` (dwellings only)."""
        a = self._arrays()
        df = pl.DataFrame(
            {
                "number": a.number[loc],
                "letter": a.letter.gather(loc),
                "flat": a.flat[loc],
                "street": self.street_names(loc),
            }
        )
        line = pl.concat_str([pl.col("number").cast(pl.String), "letter", pl.lit(" "), "street"])
        flat = pl.concat_str([pl.lit("Flat "), pl.col("flat").cast(pl.String), pl.lit(", "), line])
        return df.select(pl.when(pl.col("flat") > 0).then(flat).otherwise(line).alias("address")).to_series()

    def phrases(self, loc: NDArray[np.int64]) -> pl.DataFrame:
        """(place, at, at_in, street) wording of the given locations (one row each), for narratives.

        ``place`` names it ("the Co-op", "Elm Park", "no 14 Moor Lane"); ``at`` locates something there
        ("outside the Co-op on Moor Lane", "on Elm Park"); ``at_in`` is the alternative a park can take
        ("in Elm Park"; for other kinds the same as ``at``).
        """
        a = self._arrays()
        df = pl.DataFrame(
            {
                "kind": a.kind[loc],
                "name": a.name.gather(loc),
                "street": self.street_names(loc),
                "door": pl.select(
                    pl.concat_str([pl.Series(a.number[loc]).cast(pl.String), a.letter.gather(loc)])
                ).to_series(),
            }
        )
        kind, name, street = pl.col("kind"), pl.col("name"), pl.col("street")

        def is_(*kinds: str) -> pl.Expr:
            return kind.is_in([KIND_CODE[k] for k in kinds])

        the_name = (
            pl.when(name.str.to_lowercase().str.starts_with("the "))
            .then(name)
            .otherwise(pl.concat_str([pl.lit("the "), name]))
        )
        place = (
            pl.when(is_("dwelling"))
            .then(pl.concat_str([pl.lit("no"), pl.col("door"), street], separator=" "))
            .when(is_("shop", "takeaway", "pub"))
            .then(the_name)
            .when(is_("park", "school"))
            .then(name)
            .when(is_("street"))
            .then(street)
            .otherwise(pl.concat_str([pl.lit("the "), name]))
        )
        df = df.with_columns(place=place)
        place = pl.col("place")
        at = (
            pl.when(is_("dwelling", "bus_stop"))
            .then(pl.concat_str([pl.lit("at "), place]))
            .when(is_("shop", "takeaway", "pub"))
            .then(pl.concat_str([pl.lit("outside "), place, pl.lit(" on "), street]))
            .when(is_("park"))
            .then(pl.concat_str([pl.lit("on "), name]))
            .when(is_("school"))
            .then(pl.concat_str([pl.lit("outside "), name]))
            .when(is_("street"))
            .then(pl.concat_str([pl.lit("on "), street]))
            .otherwise(pl.concat_str([pl.lit("in "), place]))
        )
        at_in = pl.when(is_("park")).then(pl.concat_str([pl.lit("in "), name])).otherwise(pl.col("at"))
        return df.with_columns(at=at).select("place", "at", at_in.alias("at_in"), "street")

    def _arrays(self) -> LocationArrays:
        if self.arrays is None:
            raise RuntimeError("call Places.finish() first")
        return self.arrays
