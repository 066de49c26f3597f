"""What a call record says about a person, as opposed to who they are (vectorised over records).

`records` writes the name, phone, date of birth, address and postcode of many (person, time) records
at once, applying the variations of real command-and-control records with the rates in `config`
(formats, nicknames, spelling variants, typing errors, case, missing fields, old addresses after a
move, married names). Each decision is a NumPy draw for all records; strings are assembled with
Polars expressions; only typing errors (a few per cent of records) are applied in a Python loop.
It also returns the tags of the variations applied, which the truth file keeps so that a linkage
evaluation can break its misses down by cause.
"""

from __future__ import annotations

import random

import numpy as np
import polars as pl
from numpy.typing import NDArray

from saferplaces.analytics.synthetic import config as C
from saferplaces.analytics.synthetic import namecodes as K
from saferplaces.analytics.synthetic.people import TITLES, People
from saferplaces.analytics.synthetic.phones import Numbers, format_phones
from saferplaces.analytics.synthetic.places import Places
from saferplaces.analytics.synthetic.sampling import Mix, categorical, choice, uniform_index

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
KEY_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[j] for j in (_c - 1, _c + 1) if 0 <= j < len(_row)]
        for _rr in (_r - 1, _r + 1):
            if 0 <= _rr < len(_ROWS):
                near += [_ROWS[_rr][j] for j in (_c - 1, _c) if 0 <= j < len(_ROWS[_rr])]
        KEY_NEIGHBOURS[_ch] = "".join(near)

NAME_FORMATS = categorical(C.NAME_FORMATS)
_TYPO_KINDS = Mix([k for k, _ in C.TYPO_KINDS], [w for _, w in C.TYPO_KINDS])
POSTCODE_FORMATS = categorical(C.POSTCODE_FORMATS)
DEFAULT_STYLES = ("07700 900123", "0113 496 0123")

# Tags in the order they are written to truth.caller_variations.
TAG_ORDER = (
    "upper", "lower", "name_missing", "known_as", "nickname", "old_surname", "married_name",
    "singh_kaur_surname", "spelling", "punctuation", "ascii_fold", "typo",
    *(k for k, _ in C.NAME_FORMATS if k not in ("full", "missing")),
    "phone_missing", "landline", "phone_format", "phone_typo",
    "dob_missing", "dob_swap", "dob_year", "dob_day", "dob_uk_format",
    "moved", "old_address", "address_missing",
    "street_abbrev", "letter_dropped", "number_typo", "number_missing", "flat_omitted", "flat_slash", "town",
    "postcode_missing", *(f"postcode_{k}" for k, _ in C.POSTCODE_FORMATS if k != "standard"),
)  # fmt: skip

Flags = dict[str, NDArray[np.bool_]]


def _match_case(new: str, like: str) -> str:
    return new.upper() if like.isupper() else new


def typo(word: str, rng: random.Random) -> str:
    """One typing error: substitute a neighbouring key, delete, insert or transpose a letter.

    The first letter is kept 85% of the time (people rarely mistype it); words under 3 letters are
    left alone.
    """
    if len(word) < 3:
        return word
    i = 1 + int(rng.random() * (len(word) - 1)) if rng.random() < 0.85 else 0
    kind = _TYPO_KINDS.draw(rng)
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


POSTCODE_STYLES = tuple(k for k, _ in C.POSTCODE_FORMATS)
PHONE_STYLES = tuple(k for k, _ in C.MOBILE_FORMATS) + tuple(k for k, _ in C.LANDLINE_FORMATS)
_PHONE_STYLE_SERIES = pl.Series("style", PHONE_STYLES, dtype=pl.String)
_DEFAULT_STYLE_CODES = [PHONE_STYLES.index(x) for x in DEFAULT_STYLES]


