"""StreamField blocks for the structured parts of the disclosure pages.

Lists that the measure names (executives, duties, laws, services …) are
StructBlocks inside StreamFields rather than child tables, so every page
mixin carries its whole content and stays reusable on a site's own
concrete page classes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

WING_POLITICAL = "political"
WING_PERMANENT = "permanent"
WING_CHOICES = [
    (WING_POLITICAL, _("Political wing (elected)")),
    (WING_PERMANENT, _("Permanent staff")),
]

SERVICE_CHANNEL_CHOICES = [
    ("office", _("At the municipal office")),
    ("one_stop", _("One-stop service centre")),
    ("online", _("E-service (online)")),
    ("phone", _("By telephone")),
    ("mobile", _("Mobile unit")),
]

SOCIAL_PLATFORM_CHOICES = [
    ("facebook", "Facebook"),
    ("line", "LINE"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("x", "X"),
    ("instagram", "Instagram"),
    ("other", _("Other")),
]


class OrganisationUnitBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Unit name"))
    wing = blocks.ChoiceBlock(choices=WING_CHOICES, label=_("Wing"))
    head_position = blocks.CharBlock(label=_("Head's position"), required=False)
    parent_name = blocks.CharBlock(
        label=_("Reports to"),
        required=False,
        help_text=_("Name of the unit or position this unit reports to."),
    )
    description = blocks.TextBlock(label=_("Role"), required=False)

    class Meta:
        icon = "group"
        label = _("Unit")


class ExecutiveBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Full name"))
    position = blocks.CharBlock(label=_("Position"))
    wing = blocks.ChoiceBlock(choices=WING_CHOICES, label=_("Wing"))
    photo = ImageChooserBlock(label=_("Photo"), required=False)
    phone = blocks.CharBlock(label=_("Phone"), required=False)
    email = blocks.EmailBlock(label=_("Email"), required=False)

    class Meta:
        icon = "user"
        label = _("Executive")


class DutyBlock(blocks.StructBlock):
    duty = blocks.TextBlock(label=_("Authority or duty"))
    legal_basis = blocks.CharBlock(
        label=_("Legal basis"),
        help_text=_("For example พ.ร.บ.เทศบาล พ.ศ. 2496 มาตรา 50"),
    )

    class Meta:
        icon = "list-ul"
        label = _("Authority or duty")


class StrategyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Strategy"))
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "pick"
        label = _("Strategy")


class PhoneBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), help_text=_("For example ประชาสัมพันธ์"))
    number = blocks.CharBlock(label=pgettext_lazy("phone number", "Number"))

    class Meta:
        icon = "mobile-alt"
        label = _("Phone")


class SocialChannelBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORM_CHOICES, label=_("Platform"))
    name = blocks.CharBlock(label=_("Account name"))
    url = blocks.URLBlock(label=_("Link"))

    class Meta:
        icon = "link"
        label = _("Social channel")


class LinkOrDocumentBlock(blocks.StructBlock):
    """Something published either as a link or as an uploaded document."""

    title = blocks.CharBlock(label=_("Title"))
    link = blocks.URLBlock(label=_("Link"), required=False)
    document = DocumentChooserBlock(label=_("Document"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("link") and not value.get("document"):
            raise StructBlockValidationError(
                block_errors={
                    "link": ValidationError(_("Give a link or choose a document.")),
                }
            )
        return value


class LawBlock(LinkOrDocumentBlock):
    category = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("act", _("Act")),
            ("regulation", _("Regulation or ministerial rule")),
            ("municipal_law", _("Municipal ordinance (เทศบัญญัติ)")),
            ("order", _("Order or announcement")),
        ],
    )

    class Meta:
        icon = "doc-full"
        label = _("Law or regulation")


class ManualBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Manual title"))
    unit = blocks.CharBlock(label=_("Unit"), required=False)
    description = blocks.TextBlock(
        label=pgettext_lazy("key points", "Summary"), required=False
    )
    document = DocumentChooserBlock(label=_("Document"))
    year = blocks.IntegerBlock(
        label=_("Year (B.E.)"), min_value=2500, max_value=2700, required=False
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Operating manual")


class ServiceStepBlock(blocks.StructBlock):
    description = blocks.CharBlock(label=_("Step"))
    duration = blocks.CharBlock(
        label=pgettext_lazy("service duration", "Time"),
        required=False,
        help_text=_("For example 10 นาที"),
    )

    class Meta:
        icon = "arrow-right"
        label = _("Step")


class ServiceBlock(blocks.StructBlock):
    """One service of the service manual, with every field ITA asks for."""

    name = blocks.CharBlock(label=_("Service name"))
    unit = blocks.CharBlock(label=_("Responsible unit"))
    steps = blocks.ListBlock(ServiceStepBlock(), label=_("Steps"), min_num=1)
    duration = blocks.CharBlock(
        label=_("Total duration"), help_text=_("For example 1 วันทำการ")
    )
    channels = blocks.MultipleChoiceBlock(
        choices=SERVICE_CHANNEL_CHOICES,
        label=_("Service channels"),
        widget=forms.CheckboxSelectMultiple,
    )
    no_fee = blocks.BooleanBlock(label=_("No fee"), required=False)
    fee = blocks.DecimalBlock(
        label=_("Fee (baht)"), required=False, min_value=0, decimal_places=2
    )
    required_documents = blocks.ListBlock(
        blocks.CharBlock(label=_("Document")),
        label=_("Required documents"),
        min_num=1,
    )
    manual = DocumentChooserBlock(label=_("Manual document"), required=False)

    def clean(self, value):
        value = super().clean(value)
        # ITA assessors mark a blank fee as missing: it must be a number or
        # an explicit "no fee".
        if value.get("no_fee") and value.get("fee"):
            raise StructBlockValidationError(
                block_errors={
                    "fee": ValidationError(
                        _("Leave the fee empty when the service has no fee.")
                    )
                }
            )
        if not value.get("no_fee") and value.get("fee") is None:
            raise StructBlockValidationError(
                block_errors={
                    "fee": ValidationError(
                        _("Enter the fee, or tick “No fee” if the service is free.")
                    )
                }
            )
        return value

    class Meta:
        icon = "clipboard-list"
        label = _("Service")


class RecommendationBlock(blocks.StructBlock):
    recommendation = blocks.TextBlock(label=_("Recommendation"))
    responsible = blocks.CharBlock(label=_("Responsible unit"), required=False)

    class Meta:
        icon = "tick"
        label = _("Recommendation")


class ResultBlock(blocks.StructBlock):
    topic = blocks.CharBlock(label=_("Strategy or area"))
    result = blocks.TextBlock(label=_("Result"))

    class Meta:
        icon = "success"
        label = _("Result")


BODY_BLOCKS = [
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
    ("image", ImageChooserBlock(label=_("Image"))),
    ("document", DocumentChooserBlock(label=_("Document"))),
]
