"""The procurement register as Open Contracting Data Standard 1.1 releases.

One release per contracting process, in a release package per site and
fiscal year, with the bids extension v1.1.5: the Thai method in
``tender.procurementMethodDetails`` (``procurementMethod`` is OCDS's closed
codelist), every bidder and price in ``bids.details``, the selected supplier
in ``awards`` (``relatedBid`` points at the winning bid), the contract in
``contracts``. Plan items that no record has taken up yet are published as
``planning`` releases. ``docs/procurement/ocds.md`` has the field mapping.

Settings (Django):

``ITA_OCDS_PREFIX`` (required to publish)
    The ocid prefix the OCDS Helpdesk registered for the municipality, e.g.
    ``"ocds-a1b2c3"``; or a dict from site hostname (or site id) to prefix
    when one installation serves several municipalities. Until a site has a
    valid prefix its OCDS download answers 404 with a Thai page saying the
    data is not published yet, and ``manage.py check`` warns.
``ITA_OCDS_LICENSE`` (default: Creative Commons Attribution 4.0)
``ITA_OCDS_PUBLICATION_POLICY`` (default: the register's own ``ocds/`` page)

OCIDs: ``<prefix>-<process id>``. The process id (``<fiscal year>-<8 hex
digits>``) is given once, when the process is first exported, and stored
(``ocds_process_id``); a record made from a plan item takes the plan
item's id, so the process keeps one ocid from planning to contract.

Parties: the buyer is identified by its tax id (org-id scheme ``TH-TIN``,
the Revenue Department's Taxpayer Identification Number) from the site's
"Open contracting data" settings. Suppliers with a juristic person's tax id
(it starts with 0) get ``TH-TIN-<tax id>``; any other bidder gets a stable id
made from its normalised name. The 13-digit id of a natural person is a
citizen id, which the PDPA protects: it is never published.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import secrets
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.core.checks import Warning, register
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from ita_wagtail.models.procurement import (
    METHOD_GROUP,
    METHOD_THAI,
    DocumentKind,
    MethodGroup,
    Procurement,
    ProcurementCategory,
    ProcurementPlanItem,
    ProcurementStatus,
    public_tax_id,
)
from ita_wagtail.thai import BANGKOK

OCDS_VERSION = "1.1"
#: Never a publisher's prefix: it marks data nobody registered.
PLACEHOLDER_PREFIX = "ocds-ita000"
PREFIX_PATTERN = re.compile(r"^ocds-[a-z0-9]{6}$")
#: The released version of the bids extension; ``Award.relatedBid`` (one
#: bid id) is what it has. ``relatedBids`` exists only on its main branch.
BID_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_bid_extension/v1.1.5/extension.json"
)
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
CURRENCY = "THB"
#: org-id.guide's list for the Thai Revenue Department's 13-digit
#: Taxpayer Identification Number (หมายเลขประจำตัวผู้เสียภาษีอากร).
TAX_ID_SCHEME = "TH-TIN"

PROCUREMENT_METHOD = {
    MethodGroup.OPEN: "open",
    MethodGroup.SELECTIVE: "selective",
    # วิธีเฉพาะเจาะจง: the agency invites the suppliers of its choice.
    MethodGroup.SPECIFIC: "limited",
    MethodGroup.CONTEST: "open",
}
MAIN_CATEGORY = {
    ProcurementCategory.GOODS: "goods",
    ProcurementCategory.CONSTRUCTION: "works",
    ProcurementCategory.SERVICES: "services",
    ProcurementCategory.CONSULTING: "services",
    ProcurementCategory.DESIGN: "services",
}
TENDER_STATUS = {
    ProcurementStatus.PLANNED: "planned",
    ProcurementStatus.ANNOUNCED: "active",
    ProcurementStatus.AWARDED: "complete",
    ProcurementStatus.CONTRACTED: "complete",
    ProcurementStatus.CANCELLED: "cancelled",
}
TAGS = {
    ProcurementStatus.PLANNED: ["planning"],
    ProcurementStatus.ANNOUNCED: ["tender"],
    ProcurementStatus.AWARDED: ["tender", "award"],
    ProcurementStatus.CONTRACTED: ["tender", "award", "contract"],
    ProcurementStatus.CANCELLED: ["tenderCancellation"],
}
#: documentType (an open codelist) and the stage a document belongs to.
DOCUMENT_TYPE = {
    DocumentKind.ANNOUNCEMENT: ("tender", "tenderNotice"),
    DocumentKind.TERMS: ("tender", "technicalSpecifications"),
    DocumentKind.REFERENCE_PRICE: ("tender", None),
    DocumentKind.RESULT: ("award", "awardNotice"),
    DocumentKind.CONTRACT: ("contract", "contractSigned"),
    DocumentKind.OTHER: ("tender", None),
}


# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------


def valid_prefix(value) -> bool:
    return (
        isinstance(value, str)
        and bool(PREFIX_PATTERN.match(value))
        and value != PLACEHOLDER_PREFIX
    )


def ocid_prefix(site) -> str | None:
    """The site's registered ocid prefix, or None while it has none."""
    value = getattr(settings, "ITA_OCDS_PREFIX", None)
    if isinstance(value, dict):
        value = (
            value.get(site.hostname) or value.get(site.pk) or value.get(str(site.pk))
        )
    return value if valid_prefix(value) else None


