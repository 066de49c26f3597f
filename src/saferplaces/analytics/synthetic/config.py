"""Run options and every rate of the synthetic incident-log model.

`GeneratorConfig` holds what a caller chooses (period, seed, scale, input files). The module-level
constants are the model itself; docs/synthetic-data.md quotes them, so change both together.
Probabilities are per incident unless a comment says otherwise; times are UK local wall-clock time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# src/saferplaces/analytics/synthetic/config.py -> parents[4] is the repository root.
REPO_ROOT = Path(__file__).resolve().parents[4]
DATA_DIR = REPO_ROOT / "data"
DEFAULT_BOUNDARIES = (
    DATA_DIR
    / "west-yorkshire-lsoa21-boundaries"
    / "west_yorkshire_lsoa21_bgc_with_pop_and_crime_counts.geojson.gz"
)
DEFAULT_LOOKUP = DATA_DIR / "west-yorkshire-lsoa21-boundaries" / "west_yorkshire_lsoa21_lookup_population.csv"
DEFAULT_CODES = DATA_DIR / "reference" / "incident_codes.csv"
DEFAULT_OFFENCES = DATA_DIR / "home-office-offence-reference" / "offence_code_to_policeuk_category.csv"


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate.

    Attributes:
        years: length of the period in whole years from ``start``.
        start: first day of the period (UK local time, midnight).
        seed: the only source of randomness: same seed and options give byte-identical output.
        scale: multiplies every volume; 1.0 is about 100,000 incidents a year.
        boundaries: GeoJSON (optionally .gz) of LSOAs with ``lsoa21cd``, ``pop`` and ``by_category``.
        lookup: CSV with ``lsoa21cd`` and ``lad_name`` (the district of each LSOA).
        codes: incident code list (``code, asb_category, is_asb_finalisation, is_selected_crime_type``).
        offences: Home Office offence list with an ``Offence_Code`` column.
        force_prefix: first part of every incident reference (``WY-20250301-0001``).
        progress: show a tqdm bar on stderr.
    """

    years: int = 1
    start: date = date(2025, 1, 1)
    seed: int = 1
    scale: float = 1.0
    boundaries: Path = field(default=DEFAULT_BOUNDARIES)
    lookup: Path = field(default=DEFAULT_LOOKUP)
    codes: Path = field(default=DEFAULT_CODES)
    offences: Path = field(default=DEFAULT_OFFENCES)
    force_prefix: str = "WY"
    progress: bool = False

    def __post_init__(self) -> None:
        if self.years < 1:
            raise ValueError("years must be at least 1")
        if not self.scale > 0:
            raise ValueError("scale must be positive")


# ---------------------------------------------------------------------------------------------
# Volumes and timing
# ---------------------------------------------------------------------------------------------

# Incidents a year at scale 1 (ASB-closed about 39%, i.e. ~39,000, as in the 2021 West Yorkshire table).
ANNUAL_INCIDENTS = 100_000

# Episodes may start this many days before the period so that it opens with problems already running;
# incidents before the start are dropped.
BURN_IN_DAYS = 180

# Monthly shape: the mean of the 2021 and 2022 monthly shares of West Yorkshire ASB incidents in the
# June 2023 Police and Crime Panel paper (2021: 3463 3533 4337 4000 3566 4049 4170 3630 2939 3044 2220
# 1633; 2022: 1967 1749 2410 2506 2330 2665 3164 3217 2426 2437 1881 1164). Blending the two years
# damps the 2021 lockdown surge of January-March. Values are incidents per month (shares x 10,000).
MONTH_PROFILE_2021 = (3463, 3533, 4337, 4000, 3566, 4049, 4170, 3630, 2939, 3044, 2220, 1633)
MONTH_PROFILE_2022 = (1967, 1749, 2410, 2506, 2330, 2665, 3164, 3217, 2426, 2437, 1881, 1164)

# Day of week, Monday first: Friday and Saturday busiest.
DOW_WEIGHTS = (0.92, 0.90, 0.92, 0.95, 1.10, 1.20, 1.01)

