"""Item 5.7: the procurement register, the annual procurement plan and the
months in which nothing was bought.

A procurement record is a snippet per item and per site, holding every field
item 5.7 names, with the bidders as child rows. Completeness — which of those
fields a record still lacks — is decided here and nowhere else:
:data:`COMPLETENESS_RULES` is evaluated in Python by
:meth:`Procurement.missing_fields` and in SQL by
:meth:`ProcurementQuerySet.with_completeness`; admin badges, listing filters,
exports and the compliance figures all go through one of the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable, Site

from ita_wagtail.thai import (
    THAI_MONTHS_ABBR,
    fiscal_year,
    fiscal_year_bounds,
    format_fiscal_year,
    format_thai_month_year,
    to_arabic_digits,
    today,
)

from .mixins import document_field, fiscal_year_field
from .plans import FISCAL_MONTH_CHOICES, BudgetSource
from .units import ResponsibleUnit

# --------------------------------------------------------------------------
# Choices
# --------------------------------------------------------------------------


class ProcurementCategory(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")
    CONSTRUCTION = "construction", _("Construction")
    CONSULTING = "consulting", _("Consulting")
    DESIGN = "design", _("Design and construction supervision")


class ProcurementMethod(models.TextChoices):
    """The methods of the Public Procurement Act B.E. 2560 and their sub-types."""

    OPEN_INVITATION = "open_invitation", _("Open invitation (sub-type not stated)")
    E_BIDDING = "e_bidding", _("Open invitation: electronic bidding (e-bidding)")
    E_MARKET = "e_market", _("Open invitation: electronic market (e-market)")
    PRICE_INQUIRY = "price_inquiry", _("Open invitation: price inquiry")
    SELECTIVE = "selective", _("Selective method")
    SPECIFIC = "specific", _("Specific method")
    CONSULTANT_OPEN = "consultant_open", _("Consultant: open invitation")
    CONSULTANT_SELECTIVE = "consultant_selective", _("Consultant: selective method")
    CONSULTANT_SPECIFIC = "consultant_specific", _("Consultant: specific method")
    DESIGN_OPEN = "design_open", _("Design or supervision: open invitation")
    DESIGN_SELECTIVE = "design_selective", _("Design or supervision: selective method")
    DESIGN_SPECIFIC = "design_specific", _("Design or supervision: specific method")
    DESIGN_CONTEST = "design_contest", _("Design or supervision: design contest")


#: The method as the Act and the official forms write it. Official documents
#: (สขร.1, OCDS ``procurementMethodDetails``) carry Thai whatever the
#: interface language, so this is data, not translatable interface text.
METHOD_THAI = {
    ProcurementMethod.OPEN_INVITATION: "วิธีประกาศเชิญชวนทั่วไป",
    ProcurementMethod.E_BIDDING: "วิธีประกาศเชิญชวนทั่วไป (ประกวดราคาอิเล็กทรอนิกส์ e-bidding)",
    ProcurementMethod.E_MARKET: "วิธีประกาศเชิญชวนทั่วไป (ตลาดอิเล็กทรอนิกส์ e-market)",
    ProcurementMethod.PRICE_INQUIRY: "วิธีประกาศเชิญชวนทั่วไป (สอบราคา)",
    ProcurementMethod.SELECTIVE: "วิธีคัดเลือก",
    ProcurementMethod.SPECIFIC: "วิธีเฉพาะเจาะจง",
    ProcurementMethod.CONSULTANT_OPEN: "จ้างที่ปรึกษาโดยวิธีประกาศเชิญชวนทั่วไป",
    ProcurementMethod.CONSULTANT_SELECTIVE: "จ้างที่ปรึกษาโดยวิธีคัดเลือก",
    ProcurementMethod.CONSULTANT_SPECIFIC: "จ้างที่ปรึกษาโดยวิธีเฉพาะเจาะจง",
    ProcurementMethod.DESIGN_OPEN: "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีประกาศเชิญชวนทั่วไป",
    ProcurementMethod.DESIGN_SELECTIVE: "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีคัดเลือก",
    ProcurementMethod.DESIGN_SPECIFIC: "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีเฉพาะเจาะจง",
    ProcurementMethod.DESIGN_CONTEST: "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีประกวดแบบ",
}


class MethodGroup(models.TextChoices):
    """The three methods of section 55 (plus the design contest of section 82)."""

    OPEN = "open", _("Open invitation")
    SELECTIVE = "selective", _("Selective method")
    SPECIFIC = "specific", _("Specific method")
    CONTEST = "contest", _("Design contest")


METHOD_GROUP = {
    ProcurementMethod.OPEN_INVITATION: MethodGroup.OPEN,
    ProcurementMethod.E_BIDDING: MethodGroup.OPEN,
    ProcurementMethod.E_MARKET: MethodGroup.OPEN,
    ProcurementMethod.PRICE_INQUIRY: MethodGroup.OPEN,
    ProcurementMethod.SELECTIVE: MethodGroup.SELECTIVE,
    ProcurementMethod.SPECIFIC: MethodGroup.SPECIFIC,
    ProcurementMethod.CONSULTANT_OPEN: MethodGroup.OPEN,
    ProcurementMethod.CONSULTANT_SELECTIVE: MethodGroup.SELECTIVE,
    ProcurementMethod.CONSULTANT_SPECIFIC: MethodGroup.SPECIFIC,
    ProcurementMethod.DESIGN_OPEN: MethodGroup.OPEN,
    ProcurementMethod.DESIGN_SELECTIVE: MethodGroup.SELECTIVE,
    ProcurementMethod.DESIGN_SPECIFIC: MethodGroup.SPECIFIC,
    ProcurementMethod.DESIGN_CONTEST: MethodGroup.CONTEST,
}


class ProcurementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced")
    AWARDED = "awarded", _("Awarded")
    CONTRACTED = "contracted", _("Contracted")
    CANCELLED = "cancelled", pgettext_lazy("procurement status", "Cancelled")


STATUS_THAI = {
    ProcurementStatus.PLANNED: "อยู่ในแผน",
    ProcurementStatus.ANNOUNCED: "อยู่ระหว่างดำเนินการ",
    ProcurementStatus.AWARDED: "ได้ผู้ชนะแล้ว ยังไม่ได้ลงนามในสัญญา",
    ProcurementStatus.CONTRACTED: "ลงนามในสัญญาแล้ว",
    ProcurementStatus.CANCELLED: "ยกเลิกการดำเนินการ",
}

CATEGORY_THAI = {
    ProcurementCategory.GOODS: "ซื้อ",
    ProcurementCategory.SERVICES: "จ้างทั่วไป",
    ProcurementCategory.CONSTRUCTION: "จ้างก่อสร้าง",
    ProcurementCategory.CONSULTING: "จ้างที่ปรึกษา",
    ProcurementCategory.DESIGN: "จ้างออกแบบและควบคุมงาน",
}


class ContractType(models.TextChoices):
    CONTRACT = "contract", _("Contract")
    PURCHASE_ORDER = "purchase_order", _("Purchase or work order")
    AGREEMENT = "agreement", _("Written agreement")


CONTRACT_TYPE_THAI = {
    ContractType.CONTRACT: "สัญญา",
    ContractType.PURCHASE_ORDER: "ใบสั่งซื้อ/ใบสั่งจ้าง",
    ContractType.AGREEMENT: "ข้อตกลง",
}

BUDGET_SOURCE_THAI = {
    BudgetSource.MUNICIPAL: "งบประมาณรายจ่ายประจำปี (เทศบัญญัติ)",
    BudgetSource.GENERAL_SUBSIDY: "เงินอุดหนุนทั่วไป",
    BudgetSource.SPECIFIC_SUBSIDY: "เงินอุดหนุนเฉพาะกิจ",
    BudgetSource.ACCUMULATED: "เงินสะสม",
    BudgetSource.OTHER: "อื่น ๆ",
}


class DocumentKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Invitation announcement")
    TERMS = "terms", _("Terms of reference or specification")
    REFERENCE_PRICE = "reference_price", _("Reference price table")
    RESULT = "result", _("Winner announcement")
    CONTRACT = "contract", _("Contract or order")
    OTHER = "other", _("Other")


# --------------------------------------------------------------------------
# Validators
# --------------------------------------------------------------------------


def _only_digits(value: str) -> str:
    return "".join(to_arabic_digits(str(value)).split()).replace("-", "")


def tax_id_check_digit(first_twelve: str) -> int:
    """Mod-11 check digit of a Thai 13-digit tax or citizen id."""
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(first_twelve))
    return (11 - total % 11) % 10


def normalise_tax_id(value) -> str:
    """Digits only: "0-1055-51234-56-7" and Thai digits are accepted as typed."""
    return _only_digits(value or "")


def validate_tax_id(value):
    digits = normalise_tax_id(value)
    if not digits.isdigit() or len(digits) != 13:
        raise ValidationError(
            _("A tax id has 13 digits; %(value)s does not."),
            code="tax_id_length",
            params={"value": value},
        )
    if tax_id_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            _("Tax id %(value)s has a wrong check digit; please check for a typo."),
            code="tax_id_check_digit",
            params={"value": value},
        )


def public_tax_id(value) -> str:
    """A tax id fit for publication, or "".

    Juristic persons' ids (which start with 0) are public registration
    numbers; a natural person's 13-digit id is the citizen id, personal data
    under the PDPA, so it is kept for the admin and not published.
    """
    value = value or ""
    return value if len(value) == 13 and value.startswith("0") else ""


def normalise_egp_number(value) -> str:
    text = value
    if isinstance(value, float) and value.is_integer():
        text = int(value)
    return _only_digits(text if text is not None else "")


def validate_egp_number(value):
    digits = normalise_egp_number(value)
    if not digits.isdigit() or len(digits) != 11:
        raise ValidationError(
            _("An e-GP project number has 11 digits; %(value)s does not."),
            code="egp_length",
            params={"value": value},
        )
    # The third and fourth digits are the month the project was created in.
    if not 1 <= int(digits[2:4]) <= 12:
        raise ValidationError(
            _(
                "e-GP project number %(value)s is not valid: its third and "
                "fourth digits must be a month (01–12)."
            ),
            code="egp_month",
            params={"value": value},
        )


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    field = models.DecimalField(
        verbose_name,
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )
    # Baht: the admin shows and reads it as "1,980,000.00".
    field.ita_money = True
    return field


def fiscal_month_label(fiscal_year_be: int, month: int, abbreviated=False) -> str:
    """ "ตุลาคม 2567" for October of fiscal year 2568."""
    start, _end = fiscal_year_bounds(fiscal_year_be)
    year = start.year if month >= start.month else start.year + 1
    if abbreviated:
        return f"{THAI_MONTHS_ABBR[month - 1]} {year + 543}"
    return format_thai_month_year(year, month)


def calendar_month(fiscal_year_be: int, month: int) -> tuple[int, int]:
    """(C.E. year, month) of a month of a fiscal year."""
    start, _end = fiscal_year_bounds(fiscal_year_be)
    return (start.year if month >= start.month else start.year + 1), month


# --------------------------------------------------------------------------
# Annual procurement plan (section 11)
# --------------------------------------------------------------------------


class ProcurementPlanQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(site=site)


class ProcurementPlan(ClusterableModel):
    """A fiscal year's procurement plan, as approved and announced (section 11)."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = fiscal_year_field()
    revision = models.PositiveSmallIntegerField(
        pgettext_lazy("procurement record", "revision"),
        default=0,
        help_text=_("0 for the original plan, 1 for the first amendment, and so on."),
    )
    approved_on = models.DateField(_("date approved"), null=True, blank=True)
    published_on = models.DateField(
        _("date announced"),
        null=True,
        blank=True,
        help_text=_("The date the plan was announced on e-GP and on this website."),
    )
    document = document_field(_("plan document"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ProcurementPlanQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("revision")]),
        FieldRowPanel([FieldPanel("approved_on"), FieldPanel("published_on")]),
        FieldPanel("document"),
        FieldPanel("note"),
        InlinePanel("items", heading=_("Plan items"), label=_("Plan item")),
    ]

    class Meta:
        verbose_name = _("procurement plan")
        verbose_name_plural = _("procurement plans")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "fiscal_year"], name="ita_unique_procurement_plan_year"
            )
        ]

    def __str__(self):
        return f"แผนการจัดซื้อจัดจ้าง{format_fiscal_year(self.fiscal_year)}"

    @property
    def is_approved(self):
        return self.approved_on is not None

    @property
    def is_published(self):
        return self.published_on is not None

    @property
    def total_budget(self):
        return sum(
            (item.budget or Decimal("0") for item in self.items.all()), Decimal(0)
        )

    def clean(self):
        super().clean()
        if (
            self.approved_on
            and self.published_on
            and self.published_on < self.approved_on
        ):
            raise ValidationError(
                {
                    "published_on": _(
                        "A plan cannot be announced before it was approved."
                    )
                }
            )