def postcodes(
    outward: pl.Series, inward: pl.Series, style: NDArray[np.int64], rng: np.random.Generator
) -> pl.Series:
    """Postcodes as typed, by style code (index into config.POSTCODE_FORMATS): ``LS9 8AB``,
    ``LS98AB``, ``ls9 8ab``, ``LS9  8AB``, or ``typo`` (one of the inward code's two letters replaced
    by another inward letter)."""
    bad = np.flatnonzero(style == POSTCODE_STYLES.index("typo"))
    if bad.size:
        k = 1 + (rng.random(bad.size) < 0.5).astype(np.int64)
        r = uniform_index(rng.random(bad.size), np.full(bad.size, len(C.INWARD_LETTERS) - 1))
        fixed = []
        for code, kk, rr in zip(inward.gather(bad).to_list(), k.tolist(), r.tolist(), strict=True):
            others = C.INWARD_LETTERS.replace(code[kk], "")
            fixed.append(code[:kk] + others[rr] + code[kk + 1 :])
        inward = inward.clone().scatter(bad, fixed)
    df = pl.DataFrame({"o": outward, "i": inward, "s": style})
    code = POSTCODE_STYLES.index
    return df.select(
        pl.when(pl.col("s") == code("no_space"))
        .then(pl.concat_str(["o", "i"]))
        .when(pl.col("s") == code("lower"))
        .then(pl.concat_str(["o", "i"], separator=" ").str.to_lowercase())
        .when(pl.col("s") == code("spaced"))
        .then(pl.concat_str(["o", "i"], separator="  "))
        .otherwise(pl.concat_str(["o", "i"], separator=" "))
        .alias("postcode")
    ).to_series()


def addresses(
    places: Places,
    loc: NDArray[np.int64],
    upper: NDArray[np.bool_],
    town_ok: bool,
    rng: np.random.Generator,
    flags: Flags | None = None,
) -> pl.Series:
    """Dwellings' first lines as typed (flat forms, abbreviations, number typos, town, case).

    Variation flags (``street_abbrev``, ``letter_dropped``, ...) are stored in ``flags`` if given.
    """
    a = places.arrays
    assert a is not None
    n = len(loc)
    abbrev = rng.random(n) < C.P_STREET_ABBREVIATED
    letter = a.letter.gather(loc)
    has_letter = (letter != "").to_numpy()
    dropped = has_letter & (rng.random(n) < C.P_LETTER_DROPPED)
    number_typo = rng.random(n) < C.P_HOUSE_NUMBER_TYPO
    missing = rng.random(n) < C.P_NUMBER_MISSING
    flat = a.flat[loc]
    u_flat = rng.random(n)
    is_flat = (flat > 0) & ~missing
    omitted = is_flat & (u_flat < C.P_FLAT_OMITTED)
    slash = is_flat & ~omitted & (u_flat < C.P_FLAT_OMITTED + C.P_FLAT_SLASH)
    town = town_ok & (rng.random(n) < C.P_TOWN_APPENDED)
    df = pl.DataFrame(
        {
            "street": places.street_names(loc, abbrev),
            "number": a.number[loc],
            "letter": letter,
            "dropped": dropped,
            "typo": number_typo,
            "missing": missing,
            "flat": flat,
            "form": np.where(omitted, 1, np.where(slash, 2, 0)),
            "town": places.post_towns(loc),
            "add_town": town,
            "upper": upper,
        }
    )
    # Built in stages (with_columns) so that each intermediate string is computed once.
    df = df.with_columns(
        written=pl.concat_str(
            [
                pl.col("number").cast(pl.String),
                pl.when(pl.col("dropped")).then(pl.lit("")).otherwise(pl.col("letter")),
            ]
        )
    )
    # A mistyped number is the characters reversed (12a -> a21), or the number + 2 when that changes nothing.
    written = pl.col("written")
    reversible = (written.str.len_chars() > 1) & (written.str.slice(0, 1) != written.str.slice(-1))
    df = df.with_columns(
        written=pl.when(pl.col("typo"))
        .then(
            pl.when(reversible).then(written.str.reverse()).otherwise((pl.col("number") + 2).cast(pl.String))
        )
        .otherwise(written)
    )
    df = df.with_columns(line=pl.concat_str([pl.col("written"), pl.col("street")], separator=" "))
    line = pl.col("line")
    df = df.with_columns(
        text=pl.when(pl.col("missing"))
        .then(pl.col("street"))
        .when((pl.col("flat") > 0) & (pl.col("form") == 0))
        .then(pl.concat_str([pl.lit("Flat "), pl.col("flat").cast(pl.String), pl.lit(", "), line]))
        .when((pl.col("flat") > 0) & (pl.col("form") == 2))
        .then(pl.concat_str([pl.col("flat").cast(pl.String), pl.lit("/"), line]))
        .otherwise(line)
    )
    text = pl.col("text")
    df = df.with_columns(
        text=pl.when(pl.col("add_town"))
        .then(pl.concat_str([text, pl.col("town")], separator=", "))
        .otherwise(text)
    )
    text = pl.when(pl.col("upper")).then(text.str.to_uppercase()).otherwise(text)
    if flags is not None:
        flags.update(
            street_abbrev=abbrev,
            letter_dropped=dropped,
            number_typo=number_typo,
            number_missing=missing,
            flat_omitted=omitted,
            flat_slash=slash,
            town=town,
        )
    return df.select(text.alias("address")).to_series()