# Hour of day (0-23): evening peak 18-21; weekend nights (Friday and Saturday after 22:00 and the small
# hours of Saturday and Sunday) are busier.
HOUR_WEIGHTS_WEEKDAY = (
    2.6,
    1.8,
    1.3,
    1.0,
    0.8,
    0.8,
    1.1,
    1.7,
    2.4,
    3.0,
    3.5,
    3.8,
    4.1,
    4.3,
    4.6,
    5.3,
    5.9,
    6.3,
    6.8,
    7.0,
    6.9,
    6.4,
    5.3,
    3.9,
)
HOUR_WEIGHTS_WEEKEND = (
    4.6,
    3.9,
    3.0,
    2.0,
    1.2,
    0.9,
    0.9,
    1.2,
    1.8,
    2.5,
    3.2,
    3.7,
    4.1,
    4.4,
    4.7,
    5.2,
    5.6,
    6.0,
    6.5,
    6.8,
    7.0,
    6.9,
    6.5,
    5.4,
)

# Minutes from receipt to closure: lognormal (median, sigma of log), capped at 30 days.
CLOSE_MEDIAN_MINUTES = {"asb": 150.0, "crime": 420.0, "other": 90.0}
CLOSE_SIGMA = 1.1
CLOSE_CAP_MINUTES = 30 * 24 * 60


# ---------------------------------------------------------------------------------------------
# Episodes: a problem (a dispute, a hotspot, a one-off) that produces one or more incidents
# ---------------------------------------------------------------------------------------------

Mix = tuple[tuple[str, float], ...]

# Outcome of an incident. "asb_<category>" closes with the ASB finalisation code of that category (read
# from the code list); "crime:<CODE>" closes with a selected crime type and a recorded crime;
# "crime_other" closes CRIM with another offence; "other" closes ADVI / NFA (non-crime, not ASB).
OUTCOMES = (
    "asb_personal",
    "asb_nuisance",
    "asb_environmental",
    "crime:CDAM",
    "crime:PORD",
    "crime:HARA",
    "crime_other",
    "other",
)


@dataclass(frozen=True)
class EpisodeKind:
    """One kind of problem and how its incidents look.

    Attributes:
        name: identifier, also written to truth.csv.
        share: share of all incidents that belong to episodes of this kind.
        p_single: probability an episode has exactly one incident.
        zipf_a: exponent of the Zipf tail for the number of further incidents (heavier when smaller).
        max_calls: cap on incidents per episode.
        mean_gap_days: mean days between an episode's incidents (exponential, then seasonal thinning).
        outcomes: outcome mix of the episode's incidents.
        place: ``home`` (the victim's dwelling), ``neighbour`` (the suspect's dwelling or the
            victim's), ``public`` (a public place) or ``damage`` (home, street outside, or public).
        place_kinds: for public places, the kind mix (park, shop, bus_stop, street, ...).
        lsoa_weight: police.uk category whose LSOA counts weight where episodes happen.
        callers: ``household`` (the victim and their household) or ``local`` (several residents).
        p_cdi: probability that a non-crime incident's narrative describes a notifiable crime.
        cdi_offences: offence mix of those crime facts.
        damage_offences: offence mix for criminal damage outcomes.
        p_hate: probability that an episode is hate-motivated.
        p_anonymous: probability that a call carries no caller identity at all.
        openings: opening-code mix per outcome group (``asb``, ``crime``, ``other``); ``=`` means the
            same code as the closing one (for ``crime_other``, ``main_code``).
        main_code: the code a ``crime_other`` incident of this kind is opened with.
    """

    name: str
    share: float
    p_single: float
    zipf_a: float
    max_calls: int
    mean_gap_days: float
    outcomes: Mix
    place: str
    place_kinds: Mix
    lsoa_weight: str
    callers: str
    p_cdi: float
    cdi_offences: Mix
    damage_offences: Mix
    p_hate: float
    p_anonymous: float
    openings: dict[str, Mix]
    main_code: str


