"""Constants and helpers shared by the tracker's tests (fixtures are in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

CODE = "7KQ2-M9XD-4TRW"
REFERENCE = "13/246802/25"


class CountingHasher(MD5PasswordHasher):
    """A fast hasher for tests that also counts how many hashes were computed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).calls += 1
        return super().encode(password, salt)


@dataclass
class Tracked:
    crime: Any
    code: str


def staff_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
