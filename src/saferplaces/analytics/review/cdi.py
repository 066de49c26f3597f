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

Speed: in the batch, :func:`assess_batch` lets Polars' Rust regex engine find which cue families
each log can hold and where each cue is, so Python only decides each cue's status; logs with no
family that matters are never read in Python (see its docstring for why no flag is lost).
:func:`assess` (one log, as the web page calls it) looks for every family, sentence by sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
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


def _first_char_dispatch(pattern: str) -> str:
    r"""The same pattern with its alternatives grouped by first character, or ``pattern`` unchanged.

    ``\bthreat\w*|\bstab\w*|...`` becomes ``t(?<!\w\w)(?:hreat\w*|...)|s(?<!\w\w)(?:tab\w*)|...``:
    a word boundary before a word character is "the character before it is not one", checked just
    after it. Python's engine then tries one group per position instead of every alternative. Only
    alternatives that share a first character can match at one position and they keep their order,
    so every match (start, end and text) is the same as the original's.
    """
    groups: dict[str, list[str]] = {}
    for alt in _top_level_alternatives(pattern):
        bounded = alt.startswith("\\b")
        body = alt[2:] if bounded else alt
        first = body[:1]
        if not first or not (first.isalnum() or first in "'/-") or body[1:2] in ("?", "*", "+", "{"):
            return pattern
        rest = body[1:]
        if bounded:
            if not (first.isalnum() or first == "_"):
                return pattern
            rest = r"(?<!\w\w)" + rest
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{re.escape(c)}(?:{'|'.join(rests)})" for c, rests in groups.items())


def _word_alternatives(*alternatives: str) -> str:
    r"""``\b(?:a|b|...)\b`` written as ``\ba\b|\bb\b|...`` (the same matches), for dispatch."""
    return "|".join(rf"\b{a}\b" for a in alternatives)


# --- scope triggers -------------------------------------------------------------------------------
# Trigger lists are compiled with :func:`_first_char_dispatch`: the same matches, several times faster.
_NEGATION_PRE_SOURCE = (
    _word_alternatives(
        r"no(?!\.?\s*\d)", "not", "nil", "none", "without", "never", "nothing", "nobody", "neither",
        "nor", "deny", "denies", "denied", r"didn'?t", r"did\s+not", r"doesn'?t", r"does\s+not",
        r"don'?t", r"do\s+not", r"wasn'?t", r"was\s+not", r"isn'?t", r"is\s+not", r"weren'?t",
        r"were\s+not", r"hasn'?t", r"has\s+not", r"haven'?t", r"have\s+not", r"cannot\s+see",
        r"can'?t\s+see", r"no\s+sign\s+of", r"no\s+evidence\s+of", "already", r"free\s+of",
    ),
    # Last: no other trigger can match where this one does ("free of" is two words).
    r"\b\w+n't\b",
)  # fmt: skip
NEGATION_PRE = re.compile(_first_char_dispatch(_NEGATION_PRE_SOURCE[0]) + "|" + _NEGATION_PRE_SOURCE[1])
_NEGATION_POST_SOURCE = _word_alternatives(
    "none", "nil", "denied", "negative", r"not\s+found", r"appears\s+old", "old", r"for\s+years",
    "already", r"washed\s+off", r"cleaned\s+off", r"wiped\s+off", r"polished\s+out",
)  # fmt: skip
NEGATION_POST = re.compile(_first_char_dispatch(_NEGATION_POST_SOURCE))
POST_SCOPE = re.compile(r"^[^.;!?]*?(?:\W+[\w']+){0,8}")
_HEDGE_PRE_SOURCE = _word_alternatives(
    "may", "might", "possibly", "possible", "perhaps", "maybe", "unsure", r"not\s+sure", "unclear",
    r"can'?t\s+be\s+sure", r"cannot\s+be\s+sure", "could", "if", "whether", r"in\s+case",
    r"worried\s+that", r"concerned\s+that", "potentially",
)  # fmt: skip
HEDGE_PRE = re.compile(_first_char_dispatch(_HEDGE_PRE_SOURCE))
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
    r"[.;!?]|"
    + _first_char_dispatch(
        r"\band\s+(?:is|was|are|were|feels?|felt|now)\b|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|"
        r"\bwhereas\b|\bexcept\b"
    )
)
LIST_WORD = re.compile(r"\b(?:or|nor|and)\b")
WORD = re.compile(r"[a-z][a-z']+")
LONG_WORD = re.compile(r"[a-z][a-z']{5,}")  # only words of six letters or more are corrected

