"""StreamField blocks of the channel pages: handling steps and other channels."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

OTHER_CHANNEL_CHOICES = [
    ("phone", _("Phone")),
    ("letter", _("Letter")),
    ("in_person", _("In person")),
    ("email", _("E-mail")),
    ("social_media", _("Social media (Line, Facebook)")),
    ("complaint_box", _("Complaint box")),
    ("external", _("Other agency")),
    ("other", _("Other")),
]


class HandlingStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    description = blocks.TextBlock(label=_("What happens"), required=False)
    duration = blocks.CharBlock(
        label=_("Time taken"),
        required=False,
        help_text=_("For example ภายใน 1 วันทำการ"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Handling step")


class ProcedureStepBlock(blocks.StructBlock):
    """One step of the corruption-complaint procedure: what, who, how long."""

    title = blocks.CharBlock(label=_("Step"))
    who = blocks.CharBlock(
        label=_("Who"),
        required=False,
        help_text=_("For example นิติกร สำนักปลัดเทศบาล"),
    )
    duration = blocks.CharBlock(
        label=_("Time frame"),
        required=False,
        help_text=_("For example ภายใน 15 วัน"),
    )
    description = blocks.TextBlock(label=_("What happens"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Procedure step")


class OtherChannelValue(blocks.StructValue):
    def kind_label(self):
        return dict(OTHER_CHANNEL_CHOICES).get(self.get("kind"), "")


class OtherChannelBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=OTHER_CHANNEL_CHOICES, label=_("Channel"))
    name = blocks.CharBlock(
        label=_("Name"),
        help_text=_("For example สำนักปลัดเทศบาล or ศูนย์ดำรงธรรม"),
    )
    detail = blocks.CharBlock(
        label=_("Details"),
        help_text=_("Number, address, account or opening hours."),
    )
    link = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "mail"
        label = _("Other channel")
        value_class = OtherChannelValue
