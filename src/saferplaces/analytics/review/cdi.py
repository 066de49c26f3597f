"""Crime data integrity (CDI): does an ASB-closed log describe a notifiable crime?

Method: a transparent rule set over the log text, not a trained classifier, so that every flag can be
shown to a reviewer with the words that raised it. Cue phrases (threats, distress, damage, hate,
assault, course of conduct...) are found with regular expressions; each cue is then given a status by
a NegEx-style scope check (Chapman et al., 2001): a negation trigger (``no``, ``not``, ``nothing``,
``didn't`` ...) or a hedge (``may have``, ``possibly``, ``unsure if``) before the cue in the same
clause, within six words, or a post-trigger after it (``damage: none``, ``appears old``), changes it
from *affirmed* to *negated* or *hedged*. Clauses end at ``. ; ! ?``, at ``but``/``however``/
``although``, and at a comma unless the words between read as a list (``no threats, abuse or
damage``). Misspellings of the cue words (``thretened``, ``harrassing``) are corrected first by
Damerau-Levenshtein distance (rapidfuzz) against the cue vocabulary.

The decision follows the rules in docs/domain.md (National Crime Recording Standard and Home Office
Counting Rules):

- threats or fear of violence -> public order s4 (9A); threats to kill -> 3B; a threat to damage
  property only -> 59;
- a victim confirming harassment, alarm or distress at threatening, abusive or disorderly behaviour
  aimed at them (not at police officers, not at the public at large) -> s5 (9A);
- repeated targeting of the same victim by the same person -> harassment 8L: either the log itself
  says so (``keeps``, ``every night``, ``third time``) about an identifiable person, or the linked
  history holds an earlier incident with the same suspect against the same victim;
- damage to property (not accidental, not pre-existing) -> criminal damage 58A-58D by what was
  damaged, arson 56B;
- assault -> 105A, with injury 8N;
- racial or religious hostility aggravates: 9A->9B, 8L->8M, 58x->58J, 105A->105B, 8N->8P; other hate
  strands (disability, sexual orientation, transgender) keep the basic code and are named in the
  reasons;
- a crime decision not made within the NCRS 24 hours is added as a reason to any flag.

Where several offences are disclosed the most serious is suggested (``OFFENCE_PRIORITY``), as the HOCR
principal crime rule asks.

Speed: cue search runs per sentence and is cached (logs repeat whole sentences), and in the batch
:func:`candidate_mask` (one Rust regex over all logs, through Polars) first rules out logs with no
offence-bearing cue at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

Status = Literal["affirmed", "negated", "hedged", "police", "generic", "threatened"]

# Most serious first: the HOCR principal crime rule picks one offence per incident.
OFFENCE_PRIORITY: tuple[str, ...] = (
    "3B", "8P", "8N", "105B", "105A", "8M", "8L", "58J", "56B", "58A", "58C", "58B", "58D", "9B", "9A",
    "59",
)  # fmt: skip

OFFENCE_NAMES = {
    "3B": "threats to kill",
    "8P": "racially or religiously aggravated assault with injury",
    "8N": "assault with injury",
    "105B": "racially or religiously aggravated assault without injury",
    "105A": "assault without injury",
    "8M": "racially or religiously aggravated harassment",
    "8L": "harassment (course of conduct)",
    "58J": "racially or religiously aggravated criminal damage",
    "56B": "arson not endangering life",
    "58A": "criminal damage to a dwelling",
    "58B": "criminal damage to a building other than a dwelling",
    "58C": "criminal damage to a vehicle",
    "58D": "other criminal damage",
    "9B": "racially or religiously aggravated public fear, alarm or distress",
    "9A": "public fear, alarm or distress (Public Order Act s4/s4A/s5)",
    "59": "threat to commit criminal damage",
}

RACE_RELIGION_AGGRAVATED = {"9A": "9B", "8L": "8M", "58A": "58J", "58B": "58J", "58C": "58J",
                            "58D": "58J", "105A": "105B", "8N": "8P"}  # fmt: skip

# --- cue vocabulary -------------------------------------------------------------------------------
# "leaving rubbish on her doorstep", "putting it in RP's bin": targeted at the victim's home.
_AT_THEIR_DOOR = (
    r"\w*\s+[\w\s]{0,25}?\b(?:on|in|at|through|over)\s+(?:her|his|their|rp'?s|ip'?s)\s+"
    r"(?:doorstep|door|bin|garden|letterbox|car|drive|path|fence)"
)
# Things, not people: "kicked her gate" is damage, "kicked her" is assault.
_THINGS = r"(?:door|gate|fence|car|van|window|garden|bin|wall|bike|property|house|shed|mirror|tyres?)"
_PRON = r"(?:her|him|them|me|us|his|their|the\s+(?:rp|ip|victim|caller)|rp|ip|vic)"

CUES: dict[str, str] = {
    "threat_kill": r"\bthreat\w*\s+to\s+kill\b|\bkill\s+(?:you|her|him|them|me|us|your|ya)\b|"
    r"\bmurder\s+(?:you|her|him|them|me|us|your|ya)\b|"
    r"'kill\s+(?:her|him|you)'",
    "threat": r"\bthreat\w*|\bthr(?:t|tn|tnd|tng)\b|\bstab\w*\b|\bbatter\w*\b|"
    r"\bsmash\s+(?:your|her|his|their)\s+face\b|\bknock\s+(?:her|him|you|them)\s+out\b|"
    r"\bbeat\s+(?:her|him|you|them)\s+up\b|\bdo\s+(?:her|him|you|them)\s+in\b|"
    r"\bsort\s+(?:her|him|you|them)\s+out\b|\bget\s+(?:her|him|you)\W+next\b|\bsquared\s+up\b|"
    r"\bknife\b|\bmachete\b|\bhammer\b|\bweapon\b|\bthroat[- ]slitting\b|\baggressive\w*|\bmenacing\b|"
    r"\bfear\s+of\s+violence\b|\braised\s+(?:his|her|a)\s+fist\b|\bsmack\s*'?\s*(?:her|him|you)\b|"
    r"\brode\s+at\s+" + _PRON + r"|\bdrove\s+at\s+" + _PRON + r"|\bran\s+at\s+" + _PRON + "|"
    r"\bwould\s+hurt\b|\bwill\s+hurt\b|'ll\s+hurt\b|\bgoing\s+to\s+hurt\b|\bgonna\s+hurt\b|"
    r"\bhurt\s+" + _PRON + r"|\bwav\w*\s+(?:a\s+)?(?:stick|bat|knife|bottle|machete|hammer|weapon|crowbar)\b",
    "distress": r"\bscared\b|\bfrightened\b|\bfrightening\b|\bterrified\b|\bafraid\b|\bfearful\b|"
    r"\bfears?\s+for\b|\bin\s+fear\b|\bpetrified\b|\balarmed\b|\bdistress\w*|\bupset\w*|\banxious\b|"
    r"\banxiety\b|\bintimidated\b|\bshaken\b|\bshaking\b|\bin\s+tears\b|\bcrying\b|\bunnerved\b|"
    r"\bharassed\b|\bend\s+of\s+(?:her|his|their)\s+tether\b|\bdepressed\b|\bhumiliated\b|\bworried\b|"
    r"\bfeels?\s+unsafe\b|\bfelt\s+threatened\b|\bfeels?\s+threatened\b|\bpanic\w*",
    "behaviour": r"\babus\w*|\bswear\w*\s+at\b|\bswore\s+at\b|\bshout\w*\s+(?:at|abuse|\w+\s+at)\b|"
    r"\bscream\w*\s+at\b|\bcall(?:ed|ing)\s+(?:her|him|them|me)\s+(?:a\b|names)|\bnames\b|"
    r"\brude\b|\binsult\w*|\bmock\w*|\btaunt\w*|\bjeer\w*|\bgestures?\b|\bbang\w*\s+on\b|"
    r"\bknock\w*\s+on\s+(?:her|his|their|the)\s+door|\bkick\w*\s+(?:a\s+)?(?:ball|football)\s+at\b|"
    r"\bthr(?:ew|ow|owing|own)\s+[\w\s]{0,20}?\bat\s+" + _PRON + r"|\bfollow\w*\s+" + _PRON + r"|"
    r"\bsurrounded\s+" + _PRON + r"|\blaugh\w*\s+at\b|\bnasty\b|\bcomments?\b|\bremarks?\b|"
    r"\bintimidat\w*|\btarget\w*|\bturn\w*\s+up\b|\bwaited\s+outside\b|\bsitting\s+outside\b|"
    r"\bparked\s+across\b|\bmessag\w*|\btexts?\b|\bcalls?\b|\bringing\b|\bbeeping\b|\bstaring\b|"
    r"\bmonkey\s+noises\b|\bharass\w*|\bbanged\b|\bshouted\b|"
    + "|".join(rf"\b{verb}{_AT_THEIR_DOOR}" for verb in ("leav", "put", "dump", "throw", "tipp")),
    "harass": r"\bharass\w*|\bhar+as+\w*|\bstalk\w*|\bwon'?t\s+leave\s+(?:her|him|them)\s+alone\b",
    "course": r"\bkeeps?\b|\bkept\b|\brepeatedly\b|\bagain\b|\bevery\s+(?:day|night|time|week)\b|\bdaily\b|"
    r"\bnightly\b|\bmost\s+(?:nights|days)\b|\bfor\s+(?:weeks|months|a\s+month|a\s+fortnight|the\s+past)\b|"
    r"\bseveral\s+times\b|\bmany\s+times\b|\bon\s+(?:\d+|several|many|numerous|a\s+number\s+of)\s+occasions\b|"
    + "|".join(rf"\b{n}\s+time\b" for n in ("second", "third", "fourth", "fifth", "2nd", "3rd", "4th", "5th"))
    + r"|\bongoing\b|\bregularly\b|\bwon'?t\s+stop\b|"
    r"\bcontinu\w*\s+to\b|\bconstantly\b|\bfor\s+months\b|\ball\s+hours\b|\bevery\s+night\s+this\s+week\b",
    "identified": r"\bneighbou?rs?\b|\bnext\s+door\b|\bex\b|"
    r"\bex[- ]?(?:partner|husband|wife|boyfriend|girlfriend)\b|"
    r"\blandlord\b|\bs/p\b|\bsuspect\b|\bno\.?\s*\d+\b|\bnumber\s*\d+\b|\bknown\s+to\b|\bthe\s+same\b|"
    r"\bparents\s+known\b|\bnamed\b|\bcolleague\b|\bupstairs\b|\bdownstairs\b|"
    r"\bbelow\b|\babove\b|\bacross\s+the\s+road\b|\bcalls?\b|\bmessag\w*|\btexts?\b|\bphone\b",
    "group": r"\byouths?\b|\bkids\b|\bgroup\b|\bteens\b|\bteenagers\b|\blads\b|\bgang\b|\bgirls\b|\bboys\b",
    "damage": r"\bdamag\w*|\bdmg\w*|\bc/d\b|\bcrim(?:inal)?\s+dam\w*|\bsmash\w*|\bbroke\b|\bbroken\b|"
    r"\bcrack\w*|\bshatter\w*|\bscratch\w*|\bkeyed\b|\bdent\w*|\bslash\w*|\bgraffiti\b|"
    r"\bspray(?:ed)?\s+paint\w*|\bsprayed\b|\btag(?:s|ged)\b|\bdaub\w*|\bdefaced\b|\bvandal\w*|"
    r"\bkicked\s+(?:in|through)\b|\bkicked\s+off\b|\bknocked\s+off\b|\bsnapped\s+off\b|\bripped\s+off\b|"
    r"\bpulled\s+off\b|\bknocked\s+down\b|"
    r"\boff\s+its\s+hinges\b|\bsnapped\b|\bbent\s+back\b|\bglued\b|"
    r"\bpulled\s+(?:down|up)\b|\bripped\b|\btrampled\b|\buprooted\b|\bdestroyed\b|\bruined\b|"
    r"\bcut\s+(?:through\s+)?(?:the\s+)?(?:brake|cable|padlock|lock|fence|tyres?|seats?|wires?|hose)\w*|"
    r"\bpunctured\b|\bmarked\b|\brespray\w*|\bneeds?\s+(?:replacing|repair\w*)\b|\bwill\s+need\s+replacing\b|"
    r"\bthrown\s+through\b|\bthrough\s+(?:her|his|their|the)\s+\w*\s*window|"
    + "|".join(
        rf"\b{v}\s+(?:her|his|their|the|your)\s+windows?\s+(?:through|in)\b" for v in ("put", "do", "smash")
    )
    + r"|\bsmash\s+the\s+place\b",
    "arson": r"\bset\s+(?:on\s+)?(?:fire|alight)\b|\bset\s+\w+\s+alight\b|\bset\s+the\s+\w+\s+alight\b|"
    r"\bburnt\b|\bburned\b|\btorched\b|\barson\b|\bon\s+fire\b|\balight\b",
    "assault": r"\bpunch\w*|\bslapped\b|\bheadbutt\w*|\bpushed\s+(?:her|him|them|me)\b|\bshoved\b|"
    r"\bpushed\s+(?:\w+\s+)?(?:over|to\s+the\s+ground)\b|\bspat\s+(?:at|on)\b|\bspat\b|\bassault\w*|\bass(?:lt|ltd|aulted)\b|\battacked\b|"
    r"\bkicked\s+(?:her|him|them|me|the\s+(?:rp|ip|victim))\b(?!\s+(?:\w+\s+)?"
    + _THINGS
    + r")|\bhit\s+(?:her|him|them|me)\b|"
    r"\bgrabbed\s+(?:her|him|them|me)\b",
    "injury": r"\binj(?:ury|uries|ured|\.)?\b|\bcut\s+lip\b|\bbruis\w*|\bbleed\w*|\bgrazed\b|\bswollen\b|"
    r"\bblack\s+eye\b|\bbroken\s+nose\b",
    "hate_rr": r"\bracis[mt]\w*|\bracial\w*|\brace\s+hate\b|\bethnicity\b|"
    r"\bgo\s+back\s+to\s+(?:your|her|his|their)(?:\s+own)?\s+country\b|\bheadscarf\b|\bhijab\b|\bturban\b|\bislamophob\w*|\banti-?semit\w*|"
    r"\bswastika\b|\bmonkey\s+noises\b|\breligio\w*|\bterrorist\b|\bsectarian\b|\bxenophob\w*|"
    r"\bjewish\b|\bmuslim\b",
    "hate_other": r"\bhomophob\w*|\btransphob\w*|\bbiphob\w*|\bdisablist\b|\bdisability\s+hate\b|"
    r"\babout\s+(?:his|her|their)\s+disability\b|\bbecause\s+(?:he|she|they)\s+(?:is|are)\s+(?:gay|trans|disabled)\b|"
    r"\bhate\s+crime\b|\bhate\s+incident\b",
}

# Objects of criminal damage, most specific first: a window of a shop is a shop, of a car a vehicle.
DAMAGE_OBJECTS: tuple[tuple[str, str], ...] = (
    (
        "58D",
        r"\bbus\s+shelter\b|\bfence\w*|\bgate\b|\bshed\b|\bsign\b|\bplants?\b|\bgarden\b|\bbike\b|"
        r"\bbicycle\b|\bbins?\b|\bbench\b|\bplayground\b|\bbrake\b|\bbridge\b|\bunderpass\b|\bbin\s+store\b",
    ),
    (
        "58C",
        r"\bcars?\b|\bvans?\b|\bvehicles?\b|\btyres?\b|\bwindscreen\b|\bwing\s+mirrors?\b|\bwiper\b|"
        r"\bbonnet\b|\bpaintwork\b|\bmotorbike\b|\bmoped\b|\bbus\b|\btaxi\b|\blorry\b|\bdrivers?\s+door\b",
    ),
    (
        "58B",
        r"\bshop\b|\bschool\b|\bcommunity\s+centre\b|\bchurch\b|\bmosque\b|\bpub\b|\boffice\b|"
        r"\blibrary\b|\bpremises\b|\bbusiness\b|\bshutters\b|\bstation\b",
    ),
    (
        "58A",
        r"\bhouse\b|\bhome\b|\bflats?\b|\bdwelling\b|\bletter\s*box\b|\bpost\s+box\b|\bporch\b|"
        r"\bfront\s+door\b|\bwindows?\b|\bdoors?\b|\bgarage\b|\bwall\b|\bproperty\b",
    ),
)

# --- scope triggers -------------------------------------------------------------------------------
NEGATION_PRE = re.compile(
    r"\b(?:no(?!\.?\s*\d)|not|nil|none|without|never|nothing|nobody|neither|nor|deny|denies|denied|"
    r"didn'?t|did\s+not|doesn'?t|does\s+not|don'?t|do\s+not|wasn'?t|was\s+not|isn'?t|is\s+not|"
    r"weren'?t|were\s+not|hasn'?t|has\s+not|haven'?t|have\s+not|cannot\s+see|can'?t\s+see|"
    r"no\s+sign\s+of|no\s+evidence\s+of|already|\w+n't|free\s+of)\b"
)
NEGATION_POST = re.compile(
    r"\b(?:none|nil|denied|negative|not\s+found|appears\s+old|old|for\s+years|already|"
    r"washed\s+off|cleaned\s+off|wiped\s+off|polished\s+out)\b"
)
POST_SCOPE = re.compile(r"^[^.;!?]*?(?:\W+[\w']+){0,8}")
HEDGE_PRE = re.compile(
    r"\b(?:may|might|possibly|possible|perhaps|maybe|unsure|not\s+sure|unclear|can'?t\s+be\s+sure|"
    r"cannot\s+be\s+sure|could|if|whether|in\s+case|worried\s+that|concerned\s+that|potentially)\b"
)
HEDGE_POST = re.compile(r"^\s?\?")
# Debris, not damage: "litter and broken glass all over the park".
NOT_DAMAGE = re.compile(r"^(?:broken|smashed)\s+(?:glass|bottles?)\b")
FUTURE_PRE = re.compile(r"(?:\bthreat\w*\s+to|\bwill|\bwould|'ll|'d|\bgonna|\bgoing\s+to)\s*'?\s*$")
ACCIDENT = re.compile(
    r"\baccident\w*|\bby\s+mistake\b|\bwear\s+and\s+tear\b|\bweather\b|\bwind\b|\bstorm\b|\bmower\b"
)
POLICE_TARGET = re.compile(r"^\W*(?:the\s+)?(?:attending\s+)?(?:officers?|police|pcs?|pcsos?)\b")
GENERIC_TARGET = re.compile(
    r"^\W*(?:the\s+)?(?:public|passers[- ]?by|passing\s+(?:cars|traffic|people)|people|pedestrians|"
    r"shoppers|women|men|everyone|anyone|drivers)\b"
)
NO_VICTIM = re.compile(
    r"\bno\s+(?:specific|identified|particular)\s+victim\b|\bnot\s+directed\s+at\s+anyone\b|"
    r"\bno\s+one\s+targeted\b|\bnobody\s+targeted\b|\bnot\s+the\s+target\b|\bno\s+injured\s+party\b|"
    r"\bno\s+complaints?\s+from\b"
)
NOT_DISTRESSED = re.compile(
    r"\bnot\s+(?:\w+\s+)?(?:bothered|concerned|scared|upset|alarmed|intimidated|worried|distressed|frightened)\b|"
    r"\bdoesn'?t\s+bother\b|\bno\s+concerns\b|\b'?fine'?\b|\bharmless\b|\bdone\s+nothing\s+wrong\b|"
    r"\bdoesn'?t\s+feel\s+threatened\b"
)
NON_VIOLENT_THREAT = re.compile(r"^\W*(?:to\s+)?(?:report|call|ring|complain|tell|contact|sue|evict|phone)\b")
CLAUSE_END = re.compile(
    r"[.;!?]|\band\s+(?:is|was|are|were|feels?|felt|now)\b|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bwhereas\b|\bexcept\b"
)
LIST_WORD = re.compile(r"\b(?:or|nor|and)\b")
WORD = re.compile(r"[a-z][a-z']+")
LONG_WORD = re.compile(r"[a-z][a-z']{5,}")  # only words of six letters or more are corrected

_COMPILED = {name: re.compile(pattern) for name, pattern in CUES.items()}


def _top_level_alternatives(pattern: str) -> list[str]:
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _literal_prefix(alternative: str) -> str:
    """The literal letters every match of ``alternative`` starts with ('' when there are none)."""
    alt = alternative.removeprefix("\\b")
    out = []
    for i, ch in enumerate(alt):
        if not (ch.isalnum() or ch in "'/ -") or (i + 1 < len(alt) and alt[i + 1] in "?*{"):
            break
        out.append(ch)
    return "".join(out)


def _concept_prefixes() -> dict[str, tuple[str, ...] | None]:
    """Per concept, literal substrings one of which every match contains; None: no such set."""
    out: dict[str, tuple[str, ...] | None] = {}
    for name, pattern in CUES.items():
        prefixes = [_literal_prefix(a) for a in _top_level_alternatives(pattern)]
        out[name] = None if any(len(p) < 2 for p in prefixes) else tuple(sorted(set(prefixes)))
    return out


# A cheap substring test before each concept's regular expression: Python's regex engine tries every
# alternative at every position, so skipping concepts that cannot occur saves most of the time.
_PREFIXES = _concept_prefixes()
_OBJECTS = tuple((code, re.compile(p)) for code, p in DAMAGE_OBJECTS)

# Words the typo corrector maps misspellings to (only words of six letters or more are corrected, and
# never into a different real word from this exclusion list).
TYPO_TARGETS = (
    "threatened", "threatening", "threatens", "harassing", "harassed", "harassment", "frightened",
    "terrified", "scared", "damaged", "damage", "smashed", "scratched", "graffiti", "distressed",
    "intimidated", "intimidating", "assaulted", "punched", "abusive", "racist", "racially", "homophobic",
    "petrified", "slashed", "vandalised", "windscreen", "aggressive",
)  # fmt: skip
TYPO_EXCLUDE = frozenset({"thread", "threads", "scarred", "sacred", "dames", "damaged", "smashes"})


@dataclass(frozen=True)
class Cue:
    """One cue phrase found in a narrative.

    Attributes:
        concept: the cue family (``threat``, ``distress``, ``damage``, ...).
        start, end: character span in the original narrative (Python slice, end exclusive).
        text: the narrative's own words at that span.
        status: ``affirmed``; ``negated`` / ``hedged`` by a trigger in scope; ``police`` or
            ``generic`` when aimed at officers or at the public at large; ``threatened`` for damage
            that was only threatened.
    """

    concept: str
    start: int
    end: int
    text: str
    status: Status


@dataclass(frozen=True)
class CdiResult:
    """The CDI decision for one incident.

    Attributes:
        should_record: the log discloses a notifiable crime on the balance of probability.
        offence: suggested Home Office offence code (e.g. ``9A``), or None.
        reasons: short sentences for the reviewer, most serious first.
        evidence: every cue found, with its status and character span.
        linked_incidents: earlier incidents (same victim, same suspect) used for a course of conduct.
        hate: ``race_religion``, ``other`` or None.
    """

    should_record: bool
    offence: str | None
    reasons: tuple[str, ...]
    evidence: tuple[Cue, ...]
    linked_incidents: tuple[str, ...] = ()
    hate: str | None = None

    def affirmed(self, concept: str) -> list[Cue]:
        return [c for c in self.evidence if c.concept == concept and c.status == "affirmed"]


@dataclass(frozen=True)
class CdiRules:
    """Configurable parts of the CDI rules.

    Attributes:
        decision_hours: NCRS: the crime recording decision is due within this many hours.
        offence_priority: most serious first; the first disclosed offence is suggested.
        scope_words: how many words a negation or hedge reaches forward (NegEx uses five or six).
    """

    decision_hours: float = 24.0
    offence_priority: tuple[str, ...] = OFFENCE_PRIORITY
    scope_words: int = 6
    extra_offence_names: dict[str, str] = field(default_factory=dict)


DEFAULT_RULES = CdiRules()


@lru_cache(maxsize=200_000)
def _correct_word(word: str) -> str | None:
    if len(word) < 6 or word in TYPO_EXCLUDE or word in TYPO_TARGETS:
        return None
    limit = 1 if len(word) < 9 else 2
    # Typists rarely miss the first letter; requiring it keeps "undamaged" from becoming "damaged".
    targets = [t for t in TYPO_TARGETS if t[0] == word[0]]
    best = process.extractOne(word, targets, scorer=DamerauLevenshtein.distance, score_cutoff=limit)
    if best is None or best[1] == 0:
        return None
    return str(best[0])


def _correct_typos(lower: str) -> tuple[str, list[int] | None]:
    """Correct misspelt cue words; returns the text and a map from its indices to the original's."""
    pieces: list[str] = []
    index_map: list[int] = []
    last = 0
    changed = False
    for m in LONG_WORD.finditer(lower):
        fixed = _correct_word(m.group())
        if fixed is None:
            continue
        changed = True
        pieces.append(lower[last : m.start()])
        index_map.extend(range(last, m.start()))
        pieces.append(fixed)
        # Every character of the corrected word maps into the misspelt word's span.
        span = m.end() - m.start()
        index_map.extend(m.start() + min(i, span - 1) for i in range(len(fixed)))
        last = m.end()
    if not changed:
        return lower, None
    pieces.append(lower[last:])
    index_map.extend(range(last, len(lower)))
    index_map.append(len(lower))
    return "".join(pieces), index_map


