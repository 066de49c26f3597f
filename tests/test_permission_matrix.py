"""Every page is either public on purpose or guarded by a declared set of roles, and the guard holds.

The URL configuration is walked, so a new page cannot escape: a view that is neither decorated with
``login_not_required`` nor with ``accounts.permissions.role_required`` fails the first test. For every
page without URL parameters, each role is then signed in and must get exactly what the declaration
says (403 or not). Pages with parameters are covered for districts by their apps' own tests; the
incident detail page is checked here for every role against every district.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from saferplaces.accounts.models import Role

# Django's own apps protect themselves.
SKIP_NAMESPACES = {"admin"}
SIGNED_IN_ALWAYS = {"logout"}  # Django's view: any signed-in user may sign out


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else (p.name or "")
            yield prefix + str(p.pattern), name, p.callback


def unwrap_roles(view: Callable[..., Any]) -> frozenset[str] | None:
    seen = view
    while seen is not None:
        roles = getattr(seen, "allowed_roles", None)
        if roles is not None:
            return frozenset(str(r) for r in roles)
        seen = getattr(seen, "__wrapped__", None)
    return None


def is_public(view: Callable[..., Any]) -> bool:
    return getattr(view, "login_required", True) is False


ROUTES = list(walk(get_resolver().url_patterns))


def test_every_page_is_public_on_purpose_or_declares_its_roles() -> None:
    undeclared = [
        (route, name)
        for route, name, view in ROUTES
        if not is_public(view) and unwrap_roles(view) is None and name not in SIGNED_IN_ALWAYS
    ]
    assert undeclared == []
    assert len(ROUTES) > 20


PLAIN_GUARDED = [
    (route, name, unwrap_roles(view))
    for route, name, view in ROUTES
    if "<" not in route and not is_public(view) and unwrap_roles(view) is not None
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_gets_exactly_the_pages_declared_for_it(role: str, geography: None, make_user: Any) -> None:
    kwargs: dict[str, Any] = {"organisation": "Leeds City Council"} if role == Role.PARTNER else {}
    user = make_user(f"matrix.{role}", role, ("Leeds",), **kwargs)
    client = Client()
    client.force_login(user)
    wrong = []
    for route, name, roles in PLAIN_GUARDED:
        allowed = role == Role.ADMINISTRATOR or role in (roles or ())
        status = client.get("/" + route).status_code
        if allowed == (status == 403):
            wrong.append((route, name, status, "should allow" if allowed else "should refuse"))
    assert wrong == []


@pytest.mark.django_db
def test_anonymous_visitors_reach_only_public_pages(geography: None) -> None:
    client = Client()
    for route, _name, view in ROUTES:
        if "<" in route or is_public(view):
            continue
        response = client.get("/" + route)
        assert response.status_code in (302, 405), (route, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), route


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("district", ["Leeds", "Bradford"])
def test_incident_detail_for_every_role_and_district(
    role: str, district: str, incidents_loaded: Any, make_user: Any
) -> None:
    kwargs: dict[str, Any] = {"organisation": "Leeds City Council"} if role == Role.PARTNER else {}
    user = make_user(f"matrix.{role}.{district}", role, (district,), **kwargs)
    client = Client()
    client.force_login(user)
    for reference, home in (("T-0001", "Leeds"), ("T-0002", "Bradford")):
        status = client.get(f"/incidents/{reference}/").status_code
        # Partners see only shared cases (none are shared here); administrators see every district.
        if role == Role.ADMINISTRATOR or (role != Role.PARTNER and district == home):
            assert status == 200, (role, district, reference)
        else:
            assert status == 403, (role, district, reference)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_the_menu_offers_each_role_only_pages_it_may_open(role: str, geography: None, make_user: Any) -> None:
    from saferplaces.web.navigation import MENU, _menu_roles

    kwargs: dict[str, Any] = {"organisation": "Leeds City Council"} if role == Role.PARTNER else {}
    client = Client()
    client.force_login(make_user(f"menu.{role}", role, ("Leeds",), **kwargs))
    menu = client.get("/").context["menu"]
    assert menu, role
    for label, url in menu:
        assert client.get(url).status_code == 200, (role, label)
    if role == Role.ADMINISTRATOR:
        assert [label for label, _ in menu] == [label for label, *_ in _menu_roles()]
        assert len(menu) >= len(MENU) - 2  # every installed page (review pages may not be installed)