_ALL_CONCEPTS = tuple(CUES)


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


# Concepts whose many alternatives make Python's engine slow (measured: "threat" 41 -> 6 us a sentence).
_DISPATCHED = frozenset({"threat_kill", "threat", "injury"})
_COMPILED = {
    name: re.compile(_first_char_dispatch(pattern) if name in _DISPATCHED else pattern)
    for name, pattern in CUES.items()
}


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


# A sentence ends at . ! or ? followed by white space (the mark stays with the sentence). Written
# without a lookbehind, which would stop Python's engine from skipping ahead to the marks.
SENTENCE_END = re.compile(r"[.!?](\s+)")


@lru_cache(maxsize=300_000)
def _sentence_cues(
    sentence: str, scope_words: int, concepts: tuple[str, ...] | None = None, typos: bool = True
) -> tuple[tuple[str, int, int, Status], ...]:
    """Cues of one lower-case sentence as (concept, start, end, status), spans in the sentence.

    Args:
        sentence: one lower-case sentence.
        scope_words: NegEx scope in words.
        concepts: the cue families to look for; None: every family, each first screened by its
            literal substrings. The batch passes the families its vectorised pass found in the log.
        typos: correct misspelt cue words first (the batch passes False for a log that has none).

    Cached: call takers' logs repeat whole sentences ("No units available, RP updated."), so many
    sentences of a large batch are seen before. Negation and hedge scopes never cross a sentence.
    """
    text, index_map = _correct_typos(sentence) if typos else (sentence, None)
    clauses = _Clauses(text)
    out: list[tuple[str, int, int, Status]] = []
    for concept in concepts if concepts is not None else _ALL_CONCEPTS:
        pattern = _COMPILED[concept]
        if concepts is None:
            prefixes = _PREFIXES[concept]
            if prefixes is not None and not any(p in text for p in prefixes):
                continue
        for m in pattern.finditer(text):
            start, end = m.span()
            status = _status(clauses, concept, start, end, scope_words)
            if index_map is not None:
                start, end = index_map[start], index_map[end - 1] + 1
            out.append((concept, start, end, status))
    return tuple(out)


# What the batch's vectorised pass knows of a whole log: it holds a negation trigger, a hedge trigger,
# a post-negation trigger, a "no victim" phrase, a "not distressed" phrase (False: none anywhere).
LogContext = tuple[bool, bool, bool, bool, bool]


class _Clauses:
    """Facts about one sentence that its cues share, each found once and only when first needed."""

    __slots__ = ("_bounds", "_hedge", "_negation", "post", "text")

    def __init__(self, text: str, context: LogContext | None = None) -> None:
        self.text = text
        self._bounds: list[int] | None = None
        # A trigger absent from the whole log (known from the batch's vectorised pass) is absent
        # from each of its sentences: None means "look".
        self._negation: bool | None = None if context is None or context[0] else False
        self._hedge: bool | None = None if context is None or context[1] else False
        self.post = context is None or context[2]

    def start_of(self, pos: int) -> int:
        """Start of the clause that holds ``pos``."""
        if self._bounds is None:
            self._bounds = [b.end() for b in CLAUSE_END.finditer(self.text)]
        return _clause_start(self.text, pos, self._bounds)

    def has_negation(self) -> bool:
        # No trigger anywhere in the sentence: none in any clause window of it either.
        if self._negation is None:
            self._negation = NEGATION_PRE.search(self.text) is not None
        return self._negation

    def has_hedge(self) -> bool:
        if self._hedge is None:
            self._hedge = HEDGE_PRE.search(self.text) is not None
        return self._hedge