def is_published(site) -> bool:
    return ocid_prefix(site) is not None


def license_url() -> str:
    return getattr(settings, "ITA_OCDS_LICENSE", None) or DEFAULT_LICENSE


def publication_policy_url(register_url: str) -> str:
    return getattr(settings, "ITA_OCDS_PUBLICATION_POLICY", None) or (
        f"{register_url}ocds/"
    )


def buyer_settings(site):
    from ita_wagtail.models.ocds_settings import OpenContractingSettings

    return OpenContractingSettings.for_site(site)


PREFIX_HINT = (
    "Register a prefix with the OCDS Helpdesk (data@open-contracting.org) "
    "and set ITA_OCDS_PREFIX to it, e.g. 'ocds-a1b2c3'; see "
    "docs/procurement/ocds.md."
)


# A site in development has no prefix yet, and needs none: the missing
# prefix is a deployment warning (``check --deploy``), a wrong one always.
@register(deploy=True)
def check_prefix_set(app_configs, **kwargs):
    """Warn while the OCDS download is off for want of a registered prefix."""
    if getattr(settings, "ITA_OCDS_PREFIX", None):
        return []
    return [
        Warning(
            "ITA_OCDS_PREFIX is not set: the procurement register's OCDS "
            "download is off.",
            hint=PREFIX_HINT,
            id="ita_wagtail.W301",
        )
    ]


@register()
def check_prefix(app_configs, **kwargs):
    """Warn when a prefix is set but is not a registered-looking one."""
    value = getattr(settings, "ITA_OCDS_PREFIX", None)
    if not value:
        return []
    values = value.items() if isinstance(value, dict) else [(None, value)]
    return [
        Warning(
            f"ITA_OCDS_PREFIX{f'[{key!r}]' if key is not None else ''} = "
            f"{prefix!r} is not a registered ocid prefix: the OCDS download "
            "stays off for that site.",
            hint=PREFIX_HINT,
            id="ita_wagtail.W302",
        )
        for key, prefix in values
        if not valid_prefix(prefix)
    ]


# --------------------------------------------------------------------------
# Process ids
# --------------------------------------------------------------------------


def _new_process_id(fiscal_year, taken: set) -> str:
    while True:
        value = f"{fiscal_year}-{secrets.token_hex(4)}"
        if value not in taken:
            taken.add(value)
            return value