EPISODE_KINDS: tuple[EpisodeKind, ...] = (
    EpisodeKind(
        name="neighbour",
        share=0.14,
        p_single=0.40,
        zipf_a=1.9,
        max_calls=60,
        mean_gap_days=12.0,
        outcomes=(
            ("asb_personal", 0.50),
            ("asb_nuisance", 0.05),
            ("crime:HARA", 0.12),
            ("crime:CDAM", 0.07),
            ("crime:PORD", 0.06),
            ("crime_other", 0.03),
            ("other", 0.17),
        ),
        place="neighbour",
        place_kinds=(),
        lsoa_weight="Anti-social behaviour",
        callers="household",
        p_cdi=0.14,
        cdi_offences=(("9A", 0.35), ("8L", 0.30), ("58A", 0.20), ("58D", 0.10), ("3B", 0.05)),
        damage_offences=(("58A", 0.55), ("58D", 0.30), ("58C", 0.15)),
        p_hate=0.05,
        p_anonymous=0.02,
        openings={
            "asb": (("=", 0.55), ("NEIG", 0.30), ("NOIS", 0.08), ("CONC", 0.07)),
            "crime": (("=", 0.60), ("NEIG", 0.25), ("ASBP", 0.15)),
            "other": (("NEIG", 0.70), ("NOIS", 0.20), ("CONC", 0.10)),
        },
        main_code="NEIG",
    ),
    EpisodeKind(
        name="targeted",
        share=0.10,
        p_single=0.45,
        zipf_a=2.0,
        max_calls=40,
        mean_gap_days=10.0,
        outcomes=(
            ("asb_personal", 0.30),
            ("crime:HARA", 0.40),
            ("crime:PORD", 0.10),
            ("crime:CDAM", 0.05),
            ("crime_other", 0.10),
            ("other", 0.05),
        ),
        place="home",
        place_kinds=(),
        lsoa_weight="Violence and sexual offences",
        callers="household",
        p_cdi=0.30,
        cdi_offences=(("8L", 0.45), ("9A", 0.35), ("58A", 0.10), ("3B", 0.10)),
        damage_offences=(("58A", 0.60), ("58C", 0.40)),
        p_hate=0.20,
        p_anonymous=0.01,
        openings={
            "asb": (("=", 0.55), ("HARA", 0.20), ("CONC", 0.15), ("NEIG", 0.10)),
            "crime": (("=", 0.75), ("ASBP", 0.15), ("CONC", 0.10)),
            "other": (("CONC", 0.60), ("NEIG", 0.40)),
        },
        main_code="HARA",
    ),
    EpisodeKind(
        name="youth_nuisance",
        share=0.22,
        p_single=0.55,
        zipf_a=1.8,
        max_calls=120,
        mean_gap_days=6.0,
        outcomes=(
            ("asb_nuisance", 0.52),
            ("asb_environmental", 0.04),
            ("crime:CDAM", 0.14),
            ("crime:PORD", 0.14),
            ("other", 0.16),
        ),
        place="public",
        place_kinds=(
            ("park", 0.25),
            ("shop", 0.28),
            ("bus_stop", 0.12),
            ("street", 0.20),
            ("school", 0.05),
            ("car_park", 0.05),
            ("ginnel", 0.05),
        ),
        lsoa_weight="Anti-social behaviour",
        callers="local",
        p_cdi=0.07,
        cdi_offences=(("9A", 0.40), ("58D", 0.25), ("58B", 0.20), ("58C", 0.10), ("9B", 0.05)),
        damage_offences=(("58D", 0.40), ("58B", 0.35), ("58C", 0.25)),
        p_hate=0.02,
        p_anonymous=0.12,
        openings={
            "asb": (("=", 0.50), ("YOUT", 0.35), ("SUSP", 0.10), ("ASBP", 0.05)),
            "crime": (("=", 0.65), ("YOUT", 0.20), ("ASBN", 0.15)),
            "other": (("YOUT", 0.60), ("SUSP", 0.40)),
        },
        main_code="YOUT",
    ),
    EpisodeKind(
        name="problem_premises",
        share=0.09,
        p_single=0.35,
        zipf_a=1.7,
        max_calls=150,
        mean_gap_days=8.0,
        outcomes=(("asb_nuisance", 0.55), ("crime:PORD", 0.10), ("crime:CDAM", 0.05), ("other", 0.30)),
        place="public",
        place_kinds=(("dwelling", 0.70), ("pub", 0.12), ("takeaway", 0.18)),
        lsoa_weight="Anti-social behaviour",
        callers="local",
        p_cdi=0.05,
        cdi_offences=(("9A", 0.60), ("58A", 0.25), ("58D", 0.15)),
        damage_offences=(("58A", 0.40), ("58D", 0.35), ("58C", 0.25)),
        p_hate=0.01,
        p_anonymous=0.08,
        openings={
            "asb": (("=", 0.45), ("NOIS", 0.45), ("SUSP", 0.10)),
            "crime": (("=", 0.70), ("NOIS", 0.15), ("ASBN", 0.15)),
            "other": (("NOIS", 0.80), ("SUSP", 0.20)),
        },
        main_code="NOIS",
    ),
    EpisodeKind(
        name="vehicle_nuisance",
        share=0.06,
        p_single=0.50,
        zipf_a=1.9,
        max_calls=80,
        mean_gap_days=7.0,
        outcomes=(("asb_nuisance", 0.60), ("crime:CDAM", 0.05), ("other", 0.35)),
        place="public",
        place_kinds=(("park", 0.35), ("street", 0.45), ("car_park", 0.20)),
        lsoa_weight="Anti-social behaviour",
        callers="local",
        p_cdi=0.03,
        cdi_offences=(("58D", 0.60), ("9A", 0.40)),
        damage_offences=(("58D", 0.70), ("58C", 0.30)),
        p_hate=0.0,
        p_anonymous=0.10,
        openings={
            "asb": (("=", 0.35), ("VEHN", 0.65)),
            "crime": (("=", 0.80), ("VEHN", 0.20)),
            "other": (("VEHN", 1.0),),
        },
        main_code="VEHN",
    ),
    EpisodeKind(
        name="environmental",
        share=0.05,
        p_single=0.70,
        zipf_a=2.2,
        max_calls=30,
        mean_gap_days=14.0,
        outcomes=(("asb_environmental", 0.75), ("crime:CDAM", 0.15), ("other", 0.10)),
        place="public",
        place_kinds=(("ginnel", 0.30), ("street", 0.35), ("park", 0.20), ("car_park", 0.15)),
        lsoa_weight="Anti-social behaviour",
        callers="local",
        p_cdi=0.12,
        cdi_offences=(("58D", 0.55), ("58B", 0.40), ("58J", 0.05)),
        damage_offences=(("58D", 0.60), ("58B", 0.40)),
        p_hate=0.01,
        p_anonymous=0.10,
        openings={
            "asb": (("=", 0.85), ("SUSP", 0.15)),
            "crime": (("=", 0.60), ("ASBE", 0.40)),
            "other": (("ASBE", 0.50), ("SUSP", 0.50)),
        },
        main_code="ASBE",
    ),
    EpisodeKind(
        name="street_disorder",
        share=0.14,
        p_single=0.85,
        zipf_a=2.5,
        max_calls=20,
        mean_gap_days=10.0,
        outcomes=(("asb_nuisance", 0.20), ("crime:PORD", 0.55), ("crime:CDAM", 0.10), ("crime_other", 0.15)),
        place="public",
        place_kinds=(("street", 0.40), ("pub", 0.30), ("shop", 0.20), ("bus_stop", 0.10)),
        lsoa_weight="Public order",
        callers="local",
        p_cdi=0.12,
        cdi_offences=(("9A", 0.75), ("9B", 0.10), ("58B", 0.15)),
        damage_offences=(("58B", 0.45), ("58C", 0.30), ("58D", 0.25)),
        p_hate=0.04,
        p_anonymous=0.10,
        openings={
            "asb": (("=", 0.60), ("YOUT", 0.20), ("CONC", 0.20)),
            "crime": (("=", 0.70), ("ASBN", 0.20), ("CONC", 0.10)),
            "other": (("CONC", 0.50), ("SUSP", 0.50)),
        },
        main_code="PORD",
    ),
    EpisodeKind(
        name="damage",
        share=0.20,
        p_single=0.85,
        zipf_a=2.5,
        max_calls=15,
        mean_gap_days=20.0,
        outcomes=(("crime:CDAM", 0.85), ("asb_nuisance", 0.05), ("other", 0.10)),
        place="damage",
        place_kinds=(("street", 0.40), ("shop", 0.30), ("bus_stop", 0.15), ("school", 0.15)),
        lsoa_weight="Criminal damage and arson",
        callers="household",
        p_cdi=0.25,
        cdi_offences=(("58C", 0.50), ("58A", 0.35), ("58D", 0.15)),
        damage_offences=(("58C", 0.45), ("58A", 0.30), ("58D", 0.15), ("58B", 0.07), ("58J", 0.03)),
        p_hate=0.02,
        p_anonymous=0.04,
        openings={
            "asb": (("=", 0.60), ("SUSP", 0.20), ("YOUT", 0.20)),
            "crime": (("=", 0.90), ("SUSP", 0.10)),
            "other": (("SUSP", 0.60), ("CDAM", 0.40)),
        },
        main_code="CDAM",
    ),
)

