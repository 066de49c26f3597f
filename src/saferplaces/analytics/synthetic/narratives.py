"""Free-text incident narratives in police log style, with the facts they contain as truth.

A narrative is built from parts: an opener ("RP states", "C/R", "INFORMANT STATES"), the situation
for the episode kind, then at most one of (a) facts that amount to an offence, (b) a hard negative
(negation or hedge: "no damage caused", "RP not bothered, just wants it logged"), then history
("ongoing issue"), vulnerability, hate context, contact wishes and an officer's update. The offence
facts are the only place a notifiable crime is described, so `Narrative.offence` is exactly what a
perfect crime-data-integrity check should find. Style (the abbreviated wording, taken from tables
abbreviated once at import; capitals; typing errors) never changes the facts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic.noise import typo
from saferplaces.analytics.synthetic.sampling import choice

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


class Narrative(NamedTuple):
    """A narrative and the facts it states.

    Attributes:
        text: the log text.
        offence: Home Office code of the offence the facts describe ("" when none).
        threat: the text describes a threat of violence.
        threat_to_kill: the text describes a threat to kill.
        negation: the text carries a hard negative (negation or hedge).
        vulnerability: the text mentions a vulnerability marker.
        hate: the text mentions a hate motivation.
    """

    text: str
    offence: str
    threat: bool
    threat_to_kill: bool
    negation: bool
    vulnerability: bool
    hate: bool


HATE_OFFENCES = frozenset({"8M", "9B", "58J", "105B"})


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class NarrativeWriter:
    """Writes one narrative per incident with a Python generator ``prng``."""

    def __init__(self, prng: random.Random) -> None:
        self.p = prng

    def write(
        self,
        *,
        kind: str,
        group: str,
        category: str,
        offence: str,
        setting: str,
        slots: dict[str, str],
        call_number: int,
        anonymous: bool,
        vulnerable: bool,
        hate: bool,
        no_crime_code: str,
        contact: str,
        crime_ref: str,
    ) -> Narrative:
        """Compose a narrative.

        Args:
            kind: episode kind (chooses the situation).
            group: ``asb``, ``crime`` or ``other`` (chooses the update).
            category: ASB category for the update text.
            offence: offence the facts should describe ("" for none).
            setting: ``home`` or ``public`` (chooses the offence wording).
            slots: values for {at}, {place}, {street}, {sus}, {k}.
            call_number: 1 for an episode's first incident, 2 for the next, ...
            anonymous: the caller gave no details.
            vulnerable: the victim is vulnerable (mentioned with P_VULNERABILITY_MENTION).
            hate: the episode is hate-motivated.
            no_crime_code: a selected crime code closed without a crime ("" otherwise).
            contact: Y / N / "".
            crime_ref: crime reference for the update ("" when none).
        """
        p = self.p
        abbreviated = p.random() < C.P_ABBREVIATED_STYLE
        tb = ABBREVIATED if abbreviated else PLAIN
        parts: list[str] = []
        opener = choice(p, tb.anon_openers if anonymous else tb.openers)
        fmt = dict(slots)
        if abbreviated and fmt["at"].startswith("outside "):
            fmt["at"] = "o/s " + fmt["at"][8:]
        fmt["nth"] = _ordinal(max(call_number, 3))
        situations = tb.situations.get(f"{kind}_{setting}") or tb.situations[kind]
        parts.append(f"{opener} {choice(p, situations).format_map(fmt)}.")
        threat = kill = negation = False
        if offence:
            template, threat, kill = choice(p, tb.facts[offence][setting])
            fact = template.format_map(fmt)
            parts.append(fact[0].upper() + fact[1:] + ".")
        elif no_crime_code:
            parts.append(tb.no_crime.get(no_crime_code, "No offences disclosed."))
            negation = True
        elif p.random() < C.P_HARD_NEGATIVE:
            extra = tb.kind_negatives.get(kind, ())
            parts.append(choice(p, extra) if extra and p.random() < 0.4 else choice(p, tb.negatives))
            negation = True
        if call_number > 1:
            parts.append(choice(p, tb.history).format(n=call_number))
        vuln = vulnerable and p.random() < C.P_VULNERABILITY_MENTION
        if vuln:
            parts.append(choice(p, tb.vulnerability))
        hate_offence = offence in HATE_OFFENCES
        hate_mentioned = hate and (hate_offence or p.random() < 0.7)
        if hate_mentioned and not hate_offence:
            parts.append(choice(p, tb.hate))
        if contact == "Y":
            parts.append(choice(p, tb.contact_yes))
        elif contact == "N" and p.random() < 0.5:
            parts.append(choice(p, tb.contact_no))
        update = choice(p, tb.updates[group]).format(cat=category or "nuisance", ref=crime_ref)
        parts.append(("UPDATE: " if p.random() < 0.5 else "") + update)
        text = self._style(" ".join(parts))
        return Narrative(text, offence, threat, kill, negation, vuln, hate_mentioned)

    def _style(self, text: str) -> str:
        p = self.p
        if p.random() < C.P_NARRATIVE_TYPO:
            words = text.split(" ")
            for _ in range(1 + (p.random() < 0.4)):
                i = p.randrange(len(words))
                if len(words[i]) >= 4 and words[i].isalpha():
                    words[i] = typo(words[i], p)
            text = " ".join(words)
        u = p.random()
        if u < C.P_NARRATIVE_UPPER:
            text = text.upper()
        elif u < C.P_NARRATIVE_UPPER + 0.05:
            text = text.lower()
        return text
