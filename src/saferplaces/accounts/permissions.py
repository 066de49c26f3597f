"""Who may see what: the one place that turns a user's role and districts into decisions.

Views call these helpers (or the query functions built on them) rather than testing roles inline,
so that a new role or rule changes here only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from saferplaces.accounts.models import CASEWORK_ROLES, Role, User

if TYPE_CHECKING:
    from saferplaces.areas.models import District

F = TypeVar("F", bound=Callable[..., HttpResponse])


def is_force_wide(user: User) -> bool:
    """Administrators work across the whole force; everyone else is scoped to their districts."""
    return bool(user.is_superuser or user.role == Role.ADMINISTRATOR)


def district_ids(user: User) -> set[int] | None:
    """The districts a user may see, or None for all of them."""
    if is_force_wide(user):
        return None
    cached: set[int] | None = getattr(user, "_district_ids", None)
    if cached is None:
        cached = set(user.districts.values_list("id", flat=True))
        user._district_ids = cached  # type: ignore[attr-defined]
    return cached


def visible_districts(user: User) -> QuerySet[District]:
    """The districts a user may choose in a filter, without their outlines (large GeoJSON)."""
    from saferplaces.areas.models import District

    allowed = district_ids(user)
    qs = District.objects.only("id", "code", "name")
    return qs if allowed is None else qs.filter(pk__in=allowed)


def can_see_district(user: User, district_id: int | None) -> bool:
    allowed = district_ids(user)
    if allowed is None:
        return True
    return district_id is not None and district_id in allowed


def can_see_people(user: User) -> bool:
    """Names, phones, dates of birth and addresses: casework roles, partners, or a granted analyst."""
    return (
        user.role in CASEWORK_ROLES or user.role == Role.PARTNER or user.may_see_people or user.is_superuser
    )


def role_required(*roles: Role) -> Callable[[F], F]:
    """Allow only these roles (administrators always); anyone else gets 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not isinstance(user, User):
                raise PermissionDenied
            if not (is_force_wide(user) or user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