# Offence mixes for recorded crimes that are not criminal damage (8L harassment, 8M racially or
# religiously aggravated harassment, 8R malicious communications, 9A/9B public fear, alarm or distress,
# 105A/105B assault without injury, 3B threats to kill, 8Q stalking).
CRIME_OFFENCES: dict[str, Mix] = {
    "PORD": (("9A", 0.88), ("9B", 0.12)),
    "HARA": (("8L", 0.80), ("8M", 0.08), ("8R", 0.12)),
    "crime_other": (("105A", 0.55), ("8R", 0.20), ("3B", 0.10), ("105B", 0.05), ("8Q", 0.10)),
}
# Hate episodes use the racially or religiously aggravated form where one exists.
AGGRAVATED = {"8L": "8M", "9A": "9B", "58A": "58J", "58B": "58J", "58C": "58J", "58D": "58J", "105A": "105B"}

# A selected crime type closed without a crime being recorded (the narrative then says why).
P_SELECTED_NO_CRIME = 0.08
# Non-ASB, non-crime closing codes and their mix.
OTHER_CLOSINGS: Mix = (("ADVI", 0.45), ("NFA", 0.45), ("=", 0.10))
# Closing code for "crime_other" outcomes.
CRIME_OTHER_CLOSING = "CRIM"
# In a hate episode, this share of incidents is opened as HATE.
P_HATE_OPENING = 0.5
HATE_CODE = "HATE"