def assign_process_ids(site, records, plan_items) -> None:
    """Give every process its id once; records made from a plan item take its id.

    ``records`` must be fetched with ``select_related("plan_item__plan")``.
    A constant number of queries, whatever the number of processes.
    """
    records = [record for record in records if not record.ocds_process_id]
    plan_items = {item.pk: item for item in plan_items}
    for record in records:
        if record.plan_item_id:
            plan_items.setdefault(record.plan_item_id, record.plan_item)
    plan_items = [item for item in plan_items.values() if not item.ocds_process_id]
    if not records and not plan_items:
        return
    with transaction.atomic():
        # Two first downloads at once: the second waits here, then keeps
        # what the first gave.
        records, plan_items = _still_without_id(records, plan_items)
        if not records and not plan_items:
            return
        used_by_records = set(
            Procurement.objects.for_site(site)
            .exclude(ocds_process_id="")
            .values_list("ocds_process_id", flat=True)
        )
        taken = used_by_records | set(
            ProcurementPlanItem.objects.filter(plan__site=site)
            .exclude(ocds_process_id="")
            .values_list("ocds_process_id", flat=True)
        )
        for item in plan_items:
            item.ocds_process_id = _new_process_id(item.plan.fiscal_year, taken)
        for record in records:
            inherited = record.plan_item.ocds_process_id if record.plan_item else ""
            if inherited and inherited not in used_by_records:
                record.ocds_process_id = inherited
            else:
                record.ocds_process_id = _new_process_id(record.fiscal_year, taken)
            used_by_records.add(record.ocds_process_id)
        ProcurementPlanItem.objects.bulk_update(plan_items, ["ocds_process_id"])
        Procurement.objects.bulk_update(records, ["ocds_process_id"])


def _still_without_id(records, plan_items):
    """Lock the rows still without an id; take the stored id of the others."""
    result = []
    for model, objects in ((Procurement, records), (ProcurementPlanItem, plan_items)):
        if not objects:
            result.append([])
            continue
        stored = dict(
            model.objects.select_for_update()
            .filter(pk__in=[obj.pk for obj in objects])
            .values_list("pk", "ocds_process_id")
        )
        missing = []
        for obj in objects:
            obj.ocds_process_id = stored.get(obj.pk, "")
            if not obj.ocds_process_id:
                missing.append(obj)
        result.append(missing)
    return result


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


def _amount(value: Decimal | None):
    if value is None:
        return None
    return {"amount": float(value), "currency": CURRENCY}


def _date_time(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = value.replace(tzinfo=BANGKOK)
        return value.astimezone(BANGKOK).isoformat()
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=BANGKOK).isoformat()
    return None


