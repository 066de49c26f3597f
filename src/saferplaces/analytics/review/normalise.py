"""Normalise caller identities and places as typed by call takers.

Every function here is a vectorised Polars expression builder or a frame transform, so that half a
million incidents normalise in a second or two. Phone numbers are normalised with regular expressions
rather than the ``phonenumbers`` library: the interchange format is UK-only, and parsing one number at
a time in Python costs about 30 µs, which is most of the batch time budget at 500k incidents.

Forms produced:
- names: lower-case ``title``, ``forename``, ``surname``, ``initial`` (first letter of the forename or
  of a lone initial), and ``forename_group``: the forename with its canonical forms from the
  ``nicknames`` dataset (``bill`` -> ``[bill, william]``), so that nicknames can match in SQL;
- phones: E.164 (``+447700900123``) and ``phone_kind`` ``mobile`` / ``landline`` / ``other``;
- postcodes: upper case with one space (``LS9 8AB``);
- addresses: lower-case, abbreviations expanded (``st`` -> ``street``), postcode removed, with the
  house number (``12a``), flat (``3``) and street (``acacia avenue``) split out;
- dates of birth: ``YYYY-MM-DD`` text (also from ``DD/MM/YYYY``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import polars as pl
from nicknames import NickNamer

TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "prof", "master", "mstr", "lady")
FEMALE_TITLES = ("mrs", "ms", "miss", "lady")
MALE_TITLES = ("mr", "sir", "master", "mstr")

# Street-type and other address abbreviations as call takers type them.
ADDRESS_ABBREVIATIONS = {
    "st": "street",
    "str": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cres": "crescent",
    "cresc": "crescent",
    "dr": "drive",
    "drv": "drive",
    "ct": "court",
    "crt": "court",
    "gr": "grove",
    "gro": "grove",
    "grv": "grove",
    "pl": "place",
    "tce": "terrace",
    "terr": "terrace",
    "cl": "close",
    "gdns": "gardens",
    "gdn": "garden",
    "sq": "square",
    "pk": "park",
    "wk": "walk",
    "hse": "house",
    "apt": "flat",
    "apartment": "flat",
    "mt": "mount",
    "mws": "mews",
    "vw": "view",
    "wy": "way",
    "bldgs": "buildings",
    "nr": "near",
    "o/s": "outside",
    "opp": "opposite",
}

POSTCODE_PATTERN = r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$"
POSTCODE_IN_TEXT = r"\b[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}\b"


@cache
def nickname_groups() -> dict[str, list[str]]:
    """Forename -> sorted list of the forename and its canonical forms (from ``nicknames``)."""
    namer = NickNamer()
    out: dict[str, list[str]] = {}
    names: set[str] = set(namer.canonical_lookup) | set(namer.nickname_lookup)
    for name in names:
        out[name] = sorted({name} | namer.canonicals_of(name))
    return out


def _clean_text(expr: pl.Expr) -> pl.Expr:
    return (
        expr.cast(pl.String)
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9'\-, /]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" ,")
    )


def name_columns(name: pl.Expr) -> list[pl.Expr]:
    """Split a free-text name into title, forename, surname and initial.

    Handles ``Mrs Smith``, ``J SMITH``, ``Smith, John``, ``Mr J. Smith`` and middle names (dropped).
    Returns expressions aliased ``title``, ``forename``, ``surname``, ``initial``. Regular
    expressions only (no list columns): list operations cost ten times more at this volume.
    """
    cleaned = _clean_text(name).str.replace_all(r"[.']", "")
    # "Smith, John" -> "John Smith"
    swapped = (
        cleaned.str.replace(r"^([^,]+),\s*(.+)$", "$2 $1")
        .str.replace_all(r"[,/]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    title_re = r"^(" + "|".join(TITLES) + r")\b\s*"
    title = swapped.str.extract(title_re, 1)
    rest = swapped.str.replace(title_re, "").str.strip_chars()
    surname = rest.str.extract(r"(\S+)$", 1)
    first = rest.str.extract(r"^(\S+)\s+\S", 1)
    forename = pl.when(first.str.len_chars() > 1).then(first).otherwise(None)
    initial = first.str.slice(0, 1)
    return [
        title.alias("title"),
        forename.alias("forename"),
        pl.when(surname.str.len_chars() > 1).then(surname).otherwise(None).alias("surname"),
        initial.alias("initial"),
    ]


@cache
def nickname_table() -> pl.DataFrame:
    """``forename`` -> ``forename_group`` as a frame, built once (joins beat a 3,000-entry replace)."""
    groups = nickname_groups()
    return pl.DataFrame(
        {"forename": list(groups), "forename_group": list(groups.values())},
        schema={"forename": pl.String, "forename_group": pl.List(pl.String)},
    )


def forename_group(forename: pl.Expr) -> pl.Expr:
    """The forename with its canonical forms, as a list (``bill`` -> ``[bill, william]``); null stays null.

    Expression form, for small frames; :func:`normalise_mentions` joins :func:`nickname_table`.
    """
    groups = nickname_groups()
    looked_up = forename.replace_strict(
        list(groups.keys()), list(groups.values()), default=None, return_dtype=pl.List(pl.String)
    )
    return pl.when(forename.is_null()).then(None).otherwise(looked_up.fill_null(pl.concat_list(forename)))


def sex_from_title(title: pl.Expr) -> pl.Expr:
    """``F`` / ``M`` from a title, else null."""
    return (
        pl.when(title.is_in(list(FEMALE_TITLES)))
        .then(pl.lit("F"))
        .when(title.is_in(list(MALE_TITLES)))
        .then(pl.lit("M"))
        .otherwise(None)
    )


def phone_e164(phone: pl.Expr) -> pl.Expr:
    """A UK phone number in E.164 form (``+447700900123``), or null when it is not a UK number."""
    digits = phone.cast(pl.String).str.replace_all(r"[^0-9+]", "").str.replace(r"^\+", "00")
    national = (
        pl.when(digits.str.starts_with("0044"))
        .then(pl.concat_str(pl.lit("0"), digits.str.slice(4)))
        .when(digits.str.starts_with("44") & (digits.str.len_chars() == 12))
        .then(pl.concat_str(pl.lit("0"), digits.str.slice(2)))
        .when(~digits.str.starts_with("0") & (digits.str.len_chars() == 10))
        .then(pl.concat_str(pl.lit("0"), digits))
        .otherwise(digits)
        .str.replace(r"^0+", "0")
    )
    ok = national.str.contains(r"^0[1-9][0-9]{8,9}$")
    return pl.when(ok).then(pl.concat_str(pl.lit("+44"), national.str.slice(1))).otherwise(None)


def phone_kind(e164: pl.Expr) -> pl.Expr:
    """``mobile`` (07xxx), ``landline`` (01/02/03) or ``other``; null for no number."""
    return (
        pl.when(e164.is_null())
        .then(None)
        .when(e164.str.starts_with("+447"))
        .then(pl.lit("mobile"))
        .when(e164.str.contains(r"^\+44[123]"))
        .then(pl.lit("landline"))
        .otherwise(pl.lit("other"))
    )


def postcode(pc: pl.Expr) -> pl.Expr:
    """UK postcode upper-cased with one space before the inward code (``ls98ab`` -> ``LS9 8AB``)."""
    compact = pc.cast(pl.String).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    return (
        pl.when(compact.str.contains(POSTCODE_PATTERN))
        .then(compact.str.replace(POSTCODE_PATTERN, "$1 $2"))
        .otherwise(None)
    )


def postcode_sector(pc: pl.Expr) -> pl.Expr:
    """Postcode sector (``LS9 8``) of a normalised postcode."""
    return pc.str.slice(0, pc.str.len_chars() - 2)


_STREET_TYPES = (
    r"[0-9]+[a-z]? ([a-z][a-z ]*?(?: street| road| avenue| lane| crescent| "
    r"drive| court| grove| place| terrace| close| gardens| square| park| walk| "
    r"way| mount| mews| view| rise| row| hill| green| parade| vale| fold| "
    r"croft| approach| gate| side| wood))\b"
)


def _address_expanded(address: pl.Expr) -> pl.Expr:
    """Lower-case address text, postcode removed, abbreviations expanded (``12a acacia avenue``)."""
    text = (
        address.cast(pl.String)
        .str.to_lowercase()
        .str.replace_all(POSTCODE_IN_TEXT, " ")
        .str.replace_all(r"\bo/s\b", " outside ")
        .str.replace_all(r"[^a-z0-9 ]", " ")
        # "12 a acacia" -> "12a acacia" (a lone letter after a number is part of the number)
        .str.replace_all(r"\b([0-9]+) ([a-h])\b", "${1}${2}")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    words = text.str.split(" ")
    expanded = words.list.eval(
        pl.element().replace(list(ADDRESS_ABBREVIATIONS), list(ADDRESS_ABBREVIATIONS.values()))
    ).list.join(" ")
    return pl.when(text == "").then(pl.lit("")).otherwise(expanded)


def _address_parts(expanded: pl.Expr) -> list[pl.Expr]:
    """Flat, house number and street of an expanded address (see :func:`address_columns`)."""
    flat = expanded.str.extract(r"\bflat ([0-9]+[a-z]?)\b", 1)
    without_flat = expanded.str.replace(r"\bflat [0-9]+[a-z]?\b", " ").str.strip_chars()
    # "3/12 acacia" was turned into "3 12 acacia": two leading numbers are flat then house.
    two_numbers = without_flat.str.extract(r"^([0-9]+[a-z]?) ([0-9]+[a-z]?)\b", 0)
    house = (
        pl.when(two_numbers.is_not_null() & flat.is_null())
        .then(without_flat.str.extract(r"^[0-9]+[a-z]? ([0-9]+[a-z]?)\b", 1))
        .otherwise(without_flat.str.extract(r"\b([0-9]+[a-z]?)\b", 1))
    )
    flat_final = (
        pl.when(two_numbers.is_not_null() & flat.is_null())
        .then(without_flat.str.extract(r"^([0-9]+[a-z]?) ", 1))
        .otherwise(flat)
    )
    street = without_flat.str.extract(_STREET_TYPES, 1)
    street_fallback = without_flat.str.extract(r"[0-9]+[a-z]? ([a-z]+(?: [a-z]+)?)", 1)
    return [
        pl.when(expanded == "").then(None).otherwise(expanded).alias("address_norm"),
        flat_final.alias("flat"),
        house.alias("house_number"),
        pl.coalesce(street, street_fallback).alias("street"),
    ]


def address_columns(address: pl.Expr) -> list[pl.Expr]:
    """Normalised address text, flat, house number and street.

    ``Flat 3, 12A Acacia Ave, Leeds LS9 8AB`` -> address ``flat 3 12a acacia avenue leeds``,
    flat ``3``, house number ``12a``, street ``acacia avenue``. ``12 A`` becomes ``12a``.
    Returns expressions aliased ``address_norm``, ``flat``, ``house_number``, ``street``.

    Each expression repeats the text clean-up; on a frame, :func:`address_frame` does it once and is
    about four times faster.
    """
    return _address_parts(_address_expanded(address))


def address_frame(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """``frame`` plus ``address_norm``, ``flat``, ``house_number`` and ``street`` from ``column``.

    The same result as ``frame.with_columns(*address_columns(pl.col(column)))``, with the clean-up
    and abbreviation expansion computed once rather than once per output column.
    """
    staged = frame.with_columns(_address_expanded(pl.col(column)).alias("_expanded"))
    return staged.with_columns(*_address_parts(pl.col("_expanded"))).drop("_expanded")


def dob(text: pl.Expr) -> pl.Expr:
    """Date of birth as ``YYYY-MM-DD`` text from ``YYYY-MM-DD`` or ``DD/MM/YYYY``; null otherwise."""
    t = text.cast(pl.String).str.strip_chars()
    iso = t.str.extract(r"^(\d{4}-\d{2}-\d{2})", 1)
    uk = t.str.replace(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", "$3-$2-$1")
    uk_padded = uk.str.replace(r"-(\d)-", "-0$1-").str.replace(r"-(\d)$", "-0$1")
    candidate = pl.coalesce(iso, pl.when(t.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$")).then(uk_padded))
    parsed = candidate.str.to_date("%Y-%m-%d", strict=False)
    return pl.when(parsed.is_not_null()).then(parsed.dt.strftime("%Y-%m-%d")).otherwise(None)


PERSON_FIELDS = ("name", "phone", "dob", "address", "postcode")


def _normalise_unique(
    frame: pl.DataFrame, column: str, exprs: list[pl.Expr] | Callable[[pl.DataFrame], pl.DataFrame]
) -> pl.DataFrame:
    """Normalise the distinct values of one column only, then join back.

    ``exprs`` is a list of expressions or a frame transform. Repeat callers are typed the same way
    again and again, so this halves the regex work.
    """

    def apply(f: pl.DataFrame) -> pl.DataFrame:
        return exprs(f) if callable(exprs) else f.with_columns(*exprs)

    if frame.height < 64:
        # A point-of-report lookup: deduplicating costs more than it saves.
        return apply(frame)
    uniq = frame.select(pl.col(column).unique()).filter(pl.col(column).is_not_null())
    return frame.join(apply(uniq), on=column, how="left", nulls_equal=False)


def normalise_mentions(mentions: pl.DataFrame) -> pl.DataFrame:
    """Normalise person mentions held in long form (columns ``name``, ``phone``, ``dob``, ``address``,
    ``postcode``; missing ones are treated as blank).

    Returns the input columns plus: title, forename, surname, initial, forename_group, sex, phone_e164
    (as ``phone_norm``), phone_kind, dob_norm, postcode_norm, postcode_sector, address_norm, flat,
    house_number, street.
    """
    frame = mentions.with_columns(
        pl.lit(None, dtype=pl.String).alias(f) for f in PERSON_FIELDS if f not in mentions.columns
    ).with_columns(pl.col(f).cast(pl.String) for f in PERSON_FIELDS)
    frame = _normalise_unique(frame, "name", name_columns(pl.col("name")))
    frame = _normalise_unique(frame, "phone", [phone_e164(pl.col("phone")).alias("phone_norm")])
    frame = _normalise_unique(frame, "dob", [dob(pl.col("dob")).alias("dob_norm")])
    frame = _normalise_unique(frame, "postcode", [postcode(pl.col("postcode")).alias("postcode_norm")])
    frame = _normalise_unique(frame, "address", lambda f: address_frame(f, "address"))
    frame = frame.join(nickname_table(), on="forename", how="left").with_columns(
        pl.when(pl.col("forename").is_null())
        .then(None)
        .otherwise(pl.col("forename_group").fill_null(pl.concat_list("forename")))
        .alias("forename_group")
    )
    return frame.with_columns(
        sex_from_title(pl.col("title")).alias("sex"),
        phone_kind(pl.col("phone_norm")).alias("phone_kind"),
        postcode_sector(pl.col("postcode_norm")).alias("postcode_sector"),
    )


def normalise_people(frame: pl.DataFrame | pl.LazyFrame, prefix: str) -> pl.LazyFrame:
    """Normalise one role's five person fields (``{prefix}_name`` ... ``{prefix}_postcode``).

    Missing columns are treated as blank. Returns the input columns plus the normalised ones
    (unprefixed): title, forename, surname, initial, forename_group, sex, phone, phone_kind, dob,
    postcode, postcode_sector, address_norm, flat, house_number, street.
    """
    df = frame.lazy().collect()
    long = df.select(
        pl.int_range(pl.len()).alias("_row"),
        *[
            (
                pl.col(f"{prefix}_{f}") if f"{prefix}_{f}" in df.columns else pl.lit(None, dtype=pl.String)
            ).alias(f)
            for f in PERSON_FIELDS
        ],
    )
    norm = normalise_mentions(long).sort("_row").drop("_row", *PERSON_FIELDS)
    norm = norm.rename({"phone_norm": "phone", "dob_norm": "dob", "postcode_norm": "postcode"})
    return pl.concat([df, norm], how="horizontal").lazy()
