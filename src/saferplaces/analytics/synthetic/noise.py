"""What a call record says about a person, as opposed to who they are.

`Recorder.record` writes one call's name, phone, date of birth, address and postcode for a true
person at a given time, applying the variations of real command-and-control records with the rates
in `config` (formats, nicknames, spelling variants, typing errors, case, missing fields, old
addresses after a move, married names). It returns the tags of the variations it applied, which the
truth file keeps so that a linkage evaluation can break its misses down by cause.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import names as N
from saferplaces.analytics.synthetic.people import People
from saferplaces.analytics.synthetic.phones import Phone, format_phone
from saferplaces.analytics.synthetic.places import Places
from saferplaces.analytics.synthetic.sampling import Mix, choice

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
KEY_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[j] for j in (_c - 1, _c + 1) if 0 <= j < len(_row)]
        for _rr in (_r - 1, _r + 1):
            if 0 <= _rr < len(_ROWS):
                near += [_ROWS[_rr][j] for j in (_c - 1, _c) if 0 <= j < len(_ROWS[_rr])]
        KEY_NEIGHBOURS[_ch] = "".join(near)

Record = tuple[str, str, str, str, str]


def _mix(mix: C.Mix) -> Mix[str]:
    return Mix([k for k, _ in mix], [w for _, w in mix])


NAME_FORMATS = _mix(C.NAME_FORMATS)
TYPO_KINDS = _mix(C.TYPO_KINDS)
MOBILE_FORMATS = _mix(C.MOBILE_FORMATS)
LANDLINE_FORMATS = _mix(C.LANDLINE_FORMATS)
DOB_ERRORS = _mix(C.DOB_ERRORS)
POSTCODE_FORMATS = _mix(C.POSTCODE_FORMATS)
MOHAMMED_FORMS = _mix(C.P_MOHAMMED_FORMS)


def _match_case(new: str, like: str) -> str:
    return new.upper() if like.isupper() else new


def typo(word: str, rng: random.Random) -> str:
    """One typing error: substitute a neighbouring key, delete, insert or transpose a letter.

    The first letter is kept 85% of the time (people rarely mistype it); words under 3 letters are
    left alone.
    """
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word)) if rng.random() < 0.85 else 0
    kind = TYPO_KINDS.draw(rng)
    ch = word[i]
    if kind == "substitute":
        near = KEY_NEIGHBOURS.get(ch.lower())
        if not near:
            return word
        return word[:i] + _match_case(choice(rng, near), ch) + word[i + 1 :]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "insert":
        near = KEY_NEIGHBOURS.get(ch.lower())
        extra = choice(rng, near) if near and rng.random() < 0.5 else ch.lower()
        return word[: i + 1] + _match_case(extra, ch) + word[i + 1 :]
    j = min(i, len(word) - 2)
    if word[j] == word[j + 1]:
        return word
    return word[:j] + word[j + 1] + word[j] + word[j + 2 :]


def postcode_text(outward: str, inward: str, style: str, rng: random.Random) -> str:
    """A postcode as typed: ``LS9 8AB``, ``LS98AB``, ``ls9 8ab``, ``LS9  8AB`` or with one wrong letter."""
    if style == "no_space":
        return outward + inward
    if style == "lower":
        return f"{outward} {inward}".lower()
    if style == "spaced":
        return f"{outward}  {inward}"
    if style == "typo":
        k = rng.randrange(1, 3)
        letter = choice(rng, C.INWARD_LETTERS.replace(inward[k], ""))
        return f"{outward} {inward[:k]}{letter}{inward[k + 1 :]}"
    return f"{outward} {inward}"


class Recorder:
    """Writes the recorded person fields of one call.

    Args:
        people: the true people.
        places: the true places (for addresses and postcodes).
        mobiles: each person's mobile, or None.
        landlines: each household's landline, or None.
        prng: Python generator; the only source of randomness here.
    """

    def __init__(
        self,
        people: People,
        places: Places,
        mobiles: list[Phone | None],
        landlines: list[Phone | None],
        prng: random.Random,
    ) -> None:
        self.people = people
        self.places = places
        # No recorded date of birth may be after the youngest person's (a future date is a reject).
        self.latest_birth_year = max((d.year for d in people.dob), default=2000)
        self.mobiles = mobiles
        self.landlines = landlines
        self.p = prng

    # ---- name ---------------------------------------------------------------------------------

    def _given(self, pid: int, tags: list[str]) -> tuple[str, str]:
        """The given name used on this call and the middle name available to the format."""
        p = self.p
        ppl = self.people
        first, middle, known_as = ppl.first[pid], ppl.middle[pid], ppl.known_as[pid]
        used = first
        if known_as:
            form = MOHAMMED_FORMS.draw(p)
            if form == "known_as":
                first, middle, used = known_as, "", known_as
                tags.append("known_as")
            elif form == "mohammed":
                middle = ""
        goes_by = ppl.goes_by[pid]
        if goes_by and p.random() < C.P_NICKNAME_HABITUAL:
            first = goes_by
            tags.append("nickname")
        elif used in N.NICKNAMES and p.random() < C.P_NICKNAME_OCCASIONAL:
            first = choice(p, N.NICKNAMES[used])
            tags.append("nickname")
        return first, middle

    def _name(self, pid: int, t: float, tags: list[str], upper: bool, lower: bool) -> str:
        p = self.p
        ppl = self.people
        fmt = NAME_FORMATS.draw(p)
        if fmt == "missing":
            tags.append("name_missing")
            return ""
        first, middle = self._given(pid, tags)
        surname = ppl.surname_at(pid, t)
        if t >= ppl.name_change_at[pid]:
            if p.random() < C.P_OLD_SURNAME_AFTER_CHANGE:
                surname = ppl.surname[pid]
                tags.append("old_surname")
            else:
                tags.append("married_name")
        if middle in ("Singh", "Kaur") and p.random() < C.P_SINGH_KAUR_AS_SURNAME:
            surname, middle = middle, ""
            tags.append("singh_kaur_surname")
        if first in N.SPELLING_VARIANTS and p.random() < C.P_SPELLING_VARIANT:
            first = choice(p, N.SPELLING_VARIANTS[first])
            tags.append("spelling")
        if surname in N.SPELLING_VARIANTS and p.random() < C.P_SPELLING_VARIANT:
            surname = choice(p, N.SPELLING_VARIANTS[surname])
            tags.append("spelling")
        if (("'" in surname) or ("-" in surname)) and p.random() < C.P_PUNCT_VARIANT:
            sep = "'" if "'" in surname else "-"
            surname = surname.replace(sep, choice(p, ("", " ")))
            tags.append("punctuation")
        if not (first + surname + middle).isascii() and p.random() < C.P_ASCII_FOLD:
            first, surname, middle = (x.translate(N.ASCII_FOLD) for x in (first, surname, middle))
            tags.append("ascii_fold")
        if p.random() < C.P_NAME_TYPO:
            edits = 2 if p.random() < C.P_NAME_TYPO_TWO / C.P_NAME_TYPO else 1
            for _ in range(edits):
                if fmt in ("first_only",) or (
                    fmt not in ("title_surname", "surname_only") and p.random() < 0.45
                ):
                    first = typo(first, p)
                else:
                    surname = typo(surname, p)
            tags.append("typo")
        if fmt == "full" or (fmt == "with_middle" and not middle):
            name = f"{first} {surname}"
        elif fmt == "with_middle":
            name = f"{first} {middle} {surname}"
        elif fmt == "last_comma_first":
            name = f"{surname}, {first}"
        elif fmt == "swapped":
            name = f"{surname} {first}"
        elif fmt == "title_surname":
            name = f"{ppl.title[pid]} {surname}"
        elif fmt == "initial_surname":
            name = f"{first[0]} {surname}"
        elif fmt == "first_only":
            name = first
        else:
            name = surname.upper()
        if fmt not in ("full",):
            tags.append(fmt)
        if upper:
            name = name.upper()
        elif lower:
            name = name.lower()
        return name

    # ---- phone --------------------------------------------------------------------------------

    def _phone(self, pid: int, tags: list[str], p_missing: float) -> str:
        p = self.p
        mobile = self.mobiles[pid]
        landline = self.landlines[self.people.household[pid]]
        if p.random() < p_missing or (mobile is None and landline is None):
            tags.append("phone_missing")
            return ""
        use_mobile = mobile is not None and (landline is None or p.random() < C.P_MOBILE_WHEN_BOTH)
        phone = mobile if use_mobile else landline
        assert phone is not None
        style = MOBILE_FORMATS.draw(p) if use_mobile else LANDLINE_FORMATS.draw(p)
        if not use_mobile:
            tags.append("landline")
        text = format_phone(phone, style)
        if style not in ("07700 900123", "0113 496 0123"):
            tags.append("phone_format")
        if p.random() < C.P_PHONE_TYPO:
            # Only the last three digits: a mistyped number then stays inside its drama range.
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            if len(digits) > 6:
                k = choice(p, digits[-3:])
                text = text[:k] + str((int(text[k]) + p.randrange(1, 10)) % 10) + text[k + 1 :]
                tags.append("phone_typo")
        return text

    # ---- date of birth ------------------------------------------------------------------------

    def _dob(self, pid: int, tags: list[str], p_recorded: float) -> str:
        p = self.p
        if p.random() >= p_recorded:
            tags.append("dob_missing")
            return ""
        d = self.people.dob[pid]
        err = DOB_ERRORS.draw(p)
        if err == "day_month_swap" and d.day <= 12 and d.day != d.month:
            d = date(d.year, d.day, d.month)
            tags.append("dob_swap")
        elif err == "year_typo":
            y = d.year
            swapped = int(str(y)[:2] + str(y)[3] + str(y)[2])
            # Swapping the last two digits can give a future year (2006 -> 2060): then use +-1.
            if swapped != y and swapped <= self.latest_birth_year and p.random() < 0.5:
                y = swapped
            else:
                y += choice(p, (-1, 1)) if y < self.latest_birth_year else -1
            try:
                d = d.replace(year=y)
            except ValueError:  # 29 February in a non-leap year
                d = d.replace(year=y, day=28)
            tags.append("dob_year")
        elif err == "day_off":
            d = d + timedelta(days=choice(p, (-1, 1)))
            tags.append("dob_day")
        if p.random() < C.P_DOB_UK_FORMAT:
            tags.append("dob_uk_format")
            return d.strftime("%d/%m/%Y")
        return d.isoformat()

    # ---- address ------------------------------------------------------------------------------

    def address(self, loc: int, tags: list[str], upper: bool, town_ok: bool = True) -> str:
        """A dwelling's first line as typed (flat forms, abbreviations, typos, town)."""
        p = self.p
        places = self.places
        lc = places.loc
        street = lc.street[loc]
        street_name = places.streets.short[street] if p.random() < C.P_STREET_ABBREVIATED else None
        if street_name is not None:
            tags.append("street_abbrev")
        else:
            street_name = places.streets.name[street]
        number = str(lc.number[loc])
        letter = lc.letter[loc]
        if letter:
            if p.random() < C.P_LETTER_DROPPED:
                tags.append("letter_dropped")
            else:
                number += letter
        if p.random() < C.P_HOUSE_NUMBER_TYPO:
            number = (
                number[::-1] if len(number) > 1 and number[0] != number[-1] else str(int(lc.number[loc]) + 2)
            )
            tags.append("number_typo")
        flat = lc.flat[loc]
        if p.random() < C.P_NUMBER_MISSING:
            text = street_name
            tags.append("number_missing")
        elif flat:
            u = p.random()
            if u < C.P_FLAT_OMITTED:
                text = f"{number} {street_name}"
                tags.append("flat_omitted")
            elif u < C.P_FLAT_OMITTED + C.P_FLAT_SLASH:
                text = f"{flat}/{number} {street_name}"
                tags.append("flat_slash")
            else:
                text = f"Flat {flat}, {number} {street_name}"
        else:
            text = f"{number} {street_name}"
        if town_ok and p.random() < C.P_TOWN_APPENDED:
            text += f", {places.post_town(loc)}"
            tags.append("town")
        return text.upper() if upper else text

    def _postcode(self, loc: int, tags: list[str], upper: bool) -> str:
        p = self.p
        if p.random() >= C.P_POSTCODE_RECORDED:
            tags.append("postcode_missing")
            return ""
        outward, inward = self.places.postcode(loc)
        style = POSTCODE_FORMATS.draw(p)
        if style != "standard":
            tags.append(f"postcode_{style}")
        text = postcode_text(outward, inward, style, p)
        return text.upper() if upper and style != "lower" else text

    # ---- whole record -------------------------------------------------------------------------

    def record(self, pid: int, t: float, role: str, tags: list[str]) -> Record:
        """(name, phone, dob, address, postcode) of person ``pid`` on a call at time ``t``.

        ``role`` is ``caller``, ``victim`` or ``suspect``: victims' and suspects' details are sparser.
        Variation tags are appended to ``tags``.
        """
        p = self.p
        ppl = self.people
        u = p.random()
        upper, lower = u < C.P_UPPER, C.P_UPPER <= u < C.P_UPPER + C.P_LOWER
        if upper:
            tags.append("upper")
        elif lower:
            tags.append("lower")
        name = self._name(pid, t, tags, upper, lower)
        if role == "caller":
            phone = self._phone(pid, tags, C.P_PHONE_MISSING)
            dob = self._dob(pid, tags, C.P_DOB_RECORDED)
            p_address = C.P_ADDRESS_RECORDED
        else:
            phone = self._phone(pid, tags, 1.0 - C.P_OTHER_PHONE)
            dob = self._dob(pid, tags, C.P_OTHER_DOB)
            p_address = C.P_OTHER_ADDRESS
        hh = ppl.household[pid]
        loc = ppl.dwelling_at(hh, t)
        if t >= ppl.hh_move_at[hh]:
            tags.append("moved")
            if p.random() < C.P_OLD_ADDRESS_AFTER_MOVE:
                loc = ppl.hh_dwelling[hh]
                tags.append("old_address")
        if p.random() >= p_address:
            tags.append("address_missing")
            return name, phone, dob, "", ""
        address = self.address(loc, tags, upper)
        return name, phone, dob, address, self._postcode(loc, tags, upper)