def _clause_start(text: str, pos: int, boundaries: list[int]) -> int:
    start = 0
    for b in boundaries:
        if b < pos:
            start = b
        else:
            break
    return start


def _in_scope_before(text: str, start: int, clause_start: int, pattern: re.Pattern[str], words: int) -> bool:
    window = text[clause_start:start]
    found = None
    for m in pattern.finditer(window):
        found = m
    if found is None:
        return False
    between = window[found.end() :]
    if len(WORD.findall(between)) > words:
        return False
    # A comma ends the scope unless the words between read as a list ("no threats, abuse or damage").
    return not ("," in between and not LIST_WORD.search(text[clause_start + found.end() : start + 40]))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=300_000)
def _sentence_cues(sentence: str, scope_words: int) -> tuple[tuple[str, int, int, Status], ...]:
    """Cues of one lower-case sentence as (concept, start, end, status), spans in the sentence.

    Cached: call takers' logs repeat whole sentences ("No units available, RP updated."), so most
    sentences of a large batch are seen before. Negation and hedge scopes never cross a sentence.
    """
    text, index_map = _correct_typos(sentence)
    boundaries: list[int] | None = None  # clause ends, found only once a cue is
    out: list[tuple[str, int, int, Status]] = []
    for concept, pattern in _COMPILED.items():
        prefixes = _PREFIXES[concept]
        if prefixes is not None and not any(p in text for p in prefixes):
            continue
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if boundaries is None:
                boundaries = [b.end() for b in CLAUSE_END.finditer(text)]
            cs = _clause_start(text, start, boundaries)
            after = text[end : end + 40]
            post = POST_SCOPE.match(after)
            post_text = post.group() if post else ""
            status: Status = "affirmed"
            if concept not in ("group", "identified", "course"):
                if _in_scope_before(text, start, cs, NEGATION_PRE, scope_words) or NEGATION_POST.search(
                    post_text
                ):
                    status = "negated"
                elif _in_scope_before(text, start, cs, HEDGE_PRE, scope_words) or HEDGE_POST.search(after):
                    status = "hedged"
            if status == "affirmed" and concept in ("threat", "behaviour", "distress", "harass"):
                if POLICE_TARGET.search(after):
                    status = "police"
                elif GENERIC_TARGET.search(after):
                    status = "generic"
            if concept == "damage" and NOT_DAMAGE.match(text[start : end + 10]):
                status = "negated"
            # "threatened to smash her windows", "said he would punch him": threatened, not done.
            if (
                concept in ("damage", "assault")
                and status in ("affirmed", "hedged")
                and (
                    FUTURE_PRE.search(text[max(cs, start - 30) : start])
                    or (concept == "damage" and m.group().startswith(("put ", "do ", "smash ")))
                )
            ):
                status = "threatened"
            if index_map is not None:
                start, end = index_map[start], index_map[end - 1] + 1
            out.append((concept, start, end, status))
    return tuple(out)