_UNSCOPED = frozenset({"group", "identified", "course"})
_AIMED = frozenset({"threat", "behaviour", "distress", "harass"})


def _status(clauses: _Clauses, concept: str, start: int, end: int, scope_words: int) -> Status:
    """The status of the cue at ``text[start:end]`` (NegEx scope, target, debris, threatened damage)."""
    text = clauses.text
    after = text[end : end + 40]
    status: Status = "affirmed"
    if concept not in _UNSCOPED:
        if (
            clauses.has_negation()
            and _in_scope_before(text, start, clauses.start_of(start), NEGATION_PRE, scope_words)
        ) or (
            # The post scope is a prefix of ``after``: no trigger in ``after``, none in it.
            clauses.post and NEGATION_POST.search(after) and NEGATION_POST.search(_post_scope(after))
        ):
            status = "negated"
        elif (
            clauses.has_hedge()
            and _in_scope_before(text, start, clauses.start_of(start), HEDGE_PRE, scope_words)
        ) or HEDGE_POST.search(after):
            status = "hedged"
    if status == "affirmed" and concept in _AIMED:
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
            FUTURE_PRE.search(text[max(clauses.start_of(start), start - 30) : start])
            or (concept == "damage" and text.startswith(("put ", "do ", "smash "), start, end))
        )
    ):
        status = "threatened"
    return status


def _post_scope(after: str) -> str:
    post = POST_SCOPE.match(after)
    return post.group() if post else ""


def find_cues(
    narrative: str,
    rules: CdiRules = DEFAULT_RULES,
    *,
    concepts: tuple[str, ...] | None = None,
    typos: bool = True,
) -> list[Cue]:
    """Every cue phrase in ``narrative`` with its status and character span.

    Args:
        narrative: the log text.
        rules: rule parameters (the NegEx scope).
        concepts: only these cue families (default: all of :data:`CUES`).
        typos: correct misspelt cue words first; False only when the log is known to have none.
    """
    lower = narrative.lower()
    cues: list[Cue] = []
    pos = 0
    for m in [*SENTENCE_END.finditer(lower), None]:
        end = m.start(1) if m is not None else len(lower)
        sentence = lower[pos:end]
        if sentence:
            for concept, s, e, status in _sentence_cues(sentence, rules.scope_words, concepts, typos):
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
    return _assess(narrative, prior_same_suspect, has_suspect, hours_to_decision, rules, None, True)


def _assess(
    narrative: str | None,
    prior_same_suspect: Sequence[str],
    has_suspect: bool,
    hours_to_decision: float | None,
    rules: CdiRules,
    concepts: tuple[str, ...] | None,
    typos: bool,
    cues: list[Cue] | None = None,
    context: LogContext | None = None,
) -> CdiResult:
    """:func:`assess`, looking only for ``concepts`` (None: all), or deciding on ``cues`` found
    already (the batch's paths)."""
    text = narrative or ""
    if not text.strip() and not prior_same_suspect:
        return CdiResult(False, None, (), ())
    lower = text.lower()
    if cues is None:
        cues = find_cues(text, rules, concepts=concepts, typos=typos)

    affirmed: dict[str, list[Cue]] = {}
    for c in cues:
        if c.status == "affirmed":
            affirmed.setdefault(c.concept, []).append(c)

    def ok(concept: str) -> list[Cue]:
        return affirmed.get(concept, [])

    no_victim = (context is None or context[3]) and NO_VICTIM.search(lower) is not None
    not_distressed = (context is None or context[4]) and NOT_DISTRESSED.search(lower) is not None
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
# Concepts behind the risk signals (distress, threats, a threat to kill, hate): needed for every log.
SIGNAL_CONCEPTS = ("threat_kill", "threat", "distress", "hate_rr", "hate_other")


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


_ASCII_IN_CLASS = {"w": "0-9A-Za-z_", "s": r"\t\n\r\x0B\x0C ", "d": "0-9"}