def _mistype(
    values: pl.Series, rows: NDArray[np.int64], edit: list[list[bool]], prng: random.Random
) -> pl.Series:
    """Apply `typo` to ``values[rows[i]]`` once per True in ``edit[i]`` (a Python loop over few rows)."""
    if not rows.size:
        return values
    words = values.gather(rows).to_list()
    for i, edits in enumerate(edit):
        for e in edits:
            if e:
                words[i] = typo(words[i], prng)
    return values.clone().scatter(rows, words)


def _names(
    people: People, pid: NDArray[np.int64], t: NDArray[np.float64], upper: NDArray[np.bool_],
    lower: NDArray[np.bool_], rng: np.random.Generator, prng: random.Random, flags: Flags,
) -> pl.Series:  # fmt: skip
    n = len(pid)
    fmt = NAME_FORMATS.index(rng.random(n))
    fmt_code = {k: i for i, (k, _) in enumerate(C.NAME_FORMATS)}
    missing = fmt == fmt_code["missing"]
    first = people.first[pid].copy()
    middle = people.middle[pid].copy()
    known_as = people.known_as[pid]
    form = categorical(C.P_MOHAMMED_FORMS).draw(rng.random(n))
    goes_known = (known_as > 0) & (form == "known_as")
    first = np.where(goes_known, known_as, first)
    used = first.copy()
    middle = np.where(((known_as > 0) & (form == "mohammed")) | goes_known, 0, middle)
    goes_by = people.goes_by[pid]
    habitual = (goes_by > 0) & (rng.random(n) < C.P_NICKNAME_HABITUAL)
    occasional = ~habitual & (K.NICK_COUNT[used] > 0) & (rng.random(n) < C.P_NICKNAME_OCCASIONAL)
    nick = K.option(K.NICK_START, K.NICK_COUNT, K.NICK_FLAT, used, rng.random(n))
    first = np.where(habitual, goes_by, np.where(occasional, nick, first))
    changed = t >= people.name_change_at[pid]
    old = changed & (rng.random(n) < C.P_OLD_SURNAME_AFTER_CHANGE)
    surname = np.where(changed & ~old, people.new_surname[pid], people.surname[pid])
    singh = ((middle == K.SINGH) | (middle == K.KAUR)) & (rng.random(n) < C.P_SINGH_KAUR_AS_SURNAME)
    surname = np.where(singh, middle, surname)
    middle = np.where(singh, 0, middle)
    spell_first = (K.SPELL_COUNT[first] > 0) & (rng.random(n) < C.P_SPELLING_VARIANT)
    first = np.where(
        spell_first, K.option(K.SPELL_START, K.SPELL_COUNT, K.SPELL_FLAT, first, rng.random(n)), first
    )
    spell_surname = (K.SPELL_COUNT[surname] > 0) & (rng.random(n) < C.P_SPELLING_VARIANT)
    surname = np.where(
        spell_surname, K.option(K.SPELL_START, K.SPELL_COUNT, K.SPELL_FLAT, surname, rng.random(n)), surname
    )
    punct = K.HAS_PUNCT[surname] & (rng.random(n) < C.P_PUNCT_VARIANT)
    joined = rng.random(n) < 0.5
    surname = np.where(punct, np.where(joined, K.PUNCT_JOINED[surname], K.PUNCT_SPACED[surname]), surname)
    fold = (K.NON_ASCII[first] | K.NON_ASCII[surname] | K.NON_ASCII[middle]) & (
        rng.random(n) < C.P_ASCII_FOLD
    )
    first = np.where(fold, K.FOLDED[first], first)
    surname = np.where(fold, K.FOLDED[surname], surname)
    middle = np.where(fold, K.FOLDED[middle], middle)
    # Typing errors: one edit (two in P_NAME_TYPO_TWO of records) in the first name or the surname.
    mistyped = ~missing & (rng.random(n) < C.P_NAME_TYPO)
    rows = np.flatnonzero(mistyped)
    two = rng.random(rows.size) < C.P_NAME_TYPO_TWO / C.P_NAME_TYPO
    f = fmt[rows]
    first_only = f == fmt_code["first_only"]
    surname_forms = (f == fmt_code["title_surname"]) | (f == fmt_code["surname_only"])
    on_first = [first_only | (~surname_forms & (rng.random(rows.size) < 0.45)) for _ in range(2)]
    on_first[1] &= two
    first_s = _mistype(K.strings(first), rows, np.stack(on_first, axis=1).tolist(), prng)
    on_surname = [~on_first[0], ~on_first[1] & two]
    surname_s = _mistype(K.strings(surname), rows, np.stack(on_surname, axis=1).tolist(), prng)
    named = ~missing
    flags.update(
        name_missing=missing,
        known_as=named & goes_known,
        nickname=named & (habitual | occasional),
        old_surname=named & old,
        married_name=named & changed & ~old,
        singh_kaur_surname=named & singh,
        spelling=named & (spell_first | spell_surname),
        punctuation=named & punct,
        ascii_fold=named & fold,
        typo=mistyped,
    )
    for key, _ in C.NAME_FORMATS:
        if key not in ("full", "missing"):
            flags[key] = fmt == fmt_code[key]
    df = pl.DataFrame(
        {
            "fmt": fmt,
            "first": first_s,
            "middle": K.strings(middle),
            "surname": surname_s,
            "title": pl.Series(TITLES.tolist(), dtype=pl.String).gather(people.title[pid]),
            "upper": upper,
            "lower": lower,
        }
    )
    fn, sn = pl.col("first"), pl.col("surname")
    is_ = lambda key: pl.col("fmt") == fmt_code[key]  # noqa: E731
    named_as = (
        pl.when(is_("missing"))
        .then(pl.lit(""))
        .when(is_("full") | (is_("with_middle") & (pl.col("middle") == "")))
        .then(pl.concat_str([fn, sn], separator=" "))
        .when(is_("with_middle"))
        .then(pl.concat_str([fn, pl.col("middle"), sn], separator=" "))
        .when(is_("last_comma_first"))
        .then(pl.concat_str([sn, fn], separator=", "))
        .when(is_("swapped"))
        .then(pl.concat_str([sn, fn], separator=" "))
        .when(is_("title_surname"))
        .then(pl.concat_str([pl.col("title"), sn], separator=" "))
        .when(is_("initial_surname"))
        .then(pl.concat_str([fn.str.slice(0, 1), sn], separator=" "))
        .when(is_("first_only"))
        .then(fn)
        .otherwise(sn.str.to_uppercase())
    )
    name = pl.col("name")
    name = (
        pl.when(pl.col("upper"))
        .then(name.str.to_uppercase())
        .when(pl.col("lower"))
        .then(name.str.to_lowercase())
        .otherwise(name)
    )
    return df.with_columns(name=named_as).select(name.alias("name")).to_series()