def find_cues(narrative: str, rules: CdiRules = DEFAULT_RULES) -> list[Cue]:
    """Every cue phrase in ``narrative`` with its status and character span."""
    lower = narrative.lower()
    cues: list[Cue] = []
    pos = 0
    for m in [*SENTENCE_END.finditer(lower), None]:
        end = m.start() if m is not None else len(lower)
        sentence = lower[pos:end]
        if sentence:
            for concept, s, e, status in _sentence_cues(sentence, rules.scope_words):
                cues.append(Cue(concept, pos + s, pos + e, narrative[pos + s : pos + e], status))
        if m is not None:
            pos = m.end()
    cues.sort(key=lambda c: (c.start, c.concept))
    return cues


def _damage_object(narrative_lower: str, cue: Cue) -> str:
    """Offence code for damage by what was damaged, looked for in the cue's sentence."""
    sentences = re.split(r"(?<=[.;!?])\s", narrative_lower)
    pos = 0
    for sentence in sentences:
        if pos <= cue.start < pos + len(sentence) + 1:
            for code, pattern in _OBJECTS:
                if pattern.search(sentence):
                    return code
            break
        pos += len(sentence) + 1
    for code, pattern in _OBJECTS:
        if pattern.search(narrative_lower):
            return code
    return "58D"


