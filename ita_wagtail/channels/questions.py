"""The public side of the questions and answers board (OIT O3).

Protected like the complaint form: CSRF (the site's middleware), a slot of
the submission rate limit reserved before any work, a honeypot field, and
the citizens' text cleaned of bidirectional and control characters. Personal
data typed into the text is replaced when the question is saved (see
``ita_wagtail.models.channels.questions``).
"""

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ita_wagtail.models.channels import Question, QuestionStatus
from ita_wagtail.models.channels.questions import find_question
from ita_wagtail.procurement.public import page_window

from .forms import CitizenEmailField, CitizenTextField, HoneypotField, HoneypotFormMixin
from .ratelimit import lookup_limit, submission_limit

BOARD_TEMPLATE = "ita_wagtail/channels/question_board.html"
ASKED_TEMPLATE = "ita_wagtail/channels/question_asked.html"
CHECK_TEMPLATE = "ita_wagtail/channels/question_check.html"
DETAIL_TEMPLATE = "ita_wagtail/channels/question_detail.html"
ASKED_SESSION_KEY = "ita_question_asked"
RECEIVED_LOG_ACTION = "ita_wagtail.question.received"


class QuestionForm(HoneypotFormMixin, forms.Form):
    subject = CitizenTextField(
        label=_("Subject"),
        max_length=200,
        help_text=_(
            "In a few words, for example “Opening hours of the health centre”."
        ),
    )
    question = CitizenTextField(
        label=_("Your question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
        help_text=_(
            "Questions and answers are published. Please do not write ID-card "
            "numbers, phone numbers or addresses: they are removed."
        ),
    )
    display_name = CitizenTextField(
        label=_("Name to show with your question"),
        max_length=100,
        required=False,
        help_text=_("Left empty, your question is shown as anonymous."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    contact_email = CitizenEmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Optional and never published: staff may write to you about it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = HoneypotField()


class CheckForm(forms.Form):
    code = forms.CharField(
        label=_("Reference code"),
        max_length=40,
        help_text=_("Twelve letters and digits, for example K7QM-4TZX-9HRP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def _render(page, request, template, status=200, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


def _board_context(page, request):
    words = (request.GET.get("q") or "").strip()[:100]
    questions = page.published_questions().search(words).order_by("-published_at")
    paginator = Paginator(questions, page.per_page)
    page_number = request.GET.get("page") or 1
    try:
        questions_page = paginator.page(page_number)
    except InvalidPage:  # an invalid or out-of-range page number: the first
        questions_page = paginator.page(1)
    return {
        "search_words": words,
        "search_query": urlencode({"q": words}) + "&" if words else "",
        "questions_page": questions_page,
        "page_links": page_window(questions_page),
        "any_published": bool(words) or paginator.count > 0,
    }


def board(page, request):
    if request.method != "POST":
        return _render(
            page,
            request,
            BOARD_TEMPLATE,
            form=QuestionForm(),
            **_board_context(page, request),
        )
    limit = submission_limit("question")
    reservation = limit.reserve(request)
    if reservation is None:
        return _render(
            page,
            request,
            BOARD_TEMPLATE,
            status=429,
            form=QuestionForm(initial=request.POST.dict()),
            rate_limited=True,
            retry_at=limit.retry_at(request),
            **_board_context(page, request),
        )
    try:
        form = QuestionForm(request.POST)
        if not form.is_valid():
            if not form.honeypot_triggered:
                reservation.release()
            return _render(
                page,
                request,
                BOARD_TEMPLATE,
                form=form,
                **_board_context(page, request),
            )
        data = form.cleaned_data
        with transaction.atomic():
            question = Question.objects.create(
                site=page.get_site(),
                page=page,
                subject=data["subject"],
                question=data["question"],
                display_name=data.get("display_name", ""),
                contact_email=data.get("contact_email", ""),
            )
            log(instance=question, action=RECEIVED_LOG_ACTION)
    except BaseException:
        reservation.release()
        raise
    request.session[ASKED_SESSION_KEY] = {
        "code": question.reference_code,
        "page": page.pk,
    }
    return redirect(page.subpage_url(request, "asked"), permanent=False)


def asked(page, request):
    # Shown once: the code lives in the session only until this page is seen.
    received = request.session.pop(ASKED_SESSION_KEY, None)
    if not received or received.get("page") != page.pk:
        return redirect(page.get_url(request))
    return _render(
        page,
        request,
        ASKED_TEMPLATE,
        reference_code=received["code"],
        check_url=page.subpage_url(request, "check"),
    )


def check(page, request):
    context = {"check_form": CheckForm()}
    if request.method == "POST":
        limit = lookup_limit()
        if limit.blocked(request):
            context.update(rate_limited=True, retry_at=limit.retry_at(request))
            return _render(page, request, CHECK_TEMPLATE, status=429, **context)
        form = CheckForm(request.POST)
        context["check_form"] = form
        if form.is_valid():
            limit.hit(request)
            question = find_question(form.cleaned_data["code"], page.get_site())
            if question is not None and question.page_id not in (None, page.pk):
                question = None
            context["found_question"] = question
            context["not_found"] = question is None
            if question is not None:
                context["check_form"] = CheckForm()
    context["question_statuses"] = QuestionStatus
    return _render(page, request, CHECK_TEMPLATE, **context)


def detail(page, request, pk):
    question = page.published_questions().filter(pk=pk).first()
    if question is None:
        raise Http404
    return _render(
        page,
        request,
        DETAIL_TEMPLATE,
        question=question,
        board_url=page.get_url(request),
    )
