"""Moderating the public questions in the admin (ITA menu → Public questions).

Staff with the question permissions (``ita_wagtail.change_question``…)
read the questions, write the answers and decide what is published. Who
answered and when are filled in by the view; every publication, refusal and
answer is written to Wagtail's log (the question's History).
"""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter, log

from ita_wagtail import thai
from ita_wagtail.channels.questions import RECEIVED_LOG_ACTION
from ita_wagtail.models.channels import (
    Question,
    QuestionStatus,
    can_view_personal_data,
)

from .channels import LimitedPermissionPolicy, register_permission_policy

ANSWERED = "ita_wagtail.question.answered"
MODERATED = "ita_wagtail.question.moderated"


# Questions come from citizens only: the admin reads, answers and deletes.
question_policy = LimitedPermissionPolicy(Question, ["view", "change", "delete"])
if register_permission_policy is not None:
    register_permission_policy(Question, question_policy)


class QuestionEditView(generic.EditView):
    def save_instance(self):
        question = self.form.instance
        before = (
            Question.objects.filter(pk=question.pk).values("status", "answer").first()
        )
        answer_changed = before is not None and before["answer"] != question.answer
        if answer_changed and question.answer.strip():
            question.answered_by = self.request.user
            question.answered_at = timezone.now()
        instance = super().save_instance()
        if answer_changed:
            log(instance=instance, action=ANSWERED, user=self.request.user)
        if before is not None and before["status"] != instance.status:
            log(
                instance=instance,
                action=MODERATED,
                user=self.request.user,
                data={"old": before["status"], "new": instance.status},
            )
        return instance


class QuestionInspectView(generic.InspectView):
    def get_fields(self):
        # The asker's e-mail only for those allowed to see complainants' data.
        fields = list(super().get_fields())
        if can_view_personal_data(self.request.user):
            fields.insert(fields.index("display_name") + 1, "contact_email")
        return fields


def _status_tag(question):
    css = "w-status--primary" if question.status == QuestionStatus.PENDING else ""
    return format_html(
        '<span class="w-status {}">{}</span>', css, question.get_status_display()
    )


class QuestionViewSet(ModelViewSet):
    model = Question
    url_prefix = "ita/questions"
    url_namespace = "ita_questions"
    icon = "help"
    menu_label = _("Public questions")
    menu_name = "ita-questions"
    add_to_reference_index = False
    copy_view_enabled = False
    permission_policy = question_policy
    inspect_view_enabled = True
    edit_view_class = QuestionEditView
    inspect_view_class = QuestionInspectView
    list_filter = ["status"]
    search_fields = ["reference_code", "subject", "question", "answer"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        "reference_code",
        Column(
            "subject",
            label=pgettext_lazy("question", "Subject"),
            accessor=lambda q: Truncator(q.subject).chars(70),
        ),
        Column(
            "status", label=_("Moderation"), accessor=_status_tag, sort_key="status"
        ),
        Column(
            "created_at",
            label=_("Asked"),
            accessor=lambda q: thai.format_thai_date(q.created_at, "short"),
            sort_key="created_at",
        ),
        Column(
            "answered_at",
            label=_("Answered"),
            accessor=lambda q: (
                thai.format_thai_date(q.answered_at, "short") if q.answered_at else ""
            ),
            sort_key="answered_at",
        ),
    ]
    inspect_view_fields = [
        "reference_code",
        "subject",
        "question",
        "display_name",
        "status",
        "rejection_reason",
        "answer",
        "answered_by",
        "answered_at",
        "published_at",
        "created_at",
    ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("subject"),
                    FieldPanel("question"),
                    FieldPanel("display_name"),
                ],
                heading=_("The question"),
                help_text=_(
                    "ID-card numbers, phone numbers and e-mails in these fields "
                    "are replaced when saved. You may shorten or correct the "
                    "wording before publishing."
                ),
            ),
            MultiFieldPanel([FieldPanel("answer")], heading=_("Answer")),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("rejection_reason")],
                heading=_("Moderation"),
                help_text=_(
                    "Only questions published with an answer appear on the "
                    "board. A question not published needs a reason."
                ),
            ),
        ]
    )


@hooks.register("register_log_actions")
def register_question_log_actions(actions):
    actions.register_action(
        RECEIVED_LOG_ACTION, _("Question received"), _("Received through the website")
    )
    actions.register_action(ANSWERED, _("Answer written"), _("Answer written"))

    @actions.register_action(MODERATED)
    class Moderated(LogFormatter):
        label = _("Moderation changed")

        def format_message(self, log_entry):
            labels = dict(QuestionStatus.choices)
            data = log_entry.data or {}
            return _("Moderation changed from “%(old)s” to “%(new)s”") % {
                "old": labels.get(data.get("old"), data.get("old", "")),
                "new": labels.get(data.get("new"), data.get("new", "")),
            }
