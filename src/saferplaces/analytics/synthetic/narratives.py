"""Free-text incident narratives in police log style, with the facts they contain as truth.

A narrative is built from parts: an opener ("RP states", "C/R", "INFORMANT STATES"), the situation
for the episode kind, then at most one of (a) facts that amount to an offence, (b) a hard negative
(negation or hedge: "no damage caused", "RP not bothered, just wants it logged"), then history
("ongoing issue"), vulnerability, hate context, contact wishes and an officer's update. The offence
facts are the only place a notifiable crime is described, so `Narratives.offence` is exactly what a
perfect crime-data-integrity check should find. Style (the abbreviated wording, taken from tables
abbreviated once at import; capitals; typing errors) never changes the facts.

`write_narratives` composes all narratives at once: every choice is a NumPy draw, each part is built
with Polars only on the rows that have it (template strings gathered there, {slots} filled from
columns), and the parts are joined column-wise.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.noise import typo
from saferplaces.analytics.synthetic.sampling import uniform_index

OPENERS = (
    "RP states",
    "RP reports",
    "Caller reports",
    "C/R",
    "INFORMANT STATES",
    "IP reports",
    "RP rang to report",
    "Caller states",
    "RP called to say",
    "RP is reporting",
    "Call from RP,",
    "RP on the phone stating",
)
ANON_OPENERS = (
    "Anon caller reports",
    "Caller did not wish to leave details, reports",
    "Anonymous call -",
    "Caller would not give name, states",
)

# Situations (never an offence on their own). Slots: {at} "outside the Co-op on Moor Lane",
# {place} "the Co-op", {street} "Moor Lane", {sus} "the male at no 14", {k} a small count.
SITUATIONS: dict[str, tuple[str, ...]] = {
    "neighbour": (
        "{sus} playing loud music until the early hours",
        "ongoing dispute with {sus} over parking outside the house",
        "the dog belonging to {sus} barking constantly all day",
        "{sus} keeps putting rubbish in RP's bin and leaving bags on the path",
        "shouting and banging coming from {sus} late at night",
        "the kids from {sus} kicking a ball against RP's wall",
        "{sus} revving his car outside late at night",
        "{sus} having a party, very loud, it has been going on for hours",
        "{sus} leaving the dog to foul on RP's drive",
    ),
    "targeted": (
        "{sus} has been hanging around near RP's house",
        "{sus} keeps driving past the address slowly",
        "{sus} was staring at RP when she left the house this morning",
        "a group of youths making comments as RP walks past",
        "{sus} has been posting about RP on Facebook",
        "{sus} turned up at RP's door asking to speak to her",
    ),
    "youth_nuisance": (
        "group of approx {k} youths congregating {at}, shouting and swearing",
        "youths on bikes riding at pedestrians {at}",
        "kids knocking on doors and running off on {street}",
        "youths drinking {at} and being loud",
        "teenagers climbing on the roof of {place}",
        "group of lads kicking a ball against the shutters {at}",
        "youths letting off fireworks {at}",
        "approx {k} youths hanging around {at} making a nuisance of themselves",
        "youths sat on the wall {at} playing loud music",
    ),
    "problem_premises": (
        "loud party at {place}, music can be heard down the street",
        "lots of people coming and going from {place} at all hours",
        "customers from {place} congregating outside and being noisy",
        "people shouting outside {place} at closing time",
        "cars pulling up at {place} with engines running and music blaring",
        "RP states there are always people hanging around {place} late at night",
    ),
    "vehicle_nuisance": (
        "off road bikes being ridden on {place}",
        "quad bikes tearing up the grass on {place}",
        "car doing donuts {at}",
        "motorbikes racing up and down {street} with no helmets",
        "youths on scramblers riding on the pavement on {street}",
        "cars racing {at} late at night",
    ),
    "environmental": (
        "fly tipping dumped {at}",
        "mattresses and bin bags dumped {at}",
        "abandoned car left on {street} for weeks",
        "drug paraphernalia and needles found {at}",
        "litter and broken glass all over {place}",
        "dog fouling all over {place}",
        "bonfire material being stockpiled {at}",
    ),
    "street_disorder": (
        "group of drunk males arguing {at}",
        "group of males shouting and swearing {at}",
        "male urinating in the street on {street}",
        "female shouting and banging on doors on {street}",
        "large group gathered {at} being rowdy",
        "drunk male refusing to leave {place}",
    ),
    "damage_public": (
        "youths hanging around {at}",
        "group of kids messing about {at}",
        "RP heard a smash {at}",
        "RP saw a group running away from {place}",
    ),
    "damage": (
        "youths hanging around RP's car on {street}",
        "kids climbing on cars parked on {street}",
        "someone has been messing with RP's wheelie bins",
        "youths were seen trying car door handles on {street}",
    ),
}

# Facts that amount to an offence: (template, threat of violence, threat to kill). Each offence has
# wording for incidents at the victim's home ("home") and in public ("public").
OFFENCE_FACTS: dict[str, dict[str, tuple[tuple[str, bool, bool], ...]]] = {
    "9A": {
        "home": (
            (
                "{sus} was shouting and swearing at RP and squared up to "
                "him, RP states he was alarmed and distressed",
                False,
                False,
            ),
            ("{sus} threatened to punch RP in the face, RP was scared", True, False),
            ("{sus} threatened to smash RP's windows and do her in, RP is frightened", True, False),
            (
                "RP was verbally abused by {sus} on the doorstep and states it left her very distressed",
                False,
                False,
            ),
        ),
        "public": (
            (
                "{sus} shouted abuse at RP {at} and squared up to him, RP was alarmed and distressed",
                False,
                False,
            ),
            ("{sus} threatened to batter RP {at}, RP felt scared", True, False),
            ("RP was sworn at and intimidated by {sus} {at}, RP confirms she was distressed", False, False),
            ("{sus} was waving a stick about {at} and shouting he would hurt RP", True, False),
        ),
    },
    "9B": {
        "home": (
            (
                "{sus} shouted racist abuse at RP over the fence, RP is very upset and distressed",
                False,
                False,
            ),
            (
                "{sus} made comments about RP's religion and told her to go "
                "back to her own country, RP was distressed",
                False,
                False,
            ),
        ),
        "public": (
            ("{sus} shouted racist abuse at RP {at}, RP is very upset and distressed", False, False),
            ("RP was called racially offensive names by {sus} {at} and threatened", True, False),
        ),
    },
    "8L": {
        "home": (
            (
                "this is the {nth} time in the last few weeks that {sus} has come "
                "to RP's door and shouted abuse, RP feels harassed",
                False,
                False,
            ),
            (
                "{sus} keeps messaging and calling RP despite being told to stop, RP feels harassed",
                False,
                False,
            ),
            (
                "{sus} has been following RP to and from work on several occasions, RP wants it to stop",
                False,
                False,
            ),
            (
                "{sus} has repeatedly knocked on RP's door over the past fortnight and made threats",
                True,
                False,
            ),
        ),
        "public": (
            (
                "{sus} has followed RP {at} on several occasions and shouted abuse, RP feels harassed",
                False,
                False,
            ),
        ),
    },
    "8M": {
        "home": (
            (
                "{sus} has repeatedly made racist comments to RP over the past few weeks, RP feels harassed",
                False,
                False,
            ),
            (
                "ongoing racial abuse from {sus} on several occasions, RP feels targeted and harassed",
                False,
                False,
            ),
        ),
        "public": (("{sus} has racially abused RP {at} on several occasions", False, False),),
    },
    "8R": {
        "home": (
            ("RP has received abusive and threatening messages from {sus} on social media", True, False),
        ),
        "public": (
            ("RP has received abusive and threatening messages from {sus} on social media", True, False),
        ),
    },
    "8Q": {
        "home": (
            (
                "{sus} keeps turning up outside RP's home and work and watching her, on numerous occasions",
                False,
                False,
            ),
        ),
        "public": (
            (
                "{sus} keeps turning up outside RP's work and watching her, on numerous occasions",
                False,
                False,
            ),
        ),
    },
    "3B": {
        "home": (
            ("{sus} threatened to kill RP", True, True),
            ("{sus} said he would stab RP and burn the house down", True, True),
        ),
        "public": (("{sus} told RP he would kill him {at}", True, True),),
    },
    "105A": {
        "home": (("{sus} pushed RP on the doorstep, no injuries", False, False),),
        "public": (("RP was punched by {sus} {at}, no visible injury", False, False),),
    },
    "105B": {
        "home": (("RP was pushed and racially abused by {sus}, no injuries", False, False),),
        "public": (("RP was shoved and racially abused by {sus} {at}, no injuries", False, False),),
    },
    "58A": {
        "home": (
            ("RP's front window has been smashed by {sus}", False, False),
            ("{sus} kicked RP's front door causing damage to the frame", False, False),
            ("eggs thrown at RP's house and the glass in the door is cracked", False, False),
        ),
        "public": (("the window of a house on {street} has been smashed by {sus}", False, False),),
    },
    "58B": {
        "home": (("{sus} smashed the window of the shop below RP's flat", False, False),),
        "public": (
            ("window at {place} smashed by {sus}", False, False),
            ("graffiti has been sprayed on the shutters at {place}", False, False),
            ("{sus} kicked the door of {place} and broke the glass", False, False),
        ),
    },
    "58C": {
        "home": (
            ("wing mirror kicked off RP's car by {sus}", False, False),
            ("RP's car has been keyed down the side", False, False),
            ("{sus} smashed the windscreen of RP's car", False, False),
        ),
        "public": (
            ("a car parked on {street} has had its windows smashed by {sus}", False, False),
            ("{sus} were jumping on a car {at} and dented the roof", False, False),
        ),
    },
    "58D": {
        "home": (
            ("{sus} kicked in the fence panels at the front of RP's garden", False, False),
            ("RP's garden wall has been knocked down by {sus}", False, False),
        ),
        "public": (
            ("glass in the bus shelter smashed by {sus} {at}", False, False),
            ("{sus} snapped the young trees {at}", False, False),
            ("graffiti sprayed on the wall {at}", False, False),
            ("{sus} set fire to a bin {at} and it has melted", False, False),
        ),
    },
    "58J": {
        "home": (("racist graffiti sprayed on RP's front door", False, False),),
        "public": (("offensive graffiti about religion daubed on the wall {at}", False, False),),
    },
}

HARD_NEGATIVES = (
    "No damage caused.",
    "No threats made.",
    "No offences disclosed.",
    "RP not bothered, just wants it logged.",
    "RP states she did not feel threatened.",
    "Nothing directed at RP personally.",
    "No racial element.",
    "No allegations of any crime.",
    "RP thinks it might be the same lads as last week but is unsure.",
    "No one was hurt and nothing was damaged.",
    "RP is not alarmed or distressed, just annoyed.",
)
# Negatives that only make sense for some episode kinds.
KIND_NEGATIVES: dict[str, tuple[str, ...]] = {
    "neighbour": (
        "Not threatening, just noisy.",
        "RP doesn't feel harassed, just fed up with it.",
        "The ball hit the window but it did not break.",
    ),
    "targeted": (
        "RP doesn't feel harassed, just wants it noted.",
        "No threats made, no contact between them.",
    ),
    "youth_nuisance": (
        "Not threatening, just noisy.",
        "The ball hit the window but it did not break.",
        "Possibly drug related, no evidence of this.",
    ),
    "problem_premises": ("Not threatening, just noisy.", "Possibly drug related, no evidence of this."),
    "vehicle_nuisance": ("No damage to the grass or fences.",),
    "environmental": ("Nothing damaged, just rubbish.",),
    "street_disorder": ("Not threatening, just noisy.", "No one was assaulted."),
    "damage": ("RP checked the car - no damage.", "Nothing was damaged."),
}
# Why a selected crime type was closed without a crime (the narrative then describes no offence).
NO_CRIME_REASONS = {
    "CDAM": "RP reported damage but on attendance no damage found, no crime.",
    "PORD": "RP does not confirm any harassment, alarm or distress, no offences disclosed.",
    "HARA": "Single incident only, no course of conduct, no offences disclosed.",
}
HISTORY = (
    "This is an ongoing issue.",
    "RP has reported this before.",
    "Happening again.",
    "RP says this has been going on for weeks.",
    "RP has called about this {n} times now.",
    "Same as previous logs.",
)
VULNERABILITY = (
    "RP is disabled and lives alone.",
    "RP is elderly and very frightened.",
    "RP suffers with anxiety and depression.",
    "RP has mental health issues.",
    "RP states she is scared to leave the house.",
    "RP is a wheelchair user.",
    "RP has learning difficulties.",
    "RP is in her 80s and lives alone.",
)
HATE_CONTEXT = (
    "RP believes she is being targeted because she wears a hijab.",
    "RP feels this is because of his race.",
    "RP believes it is homophobic.",
    "RP feels targeted because of her disability.",
    "RP believes this is racially motivated.",
)
CONTACT_YES = (
    "RP would like contact from NPT.",
    "Requests call back from local officer.",
    "RP wants a visit.",
)
CONTACT_NO = ("RP does not require contact.", "No contact wanted.", "RP happy for it to be logged only.")
UPDATES = {
    "asb": (
        "Officers attended, area search negative. Log closed ASB {cat}.",
        "Words of advice given. Closed as ASB {cat}.",
        "PCSO to do reassurance visit. ASB {cat}.",
        "Referred to council ASB team. Closing as {cat} ASB.",
        "No units available, RP updated. ASB {cat}.",
    ),
    "crime": (
        "Crime recorded {ref}.",
        "Crime report raised, ref {ref}.",
        "Officers attended, crime {ref} created, enquiries ongoing.",
    ),
    "other": (
        "Advice given to RP, NFA.",
        "No police action required, log closed.",
        "Passed to partner agency. NFA.",
        "Area search negative, nothing further.",
    ),
}
ABBREVIATIONS = {
    "youths": "yths",
    "outside": "o/s",
    "address": "addr",
    "vehicle": "veh",
    "approx": "approx",
    "because": "bc",
    "people": "ppl",
    "with": "w/",
    "officers": "ofcrs",
    "regarding": "re",
    "information": "info",
    "about": "abt",
    "neighbour": "n/b",
    "neighbours": "n/bs",
    "reports": "rpts",
    "towards": "twds",
    "following": "flwg",
}
_ABBREV_RE = re.compile(r"\b(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")\b")


def _abbreviate(text: str) -> str:
    return _ABBREV_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


@dataclass(frozen=True)
class _Tables:
    """All wording, either as written or in the call taker's abbreviated style (computed once)."""

    openers: tuple[str, ...]
    anon_openers: tuple[str, ...]
    situations: dict[str, tuple[str, ...]]
    facts: dict[str, dict[str, tuple[tuple[str, bool, bool], ...]]]
    negatives: tuple[str, ...]
    kind_negatives: dict[str, tuple[str, ...]]
    no_crime: dict[str, str]
    history: tuple[str, ...]
    vulnerability: tuple[str, ...]
    hate: tuple[str, ...]
    contact_yes: tuple[str, ...]
    contact_no: tuple[str, ...]
    updates: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, f: Callable[[str], str]) -> _Tables:
        def t(xs: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(f(x) for x in xs)

        return cls(
            openers=t(OPENERS),
            anon_openers=t(ANON_OPENERS),
            situations={k: t(v) for k, v in SITUATIONS.items()},
            facts={
                o: {s: tuple((f(x), a, b) for x, a, b in v) for s, v in by_setting.items()}
                for o, by_setting in OFFENCE_FACTS.items()
            },
            negatives=t(HARD_NEGATIVES),
            kind_negatives={k: t(v) for k, v in KIND_NEGATIVES.items()},
            no_crime={k: f(v) for k, v in NO_CRIME_REASONS.items()},
            history=t(HISTORY),
            vulnerability=t(VULNERABILITY),
            hate=t(HATE_CONTEXT),
            contact_yes=t(CONTACT_YES),
            contact_no=t(CONTACT_NO),
            updates={k: t(v) for k, v in UPDATES.items()},
        )


PLAIN = _Tables.build(lambda x: x)
ABBREVIATED = _Tables.build(_abbreviate)


HATE_OFFENCES = frozenset({"8M", "9B", "58J", "105B"})
STYLES = (PLAIN, ABBREVIATED)
# Slots that situations and offence facts may contain, filled from the columns of the same name.
SITUATION_SLOTS = ("at", "place", "street", "sus", "k")
FACT_SLOTS = ("at", "place", "street", "sus", "nth")


class _Choices:
    """Template lists per key in both styles, drawn for many rows at once.

    Args:
        tables: for each style (plain, abbreviated), key -> templates (same keys and lengths).
        extra: per key, per-template values carried along (e.g. threat flags), same for both styles.
    """

    def __init__(
        self,
        tables: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]],
        extra: dict[str, tuple[tuple[bool, bool], ...]] | None = None,
    ) -> None:
        self.keys = sorted(tables[0])
        self.code = {k: i for i, k in enumerate(self.keys)}
        self.count = np.array([len(tables[0][k]) for k in self.keys], dtype=np.int64)
        self.start = np.concatenate(([0], np.cumsum(self.count)[:-1])).astype(np.int64)
        size = int(self.count.sum())
        self.size = size
        self.flat = pl.Series(
            "template", [t for style in tables for k in self.keys for t in style[k]], dtype=pl.String
        )
        flags = [f for k in self.keys for f in (extra or {}).get(k, ((False, False),) * len(tables[0][k]))]
        self.flags = np.array(flags, dtype=bool).reshape(size, 2)

    def draw(
        self, key: NDArray[np.int64], style: NDArray[np.int64], u: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """(template, flags) for each row: a uniform template of its key, in its style.

        The template is returned as its position in ``flat`` (strings are gathered only for the rows
        that use them).
        """
        j = self.start[key] + uniform_index(u, self.count[key])
        return style * self.size + j, self.flags[j]


def _one_key(style_tables: tuple[tuple[str, ...], tuple[str, ...]]) -> _Choices:
    return _Choices(({"": style_tables[0]}, {"": style_tables[1]}))


_OPENERS = _Choices(
    (
        {"": PLAIN.openers, "anon": PLAIN.anon_openers},
        {"": ABBREVIATED.openers, "anon": ABBREVIATED.anon_openers},
    )
)
_SITUATIONS = _Choices((PLAIN.situations, ABBREVIATED.situations))
_FACTS = _Choices(
    tuple(  # type: ignore[arg-type]
        {f"{o}|{s}": tuple(x[0] for x in v) for o, by in tb.facts.items() for s, v in by.items()}
        for tb in STYLES
    ),
    {f"{o}|{s}": tuple((x[1], x[2]) for x in v) for o, by in PLAIN.facts.items() for s, v in by.items()},
)
_NEGATIVES = _Choices(
    ({"": PLAIN.negatives, **PLAIN.kind_negatives}, {"": ABBREVIATED.negatives, **ABBREVIATED.kind_negatives})
)
_NO_CRIME = _Choices(
    tuple({k: (v,) for k, v in {**tb.no_crime, "": "No offences disclosed."}.items()} for tb in STYLES)  # type: ignore[arg-type]
)
_HISTORY = _one_key((PLAIN.history, ABBREVIATED.history))
_VULNERABILITY = _one_key((PLAIN.vulnerability, ABBREVIATED.vulnerability))
_HATE = _one_key((PLAIN.hate, ABBREVIATED.hate))
_CONTACT_YES = _one_key((PLAIN.contact_yes, ABBREVIATED.contact_yes))
_CONTACT_NO = _one_key((PLAIN.contact_no, ABBREVIATED.contact_no))
_UPDATES = _Choices((PLAIN.updates, ABBREVIATED.updates))


@dataclass(frozen=True)
class Narratives:
    """Narratives and the facts they state, one row per incident.

    Attributes:
        text: the log text.
        offence: Home Office code of the offence the facts describe ("" when none).
        threat: the text describes a threat of violence.
        threat_to_kill: the text describes a threat to kill.
        negation: the text carries a hard negative (negation or hedge).
        vulnerability: the text mentions a vulnerability marker.
        hate: the text mentions a hate motivation.
    """

    text: pl.Series
    offence: NDArray[np.object_]
    threat: NDArray[np.bool_]
    threat_to_kill: NDArray[np.bool_]
    negation: NDArray[np.bool_]
    vulnerability: NDArray[np.bool_]
    hate: NDArray[np.bool_]


def _fill(template: pl.Expr, slots: tuple[str, ...]) -> pl.Expr:
    for slot in slots:
        template = template.str.replace_all("{" + slot + "}", pl.col(slot), literal=True)
    return template


def _index(values: NDArray[np.object_], keys: list[str]) -> NDArray[np.int64]:
    """Position of each value in ``keys`` (-1 when absent), mapped by Polars (no Python loop)."""
    mapping = {k: i for i, k in enumerate(keys)}
    series = pl.Series(values, dtype=pl.String)
    return series.replace_strict(mapping, default=-1, return_dtype=pl.Int64).to_numpy()


def write_narratives(
    *,
    kind: NDArray[np.int64],
    group: NDArray[np.object_],
    category: NDArray[np.object_],
    offence: NDArray[np.object_],
    setting: NDArray[np.object_],
    slots: dict[str, pl.Series],
    call_number: NDArray[np.int64],
    anonymous: NDArray[np.bool_],
    vulnerable: NDArray[np.bool_],
    hate: NDArray[np.bool_],
    no_crime_code: NDArray[np.object_],
    contact: NDArray[np.object_],
    crime_ref: pl.Series,
    rng: np.random.Generator,
    prng: random.Random,
) -> Narratives:
    """Compose one narrative per incident (every argument has one row per incident).

    Args:
        kind: episode kind, an index into config.EPISODE_KINDS (chooses the situation).
        group: ``asb``, ``crime`` or ``other`` (chooses the update).
        category: ASB category for the update text.
        offence: offence the facts should describe ("" for none).
        setting: ``home`` or ``public`` (chooses the offence wording).
        slots: values for {at}, {place}, {street}, {sus}.
        call_number: 1 for an episode's first incident, 2 for the next, ...
        anonymous: the caller gave no details.
        vulnerable: the victim is vulnerable (mentioned with P_VULNERABILITY_MENTION).
        hate: the episode is hate-motivated.
        no_crime_code: a selected crime code closed without a crime ("" otherwise).
        contact: Y / N / "".
        crime_ref: crime reference for the update ("" when none).
        rng: every vectorised choice.
        prng: typing errors (a Python loop over the few narratives that get them).
    """
    n = len(kind)
    zeros = np.zeros(n, dtype=np.int64)
    style = (rng.random(n) < C.P_ABBREVIATED_STYLE).astype(np.int64)
    public = setting == "public"
    opener = _OPENERS.draw(
        np.where(anonymous, _OPENERS.code["anon"], _OPENERS.code[""]), style, rng.random(n)
    )[0]
    # Situation wording: "<kind>_<setting>" where the table has it (damage_public), else "<kind>".
    names = [k.name for k in C.EPISODE_KINDS]
    situation_key = np.array(
        [[_SITUATIONS.code.get(f"{k}_{s}", _SITUATIONS.code[k]) for s in ("home", "public")] for k in names]
    )
    situation = _SITUATIONS.draw(situation_key[kind, public.astype(np.int64)], style, rng.random(n))[0]

    offences = sorted(OFFENCE_FACTS)
    offence_i = _index(offence, offences)
    has_fact = offence_i >= 0
    fact_key = np.array([[_FACTS.code[f"{o}|{s}"] for s in ("home", "public")] for o in offences])
    fact, fact_flags = _FACTS.draw(
        fact_key[np.maximum(offence_i, 0), public.astype(np.int64)], style, rng.random(n)
    )
    threat = has_fact & fact_flags[:, 0]
    kill = has_fact & fact_flags[:, 1]
    no_crime_i = _index(no_crime_code, _NO_CRIME.keys)
    has_no_crime = ~has_fact & (no_crime_code != "")
    no_crime = _NO_CRIME.draw(np.where(no_crime_i >= 0, no_crime_i, _NO_CRIME.code[""]), style, np.zeros(n))[
        0
    ]
    negative = ~has_fact & ~has_no_crime & (rng.random(n) < C.P_HARD_NEGATIVE)
    own_key = np.array([_NEGATIVES.code.get(k, _NEGATIVES.code[""]) for k in names])[kind]
    own = (own_key != _NEGATIVES.code[""]) & (rng.random(n) < 0.4)
    neg = _NEGATIVES.draw(np.where(own, own_key, _NEGATIVES.code[""]), style, rng.random(n))[0]
    history = _HISTORY.draw(zeros, style, rng.random(n))[0]
    vuln = vulnerable & (rng.random(n) < C.P_VULNERABILITY_MENTION)
    vuln_text = _VULNERABILITY.draw(zeros, style, rng.random(n))[0]
    hate_offence = has_fact & np.isin(np.maximum(offence_i, 0), [offences.index(o) for o in HATE_OFFENCES])
    hate_mentioned = hate & (hate_offence | (rng.random(n) < 0.7))
    hate_text = _HATE.draw(zeros, style, rng.random(n))[0]
    yes = _CONTACT_YES.draw(zeros, style, rng.random(n))[0]
    no = _CONTACT_NO.draw(zeros, style, rng.random(n))[0]
    says_no = (contact == "N") & (rng.random(n) < 0.5)
    # A selected crime type closed without a crime gets a non-crime update (no "Crime recorded").
    update_group = np.where((group == "crime") & (no_crime_code != ""), "other", group)
    update = _UPDATES.draw(_index(update_group, _UPDATES.keys), style, rng.random(n))[0]

    df = pl.DataFrame(
        {
            "opener": opener,
            "situation": situation,
            "fact": fact,
            "no_crime": no_crime,
            "negative": neg,
            "history": history,
            "vuln": vuln_text,
            "hate": hate_text,
            "yes": yes,
            "no": no,
            "update": update,
            "prefix": rng.random(n) < 0.5,
            "abbreviated": style == 1,
            "at": slots["at"],
            "place": slots["place"],
            "street": slots["street"],
            "sus": slots["sus"],
            "k": 3 + (rng.random(n) * 13).astype(np.int64),
            "call": call_number,
            "cat": pl.Series(category, dtype=pl.String),
            "ref": crime_ref,
        }
    )
    nth = pl.max_horizontal(pl.col("call"), pl.lit(3))
    last, tens = nth % 10, nth % 100
    suffix = (
        pl.when((tens >= 10) & (tens <= 20))
        .then(pl.lit("th"))
        .when(last == 1)
        .then(pl.lit("st"))
        .when(last == 2)
        .then(pl.lit("nd"))
        .when(last == 3)
        .then(pl.lit("rd"))
        .otherwise(pl.lit("th"))
    )
    # The call taker's abbreviated style shortens "outside" in the place wording too.
    at = (
        pl.when(pl.col("abbreviated") & pl.col("at").str.starts_with("outside "))
        .then(pl.concat_str([pl.lit("o/s "), pl.col("at").str.slice(8)]))
        .otherwise(pl.col("at"))
    )

    def part(
        flag: NDArray[np.bool_],
        choices: _Choices,
        column: str,
        text: pl.Expr,
        slots: tuple[str, ...] = (),
        **first: pl.Expr,
    ) -> pl.Series:
        """``text`` on the rows where ``flag`` is set, null elsewhere. Only those rows are computed:
        their template (position ``column`` in ``choices``) is gathered as column ``t``, the ``first``
        columns are computed, the template's ``slots`` are filled from the columns of those names,
        then ``text`` is evaluated."""
        rows = np.flatnonzero(flag)
        sub = df.filter(pl.Series(flag))
        sub = sub.with_columns(t=choices.flat.gather(sub[column])).with_columns(**first)
        if slots:
            sub = sub.with_columns(t=_fill(pl.col("t"), slots))
        values = sub.select(text.alias("part")).to_series()
        return pl.repeat(None, n, eager=True, dtype=pl.String).scatter(rows, values)

    t = pl.col("t")
    prefix = pl.when(pl.col("prefix")).then(pl.lit("UPDATE: ")).otherwise(pl.lit(""))
    asb, crime = update_group == "asb", update_group == "crime"
    everyone = np.ones(n, dtype=bool)
    situation_slots = {"at": at, "k": pl.col("k").cast(pl.String)}
    parts = [
        part(everyone, _OPENERS, "opener", t),
        part(
            everyone,
            _SITUATIONS,
            "situation",
            pl.concat_str([t, pl.lit(".")]),
            SITUATION_SLOTS,
            **situation_slots,
        ),
        part(
            has_fact,
            _FACTS,
            "fact",
            pl.concat_str([t.str.slice(0, 1).str.to_uppercase(), t.str.slice(1), pl.lit(".")]),
            FACT_SLOTS,
            at=at,
            nth=pl.concat_str([nth.cast(pl.String), suffix]),
        ),
        part(has_no_crime, _NO_CRIME, "no_crime", t),
        part(negative, _NEGATIVES, "negative", t),
        part(
            call_number > 1,
            _HISTORY,
            "history",
            t.str.replace_all("{n}", pl.col("call").cast(pl.String), literal=True),
        ),
        part(vuln, _VULNERABILITY, "vuln", t),
        part(hate_mentioned & ~hate_offence, _HATE, "hate", t),
        part(contact == "Y", _CONTACT_YES, "yes", t),
        part(says_no, _CONTACT_NO, "no", t),
        pl.select(
            pl.coalesce(
                part(
                    asb,
                    _UPDATES,
                    "update",
                    pl.concat_str([prefix, t.str.replace_all("{cat}", pl.col("cat"), literal=True)]),
                    cat=pl.when(pl.col("cat") == "").then(pl.lit("nuisance")).otherwise(pl.col("cat")),
                ),
                part(
                    crime,
                    _UPDATES,
                    "update",
                    pl.concat_str([prefix, t.str.replace_all("{ref}", pl.col("ref"), literal=True)]),
                ),
                part(~asb & ~crime, _UPDATES, "update", pl.concat_str([prefix, t])),
            )
        ).to_series(),
    ]
    # The opener and the situation form the first sentence.
    first_sentence = pl.select(pl.concat_str([parts[0], parts[1]], separator=" ")).to_series()
    text = pl.select(
        pl.concat_str([first_sentence, *parts[2:]], separator=" ", ignore_nulls=True).alias("narrative")
    ).to_series()

    # Style: typing errors (a few per cent), then capitals or lower case. Style never changes the facts.
    mistyped = np.flatnonzero(rng.random(n) < C.P_NARRATIVE_TYPO)
    if mistyped.size:
        values = text.gather(mistyped).to_list()
        two = (rng.random(mistyped.size) < 0.4).tolist()
        for j, extra in enumerate(two):
            words = values[j].split(" ")
            for _ in range(1 + extra):
                i = int(prng.random() * len(words))
                if len(words[i]) >= 4 and words[i].isalpha():
                    words[i] = typo(words[i], prng)
            values[j] = " ".join(words)
        text = text.scatter(mistyped, values)
    case = pl.DataFrame({"t": text, "u": rng.random(n)}).select(
        pl.when(pl.col("u") < C.P_NARRATIVE_UPPER)
        .then(pl.col("t").str.to_uppercase())
        .when(pl.col("u") < C.P_NARRATIVE_UPPER + 0.05)
        .then(pl.col("t").str.to_lowercase())
        .otherwise(pl.col("t"))
        .alias("narrative")
    )
    return Narratives(
        text=case.to_series(),
        offence=offence,
        threat=threat,
        threat_to_kill=kill,
        negation=has_no_crime | negative,
        vulnerability=vuln,
        hate=hate_mentioned,
    )