class ProcurementPlanItem(Orderable):
    plan = ParentalKey(ProcurementPlan, on_delete=models.CASCADE, related_name="items")
    plan_code = models.CharField(
        _("plan code"),
        max_length=30,
        blank=True,
        help_text=_(
            "The plan code on e-GP (รหัสแผนจัดซื้อจัดจ้าง), for example P67100012345."
        ),
    )
    name = models.CharField(_("project name"), max_length=500)
    category = models.CharField(
        _("category"), max_length=20, choices=ProcurementCategory.choices, blank=True
    )
    budget = money_field(_("budget (baht)"))
    budget_source = models.CharField(
        _("budget source"), max_length=30, choices=BudgetSource.choices, blank=True
    )
    method = models.CharField(
        _("expected method"),
        max_length=30,
        choices=ProcurementMethod.choices,
        blank=True,
    )
    expected_month = models.PositiveSmallIntegerField(
        _("expected announcement month"),
        choices=FISCAL_MONTH_CHOICES,
        null=True,
        blank=True,
    )
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The process's part of its OCDS ocid, given once on first publication
    #: (``ita_wagtail.exporting.ocds``) and never changed.
    ocds_process_id = models.CharField(
        _("OCDS process id"), max_length=40, blank=True, editable=False
    )

    panels = [
        FieldRowPanel([FieldPanel("plan_code"), FieldPanel("expected_month")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("budget_source")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("method")]),
        FieldPanel("responsible_unit"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self):
        prefix = f"{self.plan_code} " if self.plan_code else ""
        return f"{prefix}{self.name}"

    @property
    def method_thai(self):
        return METHOD_THAI.get(self.method, "")

    @property
    def expected_month_label(self):
        if not self.expected_month:
            return ""
        return fiscal_month_label(self.plan.fiscal_year, self.expected_month)


# --------------------------------------------------------------------------
# Procurement records
# --------------------------------------------------------------------------

#: Statuses from which the result of a procurement is known.
_DECIDED = frozenset({ProcurementStatus.AWARDED, ProcurementStatus.CONTRACTED})
_UNDER_WAY = _DECIDED | {ProcurementStatus.ANNOUNCED}
_ALL = frozenset(ProcurementStatus.values)


def _blank(value) -> bool:
    return value is None or value == ""


@dataclass(frozen=True)
class CompletenessRule:
    """One 5.7 field, when it is due, and how to tell that it is missing.

    ``statuses``: the statuses at which the field is due (a planned item has
    no bidders yet; a cancelled one needs no contract). ``missing`` is the
    SQL form of ``is_missing`` and must agree with it (tested).
    """

    key: str
    label: str
    statuses: frozenset
    missing: Q
    is_missing: Callable


COMPLETENESS_RULES: tuple[CompletenessRule, ...] = (
    CompletenessRule(
        "name", _("item name"), _ALL, Q(name=""), lambda r: _blank(r.name)
    ),
    CompletenessRule(
        "budget",
        _("budget"),
        _ALL,
        Q(budget__isnull=True),
        lambda r: r.budget is None,
    ),
    CompletenessRule(
        "method",
        _("procurement method"),
        _ALL,
        Q(method=""),
        lambda r: _blank(r.method),
    ),
    CompletenessRule(
        "reference_price",
        _("reference price"),
        _UNDER_WAY,
        Q(reference_price__isnull=True),
        lambda r: r.reference_price is None,
    ),
    CompletenessRule(
        "bids",
        _("bidders and their prices"),
        _DECIDED,
        Q(ita_has_bids=False) | Q(ita_has_unpriced_bid=True),
        lambda r: not r.has_complete_bids,
    ),
    CompletenessRule(
        "selected_supplier",
        _("selected supplier"),
        _DECIDED,
        Q(selected_supplier=""),
        lambda r: _blank(r.selected_supplier),
    ),
    CompletenessRule(
        "agreed_price",
        _("agreed price"),
        _DECIDED,
        Q(agreed_price__isnull=True),
        lambda r: r.agreed_price is None,
    ),
    CompletenessRule(
        "selection_reason",
        _("reason for the selection"),
        _DECIDED,
        Q(selection_reason=""),
        lambda r: _blank((r.selection_reason or "").strip()),
    ),
    CompletenessRule(
        "contract_number",
        _("contract or order number"),
        frozenset({ProcurementStatus.CONTRACTED}),
        Q(contract_number=""),
        lambda r: _blank(r.contract_number),
    ),
    CompletenessRule(
        "contract_date",
        _("contract or order date"),
        frozenset({ProcurementStatus.CONTRACTED}),
        Q(contract_date__isnull=True),
        lambda r: r.contract_date is None,
    ),
)

RULES_BY_KEY = {rule.key: rule for rule in COMPLETENESS_RULES}


class ProcurementQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(site=site)

    def with_record_date(self):
        """``ita_record_date``: the month a record is reported in (สขร.1).

        The contract date when there is one, the announcement date before.
        """
        return self.annotate(ita_record_date=F("reported_on"))

    def in_month(self, year_ce: int, month: int):
        return self.with_record_date().filter(
            ita_record_date__year=year_ce, ita_record_date__month=month
        )

    def with_bid_state(self):
        bids = ProcurementBid.objects.filter(procurement=OuterRef("pk"))
        return self.annotate(
            ita_has_bids=Exists(bids),
            ita_has_unpriced_bid=Exists(bids.filter(price__isnull=True)),
        )

    def with_completeness(self):
        """``ita_missing_count``: how many due 5.7 fields each record lacks."""
        missing = [
            Case(
                When(Q(status__in=rule.statuses) & rule.missing, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for rule in COMPLETENESS_RULES
        ]
        total = missing[0]
        for term in missing[1:]:
            total = total + term
        return self.with_bid_state().annotate(ita_missing_count=total)

    def complete(self):
        return self.with_completeness().filter(ita_missing_count=0)

    def incomplete(self):
        return self.with_completeness().filter(ita_missing_count__gt=0)

    def totals(self):
        return self.aggregate(
            budget=Sum("budget"),
            reference_price=Sum("reference_price"),
            agreed_price=Sum("agreed_price"),
            count=models.Count("pk"),
        )


class Procurement(ClusterableModel):
    """One procurement item with every field item 5.7 names."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = fiscal_year_field(db_index=True)
    egp_number = models.CharField(
        _("e-GP project number"),
        max_length=11,
        blank=True,
        validators=[validate_egp_number],
        help_text=_("11 digits, as shown on e-GP. Leave empty if there is none."),
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=50,
        blank=True,
        help_text=_(
            "The municipality's own number for this item. Used with the fiscal "
            "year to recognise the item when a spreadsheet is imported again."
        ),
    )
    plan_item = models.ForeignKey(
        ProcurementPlanItem,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurements",
    )
    name = models.CharField(_("item name"), max_length=500)
    category = models.CharField(
        _("category"), max_length=20, choices=ProcurementCategory.choices, blank=True
    )
    budget = money_field(_("budget (baht)"))
    budget_source = models.CharField(
        _("budget source"), max_length=30, choices=BudgetSource.choices, blank=True
    )
    budget_source_detail = models.CharField(
        _("budget source details"), max_length=255, blank=True
    )
    reference_price = money_field(_("reference price (baht)"))
    reference_price_document = document_field(_("reference price table"))
    method = models.CharField(
        _("procurement method"),
        max_length=30,
        choices=ProcurementMethod.choices,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcurementStatus.choices,
        default=ProcurementStatus.PLANNED,
        db_index=True,
    )
    announcement_date = models.DateField(_("announcement date"), null=True, blank=True)
    selected_supplier = models.CharField(
        _("selected supplier"), max_length=255, blank=True
    )
    selected_supplier_tax_id = models.CharField(
        _("selected supplier's tax id"),
        max_length=13,
        blank=True,
        validators=[validate_tax_id],
    )
    agreed_price = money_field(_("agreed price (baht)"))
    selection_reason = models.TextField(_("reason for the selection"), blank=True)
    contract_type = models.CharField(
        _("contract type"),
        max_length=20,
        choices=ContractType.choices,
        default=ContractType.CONTRACT,
    )
    contract_number = models.CharField(
        _("contract or order number"), max_length=100, blank=True
    )
    contract_date = models.DateField(_("contract or order date"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    remarks = models.TextField(_("remarks"), blank=True)
    #: The process's part of its OCDS ocid, given once on first publication
    #: (``ita_wagtail.exporting.ocds``) and never changed.
    ocds_process_id = models.CharField(
        _("OCDS process id"), max_length=40, blank=True, editable=False
    )
    #: The month a record is reported in (สขร.1): the contract date, or the
    #: announcement date before a contract is signed. Stored and indexed so
    #: that registers of tens of thousands of records sort and filter fast.
    reported_on = models.GeneratedField(
        expression=Coalesce("contract_date", "announcement_date"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("reported on"),
    )
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(
        _("last updated"), default=timezone.now, editable=False
    )

    objects = ProcurementQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site"),
                FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("status")]),
                FieldRowPanel(
                    [FieldPanel("egp_number"), FieldPanel("reference_number")]
                ),
                FieldPanel("plan_item"),
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("category"), FieldPanel("method")]),
                FieldPanel("responsible_unit"),
            ],
            heading=_("Procurement item"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget"), FieldPanel("budget_source")]),
                FieldPanel("budget_source_detail"),
                FieldRowPanel(
                    [
                        FieldPanel("reference_price"),
                        FieldPanel("reference_price_document"),
                    ]
                ),
                FieldPanel("announcement_date"),
            ],
            heading=_("Budget and reference price"),
        ),
        InlinePanel("bids", heading=_("Bidders and their prices"), label=_("Bid")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("selected_supplier"),
                        FieldPanel("selected_supplier_tax_id"),
                    ]
                ),
                FieldPanel("agreed_price"),
                FieldPanel("selection_reason"),
            ],
            heading=_("Selection"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contract_type"),
                FieldRowPanel(
                    [FieldPanel("contract_number"), FieldPanel("contract_date")]
                ),
            ],
            heading=_("Contract or order"),
        ),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        FieldPanel("remarks"),
    ]

    class Meta:
        verbose_name = _("procurement record")
        verbose_name_plural = _("procurement records")
        ordering = ["-fiscal_year", "-reported_on", "-pk"]
        permissions = [("import_procurement", _("Can import procurement records"))]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "egp_number"],
                condition=~Q(egp_number=""),
                name="ita_unique_procurement_egp_number",
            ),
            models.UniqueConstraint(
                fields=["site", "fiscal_year", "reference_number"],
                condition=~Q(reference_number=""),
                name="ita_unique_procurement_reference",
            ),
        ]
        indexes = [
            models.Index(
                fields=["site", "fiscal_year", "reported_on"],
                name="ita_procurement_year_idx",
            ),
            models.Index(
                fields=["site", "reported_on"], name="ita_procurement_month_idx"
            ),
            models.Index(
                fields=["site", "updated_at"], name="ita_procurement_updated_idx"
            ),
        ]

    def __str__(self):
        return self.name or str(_("procurement record"))

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        self.egp_number = normalise_egp_number(self.egp_number)
        self.selected_supplier_tax_id = normalise_tax_id(self.selected_supplier_tax_id)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    # -- derived values ---------------------------------------------------

    @property
    def record_date(self) -> date | None:
        annotated = getattr(self, "ita_record_date", None)
        if annotated is not None:
            return annotated
        return self.contract_date or self.announcement_date

    @property
    def public_supplier_tax_id(self):
        return public_tax_id(self.selected_supplier_tax_id)

    @property
    def method_thai(self):
        return METHOD_THAI.get(self.method, "")

    @property
    def method_group(self):
        return METHOD_GROUP.get(self.method)

    @property
    def contract_label(self):
        """ "สัญญาเลขที่ 12/2568 ลงวันที่ 5 ตุลาคม 2567", as the สขร.1 column."""
        from ita_wagtail.thai import format_thai_date

        if not self.contract_number and not self.contract_date:
            return ""
        kind = CONTRACT_TYPE_THAI.get(self.contract_type, "สัญญา")
        parts = []
        if self.contract_number:
            parts.append(f"{kind}เลขที่ {self.contract_number}")
        if self.contract_date:
            parts.append(f"ลงวันที่ {format_thai_date(self.contract_date)}")
        return " ".join(parts)

    @cached_property
    def _bids_in_memory(self):
        return list(self.bids.all())

    @property
    def sorted_bids(self):
        return self._bids_in_memory

    def bids_summary(self, separator="\n", public=False):
        """Bidders and prices as one text cell, one bidder per line."""
        return separator.join(
            bid.public_label if public else bid.label for bid in self._bids_in_memory
        )

    @property
    def has_complete_bids(self) -> bool:
        """At least one bidder, and every bidder with a price."""
        if hasattr(self, "ita_has_bids"):
            return self.ita_has_bids and not self.ita_has_unpriced_bid
        bids = self._bids_in_memory
        return bool(bids) and all(bid.price is not None for bid in bids)

    def missing_fields(self) -> list[CompletenessRule]:
        """The 5.7 fields due at this record's status that it still lacks."""
        return [
            rule
            for rule in COMPLETENESS_RULES
            if self.status in rule.statuses and rule.is_missing(self)
        ]

    @property
    def is_complete(self) -> bool:
        if hasattr(self, "ita_missing_count") and hasattr(self, "ita_has_bids"):
            return self.ita_missing_count == 0
        return not self.missing_fields()

    def missing_labels(self) -> list[str]:
        return [str(rule.label) for rule in self.missing_fields()]

    def missing_summary(self) -> str:
        return ", ".join(self.missing_labels())

    # -- validation -------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.plan_item_id and self.fiscal_year:
            plan = ProcurementPlan.objects.filter(items=self.plan_item_id).first()
            if plan is not None and plan.fiscal_year != self.fiscal_year:
                errors["plan_item"] = _(
                    "The plan item belongs to the plan of fiscal year %(year)s."
                ) % {"year": plan.fiscal_year}
        errors.update(self.date_errors())
        if errors:
            raise ValidationError(errors)

    def date_errors(self) -> dict:
        """Cross-field date rules, shared by the edit form and the importer."""
        errors = {}
        if (
            self.announcement_date
            and self.contract_date
            and self.contract_date < self.announcement_date
        ):
            errors["contract_date"] = _(
                "The contract date is before the announcement date."
            )
        return errors


class ProcurementBid(Orderable):
    """One bidder and the price it offered."""

    procurement = ParentalKey(
        Procurement, on_delete=models.CASCADE, related_name="bids"
    )
    bidder_name = models.CharField(_("bidder"), max_length=255)
    tax_id = models.CharField(
        _("tax id"), max_length=13, blank=True, validators=[validate_tax_id]
    )
    price = money_field(_("bid price (baht)"))

    panels = [
        FieldRowPanel(
            [FieldPanel("bidder_name"), FieldPanel("tax_id"), FieldPanel("price")]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("bid")
        verbose_name_plural = _("bids")

    def __str__(self):
        return self.bidder_name

    @property
    def public_tax_id(self):
        return public_tax_id(self.tax_id)

    @property
    def label(self):
        """ "บริษัท ก จำกัด (0105551234560) 99,000.00 บาท", as one line of a cell."""
        return self._label(self.tax_id)

    @property
    def public_label(self):
        return self._label(self.public_tax_id)

    def _label(self, tax_id):
        from ita_wagtail.thai import format_baht

        text = self.bidder_name
        if tax_id:
            text += f" ({tax_id})"
        if self.price is not None:
            text += f" {format_baht(self.price)}"
        return text

    def save(self, *args, **kwargs):
        self.tax_id = normalise_tax_id(self.tax_id)
        super().save(*args, **kwargs)


class ProcurementDocument(Orderable):
    procurement = ParentalKey(
        Procurement, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.OTHER,
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("document")])]

    class Meta(Orderable.Meta):
        verbose_name = _("procurement document")
        verbose_name_plural = _("procurement documents")

    def __str__(self):
        return str(self.document)


# --------------------------------------------------------------------------
# "No procurement this month"
# --------------------------------------------------------------------------


class NoProcurementDeclaration(models.Model):
    """A month in which the site bought nothing, stated rather than silent."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = fiscal_year_field()
    month = models.PositiveSmallIntegerField(_("month"), choices=FISCAL_MONTH_CHOICES)
    declared_on = models.DateField(_("date declared"), default=today)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Shown on the public summary, for example who certified it."),
    )
    document = document_field(_("signed declaration"))

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("month")]),
        FieldPanel("declared_on"),
        FieldPanel("note"),
        FieldPanel("document"),
    ]

    class Meta:
        verbose_name = _("no-procurement declaration")
        verbose_name_plural = _("no-procurement declarations")
        ordering = ["-fiscal_year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "fiscal_year", "month"],
                name="ita_unique_no_procurement_month",
            )
        ]

    def __str__(self):
        return f"ไม่มีการจัดซื้อจัดจ้าง {self.month_label}"

    @property
    def month_label(self):
        if not (self.fiscal_year and self.month):
            return ""
        return fiscal_month_label(self.fiscal_year, self.month)

    @property
    def calendar_month(self):
        return calendar_month(self.fiscal_year, self.month)

    def clean(self):
        super().clean()
        if not (self.fiscal_year and self.month and self.site_id):
            return
        year, month = self.calendar_month
        if (year, month) > (today().year, today().month):
            raise ValidationError(
                {"month": _("A month that has not started cannot be declared yet.")}
            )
        if (
            Procurement.objects.filter(site_id=self.site_id)
            .in_month(year, month)
            .exists()
        ):
            raise ValidationError(
                {
                    "month": _(
                        "This month already has procurement records; "
                        "it cannot be declared as a month without procurement."
                    )
                }
            )


def current_fiscal_year() -> int:
    return fiscal_year(today())
