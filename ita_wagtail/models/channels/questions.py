"""Public questions and answers: the two-way enquiry channel (OIT 2568/2569 O3).

Citizens ask on the board; nothing they write is public until staff approve
it with an answer. What is stored is already cleaned: ID-card numbers, phone
numbers and e-mail addresses typed into the subject, the question or the name
to display are replaced when the question is saved (:func:`hide_personal_data`),
so neither the board, nor its search, nor an export can show them. The
optional contact e-mail is kept in a field of its own and never shown.

Search on the board is a database ``icontains`` on the subject, the question
and the answer of published questions: boards hold hundreds of entries at
most, Thai has no spaces between words for a full-text index to split on,
and a substring match finds any word of the answer.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from ..base import Page
from ..completeness import Check
from ..mixins import DisclosurePageMixin
from .cases import new_tracking_code, normalise_tracking_code
from .pages import ChannelPageMixin

#: What replaces personal data in published text (the municipality's
#: language, as the rest of the stored text).
HIDDEN = "[ซ่อนข้อมูลส่วนบุคคล]"

_DIGIT = "[0-9๐-๙]"
_SEP = r"[\s.\-]?"
_ID_CARD = re.compile(
    rf"(?<![0-9๐-๙]){_DIGIT}{_SEP}{_DIGIT}{{4}}{_SEP}{_DIGIT}{{5}}{_SEP}"
    rf"{_DIGIT}{{2}}{_SEP}{_DIGIT}(?![0-9๐-๙])"
)
_PHONE = re.compile(
    rf"(?<![0-9๐-๙])(?:\+?66{_SEP}|[0๐]){_DIGIT}(?:{_SEP}{_DIGIT}){{7,8}}(?![0-9๐-๙])"
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

# Starting content of the draft ita_setup creates (the municipality's own
# text, so in Thai).
QUESTION_STEPS = [
    ("step", {"title": t, "description": d, "duration": w})
    for t, d, w in (
        (
            "รับคำถาม",
            "ระบบออกรหัสอ้างอิงให้ผู้ถามทันที คำถามยังไม่เผยแพร่จนกว่าเจ้าหน้าที่จะตอบ",
            "",
        ),
        (
            "ตอบคำถาม",
            "เจ้าหน้าที่สำนักปลัดเทศบาลหรือกองที่เกี่ยวข้องเขียนคำตอบ และตัดข้อมูลส่วนบุคคลออก",
            "ภายใน 3 วันทำการ",
        ),
        (
            "เผยแพร่",
            "คำถามและคำตอบเผยแพร่บนกระดานนี้ ผู้ถามตรวจสอบได้ด้วยรหัสอ้างอิง",
            "",
        ),
    )
]

#: Days a question may wait for an answer before the board counts as neglected.
ANSWER_WITHIN_DAYS = 30


def hide_personal_data(text):
    """``text`` with ID-card numbers, phone numbers and e-mails replaced."""
    if not text:
        return text
    text = _EMAIL.sub(HIDDEN, text)
    text = _ID_CARD.sub(HIDDEN, text)
    return _PHONE.sub(HIDDEN, text)


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published with its answer")
    REJECTED = "rejected", _("Not published")


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=QuestionStatus.PUBLISHED).exclude(answer="")

    def search(self, words):
        words = (words or "").strip()
        if not words:
            return self
        condition = Q()
        for word in words.split():
            condition &= (
                Q(subject__icontains=word)
                | Q(question__icontains=word)
                | Q(answer__icontains=word)
            )
        return self.filter(condition)


class Question(models.Model):
    """A citizen's question and, once staff approve it, its public answer."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.ForeignKey(
        "ita_wagtail.QuestionBoardPage",
        verbose_name=_("question board"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    reference_code = models.CharField(
        _("reference code"),
        max_length=20,
        unique=True,
        default=new_tracking_code,
        editable=False,
    )
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"))
    display_name = models.CharField(
        _("name shown with the question"),
        max_length=100,
        blank=True,
        help_text=_("Left empty, the question is shown as anonymous."),
    )
    contact_email = models.EmailField(
        _("asker's e-mail"),
        blank=True,
        help_text=_("Never published."),
    )
    status = models.CharField(
        _("moderation"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
    )
    rejection_reason = models.TextField(
        _("reason for not publishing"),
        blank=True,
        help_text=_("Shown to the asker who checks the reference code."),
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("public question")
        verbose_name_plural = _("public questions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return f"{self.reference_code} {self.subject}"

    def clean(self):
        if self.status == QuestionStatus.PUBLISHED and not self.answer.strip():
            raise ValidationError(
                {"answer": _("Write the answer before publishing the question.")}
            )
        if self.status == QuestionStatus.REJECTED and not self.rejection_reason.strip():
            raise ValidationError(
                {
                    "rejection_reason": _(
                        "Give the reason, so that the asker knows why the "
                        "question is not published."
                    )
                }
            )

    def save(self, *args, **kwargs):
        # Whoever typed it (citizen or staff), personal data never reaches
        # the published fields.
        # The marker is longer than a phone number: cut to the field's size.
        self.subject = hide_personal_data(self.subject)[:200]
        self.question = hide_personal_data(self.question)
        self.display_name = hide_personal_data(self.display_name)[:100]
        if self.status == QuestionStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status != QuestionStatus.PUBLISHED:
            self.published_at = None
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return self.status == QuestionStatus.PUBLISHED and bool(self.answer)

    def get_url(self, request=None):
        if self.page_id is None:
            return ""
        return self.page.subpage_url(request, "question", self.pk)


def find_question(code, site=None):
    code = normalise_tracking_code(code)
    if not code:
        return None
    questions = Question.objects.all()
    if site is not None:
        questions = questions.filter(site=site)
    return questions.filter(reference_code=code).first()


class QuestionBoardPageMixin(ChannelPageMixin):
    """The board: the question form, the answered questions, and a LINE link."""

    ita_kind = "qa_channel"
    ita_slug = "questions"
    per_page = 10
    default_handling_steps = QUESTION_STEPS

    board_panels = [
        *ChannelPageMixin.channel_panels,
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    # -- routes ------------------------------------------------------------

    @path("", name="board")
    def board(self, request):
        from ita_wagtail.channels import questions

        return questions.board(self, request)

    @path("asked/", name="asked")
    def asked(self, request):
        from ita_wagtail.channels import questions

        return questions.asked(self, request)

    @path("check/", name="check")
    def check_question(self, request):
        from ita_wagtail.channels import questions

        return questions.check(self, request)

    @path("<int:pk>/", name="question")
    def question_view(self, request, pk):
        from ita_wagtail.channels import questions

        return questions.detail(self, request, pk)

    def channel_links(self, request):
        return [
            ("board", _("Questions and answers"), self.get_url(request) or ""),
            ("check", _("Check your question"), self.subpage_url(request, "check")),
        ]

    def published_questions(self):
        return Question.objects.published().filter(page=self)

    # -- scoring -----------------------------------------------------------

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        cutoff = timezone.now() - timezone.timedelta(days=ANSWER_WITHIN_DAYS)
        return queryset.annotate(
            ita_waiting_questions=Count(
                "questions",
                filter=Q(
                    questions__status=QuestionStatus.PENDING,
                    questions__created_at__lt=cutoff,
                ),
            ),
            ita_latest_answer_at=Max(
                "questions__published_at",
                filter=Q(questions__status=QuestionStatus.PUBLISHED),
            ),
        )

    @property
    def ita_last_updated(self):
        # A board is kept current by answering questions, not only by
        # editing the page.
        if "ita_latest_answer_at" in self.__dict__:
            latest = self.ita_latest_answer_at
        elif self.pk is None:
            latest = None
        else:
            latest = (
                self.published_questions()
                .order_by("-published_at")
                .values_list("published_at", flat=True)
                .first()
            )
        candidates = [d for d in (latest, self.last_published_at) if d]
        return max(candidates) if candidates else None

    def waiting_questions(self):
        """Questions left without an answer for more than ANSWER_WITHIN_DAYS."""
        counted = getattr(self, "ita_waiting_questions", None)
        if counted is not None:
            return counted
        if self.pk is None:
            return 0
        cutoff = timezone.now() - timezone.timedelta(days=ANSWER_WITHIN_DAYS)
        return Question.objects.filter(
            page=self, status=QuestionStatus.PENDING, created_at__lt=cutoff
        ).count()

    def ita_completeness_checks(self, today=None):
        # The working form is the two-way channel the OIT asks for: a new
        # board with no questions yet is complete. One that leaves questions
        # unanswered for a month is not.
        waiting = self.waiting_questions()
        return [
            Check(
                _("questions answered within %(days)s days")
                % {"days": ANSWER_WITHIN_DAYS},
                waiting == 0,
                _("%(count)s waiting") % {"count": waiting} if waiting else "",
            )
        ]


class QuestionBoardPage(QuestionBoardPageMixin, Page):
    template = "ita_wagtail/channels/question_board.html"
    content_panels = Page.content_panels + QuestionBoardPageMixin.board_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("public questions and answers board")
        verbose_name_plural = _("public questions and answers boards")