# contact_requested = Y, by outcome group; blank (not asked) for a further share of calls.
P_CONTACT = {"personal": 0.45, "nuisance": 0.27, "environmental": 0.20, "crime": 0.30, "other": 0.22}
P_CONTACT_BLANK = 0.04
# No coordinates (address not geocoded).
P_NO_COORDINATES = 0.015
# Jitter (metres, normal sd) of a public-place incident reported from a mobile phone; share jittered.
PUBLIC_JITTER_M = 15.0
P_PUBLIC_JITTER = 0.5


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------

# Streets per LSOA: 4 + Poisson(4); houses per street: 20 + Poisson(60).
STREETS_BASE, STREETS_POISSON = 4, 4.0
HOUSES_BASE, HOUSES_POISSON = 20, 60.0
# Public places per LSOA (mean of a Poisson, plus a fixed minimum).
PUBLIC_PLACES: dict[str, tuple[int, float]] = {
    "park": (0, 0.8),
    "shop": (0, 1.6),
    "bus_stop": (1, 1.0),
    "pub": (0, 0.5),
    "takeaway": (0, 0.7),
    "school": (0, 0.35),
    "car_park": (0, 0.4),
    "ginnel": (1, 0.5),
}
# Attractiveness of a public place for episodes: Pareto(shape) so a few places collect many problems.
PLACE_ATTRACTION_SHAPE = 1.3
# Dwellings: share that are flats in a numbered building, share with a letter suffix (12a).
P_FLAT = 0.15
P_LETTER_SUFFIX = 0.03
# Fallback weight for an LSOA with no police.uk count: its population times the force-wide rate x 0.5.
FALLBACK_RATE_FACTOR = 0.5

