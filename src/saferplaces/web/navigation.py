"""The staff menu, built from the pages' own role declarations so it can never offer a 403."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, resolve, reverse

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import is_force_wide

# (label, URL name), in menu order. A page appears for the roles its view allows.
MENU = (
    ("Incidents", "incidents:list"),
    ("Review queue", "review:queue"),
    ("My tasks", "review:tasks"),
    ("Hotspot map", "maps:page"),
    ("Panel reports", "reports:panel"),
    ("Crime tracker", "tracker:staff_list"),
    ("Bus safety", "bussafety:queue"),
    ("ASB case reviews", "casereviews:queue"),
    ("Case review appeals", "casereviews:appeals"),
    ("Imports", "imports:list"),
)


@cache
def _menu_roles() -> tuple[tuple[str, str, frozenset[str]], ...]:
    items = []
    for label, name in MENU:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # an app that is not installed in this configuration
        view: Any = resolve(url).func
        roles = None
        while view is not None and roles is None:
            roles = getattr(view, "allowed_roles", None)
            view = getattr(view, "__wrapped__", None)
        if roles is not None:
            items.append((label, url, frozenset(str(r) for r in roles)))
    return tuple(items)


def menu(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not isinstance(user, User):
        return {"menu": []}
    wide = is_force_wide(user)
    return {"menu": [(label, url) for label, url, roles in _menu_roles() if wide or user.role in roles]}
