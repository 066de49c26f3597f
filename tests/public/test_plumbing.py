"""Shared protection for every page: security headers and per-address rate limits."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_response_carries_security_headers() -> None:
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_sign_in_is_refused_after_twenty_attempts_from_one_address() -> None:
    c = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [c.post("/accounts/login/", {"username": "x", "password": "y"}).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    refused = c.post("/accounts/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert refused["Retry-After"] == "300"
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.10").post("/accounts/login/", {"username": "x", "password": "y"})
    assert other.status_code == 200