# Outward codes of each district's postcodes (real districts; inward codes are synthetic), with an
# approximate centre (latitude, longitude) used to give each LSOA the nearest outward code.
OUTWARD_CODES: dict[str, dict[str, tuple[float, float]]] = {
    "Leeds": {
        "LS1": (53.797, -1.548),
        "LS2": (53.802, -1.545),
        "LS3": (53.801, -1.565),
        "LS4": (53.812, -1.582),
        "LS5": (53.822, -1.601),
        "LS6": (53.820, -1.573),
        "LS7": (53.822, -1.538),
        "LS8": (53.823, -1.510),
        "LS9": (53.797, -1.505),
        "LS10": (53.770, -1.535),
        "LS11": (53.778, -1.560),
        "LS12": (53.790, -1.600),
        "LS13": (53.804, -1.637),
        "LS14": (53.830, -1.450),
        "LS15": (53.805, -1.445),
        "LS16": (53.855, -1.600),
        "LS17": (53.865, -1.530),
        "LS18": (53.845, -1.640),
        "LS19": (53.865, -1.680),
        "LS20": (53.875, -1.710),
        "LS21": (53.905, -1.695),
        "LS22": (53.930, -1.385),
        "LS23": (53.900, -1.340),
        "LS25": (53.790, -1.360),
        "LS26": (53.750, -1.450),
        "LS27": (53.745, -1.600),
        "LS28": (53.795, -1.665),
    },
    "Bradford": {
        "BD1": (53.795, -1.752),
        "BD2": (53.812, -1.735),
        "BD3": (53.795, -1.725),
        "BD4": (53.775, -1.715),
        "BD5": (53.775, -1.760),
        "BD6": (53.760, -1.785),
        "BD7": (53.780, -1.790),
        "BD8": (53.800, -1.785),
        "BD9": (53.815, -1.795),
        "BD10": (53.835, -1.720),
        "BD11": (53.750, -1.680),
        "BD12": (53.745, -1.760),
        "BD13": (53.790, -1.860),
        "BD14": (53.778, -1.830),
        "BD15": (53.815, -1.835),
        "BD16": (53.850, -1.835),
        "BD17": (53.845, -1.770),
        "BD18": (53.830, -1.775),
        "BD20": (53.890, -1.950),
        "BD21": (53.867, -1.910),
        "BD22": (53.840, -1.960),
        "LS29": (53.925, -1.820),
    },
    "Calderdale": {
        "HX1": (53.722, -1.865),
        "HX2": (53.740, -1.900),
        "HX3": (53.730, -1.840),
        "HX4": (53.680, -1.880),
        "HX5": (53.690, -1.840),
        "HX6": (53.705, -1.945),
        "HX7": (53.740, -2.015),
        "HD6": (53.700, -1.780),
        "OL14": (53.715, -2.095),
    },
    "Kirklees": {
        "HD1": (53.647, -1.785),
        "HD2": (53.668, -1.770),
        "HD3": (53.650, -1.830),
        "HD4": (53.620, -1.810),
        "HD5": (53.650, -1.745),
        "HD7": (53.615, -1.880),
        "HD8": (53.600, -1.680),
        "HD9": (53.580, -1.780),
        "WF12": (53.680, -1.610),
        "WF13": (53.690, -1.650),
        "WF14": (53.680, -1.700),
        "WF15": (53.720, -1.710),
        "WF16": (53.705, -1.680),
        "WF17": (53.718, -1.635),
        "BD19": (53.725, -1.715),
    },
    "Wakefield": {
        "WF1": (53.685, -1.495),
        "WF2": (53.670, -1.525),
        "WF3": (53.720, -1.520),
        "WF4": (53.640, -1.500),
        "WF5": (53.680, -1.580),
        "WF6": (53.705, -1.420),
        "WF7": (53.670, -1.360),
        "WF8": (53.690, -1.310),
        "WF9": (53.590, -1.320),
        "WF10": (53.725, -1.350),
        "WF11": (53.705, -1.250),
    },
}
# Letters used in the two-letter end of an inward code (Royal Mail never uses C I K M O V there).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