def _ascii_pattern(pattern: str) -> str:
    r"""``pattern`` with ASCII ``\b \w \s \d \W``, for Polars' Rust engine.

    On printable-ASCII text these classes match exactly what Python's Unicode ones do, and the Rust
    engine then keeps to its fast DFA (Unicode word classes make it fall back to a slow one).
    """
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "SDB" or (in_class and nxt == "W"):
                raise ValueError(f"no ASCII form for \\{nxt} in {pattern!r}")
            if in_class and nxt in _ASCII_IN_CLASS:
                out.append(_ASCII_IN_CLASS[nxt])
            elif not in_class and nxt in "bwsd":
                out.append(f"(?-u:\\{nxt})")
            elif not in_class and nxt == "W":
                out.append("[^0-9A-Za-z_]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _rust_pattern(pattern: str) -> str:
    """A Rust pattern that matches wherever ``pattern`` could, on printable ASCII (lookarounds dropped)."""
    return _ascii_pattern(_without_lookarounds(pattern))


# Per concept, a Rust pattern that matches wherever the Python one could.
_RUST_PATTERNS = {c: _rust_pattern(p) for c, p in CUES.items()}
# The log-wide facts of LogContext, in its order.
_CONTEXT_SOURCES = (
    "|".join(_NEGATION_PRE_SOURCE),
    _HEDGE_PRE_SOURCE,
    _NEGATION_POST_SOURCE,
    NO_VICTIM.pattern,
    NOT_DISTRESSED.pattern,
)
# Printable ASCII (plus tab and line ends): there Python's and Rust's regular expressions agree.
_NOT_PLAIN = r"[^\t\n\r\x20-\x7E]"


def _typo_rows(lower: pl.Series) -> pl.Series:
    """True for each log holding a word that :func:`_correct_word` would change.

    Found on the distinct words of the whole batch (a few thousand), not log by log.
    """
    words = lower.str.extract_all(LONG_WORD.pattern)
    distinct = words.explode().drop_nulls().unique()
    fixable = [w for w in distinct.to_list() if _correct_word(w) is not None]
    if not fixable:
        return pl.Series(np.zeros(len(lower), dtype=bool))
    return words.list.eval(pl.element().is_in(fixable)).list.any().fill_null(False)


def _presence(lower: pl.Series, concepts: Sequence[str]) -> pl.DataFrame:
    """One boolean column per concept: its Rust pattern matches somewhere in the log."""
    frame = pl.DataFrame({"_t": lower})
    return frame.select(pl.col("_t").str.contains(_RUST_PATTERNS[c]).alias(c) for c in concepts)


def _bits(presence: pl.DataFrame) -> np.ndarray:
    """The presence columns as one integer per log (bit k: concept ``_ALL_CONCEPTS[k]``)."""
    expr = pl.lit(0, dtype=pl.UInt32)
    for c in presence.columns:
        expr = expr | (pl.col(c).cast(pl.UInt32) * (1 << _ALL_CONCEPTS.index(c)))
    return presence.select(expr.alias("bits")).to_series().to_numpy()


@lru_cache(maxsize=1 << 14)
def _concepts_of(bits: int) -> tuple[str, ...]:
    return tuple(c for k, c in enumerate(_ALL_CONCEPTS) if bits >> k & 1)


# Concepts whose pattern has no lookaround: Rust's leftmost-first matches are then Python's, so the
# batch takes their spans from Polars. The others ("assault") are matched in Python per sentence.
_SPAN_CONCEPTS = tuple(c for c in _ALL_CONCEPTS if _without_lookarounds(CUES[c]) == CUES[c])

Span = tuple[str, int, int]


def _spans(lower: pl.Series, rows: np.ndarray, bits: np.ndarray) -> dict[int, list[Span]]:
    """Every match (concept, start, end) of each present span concept in the given logs.

    Polars gives the matches (``extract_all``) and, through a lazy ``(?s).*?`` before the pattern,
    the text up to the end of each: their lengths place every match, in characters as Python counts.
    """
    out: dict[int, list[Span]] = {int(i): [] for i in rows}
    for concept in _SPAN_CONCEPTS:
        idx = rows[(bits[rows] >> _ALL_CONCEPTS.index(concept)) & 1 == 1]
        if not idx.size:
            continue
        pattern = _RUST_PATTERNS[concept]
        found = (
            pl.DataFrame({"i": idx, "t": lower.gather(idx)})
            .select(
                "i",
                pl.col("t")
                .str.extract_all(f"(?s).*?(?:{pattern})")
                .list.eval(pl.element().str.len_chars().cum_sum())
                .alias("end"),
                pl.col("t").str.extract_all(pattern).list.eval(pl.element().str.len_chars()).alias("n"),
            )
            .filter(pl.col("end").list.len() > 0)
        )
        if found.filter(pl.col("end").list.len() != pl.col("n").list.len()).height:
            raise AssertionError(f"cue spans of {concept!r} disagree")  # the two scans are one search
        long = found.explode("end", "n")
        for i, end, n in zip(long["i"].to_list(), long["end"].to_list(), long["n"].to_list(), strict=True):
            out[i].append((concept, end - n, end))
    return out


def _cues_from_spans(
    narrative: str, spans: Sequence[Span], extra: tuple[str, ...], scope_words: int, context: LogContext
) -> list[Cue] | None:
    """Cues with their status from matches found already, plus the ``extra`` concepts matched here.

    Each match is placed in its sentence (split as :func:`find_cues` splits) and given its status
    there. None when a match runs across a sentence end: then only the sentence-by-sentence search
    of :func:`find_cues` gives the same matches.
    """
    lower = narrative.lower()
    starts, ends = [0], []
    for m in SENTENCE_END.finditer(lower):
        ends.append(m.start(1))
        starts.append(m.end())
    ends.append(len(lower))
    clauses: dict[int, _Clauses] = {}
    cues: list[Cue] = []
    for concept, a, b in spans:
        j = bisect_right(starts, a) - 1
        if b > ends[j]:
            return None
        cl = clauses.get(j)
        if cl is None:
            cl = clauses[j] = _Clauses(lower[starts[j] : ends[j]], context)
        status = _status(cl, concept, a - starts[j], b - starts[j], scope_words)
        cues.append(Cue(concept, a, b, narrative[a:b], status))
    if extra:
        for a, b in zip(starts, ends, strict=True):
            if b > a:
                for concept, s, e, status in _sentence_cues(lower[a:b], scope_words, extra, False):
                    cues.append(Cue(concept, a + s, a + e, narrative[a + s : a + e], status))
    cues.sort(key=lambda c: (c.start, c.concept))
    return cues


def candidate_mask(narratives: pl.Series) -> pl.Series:
    """Vectorised first pass: which logs could disclose a crime at all (True), before the exact rules.

    A log is a candidate when the Rust form of an offence-bearing cue pattern matches it, or when it
    holds a correctable misspelling or characters outside printable ASCII (those always go through
    the exact rules). The result is a superset of the flagged logs.
    """
    lower = narratives.fill_null("").str.to_lowercase()
    exact = ~lower.str.contains(_NOT_PLAIN) & ~_typo_rows(lower)
    present = _presence(lower, OFFENCE_CONCEPTS).select(pl.any_horizontal(pl.all())).to_series()
    return (present | ~exact).alias(narratives.name)


@dataclass
class BatchAssessment:
    """CDI over a batch: one entry per log.

    Attributes:
        flag: the log should have been recorded as a crime (only eligible logs can be flagged).
        offence: suggested offence code where flagged.
        reasons: the reviewer's reasons where flagged.
        distress, threats, threat_to_kill, hate: affirmed risk signals, for every log.
        assessed: how many logs went through the exact rules (the rest were ruled out in Rust).
    """

    flag: np.ndarray
    offence: list[str | None]
    reasons: list[str | None]
    distress: np.ndarray
    threats: np.ndarray
    threat_to_kill: np.ndarray
    hate: np.ndarray
    assessed: int = 0


# (row, eligible, narrative, concepts or None for all, typos, prior incidents, has suspect, hours,
#  (matches, log context) found by Polars, or None)
BatchJob = tuple[
    int,
    bool,
    str,
    tuple[str, ...] | None,
    bool,
    Sequence[str],
    bool,
    float | None,
    tuple[list[Span], LogContext] | None,
]
# (row, hate, distress, threats, threat to kill, flag, offence, reason)
BatchOut = tuple[int, bool, bool, bool, bool, bool, str | None, str | None]


def _affirmed_concepts(narrative: str, rules: CdiRules, concepts: tuple[str, ...], typos: bool) -> set[str]:
    """Which of ``concepts`` have at least one affirmed cue (what the risk signals need).

    Stops looking for a concept at its first affirmed cue, and builds no Cue objects.
    """
    lower = narrative.lower()
    found: set[str] = set()
    pos = 0
    for m in [*SENTENCE_END.finditer(lower), None]:
        end = m.start(1) if m is not None else len(lower)
        if end > pos:
            text = _correct_typos(lower[pos:end])[0] if typos else lower[pos:end]
            clauses = _Clauses(text)
            for concept in concepts:
                if concept in found:
                    continue
                for cue in _COMPILED[concept].finditer(text):
                    if _status(clauses, concept, *cue.span(), rules.scope_words) == "affirmed":
                        found.add(concept)
                        break
            if len(found) == len(concepts):
                break
        if m is not None:
            pos = m.end()
    return found


def _run_jobs(jobs: Sequence[BatchJob], rules: CdiRules) -> list[BatchOut]:
    out: list[BatchOut] = []
    for i, eligible, text, concepts, typos, prior, has_suspect, hours, found in jobs:
        cues = None
        context = None
        if found is not None:
            spans, context = found
            extra = tuple(c for c in concepts or () if c not in _SPAN_CONCEPTS)
            cues = _cues_from_spans(text, spans, extra, rules.scope_words, context)
        if not eligible:
            if cues is not None:
                aff = {c.concept for c in cues if c.status == "affirmed"}
            else:
                aff = _affirmed_concepts(text, rules, concepts or SIGNAL_CONCEPTS, typos)
            kill = "threat_kill" in aff
            hate = "hate_rr" in aff or "hate_other" in aff
            out.append((i, hate, "distress" in aff, kill or "threat" in aff, kill, False, None, None))
            continue
        res = _assess(text, prior, has_suspect, hours, rules, concepts, typos, cues, context)
        reason = None
        if res.should_record:
            linked = f" (linked: {', '.join(res.linked_incidents[-3:])})" if res.linked_incidents else ""
            reason = "CDI: " + "; ".join(res.reasons) + linked
        kill = bool(res.affirmed("threat_kill"))
        out.append(
            (
                i,
                res.hate is not None,
                bool(res.affirmed("distress")),
                kill or bool(res.affirmed("threat")),
                kill,
                res.should_record,
                res.offence if res.should_record else None,
                reason,
            )
        )
    return out


_POOL_JOBS: Sequence[BatchJob] = ()


def _run_share(k: int, workers: int, rules: CdiRules) -> list[BatchOut]:
    # Forked workers read the jobs inherited from the parent: nothing large is pickled to them.
    return _run_jobs(_POOL_JOBS[k::workers], rules)


def _run_parallel(jobs: Sequence[BatchJob], rules: CdiRules, workers: int) -> list[BatchOut]:
    """The exact rules over many logs; in ``workers`` forked processes when there are enough."""
    global _POOL_JOBS
    if workers <= 1 or len(jobs) < 20_000:
        return _run_jobs(jobs, rules)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _POOL_JOBS = jobs
    try:
        # Interleaved shares balance long and short logs.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_run_share, range(workers), [workers] * workers, [rules] * workers))
    finally:
        _POOL_JOBS = ()
    return [x for part in parts for x in part]


def assess_batch(
    narratives: pl.Series,
    eligible: np.ndarray,
    priors: Sequence[Sequence[str]],
    has_suspect: np.ndarray,
    hours: Sequence[float | None],
    rules: CdiRules = DEFAULT_RULES,
    workers: int = 1,
) -> BatchAssessment:
    """CDI flags for the eligible logs and risk signals for every log, as :func:`assess` decides.

    Method: a vectorised pass (Polars' Rust regex engine) finds which cue families can occur in each
    log; only logs that hold one go through the exact rules, and each only looks for the families
    found. Eligible logs need an offence-bearing family (:data:`OFFENCE_CONCEPTS`); the others need
    a risk-signal family (:data:`SIGNAL_CONCEPTS`) and are read for those alone. A Rust pattern
    matches wherever its Python pattern can (same pattern, lookarounds dropped, on printable ASCII
    where both engines' classes agree), so no log the exact rules would flag is ruled out. Logs with
    a correctable misspelling or other characters go through the exact rules with every family.

    Args:
        narratives: log text, one per incident.
        eligible: ASB-closed with no crime recorded (only these can be flagged).
        priors: per log, earlier incidents by the same suspect against the same victim.
        has_suspect: per log, a suspect is named.
        hours: per log, hours from receipt to closure.
        rules: rule parameters.
        workers: processes for the exact rules.
    """
    n = len(narratives)
    lower = narratives.fill_null("").str.to_lowercase()
    exact = (~lower.str.contains(_NOT_PLAIN) & ~_typo_rows(lower)).to_numpy()
    eligible = np.asarray(eligible, dtype=bool)
    bits = np.zeros(n, dtype=np.int64)
    bits[:] = _bits(_presence(lower, SIGNAL_CONCEPTS))
    # Offence-only families are looked for in eligible logs only.
    elig_idx = np.flatnonzero(eligible & exact)
    offence_only = [c for c in OFFENCE_CONCEPTS if c not in SIGNAL_CONCEPTS]
    sub = lower.gather(elig_idx)
    bits[elig_idx] |= _bits(_presence(sub, offence_only))
    offence_mask = sum(1 << _ALL_CONCEPTS.index(c) for c in OFFENCE_CONCEPTS)
    full_idx = elig_idx[(bits[elig_idx] & offence_mask) != 0]
    # The families that qualify or rule out an offence, for the eligible logs that hold one.
    rest = [c for c in _ALL_CONCEPTS if c not in OFFENCE_CONCEPTS]
    bits[full_idx] |= _bits(_presence(lower.gather(full_idx), rest))
    signal_idx = np.flatnonzero(~eligible & exact & (bits != 0))
    fallback_idx = np.flatnonzero(~exact)
    # Where each cue is, and which triggers the whole log holds, from Polars too.
    read = np.concatenate([full_idx, signal_idx])
    spans = _spans(lower, read, bits)
    context = pl.DataFrame({"t": lower.gather(read)}).select(
        pl.col("t").str.contains(_rust_pattern(p)).alias(str(k)) for k, p in enumerate(_CONTEXT_SOURCES)
    )
    contexts = dict(zip(read.tolist(), context.iter_rows(), strict=True))
    texts = narratives.fill_null("").to_list()
    hs = np.asarray(has_suspect, dtype=bool)
    jobs: list[BatchJob] = []
    for i in sorted([*full_idx.tolist(), *signal_idx.tolist(), *fallback_idx.tolist()]):
        if exact[i]:
            concepts: tuple[str, ...] | None = _concepts_of(int(bits[i]))
        else:
            concepts = None if eligible[i] else SIGNAL_CONCEPTS
        job = (i, bool(eligible[i]), texts[i], concepts, not exact[i], priors[i], bool(hs[i]), hours[i])
        jobs.append((*job, (spans[i], contexts[i]) if i in contexts else None))
    out = BatchAssessment(
        flag=np.zeros(n, dtype=bool),
        offence=[None] * n,
        reasons=[None] * n,
        distress=np.zeros(n, dtype=bool),
        threats=np.zeros(n, dtype=bool),
        threat_to_kill=np.zeros(n, dtype=bool),
        hate=np.zeros(n, dtype=bool),
        assessed=len(jobs),
    )
    for i, hate, distress, threats, kill, flag, offence, reason in _run_parallel(jobs, rules, workers):
        out.hate[i], out.distress[i], out.threats[i], out.threat_to_kill[i] = hate, distress, threats, kill
        if flag:
            out.flag[i], out.offence[i], out.reasons[i] = True, offence, reason
    return out


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