def _prune(value):
    """Drop empty values: OCDS says absent rather than null or empty."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {
            key: item for key, item in pruned.items() if item not in (None, "", [], {})
        }
    if isinstance(value, list):
        return [
            item
            for item in (_prune(item) for item in value)
            if item not in (None, "", [], {})
        ]
    return value


def normalise_name(name: str) -> str:
    """The same shop however it was typed: Unicode form, spaces, case."""
    return " ".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def name_party_id(name: str) -> str:
    digest = hashlib.sha256(normalise_name(name).encode()).hexdigest()[:16]
    return f"name-{digest}"


class Context:
    """What every release of one package shares: the buyer and the base URL."""

    def __init__(self, site, base_url: str):
        self.site = site
        self.base_url = base_url.rstrip("/")
        self.prefix = ocid_prefix(site) or PLACEHOLDER_PREFIX
        self.settings = buyer_settings(site)
        self.buyer_name = (
            site.site_name
            or getattr(settings, "WAGTAIL_SITE_NAME", "")
            or site.hostname
        )
        tax_id = public_tax_id(self.settings.tax_id)
        if tax_id:
            self.buyer_id = f"{TAX_ID_SCHEME}-{tax_id}"
        elif self.settings.dla_code:
            self.buyer_id = f"dla-{self.settings.dla_code}"
        else:
            self.buyer_id = f"buyer-{site.hostname}"
        self.buyer_tax_id = tax_id

    def ocid(self, process_id: str) -> str:
        return f"{self.prefix}-{process_id}"

    def absolute(self, url: str) -> str:
        if not url or url.startswith(("http://", "https://")):
            return url
        return urljoin(f"{self.base_url}/", url.lstrip("/"))

    def buyer_party(self) -> dict:
        data = self.settings
        party = {
            "id": self.buyer_id,
            "name": self.buyer_name,
            "roles": ["buyer", "procuringEntity"],
            "address": {
                "streetAddress": data.street_address,
                "locality": data.locality,
                "region": data.region,
                "postalCode": data.postal_code,
                "countryName": "ประเทศไทย",
            },
            "contactPoint": {"email": data.email, "telephone": data.telephone},
        }
        if self.buyer_tax_id:
            party["identifier"] = {
                "scheme": TAX_ID_SCHEME,
                "id": self.buyer_tax_id,
                "legalName": self.buyer_name,
            }
        return party


class _Parties:
    """The parties of one release, each once, with all its roles."""

    def __init__(self, context: Context):
        buyer = context.buyer_party()
        self.parties = {buyer["id"]: buyer}
        self.by_name = {normalise_name(buyer["name"]): buyer}
        self.buyer = {"id": buyer["id"], "name": buyer["name"]}

    def add(self, name, tax_id="", role=None):
        tax_id = public_tax_id(tax_id)
        party_id = f"{TAX_ID_SCHEME}-{tax_id}" if tax_id else name_party_id(name)
        party = self.parties.get(party_id) or (
            None if tax_id else self.by_name.get(normalise_name(name))
        )
        if party is None:
            party = {"id": party_id, "name": name, "roles": []}
            if tax_id:
                party["identifier"] = {
                    "scheme": TAX_ID_SCHEME,
                    "id": tax_id,
                    "legalName": name,
                }
            self.parties[party_id] = party
            self.by_name.setdefault(normalise_name(name), party)
        if role and role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], "name": party["name"]}

    def find(self, name):
        return self.by_name.get(normalise_name(name))

    def as_list(self):
        return list(self.parties.values())


def _document(context: Context, document, document_type, fallback_title) -> dict:
    filename = getattr(document, "filename", "") or ""
    return {
        "id": f"doc-{document.pk}",
        "documentType": document_type,
        "title": document.title or fallback_title,
        "url": context.absolute(document.url),
        "datePublished": _date_time(getattr(document, "created_at", None)),
        "format": mimetypes.guess_type(filename)[0],
        "language": "th",
    }


def _record_documents(context: Context, record) -> dict:
    """The record's documents by stage: tender, award, contract."""
    stages = {"tender": [], "award": [], "contract": []}
    seen = set()
    for item in record.documents.all():
        stage, document_type = DOCUMENT_TYPE.get(item.kind, ("tender", None))
        seen.add(item.document_id)
        stages[stage].append(
            _document(context, item.document, document_type, item.get_kind_display())
        )
    price_table = record.reference_price_document
    if price_table is not None and price_table.pk not in seen:
        stages["tender"].append(
            _document(
                context,
                price_table,
                None,
                DocumentKind.REFERENCE_PRICE.label,
            )
        )
    return stages


def _award_date(record, documents):
    """The winner announcement's date, or at the latest the contract's."""
    notices = [doc["datePublished"] for doc in documents["award"]]
    return min(filter(None, notices), default=None) or _date_time(record.contract_date)


