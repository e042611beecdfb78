"""The django-import-export resource behind every procurement import.

Rows go through import-export's own loop (``import_row``: find or create the
instance, ``import_instance`` through the widgets, ``skip_row``,
``validate_instance``, ``save_instance``), with the parts that would make a
10,000-row file slow or unsafe replaced:

* matching (``get_instance``) uses records loaded once per fiscal year and
  once for the file's e-GP numbers, not a query per row: rows match by
  e-GP project number, else by fiscal year + reference number, else (for
  forms that only carry a contract number, such as สขร.1) by fiscal year +
  contract number;
* validation is the model's own rules without ``full_clean``'s per-row
  uniqueness queries — uniqueness is checked against the loaded records and
  the rest of the file;
* nothing is written while rows are read: ``save_instance`` collects, and
  :meth:`ProcurementResource.write` stores everything in one transaction
  with bulk operations, or nothing if any row is invalid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field

from ita_wagtail.models import Procurement, ProcurementBid, ResponsibleUnit
from ita_wagtail.models.plans import BudgetSource
from ita_wagtail.models.procurement import (
    CATEGORY_THAI,
    METHOD_THAI,
    STATUS_THAI,
    ContractType,
    ProcurementPlanItem,
    ProcurementStatus,
)
from ita_wagtail.thai import fiscal_year as fiscal_year_of

from . import values, widgets
from .layouts import COLUMNS_BY_KEY
from .xlsx import MAX_CELL_CHARS, LongText

#: Placeholder for a column the row's sheet does not have: such a column
#: never touches the record, while an empty cell of a column it has is just
#: "not given".
ABSENT = type(
    "Absent", (), {"__repr__": lambda self: "ABSENT", "__bool__": lambda self: False}
)()

SHEET = "__sheet"
ROW = "__row"

#: Model attributes an import may set, in the order changes are reported.
IMPORTED_ATTRIBUTES = (
    "fiscal_year",
    "egp_number",
    "reference_number",
    "plan_item_id",
    "name",
    "category",
    "budget",
    "budget_source",
    "budget_source_detail",
    "reference_price",
    "method",
    "status",
    "announcement_date",
    "selected_supplier",
    "selected_supplier_tax_id",
    "agreed_price",
    "selection_reason",
    "contract_type",
    "contract_number",
    "contract_date",
    "responsible_unit_id",
    "remarks",
)

#: Model attribute -> the columns that can carry it (for error messages).
ATTRIBUTE_COLUMNS = {
    "selected_supplier": ("selected_supplier", "supplier_and_price"),
    "selected_supplier_tax_id": ("selected_supplier_tax_id", "supplier_and_price"),
    "agreed_price": ("agreed_price", "supplier_and_price"),
    "contract_number": ("contract_number", "contract"),
    "contract_date": ("contract_date", "contract"),
    "budget_source_detail": ("budget_source",),
    "plan_item_id": ("plan_code",),
    "responsible_unit_id": ("responsible_unit",),
    "bids": ("bids",),
}

#: Attribute (``plan_item_id``) -> field name (``plan_item``).
_FIELD_NAMES = {"plan_item_id": "plan_item", "responsible_unit_id": "responsible_unit"}

_STATUS_RANK = {
    ProcurementStatus.PLANNED: 0,
    ProcurementStatus.ANNOUNCED: 1,
    ProcurementStatus.AWARDED: 2,
    ProcurementStatus.CONTRACTED: 3,
}


class ImportField(Field):
    """One spreadsheet column, whose widget returns model attributes."""

    def __init__(self, key, widget):
        super().__init__(attribute=key, column_name=key, widget=widget)

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = row.get(self.column_name, ABSENT)
        if value is ABSENT:
            return
        if isinstance(value, LongText):
            # Longer than a spreadsheet cell holds: only its start was kept.
            raise values.ImportValueError(
                widgets.too_long(value, value.full_length, MAX_CELL_CHARS)
            )
        for attribute, cleaned in self.widget.clean(value, row=row).items():
            setattr(instance, attribute, cleaned)


@dataclass
class SheetContext:
    """What a sheet's title block says: report month, fiscal year."""

    name: str = ""
    fiscal_year: int | None = None
    month: tuple[int, int] | None = None
    headers: dict = field(default_factory=dict)  # key -> header as written


