"""The citizens' side of the channel pages, reached through the pages' routes."""

from django.http import Http404
from django.shortcuts import redirect

from ita_wagtail import thai
from ita_wagtail.models import ServiceManualsPage
from ita_wagtail.models.channels import (
    Case,
    CaseStatus,
    case_fiscal_years,
    feedback_summary,
    yearly_case_statistics,
)

from . import intake
from .forms import CaseForm, FeedbackForm, StatusForm
from .ratelimit import lookup_limit, submission_limit

RECEIVED_SESSION_KEY = "ita_channels_received"
FEEDBACK_SESSION_KEY = "ita_channels_feedback"
CASE_TEMPLATE = "ita_wagtail/channels/case_form.html"
RECEIVED_TEMPLATE = "ita_wagtail/channels/case_received.html"
STATUS_TEMPLATE = "ita_wagtail/channels/case_status.html"
STATISTICS_TEMPLATE = "ita_wagtail/channels/case_statistics.html"
FEEDBACK_TEMPLATE = "ita_wagtail/channels/feedback_form.html"
FEEDBACK_THANKS_TEMPLATE = "ita_wagtail/channels/feedback_thanks.html"
FEEDBACK_RESULTS_TEMPLATE = "ita_wagtail/channels/feedback_results.html"


def subpage_url(page, request, name, *args):
    return page.get_url(request) + page.reverse_subpage(name, args=args)