def _phones(
    people: People, numbers: Numbers, pid: NDArray[np.int64], p_missing: NDArray[np.float64],
    rng: np.random.Generator, prng: random.Random, flags: Flags,
) -> pl.Series:  # fmt: skip
    n = len(pid)
    hh = people.household[pid]
    has_mobile = numbers.has_mobile[pid]
    has_line = numbers.has_landline[hh]
    missing = (rng.random(n) < p_missing) | (~has_mobile & ~has_line)
    use_mobile = has_mobile & (~has_line | (rng.random(n) < C.P_MOBILE_WHEN_BOTH))
    mobile_format = use_mobile | numbers.landline_mobile_format[hh]
    u = rng.random(n)
    n_mobile_styles = len(C.MOBILE_FORMATS)
    style = np.where(
        mobile_format,
        categorical(C.MOBILE_FORMATS).index(u),
        n_mobile_styles + categorical(C.LANDLINE_FORMATS).index(u),
    )
    df = pl.DataFrame(
        {
            "use_mobile": use_mobile,
            "ma": numbers.mobile_area.gather(pid),
            "ml": numbers.mobile_local.gather(pid),
            "la": numbers.landline_area.gather(hh),
            "ll": numbers.landline_local.gather(hh),
            "s": _PHONE_STYLE_SERIES.gather(style),
        }
    )
    df = df.with_columns(
        a=pl.when(pl.col("use_mobile")).then(pl.col("ma")).otherwise(pl.col("la")),
        l=pl.when(pl.col("use_mobile")).then(pl.col("ml")).otherwise(pl.col("ll")),
    )
    text = format_phones(df.select("a", "l", "s"))
    typo_ = ~missing & (rng.random(n) < C.P_PHONE_TYPO)
    # Only the last three digits (every style ends in them): a mistyped drama number stays in its range.
    rows = np.flatnonzero(typo_)
    if rows.size:
        values = text.gather(rows).to_list()
        for j, s in enumerate(values):
            k = len(s) - 1 - int(prng.random() * 3)
            values[j] = s[:k] + str((int(s[k]) + 1 + int(prng.random() * 9)) % 10) + s[k + 1 :]
        text = text.scatter(rows, values)
    flags.update(
        phone_missing=missing,
        landline=~missing & ~use_mobile,
        phone_format=~missing & ~np.isin(style, _DEFAULT_STYLE_CODES),
        phone_typo=typo_,
    )
    return pl.select(pl.when(pl.Series(missing)).then(pl.lit("")).otherwise(text).alias("phone")).to_series()


