"""Items 5.10 (feedback) and 5.11 (complaints and suggestions) as working pages.

Each page carries its form, its handling steps and its other channels; the
requests themselves are handled by thin views in ``ita_wagtail.channels.public``
reached through the pages' routes, so that the URLs assessors paste into
ITAS stay under the page (``…/complaints/status/``,
``…/complaints/statistics/2567/``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField

from ..base import Page
from ..mixins import DisclosurePageMixin
from .blocks import HandlingStepBlock, OtherChannelBlock
from .cases import CaseCategory
from .settings import channel_settings


def _steps(*steps):
    return [
        ("step", {"title": title, "description": description, "duration": duration})
        for title, description, duration in steps
    ]


# Starting content of the drafts ita_setup creates: Thai, because it is the
# municipality's own text (edited in the page), not interface text.
COMPLAINT_STEPS = _steps(
    (
        "รับเรื่อง",
        "ระบบออกรหัสติดตามเรื่องให้ทันที เจ้าหน้าที่สำนักปลัดเทศบาลลงทะเบียนรับเรื่อง",
        "ภายใน 1 วันทำการ",
    ),
    (
        "ตรวจสอบและส่งต่อ",
        "พิจารณาข้อเท็จจริงเบื้องต้นและส่งเรื่องให้หน่วยงานที่รับผิดชอบ",
        "ภายใน 3 วันทำการ",
    ),
    (
        "ดำเนินการแก้ไข",
        "หน่วยงานที่รับผิดชอบดำเนินการและรายงานผลต่อสำนักปลัดเทศบาล",
        "",
    ),
    (
        "แจ้งผล",
        "แจ้งผลการดำเนินการให้ผู้ร้องทราบทางหน้าติดตามสถานะ และทางอีเมลหากให้ไว้",
        "",
    ),
    (
        "ปิดเรื่องและรายงาน",
        "ปิดเรื่องเมื่อดำเนินการแล้วเสร็จ และรายงานสถิติเรื่องร้องเรียนทุกไตรมาส",
        "",
    ),
)

CORRUPTION_STEPS = _steps(
    (
        "รับเรื่องโดยปกปิดผู้ร้อง",
        "เรื่องถูกส่งถึงเจ้าหน้าที่ที่ได้รับมอบหมายเท่านั้น ชื่อและที่อยู่ของผู้ร้องจะไม่เปิดเผยต่อผู้ถูกร้องเรียน",
        "ภายใน 1 วันทำการ",
    ),
    (
        "ตรวจสอบข้อเท็จจริงเบื้องต้น",
        "ผู้ได้รับมอบหมายรวบรวมข้อเท็จจริงและเสนอผู้บริหาร",
        "ภายใน 15 วัน",
    ),
    (
        "สอบข้อเท็จจริงหรือส่งต่อ",
        "แต่งตั้งคณะกรรมการสอบข้อเท็จจริง หรือส่งเรื่องให้ ป.ป.ช. ป.ป.ท. "
        "หรือหน่วยงานที่มีอำนาจตามกฎหมาย",
        "",
    ),
    (
        "แจ้งผล",
        "แจ้งผลการดำเนินการให้ผู้ร้องทราบทางหน้าติดตามสถานะ",
        "",
    ),
)

FEEDBACK_STEPS = _steps(
    ("รับฟังความคิดเห็น", "ความคิดเห็นทุกรายการถูกบันทึกโดยไม่ระบุตัวตน", ""),
    (
        "รวบรวมและวิเคราะห์",
        "สำนักปลัดเทศบาลสรุปผลความพึงพอใจรายบริการทุกไตรมาส",
        "ทุก 3 เดือน",
    ),
    (
        "รายงานและปรับปรุง",
        "รายงานผลต่อผู้บริหารและหน่วยงานเจ้าของบริการเพื่อปรับปรุงการให้บริการ",
        "",
    ),
    ("เผยแพร่ผล", "เผยแพร่ผลสรุปความพึงพอใจบนหน้านี้", ""),
)

# National channels every corruption page should point to as well.
CORRUPTION_OTHER_CHANNELS = [
    (
        "channel",
        {
            "kind": "external",
            "name": "สำนักงาน ป.ป.ช.",
            "detail": "สายด่วน 1205",
            "link": "https://www.nacc.go.th",
        },
    ),
    (
        "channel",
        {
            "kind": "external",
            "name": "สำนักงาน ป.ป.ท.",
            "detail": "สายด่วน 1206",
            "link": "https://www.pacc.go.th",
        },
    ),
    (
        "channel",
        {
            "kind": "external",
            "name": "ศูนย์ดำรงธรรม",
            "detail": "สายด่วน 1567",
            "link": "",
        },
    ),
]


class ChannelPageMixin(RoutablePageMixin, DisclosurePageMixin):
    """What every channel page shows: how it works and the other ways in."""

    intro = RichTextField(_("introduction"), blank=True)
    handling_steps = StreamField(
        [("step", HandlingStepBlock())],
        verbose_name=_("handling steps"),
        blank=True,
    )
    other_channels = StreamField(
        [("channel", OtherChannelBlock())],
        verbose_name=_("other channels"),
        blank=True,
        help_text=_("Phone, letter, walk-in, Line: the ways in besides this page."),
    )

    default_handling_steps: list = []
    default_other_channels: list = []

    channel_panels = [
        FieldPanel("intro"),
        FieldPanel("handling_steps"),
        FieldPanel("other_channels"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {
            "handling_steps": list(cls.default_handling_steps),
            "other_channels": list(cls.default_other_channels),
        }

    def channel_settings(self):
        return channel_settings(self.get_site())

    def subpage_url(self, request, name, *args):
        return (self.get_url(request) or "") + self.reverse_subpage(name, args=args)

    def channel_links(self, request):
        """(name, label, url) of the page's tabs."""
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["channel_settings"] = self.channel_settings()
        context["responsible_unit"] = self.get_responsible_unit()
        context["channel_links"] = self.channel_links(request)
        return context