def _accidental(narrative_lower: str, cue: Cue) -> bool:
    sentence_start = max(narrative_lower.rfind(".", 0, cue.start), 0)
    sentence_end = narrative_lower.find(".", cue.end)
    sentence = narrative_lower[sentence_start : sentence_end if sentence_end >= 0 else None]
    m = ACCIDENT.search(sentence)
    if m is None:
        return False
    # "it may have been an accident" leaves the damage standing on the balance of probability.
    return not (m.group().startswith("accident") and HEDGE_PRE.search(sentence[: m.start()][-30:]))


def assess(
    narrative: str | None,
    *,
    prior_same_suspect: Sequence[str] = (),
    has_suspect: bool = False,
    hours_to_decision: float | None = None,
    rules: CdiRules = DEFAULT_RULES,
) -> CdiResult:
    """Decide whether one ASB-closed log amounts to a notifiable crime.

    Args:
        narrative: the log text (call taker's and officer's).
        prior_same_suspect: incident references of earlier incidents, within the course-of-conduct
            window, against the same (linked) victim by the same suspect.
        has_suspect: the log names a suspect (suspect columns filled): an identifiable offender.
        hours_to_decision: hours from receipt to closure (or to now, if still open).
        rules: configurable rule parameters.

    Returns:
        CdiResult with the suggested offence and the evidence behind it.
    """
    text = narrative or ""
    if not text.strip() and not prior_same_suspect:
        return CdiResult(False, None, (), ())
    lower = text.lower()
    cues = find_cues(text, rules)

    affirmed: dict[str, list[Cue]] = {}
    for c in cues:
        if c.status == "affirmed":
            affirmed.setdefault(c.concept, []).append(c)

    def ok(concept: str) -> list[Cue]:
        return affirmed.get(concept, [])

    no_victim = NO_VICTIM.search(lower) is not None
    not_distressed = NOT_DISTRESSED.search(lower) is not None
    distress = [] if not_distressed else ok("distress")
    threats = [c for c in ok("threat") if not NON_VIOLENT_THREAT.search(lower[c.end : c.end + 30])]
    threatened_damage = [c for c in cues if c.concept == "damage" and c.status == "threatened"]
    # A threat whose object is property only ("threatened to put her windows through") is offence 59.
    violence_threats = [t for t in threats if not any(0 <= d.start - t.end <= 30 for d in threatened_damage)]
    behaviour = ok("behaviour")
    harass = ok("harass")
    course = ok("course")
    group_only = bool(ok("group")) and not has_suspect and not ok("identified")
    hate_rr = ok("hate_rr")
    hate_other = ok("hate_other")
    hate = "race_religion" if hate_rr else ("other" if hate_other else None)

    offences: dict[str, str] = {}
    linked: tuple[str, ...] = ()

    kill = ok("threat_kill")
    if kill and not no_victim:
        offences["3B"] = f"threat to kill: '{kill[0].text}'"

    assaults = ok("assault")
    if assaults and not no_victim:
        if ok("injury"):
            offences["8N"] = f"assault with injury: '{assaults[0].text}', '{ok('injury')[0].text}'"
        else:
            offences["105A"] = f"assault: '{assaults[0].text}'"

    targeted = bool(violence_threats or harass or (distress and behaviour))
    # A course of conduct needs the same offender: not an unidentified group of youths.
    if not no_victim and targeted and not group_only and (course or harass):
        cue = (course or harass)[0]
        offences["8L"] = f"course of conduct against the victim: '{cue.text}'"
    if not no_victim and prior_same_suspect and (distress or violence_threats or harass):
        offences["8L"] = (
            f"course of conduct: {len(prior_same_suspect) + 1} incidents by the same suspect "
            "against the same victim"
        )
        linked = tuple(prior_same_suspect)

    if violence_threats and not no_victim:
        offences["9A"] = f"threats or fear of violence (s4): '{violence_threats[0].text}'"
    elif distress and behaviour and not no_victim:
        offences["9A"] = (
            f"victim confirms alarm or distress (s5): '{distress[0].text}' at '{behaviour[0].text}'"
        )

    damage = [c for c in ok("damage") if not _accidental(lower, c)]
    arson = ok("arson")
    if arson:
        offences["56B"] = f"property set on fire: '{arson[0].text}'"
    if damage:
        code = _damage_object(lower, damage[0])
        offences[code] = f"damage to property: '{damage[0].text}'"
    if threatened_damage and not damage:
        offences["59"] = f"threat to damage property: '{threatened_damage[0].text}'"

    if hate and not offences and (distress or behaviour) and not no_victim:
        offences["9B" if hate == "race_religion" else "9A"] = "hate-motivated abuse aimed at the victim"

    if not offences:
        return CdiResult(False, None, (), tuple(cues), hate=hate)

    ranked = sorted(offences, key=lambda c: rules.offence_priority.index(c))
    best = ranked[0]
    if hate == "race_religion":
        best = RACE_RELIGION_AGGRAVATED.get(best, best)
    reasons = [offences[c] for c in ranked]
    if hate:
        cue = (hate_rr or hate_other)[0]
        strand = "racial or religious" if hate == "race_religion" else "hate (other strand)"
        reasons.append(f"{strand} hostility: '{cue.text}'")
    if hours_to_decision is not None and hours_to_decision > rules.decision_hours:
        reasons.append(f"no crime decision within {rules.decision_hours:g} hours")
    return CdiResult(True, best, tuple(reasons), tuple(cues), linked, hate)


