"""Per-site facts the OCDS export publishes about the municipality as buyer.

Settings › Open contracting data. The ocid prefix and the licence are
deployment settings (``ITA_OCDS_PREFIX`` …, see ``exporting/ocds.py``); what
is here is what the municipality's own staff know: its identifiers and its
address.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .procurement import normalise_tax_id, validate_tax_id


@register_setting(icon="code")
class OpenContractingSettings(BaseSiteSetting):
    tax_id = models.CharField(
        _("the municipality's tax id"),
        max_length=13,
        blank=True,
        validators=[validate_tax_id],
        help_text=_(
            "The 13-digit taxpayer number the Revenue Department gave the "
            "municipality. It identifies the buyer in the open contracting data."
        ),
    )
    dla_code = models.CharField(
        _("local government code"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{5,10}$", _("A local government code is made of digits.")
            )
        ],
        help_text=_(
            "The code of the Department of Local Administration (รหัสองค์กรปกครอง"
            "ส่วนท้องถิ่น). Used in the buyer's id when there is no tax id."
        ),
    )
    street_address = models.CharField(_("address"), max_length=255, blank=True)
    locality = models.CharField(_("district"), max_length=100, blank=True)
    region = models.CharField(_("province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    email = models.EmailField(_("procurement e-mail"), blank=True)
    telephone = models.CharField(_("procurement telephone"), max_length=50, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("tax_id"), FieldPanel("dla_code")]),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel(
                    [
                        FieldPanel("locality"),
                        FieldPanel("region"),
                        FieldPanel("postal_code"),
                    ]
                ),
                FieldRowPanel([FieldPanel("email"), FieldPanel("telephone")]),
            ],
            heading=_("Address and contact for procurement"),
        ),
    ]

    class Meta:
        verbose_name = _("open contracting data")
        verbose_name_plural = _("open contracting data")

    def save(self, *args, **kwargs):
        self.tax_id = normalise_tax_id(self.tax_id)
        super().save(*args, **kwargs)
