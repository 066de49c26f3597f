"""Victims' access codes: generated with ``secrets``, typed by a person, kept only as a hash.

A code is 12 symbols from Crockford's base-32 alphabet (digits and capitals without I, L, O and U),
shown as three groups of four, e.g. ``7KQ2-M9XD-4TRW``: 60 bits of entropy. When a person types it,
case, spaces and hyphens are ignored and the look-alikes O, I and L are read as 0, 1 and 1.
The hash is made with Django's password hashers (PBKDF2 by default, salted, upgraded on use).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.auth.hashers import check_password, make_password

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4
CODE_LENGTH = GROUPS * GROUP_LENGTH
ENTROPY_BITS = CODE_LENGTH * 5  # 32 symbols = 5 bits each

_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_code() -> str:
    """A new code, grouped for reading aloud or typing: ``XXXX-XXXX-XXXX``."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH))


def normalise_code(typed: str) -> str:
    """The canonical form of what a person typed (no separators, capitals, look-alikes mapped)."""
    cleaned = "".join(ch for ch in typed.upper() if not ch.isspace() and ch not in "-–—")
    return cleaned.translate(_LOOK_ALIKES)


def hash_code(code: str) -> str:
    """The stored form of a code: a salted hash from the configured password hasher."""
    return make_password(normalise_code(code))


def verify_code(typed: str, stored_hash: str, on_upgrade: Callable[[str], None] | None = None) -> bool:
    """Whether ``typed`` matches ``stored_hash``; always spends one hash computation.

    When there is no stored hash (no code issued) a throwaway hash is computed instead so that the
    time taken does not tell a caller anything. ``on_upgrade`` receives the raw code when the hasher's
    settings have changed and the stored hash should be replaced.
    """
    canonical = normalise_code(typed)
    if not stored_hash:
        make_password(canonical)
        return False
    return check_password(canonical, stored_hash, setter=on_upgrade)


def spend_hash_time(typed: str) -> None:
    """Do the same hashing work as a real check, for a reference that does not exist."""
    make_password(normalise_code(typed))