# Concepts that can raise a flag on their own or with history; a log with none of them is never one.
OFFENCE_CONCEPTS = ("threat_kill", "threat", "distress", "harass", "damage", "arson", "assault", "hate_rr",
                    "hate_other")  # fmt: skip


def _without_lookarounds(pattern: str) -> str:
    """``pattern`` without ``(?=...)``/``(?!...)`` groups: a superset for engines that lack them."""
    out: list[str] = []
    i, depth = 0, 0
    while i < len(pattern):
        if depth == 0 and pattern.startswith(("(?=", "(?!"), i) and (i == 0 or pattern[i - 1] != "\\"):
            depth = 1
            i += 3
            continue
        if depth:
            if pattern[i] == "(" and pattern[i - 1] != "\\":
                depth += 1
            elif pattern[i] == ")" and pattern[i - 1] != "\\":
                depth -= 1
            i += 1
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


CANDIDATE_PATTERN = "|".join(f"(?:{_without_lookarounds(CUES[c])})" for c in OFFENCE_CONCEPTS)


def candidate_mask(narratives: pl.Series) -> pl.Series:
    """Vectorised first pass: which logs could disclose a crime at all (True), before the exact rules.

    Misspelt cue words are corrected on the distinct words first (the same corrector as
    :func:`find_cues`), then one Rust regex (Polars) looks for any offence-bearing cue. Logs it rules
    out need no Python pass; the result is a superset of the flagged logs.
    """
    lower = narratives.fill_null("").str.to_lowercase()
    words = lower.str.extract_all(r"[a-z][a-z']{5,}").explode().drop_nulls().unique()
    fixes = {w: f for w in words.to_list() if (f := _correct_word(w)) is not None}
    if fixes:
        lower = lower.str.replace_many(list(fixes), list(fixes.values()))
    return lower.str.contains(CANDIDATE_PATTERN)


def offence_name(code: str | None, rules: CdiRules = DEFAULT_RULES) -> str:
    """Human-readable name of a suggested offence code."""
    if code is None:
        return ""
    return rules.extra_offence_names.get(code) or OFFENCE_NAMES.get(code, code)


def assess_many(
    narratives: Iterable[str | None],
    priors: Iterable[Sequence[str]] | None = None,
    has_suspect: Iterable[bool] | None = None,
    hours: Iterable[float | None] | None = None,
    rules: CdiRules = DEFAULT_RULES,
) -> list[CdiResult]:
    """:func:`assess` over many incidents (the batch path)."""
    narr = list(narratives)
    n = len(narr)
    pr = list(priors) if priors is not None else [()] * n
    hs = list(has_suspect) if has_suspect is not None else [False] * n
    hr = list(hours) if hours is not None else [None] * n
    return [
        assess(t, prior_same_suspect=p, has_suspect=s, hours_to_decision=h, rules=rules)
        for t, p, s, h in zip(narr, pr, hs, hr, strict=True)
    ]