@dataclass
class RowOutcome:
    sheet: int
    row: int
    kind: str = ""
    name: str = ""
    key: str = ""
    budget: Decimal | None = None
    changes: list = field(default_factory=list)
    #: What the preview shows: for a changed record, (attribute, old, new)
    #: per changed field (``"bids"``: lists of bids); for a new record, the
    #: values of :data:`PREVIEW_ATTRIBUTES`.
    diff: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (column header, message)
    warnings: list = field(default_factory=list)


#: The attributes a new record shows in the import preview.
PREVIEW_ATTRIBUTES = (
    "egp_number",
    "reference_number",
    "name",
    "method",
    "budget",
    "selected_supplier",
    "agreed_price",
    "contract_number",
    "contract_date",
)


def _signature(record, bids):
    return (
        tuple(getattr(record, name) for name in IMPORTED_ATTRIBUTES),
        tuple((bid["name"], bid["tax_id"], bid["price"]) for bid in bids),
    )


def _stored_bids(record):
    return [
        {"name": bid.bidder_name, "tax_id": bid.tax_id, "price": bid.price}
        for bid in record.bids.all()
    ]


def _normalise_name(text) -> str:
    return "".join(str(text).split()).lower()


#: Every column key the resource reads, in the order fields are applied
#: (a separate contract date column overrides a date found in the number).
IMPORT_KEYS = (
    "sequence",
    "fiscal_year",
    "egp_number",
    "reference_number",
    "plan_code",
    "name",
    "category",
    "budget",
    "budget_source",
    "reference_price",
    "method",
    "status",
    "announcement_date",
    "bids",
    "selected_supplier",
    "selected_supplier_tax_id",
    "agreed_price",
    "supplier_and_price",
    "selection_reason",
    "contract",
    "contract_number",
    "contract_date",
    "responsible_unit",
    "remarks",
)