# Origin (name pool) mix of each district's callers; a district not listed uses "default".
ORIGIN_MIX: dict[str, Mix] = {
    "Bradford": (
        ("english", 0.59),
        ("pakistani", 0.27),
        ("indian", 0.05),
        ("polish", 0.06),
        ("african", 0.03),
    ),
    "Leeds": (("english", 0.78), ("pakistani", 0.05), ("indian", 0.04), ("polish", 0.07), ("african", 0.06)),
    "Kirklees": (
        ("english", 0.74),
        ("pakistani", 0.14),
        ("indian", 0.06),
        ("polish", 0.03),
        ("african", 0.03),
    ),
    "Calderdale": (
        ("english", 0.85),
        ("pakistani", 0.09),
        ("indian", 0.01),
        ("polish", 0.03),
        ("african", 0.02),
    ),
    "Wakefield": (
        ("english", 0.90),
        ("pakistani", 0.02),
        ("indian", 0.01),
        ("polish", 0.06),
        ("african", 0.01),
    ),
    "default": (
        ("english", 0.80),
        ("pakistani", 0.08),
        ("indian", 0.04),
        ("polish", 0.05),
        ("african", 0.03),
    ),
}
# Age of a new caller at the period start: (low, high, weight) bands, uniform within a band.
AGE_BANDS = ((18, 29, 0.15), (30, 44, 0.28), (45, 64, 0.35), (65, 79, 0.17), (80, 94, 0.05))
P_FEMALE_CALLER = 0.57
# Household composition of a new caller: partner present by age band (<30, 30-64, 65+).
P_PARTNER = (0.35, 0.60, 0.45)
P_PARTNER_SAME_SURNAME = 0.80
# An adult child at home when the caller is 45 or over; a son named after his father.
P_ADULT_CHILD = 0.25
P_SON_NAMED_AFTER_FATHER = 0.10
# Mobile phone by age band (<40, 40-64, 65+); household landline by the same bands.
P_MOBILE = (0.95, 0.88, 0.60)
P_LANDLINE = (0.15, 0.40, 0.70)
# Pakistani men whose first given name is Mohammed/Muhammad and who go by their middle name.
P_MOHAMMED_MIDDLE = 0.35
# Sikh people with Singh / Kaur as a middle name.
P_SIKH_MIDDLE = 0.80
# Older Pakistani women recorded under Begum / Bibi.
P_BEGUM = 0.30
# A person who goes by a nickname (when their name has one).
P_GOES_BY_NICKNAME = 0.40
# Person-level vulnerability (disabled, long-term ill, mental health), by age band (<65, 65-79, 80+).
P_VULNERABLE = (0.10, 0.18, 0.40)
# Household moves house during the period: probability per year.
P_MOVE_PER_YEAR = 0.07
# A woman aged 20-45 changes surname (marriage) during the period: probability per year.
P_NAME_CHANGE_PER_YEAR = 0.02
# A new episode's main caller is an existing person from the same LSOA (a frequent reporter).
P_REUSE_CALLER = 0.12
# Episodes at a home: share of incidents called in by the victim's partner / another household member
# / a relative or carer living elsewhere (with victim_* fields) / a neighbour (new household).
HOUSEHOLD_CALLER_MIX: Mix = (("victim", 0.78), ("household", 0.12), ("relative", 0.05), ("neighbour", 0.05))
# Local-caller episodes: main reporter share, number of other reporters ~ 1 + Poisson(calls / 3).
P_MAIN_REPORTER = 0.55
# Suspect details recorded (suspect_* fields), for episodes with a known suspect.
P_SUSPECT_RECORDED = 0.45


# ---------------------------------------------------------------------------------------------
# Recorded caller fields: how each call's record departs from the true person
# ---------------------------------------------------------------------------------------------