class CaseChannelPageMixin(ChannelPageMixin):
    """A page where citizens file cases and follow them with a tracking code."""

    ita_kind = "complaint_channel"
    #: The categories citizens choose from on this page, the first preselected.
    case_categories = (CaseCategory.COMPLAINT, CaseCategory.SUGGESTION)
    privacy_notice_extra = RichTextField(
        _("additional privacy information"),
        blank=True,
        help_text=_(
            "Added below the standard privacy notice, for example a link to "
            "the municipality's full privacy policy."
        ),
    )

    case_panels = [
        *ChannelPageMixin.channel_panels,
        MultiFieldPanel(
            [FieldPanel("privacy_notice_extra")],
            heading=_("Privacy notice"),
            help_text=_(
                "The notice shown before the form (purpose, legal basis, "
                "retention, rights) is generated from the channel settings."
            ),
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @property
    def target_days(self):
        return self.channel_settings().target_days_for(self.case_categories[0])

    @path("", name="form")
    def case_form(self, request):
        from ita_wagtail.channels import public

        return public.case_form(self, request)

    @path("received/", name="received")
    def case_received(self, request):
        from ita_wagtail.channels import public

        return public.case_received(self, request)

    @path("status/", name="status")
    def case_status(self, request):
        from ita_wagtail.channels import public

        return public.case_status(self, request)

    def channel_links(self, request):
        links = [
            ("form", _("Send"), self.get_url(request) or ""),
            ("status", _("Follow your case"), self.subpage_url(request, "status")),
        ]
        statistics = self.statistics_page()
        if statistics is not None:
            links.append(
                (
                    "statistics",
                    _("Statistics"),
                    statistics.subpage_url(request, "statistics"),
                )
            )
        return links

    def statistics_page(self):
        """The live complaint page of this site, whose routes show the statistics."""
        site = self.get_site()
        pages = ComplaintPage.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        return pages.first()


class ComplaintPageMixin(CaseChannelPageMixin):
    ita_slug = "complaints"
    default_handling_steps = COMPLAINT_STEPS

    class Meta:
        abstract = True

    @path("statistics/", name="statistics")
    @path("statistics/<int:fiscal_year>/", name="statistics_year")
    @path("statistics/<int:fiscal_year>/q<int:quarter>/", name="statistics_quarter")
    def statistics(self, request, fiscal_year=None, quarter=None):
        from ita_wagtail.channels import public

        return public.case_statistics(self, request, fiscal_year, quarter)

    def statistics_page(self):
        return self


class ComplaintPage(ComplaintPageMixin, Page):
    template = "ita_wagtail/channels/case_form.html"
    content_panels = Page.content_panels + ComplaintPageMixin.case_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("complaints and suggestions channel (5.11)")
        verbose_name_plural = _("complaints and suggestions channels (5.11)")


class CorruptionComplaintPageMixin(CaseChannelPageMixin):
    """Corruption and misconduct complaints, apart from the general channel.

    Kept on a page of its own to protect complainants (THAI-CONTEXT): its
    cases are seen only by users with ``view_corruption_case``.
    """

    # Its own kind: the OIT lists ask for a corruption channel apart from
    # the general complaints channel (2568 O18, 2569 O17).
    ita_kind = "corruption_complaint_channel"
    ita_slug = "corruption-complaints"
    case_categories = (CaseCategory.CORRUPTION,)
    default_handling_steps = CORRUPTION_STEPS
    default_other_channels = CORRUPTION_OTHER_CHANNELS

    class Meta:
        abstract = True

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        return _("Corruption and misconduct complaints")

    def procedure_page(self):
        """The live procedure page under this channel, or None."""
        from .corruption import ComplaintProcedurePage

        return ComplaintProcedurePage.objects.child_of(self).live().public().first()

    def statistics_pages(self):
        """The live statistics pages under this channel, newest year first."""
        from .corruption import ComplaintStatisticsPage

        return list(
            ComplaintStatisticsPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-fiscal_year")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedure_page"] = self.procedure_page()
        context["statistics_pages"] = self.statistics_pages()
        return context


class CorruptionComplaintPage(CorruptionComplaintPageMixin, Page):
    template = "ita_wagtail/channels/case_form.html"
    content_panels = Page.content_panels + CorruptionComplaintPageMixin.case_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = [
        "ita_wagtail.ComplaintProcedurePage",
        "ita_wagtail.ComplaintStatisticsPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("corruption complaints channel (5.11)")
        verbose_name_plural = _("corruption complaints channels (5.11)")


class FeedbackPageMixin(ChannelPageMixin):
    ita_kind = "feedback_channel"
    ita_slug = "feedback"
    default_handling_steps = FEEDBACK_STEPS

    feedback_panels = [
        *ChannelPageMixin.channel_panels,
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @path("", name="form")
    def feedback_form(self, request):
        from ita_wagtail.channels import public

        return public.feedback_form(self, request)

    @path("thanks/", name="thanks")
    def feedback_thanks(self, request):
        from ita_wagtail.channels import public

        return public.feedback_thanks(self, request)

    @path("results/", name="results")
    @path("results/<int:fiscal_year>/", name="results_year")
    def feedback_results(self, request, fiscal_year=None):
        from ita_wagtail.channels import public

        return public.feedback_results(self, request, fiscal_year)

    def channel_links(self, request):
        return [
            ("form", _("Give your opinion"), self.get_url(request) or ""),
            (
                "results",
                _("Satisfaction results"),
                self.subpage_url(request, "results"),
            ),
        ]

    def complaint_page(self):
        site = self.get_site()
        pages = ComplaintPage.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        return pages.first()


class FeedbackPage(FeedbackPageMixin, Page):
    template = "ita_wagtail/channels/feedback_form.html"
    content_panels = Page.content_panels + FeedbackPageMixin.feedback_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("feedback channel (5.10)")
        verbose_name_plural = _("feedback channels (5.10)")