class ProcurementResource(resources.ModelResource):
    sequence = ImportField("sequence", widgets.IgnoredWidget())
    fiscal_year = ImportField("fiscal_year", widgets.FiscalYearWidget())
    egp_number = ImportField("egp_number", widgets.EgpNumberWidget())
    reference_number = ImportField(
        "reference_number", widgets.TextWidget("reference_number", max_length=50)
    )
    plan_code = ImportField("plan_code", widgets.LookupWidget("_import_plan_code"))
    name = ImportField("name", widgets.TextWidget("name", max_length=500))
    category = ImportField(
        "category",
        widgets.ChoiceWidget("category", values.parse_category, CATEGORY_THAI),
    )
    budget = ImportField("budget", widgets.MoneyWidget("budget"))
    budget_source = ImportField("budget_source", widgets.BudgetSourceWidget())
    reference_price = ImportField(
        "reference_price", widgets.MoneyWidget("reference_price")
    )
    method = ImportField(
        "method", widgets.ChoiceWidget("method", values.parse_method, METHOD_THAI)
    )
    status = ImportField(
        "status", widgets.ChoiceWidget("status", values.parse_status, STATUS_THAI)
    )
    announcement_date = ImportField(
        "announcement_date", widgets.DateWidget("announcement_date")
    )
    bids = ImportField("bids", widgets.BidsWidget())
    selected_supplier = ImportField(
        "selected_supplier", widgets.TextWidget("selected_supplier", max_length=255)
    )
    selected_supplier_tax_id = ImportField(
        "selected_supplier_tax_id", widgets.TaxIdWidget("selected_supplier_tax_id")
    )
    agreed_price = ImportField("agreed_price", widgets.MoneyWidget("agreed_price"))
    supplier_and_price = ImportField(
        "supplier_and_price", widgets.SupplierAndPriceWidget()
    )
    selection_reason = ImportField(
        "selection_reason", widgets.TextWidget("selection_reason", multiline=True)
    )
    contract = ImportField("contract", widgets.ContractWidget())
    contract_number = ImportField("contract_number", widgets.ContractWidget())
    contract_date = ImportField("contract_date", widgets.DateWidget("contract_date"))
    responsible_unit = ImportField(
        "responsible_unit", widgets.LookupWidget("_import_unit")
    )
    remarks = ImportField("remarks", widgets.TextWidget("remarks", multiline=True))

    class Meta:
        model = Procurement
        fields = IMPORT_KEYS
        import_order = IMPORT_KEYS
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False
        use_bulk = False

    def __init__(self, site, contexts=None, progress=None, progress_every=250):
        super().__init__()
        self.site = site
        self.contexts = contexts or {}
        self.progress = progress
        self.progress_every = progress_every
        self.outcomes: list[RowOutcome] = []
        self.new_records: list[Procurement] = []
        self.changed_records: list[Procurement] = []
        self._import_fields = super().get_import_fields()
        self._by_pk = {}
        self._by_egp = {}
        self._by_reference = {}
        self._by_contract = {}
        self._years_loaded = set()
        self._plan_items = {}
        self._plan_years_loaded = set()
        self._units = None
        self._seen_egp = {}
        self._seen_reference = {}
        self._seen_contract = {}
        self._claimed = {}
        self._row = None

    # -- import-export hooks ------------------------------------------------

    def get_import_fields(self):
        return self._import_fields

    def before_import(self, dataset, **kwargs):
        numbers = set()
        if "egp_number" in dataset.headers:
            for raw in dataset["egp_number"]:
                if raw is ABSENT or values.is_blank(raw):
                    continue
                try:
                    numbers.add(values.parse_egp_number(raw))
                except values.ImportValueError:
                    continue
        if numbers:
            records = Procurement.objects.filter(
                site=self.site, egp_number__in=numbers
            ).prefetch_related("bids")
            self._index(records)

    def before_import_row(self, row, **kwargs):
        sheet = row[SHEET]
        self._row = RowOutcome(sheet=sheet, row=row[ROW])
        self._row_context = self.contexts.get(sheet) or SheetContext()

    def get_instance(self, instance_loader, row):
        keys = self._row_keys(row)
        record = self._match(keys)
        self._claim(record, keys)
        self._row_keys_cache = keys
        return record

    def init_instance(self, row=None):
        return Procurement(site=self.site)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_bids = None
        instance._import_plan_code = ""
        instance._import_unit = ""
        if not new:
            instance._ita_original = _signature(instance, instance._ita_stored_bids)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._complete(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        bids = (
            instance._import_bids
            if instance._import_bids is not None
            else instance._ita_stored_bids
        )
        now = _signature(instance, bids)
        before = instance._ita_original
        diff = [
            (name, old, new)
            for name, old, new in zip(
                IMPORTED_ATTRIBUTES, before[0], now[0], strict=True
            )
            if old != new
        ]
        instance._ita_bids_changed = before[1] != now[1]
        if instance._ita_bids_changed:
            diff.append(("bids", before[1], now[1]))
        instance._ita_diff = diff
        instance._ita_changes = [name for name, _old, _new in diff]
        return not diff

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        # A name or year that could not be read already has its error; it
        # is not also "missing".
        if not values.clean_line(instance.name) and "name" not in errors:
            errors.setdefault("name", []).append(_("The item name is empty."))
        if not instance.fiscal_year and "fiscal_year" not in errors:
            errors.setdefault("fiscal_year", []).append(
                _(
                    "The fiscal year is missing and cannot be worked out from "
                    "the dates or the sheet's title."
                )
            )
        for attribute, message in instance.date_errors().items():
            errors.setdefault(attribute, []).append(str(message))
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            instance._ita_changes = []
            self.new_records.append(instance)
        else:
            self.changed_records.append(instance)
        self._remember(instance)

    def save_m2m(self, instance, row, **kwargs):
        pass

    def import_row(self, row, instance_loader, **kwargs):
        self._last_instance = None
        row_result = super().import_row(row, instance_loader, **kwargs)
        # Recorded here rather than in after_import_row, which import-export
        # skips for a row that failed before its instance was built.
        self._record_outcome(row, row_result)
        return row_result

    def _record_outcome(self, row, row_result):
        outcome = self._row
        instance = self._last_instance
        outcome.kind = {
            "new": "new",
            "update": "updated",
            "skip": "unchanged",
        }.get(row_result.import_type, "invalid")
        if row_result.validation_error is not None:
            outcome.errors = self._errors(row_result.validation_error, row)
        if row_result.errors:
            outcome.kind = "invalid"
            outcome.errors.append(
                (
                    "",
                    _("Unexpected error: %(error)s")
                    % {"error": row_result.errors[0].error},
                )
            )
        if instance is not None:
            outcome.name = values.clean_line(instance.name)[:200]
            outcome.key = (
                instance.egp_number
                or instance.reference_number
                or instance.contract_number
            )
            outcome.budget = instance.budget
            outcome.changes = [
                self._label(name) for name in getattr(instance, "_ita_changes", [])
            ]
            if outcome.kind == "updated":
                outcome.diff = getattr(instance, "_ita_diff", [])
            elif outcome.kind == "new":
                outcome.values = {
                    name: getattr(instance, name) for name in PREVIEW_ATTRIBUTES
                }
        else:
            name = row.get("name")
            outcome.name = values.clean_line(name if name is not ABSENT else "")[:200]
        self.outcomes.append(outcome)
        if self.progress and len(self.outcomes) % self.progress_every == 0:
            self.progress(len(self.outcomes))

    def after_import(self, dataset, result, **kwargs):
        if self.progress:
            self.progress(len(self.outcomes))

    def bulk_create(self, *args, **kwargs):
        pass

    def bulk_update(self, *args, **kwargs):
        pass

    def bulk_delete(self, *args, **kwargs):
        pass

    # -- matching -----------------------------------------------------------

    def _index(self, records):
        for record in records:
            if record.pk in self._by_pk:
                continue
            record._ita_stored_bids = _stored_bids(record)
            self._by_pk[record.pk] = record
            if record.egp_number:
                self._by_egp[record.egp_number] = record
            if record.reference_number:
                self._by_reference[(record.fiscal_year, record.reference_number)] = (
                    record
                )
            if record.contract_number:
                self._by_contract.setdefault(
                    (record.fiscal_year, record.contract_number), record
                )

    def _load_year(self, year):
        if year is None or year in self._years_loaded:
            return
        self._years_loaded.add(year)
        self._index(
            Procurement.objects.filter(
                site=self.site, fiscal_year=year
            ).prefetch_related("bids")
        )

    def _row_keys(self, row):
        def quietly(parse, key):
            value = row.get(key, ABSENT)
            if value is ABSENT:
                return None
            try:
                return parse(value)
            except values.ImportValueError:
                return None

        egp = quietly(values.parse_egp_number, "egp_number") or ""
        reference = quietly(values.clean_line, "reference_number") or ""
        contract = quietly(values.parse_contract, "contract") or quietly(
            values.parse_contract, "contract_number"
        )
        contract_number = (contract or {}).get("number", "")
        year = quietly(values.parse_fiscal_year, "fiscal_year")
        if year is None:
            year = self._row_context.fiscal_year
        if year is None:
            dated = (
                (contract or {}).get("date")
                or quietly(values.parse_date, "contract_date")
                or quietly(values.parse_date, "announcement_date")
            )
            if dated:
                year = fiscal_year_of(dated)
        return {
            "egp": egp,
            "reference": reference,
            "contract": contract_number,
            "year": year,
        }

    def _match(self, keys):
        year = keys["year"]
        self._load_year(year)
        record = None
        if keys["egp"]:
            record = self._by_egp.get(keys["egp"])
        if record is None and keys["reference"] and year:
            candidate = self._by_reference.get((year, keys["reference"]))
            if candidate is not None and (
                not keys["egp"]
                or not candidate.egp_number
                or candidate.egp_number == keys["egp"]
            ):
                record = candidate
        if (
            record is None
            and not keys["egp"]
            and not keys["reference"]
            and keys["contract"]
            and year
        ):
            record = self._by_contract.get((year, keys["contract"]))
        return record

    def _claim(self, record, keys):
        """Refuse a row that repeats another row or takes another record's number."""
        errors = {}
        here = self._where()
        year = keys["year"]
        if not (keys["egp"] or keys["reference"] or keys["contract"]):
            errors["reference_number"] = [
                _(
                    "The row has no e-GP project number, reference number or "
                    "contract number, so a second import could not recognise it. "
                    "Fill in one of them."
                )
            ]
        if keys["egp"]:
            other = self._seen_egp.get(keys["egp"])
            if other:
                errors.setdefault("egp_number", []).append(
                    _("The same e-GP project number is already on %(row)s.")
                    % {"row": other}
                )
            owner = self._by_egp.get(keys["egp"])
            if owner is not None and record is not None and owner is not record:
                errors.setdefault("egp_number", []).append(
                    _(
                        "This e-GP project number belongs to another record (“%(name)s”)."
                    )
                    % {"name": owner.name}
                )
        if keys["reference"] and year:
            other = self._seen_reference.get((year, keys["reference"]))
            if other:
                errors.setdefault("reference_number", []).append(
                    _("The same reference number is already on %(row)s.")
                    % {"row": other}
                )
            owner = self._by_reference.get((year, keys["reference"]))
            if owner is not None and owner is not record:
                errors.setdefault("reference_number", []).append(
                    _(
                        "Reference number %(number)s of fiscal year %(year)s already "
                        "belongs to “%(name)s” (e-GP %(egp)s)."
                    )
                    % {
                        "number": keys["reference"],
                        "year": year,
                        "name": owner.name,
                        "egp": owner.egp_number or "—",
                    }
                )
        if keys["contract"] and year and not (keys["egp"] or keys["reference"]):
            other = self._seen_contract.get((year, keys["contract"]))
            if other:
                errors.setdefault("contract_number", []).append(
                    _("The same contract number is already on %(row)s.")
                    % {"row": other}
                )
        if record is not None and record.pk in self._claimed:
            errors.setdefault(
                "egp_number" if keys["egp"] else "reference_number", []
            ).append(
                _("%(row)s already updates this record.")
                % {"row": self._claimed[record.pk]}
            )
        if errors:
            raise ValidationError(errors)
        if keys["egp"]:
            self._seen_egp[keys["egp"]] = here
        if keys["reference"] and year:
            self._seen_reference[(year, keys["reference"])] = here
        if keys["contract"] and year and not (keys["egp"] or keys["reference"]):
            self._seen_contract[(year, keys["contract"])] = here
        if record is not None:
            self._claimed[record.pk] = here

    def _where(self):
        context = self.contexts.get(self._row.sheet)
        if context and context.name and len(self.contexts) > 1:
            return _("sheet “%(sheet)s” row %(row)s") % {
                "sheet": context.name,
                "row": self._row.row,
            }
        return _("row %(row)s") % {"row": self._row.row}

    # -- derived values -----------------------------------------------------

    def _complete(self, instance, row, errors):
        """Fill what the file implies but does not say, and resolve lookups."""
        self._last_instance = instance
        keys = self._row_keys_cache
        if not instance.fiscal_year and keys["year"]:
            instance.fiscal_year = keys["year"]
        given = lambda key: not values.is_blank(row.get(key, ABSENT) or None)  # noqa: E731
        if not given("status") and instance.status != ProcurementStatus.CANCELLED:
            inferred = self._inferred_status(instance)
            if instance.pk is None or _STATUS_RANK.get(inferred, 0) > _STATUS_RANK.get(
                instance.status, 0
            ):
                instance.status = inferred
        if not instance.category:
            instance.category = values.infer_category(instance.name)
        if instance._import_bids and instance.pk is not None:
            # A bidder listed without its tax id keeps the one stored (public
            # files leave natural persons' ids out; empty never erases).
            stored = {
                _normalise_name(bid["name"]): bid["tax_id"]
                for bid in instance._ita_stored_bids
                if bid["tax_id"]
            }
            for bid in instance._import_bids:
                if not bid["tax_id"]:
                    bid["tax_id"] = stored.get(_normalise_name(bid["name"]), "")
        if instance._import_bids and not instance.selected_supplier_tax_id:
            wanted = _normalise_name(instance.selected_supplier or "")
            for bid in instance._import_bids:
                if bid["tax_id"] and _normalise_name(bid["name"]) == wanted:
                    instance.selected_supplier_tax_id = bid["tax_id"]
                    break
        if instance.contract_number and not given("contract"):
            number_type = values.contract_type_of(str(row.get("contract_number") or ""))
            if number_type != ContractType.CONTRACT:
                instance.contract_type = number_type
        if instance._import_plan_code:
            item = self._plan_item(instance.fiscal_year, instance._import_plan_code)
            if item is None:
                self._row.warnings.append(
                    _(
                        "Plan code %(code)s is not in the procurement plan of "
                        "%(year)s; the record is not linked to the plan."
                    )
                    % {"code": instance._import_plan_code, "year": instance.fiscal_year}
                )
            else:
                instance.plan_item_id = item
        if instance._import_unit:
            unit = self._unit(instance._import_unit)
            if unit is None:
                self._row.warnings.append(
                    _(
                        "Unit “%(unit)s” is not a responsible unit in the admin; left empty."
                    )
                    % {"unit": instance._import_unit}
                )
            else:
                instance.responsible_unit_id = unit
        if (
            instance.budget_source == BudgetSource.OTHER
            and not instance.budget_source_detail
        ):
            raw = row.get("budget_source")
            if raw not in (ABSENT, None):
                instance.budget_source_detail = values.clean_line(raw)[:255]

    @staticmethod
    def _inferred_status(instance):
        if instance.contract_number or instance.contract_date:
            return ProcurementStatus.CONTRACTED
        if instance.selected_supplier or instance.agreed_price is not None:
            return ProcurementStatus.AWARDED
        if instance.announcement_date or instance._import_bids:
            return ProcurementStatus.ANNOUNCED
        return ProcurementStatus.PLANNED

    def _plan_item(self, year, code):
        if year and year not in self._plan_years_loaded:
            self._plan_years_loaded.add(year)
            for item_id, plan_code in ProcurementPlanItem.objects.filter(
                plan__site=self.site, plan__fiscal_year=year
            ).values_list("pk", "plan_code"):
                if plan_code:
                    self._plan_items[(year, _normalise_name(plan_code))] = item_id
        return self._plan_items.get((year, _normalise_name(code)))

    def _unit(self, text):
        if self._units is None:
            self._units = {}
            for unit in ResponsibleUnit.objects.all():
                self._units[_normalise_name(unit.name)] = unit.pk
                if unit.code:
                    self._units.setdefault(_normalise_name(unit.code), unit.pk)
        return self._units.get(_normalise_name(text))

    def _remember(self, instance):
        if instance.egp_number:
            self._by_egp.setdefault(instance.egp_number, instance)

    # -- reporting ----------------------------------------------------------

    def _errors(self, validation_error, row):
        context = self.contexts.get(self._row.sheet) or SheetContext()
        errors = []
        for attribute, messages in validation_error.message_dict.items():
            column = self._column_for(attribute, context, row)
            for message in messages:
                errors.append((column, values.shorten(message, 500)))
        return errors

    def _column_for(self, attribute, context, row):
        for key in ATTRIBUTE_COLUMNS.get(attribute, (attribute,)):
            if key in context.headers:
                return context.headers[key]
        if attribute in COLUMNS_BY_KEY:
            return COLUMNS_BY_KEY[attribute].header
        if attribute == "__all__":
            return ""
        return self._label(attribute)

    @staticmethod
    def _label(name):
        if name == "bids":
            return _("bidders and their prices")
        try:
            field_ = Procurement._meta.get_field(_FIELD_NAMES.get(name, name))
        except Exception:
            return name
        return str(field_.verbose_name)

    # -- writing ------------------------------------------------------------

    def write(self, user=None, file_name=""):
        """Store every collected record in bulk; call inside a transaction."""
        from ita_wagtail.procurement.audit import log_imported_records
        from ita_wagtail.scoring.cache import invalidate

        now = timezone.now()
        for record in self.new_records:
            record.created_at = now
            record.updated_at = now
        for record in self.changed_records:
            record.updated_at = now
        if self.new_records:
            if connection.features.can_return_rows_from_bulk_insert:
                Procurement.objects.bulk_create(self.new_records, batch_size=500)
            else:
                for record in self.new_records:
                    record.save()
        if self.changed_records:
            changed_fields = sorted(
                {
                    _FIELD_NAMES.get(name, name)
                    for record in self.changed_records
                    for name in record._ita_changes
                    if name != "bids"
                }
                | {"updated_at"}
            )
            Procurement.objects.bulk_update(
                self.changed_records, changed_fields, batch_size=500
            )
        replaced = [
            record.pk for record in self.changed_records if record._ita_bids_changed
        ]
        for start in range(0, len(replaced), 500):
            ProcurementBid.objects.filter(
                procurement_id__in=replaced[start : start + 500]
            ).delete()
        bids = [
            ProcurementBid(
                procurement_id=record.pk,
                sort_order=order,
                bidder_name=bid["name"],
                tax_id=bid["tax_id"],
                price=bid["price"],
            )
            for record in [
                *self.new_records,
                *(r for r in self.changed_records if r._ita_bids_changed),
            ]
            for order, bid in enumerate(record._import_bids or [])
        ]
        ProcurementBid.objects.bulk_create(bids, batch_size=1000)
        log_imported_records(
            [
                *((record, True, []) for record in self.new_records),
                *(
                    (record, False, [self._label(name) for name in record._ita_changes])
                    for record in self.changed_records
                ),
            ],
            file_name=file_name,
            user=user,
        )
        # bulk_create/bulk_update send no signals; item 5.7 may have moved.
        transaction.on_commit(invalidate)
        return len(self.new_records), len(self.changed_records)