def release(context: Context, record) -> dict:
    release_ocid = context.ocid(record.ocds_process_id)
    parties = _Parties(context)
    buyer = parties.buyer
    group = METHOD_GROUP.get(record.method)
    documents = _record_documents(context, record)
    bids, tenderers = [], []
    for index, bid in enumerate(record.sorted_bids, start=1):
        tenderer = parties.add(bid.bidder_name, bid.tax_id, role="tenderer")
        if tenderer not in tenderers:
            tenderers.append(tenderer)
        bids.append(
            {
                "id": f"bid-{index}",
                "status": "valid",
                "tenderers": [tenderer],
                "value": _amount(bid.price),
            }
        )
    awards, contracts = [], []
    decided = record.status in (ProcurementStatus.AWARDED, ProcurementStatus.CONTRACTED)
    if decided and record.selected_supplier:
        existing = parties.find(record.selected_supplier)
        if existing is not None:
            supplier = {"id": existing["id"], "name": existing["name"]}
            if "supplier" not in existing["roles"]:
                existing["roles"].append("supplier")
        else:
            supplier = parties.add(
                record.selected_supplier,
                record.selected_supplier_tax_id,
                role="supplier",
            )
        winning = [bid["id"] for bid in bids if bid["tenderers"][0] == supplier]
        awards.append(
            {
                "id": "award-1",
                "title": record.name,
                "description": record.selection_reason,
                "status": "active",
                "date": _award_date(record, documents),
                "value": _amount(record.agreed_price),
                "suppliers": [supplier],
                "documents": documents["award"],
                "relatedBid": winning[0] if len(winning) == 1 else None,
            }
        )
        if record.status == ProcurementStatus.CONTRACTED:
            contracts.append(
                {
                    "id": "contract-1",
                    "awardID": "award-1",
                    "title": record.contract_label or record.name,
                    "status": "active",
                    "period": {"startDate": _date_time(record.contract_date)},
                    "value": _amount(record.agreed_price),
                    "dateSigned": _date_time(record.contract_date),
                    "documents": documents["contract"],
                }
            )
    # Documents of a later stage than the process has reached stay visible.
    tender_documents = documents["tender"]
    if not awards:
        tender_documents += documents["award"] + documents["contract"]
    elif not contracts:
        awards[0]["documents"] = documents["award"] + documents["contract"]
    data = {
        "ocid": release_ocid,
        "id": f"{release_ocid}-{record.updated_at:%Y%m%dT%H%M%S}",
        "date": _date_time(record.updated_at),
        "tag": TAGS.get(record.status, ["tender"]),
        "initiationType": "tender",
        "language": "th",
        "buyer": buyer,
        "parties": parties.as_list(),
        "planning": {
            "budget": {
                "description": record.budget_source_detail
                or (
                    record.get_budget_source_display() if record.budget_source else None
                ),
                "amount": _amount(record.budget),
            }
        },
        "tender": {
            "id": record.egp_number
            or record.reference_number
            or record.ocds_process_id,
            "title": record.name,
            "status": TENDER_STATUS.get(record.status),
            "procuringEntity": buyer,
            "items": [{"id": "1", "description": record.name}],
            "value": _amount(
                record.reference_price
                if record.reference_price is not None
                else record.budget
            ),
            "procurementMethod": PROCUREMENT_METHOD.get(group),
            "procurementMethodDetails": METHOD_THAI.get(record.method),
            "mainProcurementCategory": MAIN_CATEGORY.get(record.category),
            "tenderPeriod": {"startDate": _date_time(record.announcement_date)},
            "tenderers": tenderers,
            "numberOfTenderers": len(tenderers) or None,
            "documents": tender_documents,
        },
        "bids": {"details": bids},
        "awards": awards,
        "contracts": contracts,
    }
    return _prune(data)


def planning_release(context: Context, item) -> dict:
    """A plan item no procurement record has taken up yet."""
    release_ocid = context.ocid(item.ocds_process_id)
    parties = _Parties(context)
    plan = item.plan
    plan_documents = []
    if plan.document is not None:
        plan_documents.append(
            _document(context, plan.document, "procurementPlan", str(plan))
        )
    data = {
        "ocid": release_ocid,
        "id": f"{release_ocid}-{plan.updated_at:%Y%m%dT%H%M%S}",
        "date": _date_time(plan.updated_at),
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "th",
        "buyer": parties.buyer,
        "parties": parties.as_list(),
        "planning": {
            "budget": {
                "description": item.get_budget_source_display()
                if item.budget_source
                else None,
                "amount": _amount(item.budget),
            },
            "documents": plan_documents,
        },
        "tender": {
            "id": item.plan_code or item.ocds_process_id,
            "title": item.name,
            "status": "planned",
            "procuringEntity": parties.buyer,
            "items": [{"id": "1", "description": item.name}],
            "value": _amount(item.budget),
            "procurementMethod": PROCUREMENT_METHOD.get(METHOD_GROUP.get(item.method)),
            "procurementMethodDetails": METHOD_THAI.get(item.method),
            "mainProcurementCategory": MAIN_CATEGORY.get(item.category),
        },
    }
    return _prune(data)