# How the name is written (mutually exclusive).
NAME_FORMATS: Mix = (
    ("full", 0.62),  # John Smith
    ("last_comma_first", 0.06),  # Smith, John
    ("swapped", 0.03),  # Smith John
    ("title_surname", 0.08),  # Mrs Smith
    ("initial_surname", 0.07),  # J Smith
    ("with_middle", 0.03),  # John Paul Smith (falls back to full)
    ("first_only", 0.02),  # John
    ("surname_only", 0.02),  # SMITH
    ("missing", 0.07),  # blank
)
P_NICKNAME_HABITUAL = 0.70  # per call, for a person who goes by a nickname
P_NICKNAME_OCCASIONAL = 0.04  # per call, anyone whose name has a nickname
P_SPELLING_VARIANT = 0.05  # per name part that has other spellings
P_NAME_TYPO = 0.07  # one edit in the first name or surname
P_NAME_TYPO_TWO = 0.01  # a second edit
TYPO_KINDS: Mix = (("substitute", 0.35), ("delete", 0.25), ("insert", 0.20), ("transpose", 0.20))
P_UPPER = 0.14  # the whole record typed in capitals
P_LOWER = 0.03
P_ASCII_FOLD = 0.75  # diacritics dropped (Paweł -> Pawel)
P_PUNCT_VARIANT = 0.50  # O'Brien -> OBrien / O Brien
P_SINGH_KAUR_AS_SURNAME = 0.30
P_OLD_SURNAME_AFTER_CHANGE = 0.10
P_MOHAMMED_FORMS = (("known_as", 0.70), ("mohammed", 0.20), ("full", 0.10))

P_PHONE_MISSING = 0.12
P_MOBILE_WHEN_BOTH = 0.70
MOBILE_FORMATS: Mix = (
    ("07700 900123", 0.40),
    ("07700900123", 0.35),
    ("+44 7700 900123", 0.08),
    ("+447700900123", 0.07),
    ("07700-900123", 0.03),
    ("7700 900123", 0.02),
    ("07700 900 123", 0.05),
)
LANDLINE_FORMATS: Mix = (
    ("0113 496 0123", 0.50),
    ("01134960123", 0.35),
    ("(0113) 496 0123", 0.05),
    ("+44 113 496 0123", 0.05),
    ("496 0123", 0.05),
)
P_PHONE_TYPO = 0.02

P_DOB_RECORDED = 0.60
DOB_ERRORS: Mix = (("none", 0.90), ("day_month_swap", 0.04), ("year_typo", 0.03), ("day_off", 0.03))
P_DOB_UK_FORMAT = 0.05  # DD/MM/YYYY instead of YYYY-MM-DD

P_ADDRESS_RECORDED = 0.85
P_STREET_ABBREVIATED = 0.30
P_FLAT_OMITTED = 0.25
P_FLAT_SLASH = 0.10  # 2/12 Acacia Avenue
P_LETTER_DROPPED = 0.30  # 12a -> 12
P_HOUSE_NUMBER_TYPO = 0.015
P_TOWN_APPENDED = 0.25
P_NUMBER_MISSING = 0.03
P_OLD_ADDRESS_AFTER_MOVE = 0.10

P_POSTCODE_RECORDED = 0.80
POSTCODE_FORMATS: Mix = (
    ("standard", 0.78),
    ("no_space", 0.12),
    ("lower", 0.05),
    ("typo", 0.02),
    ("spaced", 0.03),
)

# Victim and suspect fields are sparser than the caller's.
P_OTHER_PHONE = 0.30
P_OTHER_DOB = 0.35
P_OTHER_ADDRESS = 0.80


# ---------------------------------------------------------------------------------------------
# Narratives and truth
# ---------------------------------------------------------------------------------------------

P_HARD_NEGATIVE = 0.25  # non-crime narrative carries an explicit negation or hedge
P_VULNERABILITY_MENTION = 0.60  # per call, when the victim is vulnerable
P_NARRATIVE_UPPER = 0.12
P_NARRATIVE_TYPO = 0.06  # one or two typing errors
P_ABBREVIATED_STYLE = 0.45  # call taker uses yths, o/s, veh, addr ...

# Risk rule (truth.risk): points, then bands. See docs/synthetic-data.md.
RISK_POINTS = {
    "personal": 1,
    "repeat_3_5": 1,
    "repeat_6_plus": 2,
    "vulnerability": 2,
    "hate": 2,
    "threat": 1,
    "threat_to_kill": 2,
}
RISK_MEDIUM_AT = 2
RISK_HIGH_AT = 4
REPEAT_WINDOW_DAYS = 365
REPEAT_THRESHOLD = 3