def _render(page, request, template, status=200, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


# -- cases -------------------------------------------------------------------


def case_form(page, request):
    limit = submission_limit("case")
    form_kwargs = {"categories": page.case_categories}
    if request.method != "POST":
        return _render(page, request, CASE_TEMPLATE, form=CaseForm(**form_kwargs))
    # The slot is taken before any work: parallel posts cannot all pass.
    reservation = limit.reserve(request)
    if reservation is None:
        # Unbound, with what was typed as initial values: nothing is lost and
        # no validation errors distract from the one message that matters.
        form = CaseForm(initial=request.POST.dict(), **form_kwargs)
        return _render(
            page,
            request,
            CASE_TEMPLATE,
            status=429,
            form=form,
            rate_limited=True,
            retry_at=limit.retry_at(request),
        )
    try:
        form = CaseForm(request.POST, request.FILES, **form_kwargs)
        if not form.is_valid():
            if not form.honeypot_triggered:
                reservation.release()
            return _render(
                page, request, CASE_TEMPLATE, form=form, had_files=bool(request.FILES)
            )
        case = intake.file_case(
            page,
            form,
            request,
            status_url=request.build_absolute_uri(subpage_url(page, request, "status")),
        )
    except BaseException:
        reservation.release()
        raise
    request.session[RECEIVED_SESSION_KEY] = {
        "code": case.tracking_code,
        "page": page.pk,
        "emailed": bool(case.contact_email),
    }
    return redirect(subpage_url(page, request, "received"), permanent=False)


def case_received(page, request):
    # Shown once: the code lives in the session only until this page is seen.
    received = request.session.pop(RECEIVED_SESSION_KEY, None)
    if not received or received.get("page") != page.pk:
        return redirect(page.get_url(request))
    case = Case.objects.filter(tracking_code=received["code"]).first()
    if case is None:
        return redirect(page.get_url(request))
    return _render(
        page,
        request,
        RECEIVED_TEMPLATE,
        case=case,
        emailed=received.get("emailed", False),
        status_url=subpage_url(page, request, "status"),
    )


def case_status(page, request):
    context = {"status_form": StatusForm(), "case_statuses": CaseStatus.choices}
    if request.method == "POST":
        limit = lookup_limit()
        if limit.blocked(request):
            context.update(
                status_form=StatusForm(initial=request.POST.dict()),
                rate_limited=True,
                retry_at=limit.retry_at(request),
            )
            return _render(page, request, STATUS_TEMPLATE, status=429, **context)
        form = StatusForm(request.POST)
        context["status_form"] = form
        if form.is_valid():
            limit.hit(request)
            case, full = _look_up_case(
                page, form.cleaned_data["code"], form.cleaned_data["contact"]
            )
            # One answer for an unknown code, a wrong contact and a malformed
            # code, so the page tells nobody which codes exist.
            context["found_case"] = case
            context["show_case_details"] = full
            context["not_found"] = case is None
            if case is not None:
                # Nothing typed stays on screen for the next person to see.
                context["status_form"] = StatusForm()
    return _render(page, request, STATUS_TEMPLATE, **context)


def _look_up_case(page, code, contact):
    """(case or None, whether its own words may be shown).

    The tracking code alone shows the status, the dates and the public reply;
    the citizen's own words (the subject) also need the phone or e-mail given
    with the case. A contact that is typed must match, or the answer is the
    same "not found" as for an unknown code.
    """
    cases = Case.objects.for_site(page.get_site()).select_related("unit")
    if contact.strip():
        case = cases.lookup(code, contact)
        return case, case is not None
    # The form has normalised the code already ("" when it cannot be one).
    case = cases.filter(tracking_code=code).first() if code else None
    return case, case is not None and case.contact_matches("")


def case_statistics(page, request, fiscal_year=None, quarter=None):
    today = thai.today()
    current_year = thai.fiscal_year(today)
    fiscal_year = fiscal_year or current_year
    if not 2500 <= fiscal_year <= current_year or quarter not in (None, 1, 2, 3, 4):
        raise Http404
    site = page.get_site()
    year, quarters = yearly_case_statistics(site, fiscal_year, today=today)
    started = [q.first_day <= today for q in quarters]
    if quarter and not started[quarter - 1]:
        raise Http404  # a quarter that has not begun has no figures yet
    years = sorted(
        {current_year, current_year - 1, *case_fiscal_years(site)}, reverse=True
    )
    base = subpage_url(page, request, "statistics")
    return _render(
        page,
        request,
        STATISTICS_TEMPLATE,
        year_statistics=year,
        quarter_statistics=quarters,
        selected=quarters[quarter - 1] if quarter else year,
        fiscal_year=fiscal_year,
        quarter=quarter,
        years=[(y, f"{base}{y}/") for y in years],
        # Quarters that have not begun are named, not linked.
        quarter_links=[
            (q, f"{base}{fiscal_year}/q{q}/" if started[q - 1] else "")
            for q in range(1, 5)
        ],
        year_url=f"{base}{fiscal_year}/",
        today=today,
    )


# -- feedback ----------------------------------------------------------------


def service_names(page):
    """Services of the site's live service manuals (item 5.9), in page order."""
    site = page.get_site()
    manuals = ServiceManualsPage.objects.live()
    if site is not None:
        manuals = manuals.descendant_of(site.root_page, inclusive=True)
    names = []
    for manual in manuals.order_by("path"):
        for block in manual.services:
            name = (block.value.get("name") or "").strip()
            if name and name not in names:
                names.append(name)
    return names


def feedback_form(page, request):
    limit = submission_limit("feedback")
    form_kwargs = {"services": service_names(page)}
    if request.method != "POST":
        initial = {}
        if (service := request.GET.get("service")) in form_kwargs["services"]:
            initial["service"] = service
        form = FeedbackForm(initial=initial, **form_kwargs)
        return _render(page, request, FEEDBACK_TEMPLATE, form=form)
    reservation = limit.reserve(request)
    if reservation is None:
        form = FeedbackForm(initial=request.POST.dict(), **form_kwargs)
        return _render(
            page,
            request,
            FEEDBACK_TEMPLATE,
            status=429,
            form=form,
            rate_limited=True,
            retry_at=limit.retry_at(request),
        )
    try:
        form = FeedbackForm(request.POST, **form_kwargs)
        if not form.is_valid():
            if not form.honeypot_triggered:
                reservation.release()
            return _render(page, request, FEEDBACK_TEMPLATE, form=form)
        intake.record_feedback(page, form)
    except BaseException:
        reservation.release()
        raise
    request.session[FEEDBACK_SESSION_KEY] = page.pk
    return redirect(subpage_url(page, request, "thanks"), permanent=False)


def feedback_thanks(page, request):
    if request.session.pop(FEEDBACK_SESSION_KEY, None) != page.pk:
        return redirect(page.get_url(request))
    return _render(
        page,
        request,
        FEEDBACK_THANKS_TEMPLATE,
        results_url=subpage_url(page, request, "results"),
    )


def feedback_results(page, request, fiscal_year=None):
    today = thai.today()
    current_year = thai.fiscal_year(today)
    fiscal_year = fiscal_year or current_year
    if not 2500 <= fiscal_year <= current_year:
        raise Http404
    site = page.get_site()
    overall, services = feedback_summary(site, fiscal_year)
    base = subpage_url(page, request, "results")
    years = [current_year - offset for offset in range(3)]
    return _render(
        page,
        request,
        FEEDBACK_RESULTS_TEMPLATE,
        fiscal_year=fiscal_year,
        overall=overall,
        services=services,
        years=[(y, f"{base}{y}/") for y in years],
    )