# --------------------------------------------------------------------------
# The package
# --------------------------------------------------------------------------


def register_page(site):
    """The site's live procurement register page, or None."""
    from ita_wagtail.models.procurement_pages import section_page_models

    for model in section_page_models():
        if model.ita_kind != "procurement_records":
            continue
        page = (
            model.objects.live()
            .descendant_of(site.root_page, inclusive=True)
            .order_by("path")
            .first()
        )
        if page is not None:
            return page
    return None


def package_records(site, fiscal_year: int):
    return (
        Procurement.objects.for_site(site)
        .filter(fiscal_year=fiscal_year)
        .select_related("plan_item__plan", "reference_price_document")
        .prefetch_related("bids", "documents__document")
        .order_by("pk")
    )


def package_plan_items(site, fiscal_year: int):
    return (
        ProcurementPlanItem.objects.filter(
            plan__site=site, plan__fiscal_year=fiscal_year, procurements__isnull=True
        )
        .select_related("plan__document")
        .order_by("sort_order", "pk")
    )


def has_releases(site, fiscal_year: int) -> bool:
    return (
        Procurement.objects.for_site(site).filter(fiscal_year=fiscal_year).exists()
        or package_plan_items(site, fiscal_year).exists()
    )


def release_package(
    site, fiscal_year: int, *, base_url: str = "", register_url: str = ""
) -> dict:
    """The fiscal year's release package.

    ``base_url`` is the site's public address (``https://www.example.go.th``;
    default: the site's root URL); ``register_url`` the path of the register
    page (default: found on the site).
    """
    base_url = (base_url or site.root_url).rstrip("/")
    if not register_url:
        page = register_page(site)
        register_url = page.relative_url(site) if page is not None else "/"
    register_url = f"{base_url}{register_url}"
    context = Context(site, base_url)
    records = list(package_records(site, fiscal_year))
    plan_items = list(package_plan_items(site, fiscal_year))
    assign_process_ids(site, records, plan_items)
    releases = [release(context, record) for record in records]
    releases += [planning_release(context, item) for item in plan_items]
    published = max(
        [record.updated_at for record in records]
        + [item.plan.updated_at for item in plan_items],
        default=timezone.now(),
    )
    package = {
        "uri": f"{register_url}ocds/{fiscal_year}/",
        "version": OCDS_VERSION,
        "extensions": [BID_EXTENSION],
        "publishedDate": _date_time(published),
        "publisher": {
            "name": context.buyer_name,
            "scheme": TAX_ID_SCHEME if context.buyer_tax_id else None,
            "uid": context.buyer_tax_id or None,
            "uri": f"{base_url}/",
        },
        "license": license_url(),
        "publicationPolicy": publication_policy_url(register_url),
        "releases": releases,
    }
    return _prune(package)


def dumps(package) -> str:
    return json.dumps(package, ensure_ascii=False, indent=2)


def ocds_response(page, fiscal_year: int, request) -> HttpResponse:
    """The package as the register page serves it (the caller checks publishing)."""
    site = page.get_site()
    package = release_package(
        site,
        fiscal_year,
        base_url=request.build_absolute_uri("/"),
        register_url=page.relative_url(site, request),
    )
    response = HttpResponse(
        dumps(package), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'inline; filename="ocds-release-package-{fiscal_year}.json"'
    )
    return response
