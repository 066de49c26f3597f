"""Reference numbers for public submissions: random, unguessable, and free of personal data."""

from __future__ import annotations

import secrets

# Crockford's base-32 letters: no I, L, O or U, so a reference read out on the phone is not misheard.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 2
GROUP_LENGTH = 4


def new_reference(prefix: str) -> str:
    """``PREFIX-XXXX-XXXX``: 40 random bits from the operating system's generator (about 10^12 values).

    The caller stores it under a unique constraint and draws again in the rare case of a clash.
    """
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join((prefix, *groups))


def normalise_reference(text: str) -> str:
    """What a person typed, made comparable: upper case, no spaces, and after the prefix O read as 0
    and I or L as 1 (letters the alphabet leaves out)."""
    cleaned = "".join(text.split()).upper()
    prefix, dash, rest = cleaned.partition("-")
    if not dash:
        return cleaned
    return f"{prefix}-{rest.translate(str.maketrans('OIL', '011'))}"
