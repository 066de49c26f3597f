"""A public form split into pages (one question per page), answers kept in the session until sent.

GOV.UK pattern: each page is its own URL; "Continue" goes to the next unanswered page; once the
person has reached "Check your answers", a "Change" link returns them there after the edit. Answers
are kept as the raw submitted values and validated again when the journey is sent, so a page can
never be skipped by typing its neighbour's address. Nothing personal goes in a URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from saferplaces.casereviews.govuk import GovukForm

RawAnswers = dict[str, list[str]]


def answered(slug: str, field: str, value: str) -> Callable[[dict[str, RawAnswers]], bool]:
    """A condition for a page: shown only when an earlier page's ``field`` was answered ``value``."""

    def condition(answers: dict[str, RawAnswers]) -> bool:
        return answers.get(slug, {}).get(field) == [value]

    return condition


@dataclass(frozen=True)
class Step:
    """One page of a journey: its address slug, its form, its page title, and when it is asked.

    ``applies`` (given every page's raw answers) leaves a page out when an earlier answer makes it
    irrelevant: GOV.UK's way to ask a follow-up question on its own page instead of revealing it.
    """

    slug: str
    form_class: type[GovukForm]
    title: str
    applies: Callable[[dict[str, RawAnswers]], bool] | None = None


@dataclass(frozen=True)
class Journey:
    """The pages of one public form and where its answers live in the session.

    Args:
        key: the session key (one per journey, so two journeys never mix answers).
        steps: the simple one-form pages, in order.
        step_url: the URL name of a step page (takes ``slug``).
        check_url: the URL name of the "Check your answers" page.
        service_name: shown in the header of every page.
        start_url: the URL name of the start page (the first page's "Back").
        after_last: the URL name to go to after the last simple page, when more pages follow it
            (e.g. a list of complaints) before "Check your answers".
    """

    key: str
    steps: Sequence[Step]
    step_url: str
    check_url: str
    service_name: str
    start_url: str
    after_last: str = ""

    # --- the answers --------------------------------------------------------------------------------
    def _store(self, request: HttpRequest) -> dict[str, Any]:
        store: dict[str, Any] = request.session.get(self.key) or {}
        return store

    def _save_store(self, request: HttpRequest, store: dict[str, Any]) -> None:
        request.session[self.key] = store
        request.session.modified = True

    def raw(self, request: HttpRequest, slug: str) -> RawAnswers | None:
        answers: RawAnswers | None = self._store(request).get("steps", {}).get(slug)
        return answers

    def save(self, request: HttpRequest, slug: str, data: QueryDict) -> None:
        store = self._store(request)
        steps = store.setdefault("steps", {})
        steps[slug] = {k: data.getlist(k) for k in data if k != "csrfmiddlewaretoken"}
        self._save_store(request, store)

    def get_extra(self, request: HttpRequest, name: str, default: Any = None) -> Any:
        return self._store(request).get(name, default)

    def set_extra(self, request: HttpRequest, name: str, value: Any) -> None:
        store = self._store(request)
        store[name] = value
        self._save_store(request, store)

    def reached_check(self, request: HttpRequest) -> bool:
        return bool(self._store(request).get("reached_check"))

    def mark_check_reached(self, request: HttpRequest) -> None:
        self.set_extra(request, "reached_check", True)

    def clear(self, request: HttpRequest) -> None:
        request.session.pop(self.key, None)

    def form(self, step: Step, answers: RawAnswers | None) -> GovukForm:
        return step.form_class(MultiValueDict(answers)) if answers is not None else step.form_class()

    def active_steps(self, request: HttpRequest) -> list[Step]:
        """The pages this person is asked, given their answers so far."""
        answers: dict[str, RawAnswers] = self._store(request).get("steps", {})
        return [s for s in self.steps if s.applies is None or s.applies(answers)]

    def cleaned(self, request: HttpRequest) -> dict[str, dict[str, Any]] | None:
        """Every asked page's cleaned answers, or None when any is missing or no longer valid."""
        result: dict[str, dict[str, Any]] = {}
        for step in self.active_steps(request):
            form = self.form(step, self.raw(request, step.slug))
            if not form.is_bound or not form.is_valid():
                return None
            result[step.slug] = form.cleaned_data
        return result

    def first_incomplete(self, request: HttpRequest) -> Step | None:
        for step in self.active_steps(request):
            form = self.form(step, self.raw(request, step.slug))
            if not form.is_bound or not form.is_valid():
                return step
        return None

    # --- navigation ---------------------------------------------------------------------------------
    def step(self, slug: str) -> Step:
        for step in self.steps:
            if step.slug == slug:
                return step
        raise KeyError(slug)

    def url(self, slug: str) -> str:
        return reverse(self.step_url, kwargs={"slug": slug})

    def previous_url(self, request: HttpRequest, slug: str) -> str:
        active = [s.slug for s in self.active_steps(request)]
        i = active.index(slug) if slug in active else 0
        return self.url(active[i - 1]) if i else reverse(self.start_url)

    def next_url(self, request: HttpRequest, slug: str) -> str:
        """After a page: the next page still to answer, or back to the check page once reached."""
        missing = self.first_incomplete(request)
        if self.reached_check(request):
            return self.url(missing.slug) if missing else reverse(self.check_url)
        active = [s.slug for s in self.active_steps(request)]
        i = active.index(slug)
        if i + 1 < len(active):
            return self.url(active[i + 1])
        return reverse(self.after_last or self.check_url)


def step_view(
    journey: Journey,
    request: HttpRequest,
    slug: str,
    *,
    template: str = "casereviews/question.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show one page of a journey, or store a valid answer and move on."""
    try:
        step = journey.step(slug)
    except KeyError:
        raise Http404("No such question") from None
    active = journey.active_steps(request)
    if step not in active:
        # A follow-up page that earlier answers make irrelevant.
        return redirect(journey.url(active[0].slug))
    # Earlier pages must be answered first (no jumping ahead by typing an address).
    for earlier in active[: active.index(step)]:
        earlier_form = journey.form(earlier, journey.raw(request, earlier.slug))
        if not earlier_form.is_bound or not earlier_form.is_valid():
            return redirect(journey.url(earlier.slug))
    if request.method == "POST":
        form = step.form_class(request.POST)
        if form.is_valid():
            journey.save(request, slug, request.POST)
            return redirect(journey.next_url(request, slug))
    else:
        form = journey.form(step, journey.raw(request, slug))
    back = (
        reverse(journey.check_url) if journey.reached_check(request) else journey.previous_url(request, slug)
    )
    return render(
        request,
        template,
        {
            "form": form,
            "step": step,
            "title": step.title,
            "back_url": back,
            "service_name": journey.service_name,
            "service_url": reverse(journey.start_url),
            **(context or {}),
        },
    )