def _dobs(
    people: People, pid: NDArray[np.int64], p_recorded: NDArray[np.float64], latest_birth_year: int,
    rng: np.random.Generator, flags: Flags,
) -> pl.Series:  # fmt: skip
    n = len(pid)
    missing = rng.random(n) >= p_recorded
    dob = people.dob[pid]
    y = dob.astype("datetime64[Y]").astype(np.int64) + 1970
    m = (dob.astype("datetime64[M]").astype(np.int64) % 12) + 1
    d = (dob - dob.astype("datetime64[M]")).astype(np.int64) + 1
    err = categorical(C.DOB_ERRORS).draw(rng.random(n))
    swap = ~missing & (err == "day_month_swap") & (d <= 12) & (d != m)
    m, d = np.where(swap, d, m), np.where(swap, m, d)
    year_typo = ~missing & (err == "year_typo")
    swapped = (y // 100) * 100 + (y % 10) * 10 + (y // 10) % 10
    # Swapping the last two digits can give a future year (2006 -> 2060): then use +-1.
    use_swapped = (swapped != y) & (swapped <= latest_birth_year) & (rng.random(n) < 0.5)
    step = np.where(y < latest_birth_year, np.where(rng.random(n) < 0.5, -1, 1), -1)
    y = np.where(year_typo, np.where(use_swapped, swapped, y + step), y)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    d = np.where((m == 2) & (d == 29) & ~leap, 28, d)
    day_off = ~missing & (err == "day_off")
    shift = np.where(day_off, np.where(rng.random(n) < 0.5, -1, 1), 0)
    uk = ~missing & (rng.random(n) < C.P_DOB_UK_FORMAT)
    flags.update(dob_missing=missing, dob_swap=swap, dob_year=year_typo, dob_day=day_off, dob_uk_format=uk)
    df = pl.DataFrame({"y": y, "m": m, "d": d, "shift": shift, "uk": uk, "missing": missing})
    date = pl.date("y", "m", "d") + pl.duration(days=pl.col("shift"))
    text = (
        pl.when(pl.col("missing"))
        .then(pl.lit(""))
        .when(pl.col("uk"))
        .then(date.dt.strftime("%d/%m/%Y"))
        .otherwise(date.dt.strftime("%Y-%m-%d"))
    )
    return df.select(text.alias("dob")).to_series()


def records(
    people: People,
    places: Places,
    numbers: Numbers,
    pid: NDArray[np.int64],
    t: NDArray[np.float64],
    caller: NDArray[np.bool_],
    rng: np.random.Generator,
    prng: random.Random,
) -> pl.DataFrame:
    """(name, phone, dob, address, postcode, tags) of person ``pid[i]`` on a call at time ``t[i]``.

    Args:
        caller: the record is the caller's (else a victim's or suspect's, whose details are sparser).
        rng: every vectorised decision.
        prng: the per-record loops (typing errors).

    Returns:
        One row per record; ``tags`` lists the variations applied, ``;``-separated, in `TAG_ORDER`.
    """
    n = len(pid)
    flags: Flags = {}
    u = rng.random(n)
    upper = u < C.P_UPPER
    lower = ~upper & (u < C.P_UPPER + C.P_LOWER)
    flags.update(upper=upper, lower=lower)
    name = _names(people, pid, t, upper, lower, rng, prng, flags)
    phone = _phones(
        people, numbers, pid, np.where(caller, C.P_PHONE_MISSING, 1.0 - C.P_OTHER_PHONE), rng, prng, flags
    )
    latest = int(people.dob.max().astype("datetime64[Y]").astype(np.int64) + 1970) if len(people) else 2000
    dob = _dobs(people, pid, np.where(caller, C.P_DOB_RECORDED, C.P_OTHER_DOB), latest, rng, flags)
    hh = people.household[pid]
    moved = t >= people.hh_move_at[hh]
    old = moved & (rng.random(n) < C.P_OLD_ADDRESS_AFTER_MOVE)
    loc = np.where(moved & ~old, people.hh_new_dwelling[hh], people.hh_dwelling[hh])
    missing = rng.random(n) >= np.where(caller, C.P_ADDRESS_RECORDED, C.P_OTHER_ADDRESS)
    address_flags: Flags = {}
    address = addresses(places, loc, upper, True, rng, address_flags)
    pc_missing = ~missing & (rng.random(n) >= C.P_POSTCODE_RECORDED)
    a = places.arrays
    assert a is not None
    style = POSTCODE_FORMATS.index(rng.random(n))
    postcode = postcodes(a.outward.gather(loc), a.inward.gather(loc), style, rng)
    flags.update(moved=moved, old_address=old, address_missing=missing)
    flags.update({k: v & ~missing for k, v in address_flags.items()})
    flags["postcode_missing"] = pc_missing
    for key in POSTCODE_STYLES:
        if key != "standard":
            flags[f"postcode_{key}"] = ~missing & ~pc_missing & (style == POSTCODE_STYLES.index(key))
    df = pl.DataFrame(
        {
            "name": name,
            "phone": phone,
            "dob": dob,
            "address": address,
            "postcode": postcode,
            "missing": missing,
            "pc_missing": pc_missing,
            **{f"tag_{k}": flags[k] for k in TAG_ORDER},
        }
    )
    tags = pl.concat_str(
        [pl.when(pl.col(f"tag_{k}")).then(pl.lit(k)) for k in TAG_ORDER], separator=";", ignore_nulls=True
    )
    return df.select(
        "name",
        "phone",
        "dob",
        pl.when(pl.col("missing")).then(pl.lit("")).otherwise(pl.col("address")).alias("address"),
        pl.when(pl.col("missing") | pl.col("pc_missing"))
        .then(pl.lit(""))
        .otherwise(pl.col("postcode"))
        .alias("postcode"),
        tags.alias("tags"),
    )
