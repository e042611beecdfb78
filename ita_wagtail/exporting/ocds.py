"""The procurement register as Open Contracting Data Standard 1.1 releases.

One release per record, in a release package per site and fiscal year, with
the bids extension: the Thai method in ``tender.procurementMethodDetails``
(``procurementMethod`` is OCDS's closed codelist), every bidder and price in
``bids.details``, the selected supplier in ``awards``, the contract with its
``dateSigned`` in ``contracts``.

Settings:

``ITA_OCDS_PREFIX`` (default ``"ocds-ita000"``)
    The ocid prefix registered with the Open Contracting Partnership. Every
    publisher needs its own; the default only marks unregistered data.
``ITA_OCDS_LICENSE``, ``ITA_OCDS_PUBLICATION_POLICY`` (optional)
    URLs written into the package.

Tax ids are published for juristic persons only (they start with 0); the
13-digit id of a natural person is a citizen id, which the PDPA protects.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone

from ita_wagtail.models.procurement import (
    METHOD_GROUP,
    METHOD_THAI,
    MethodGroup,
    Procurement,
    ProcurementCategory,
    ProcurementStatus,
    public_tax_id,
)
from ita_wagtail.thai import BANGKOK

OCDS_VERSION = "1.1"
DEFAULT_PREFIX = "ocds-ita000"
BID_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_bid_extension/v1.1.5/extension.json"
)
CURRENCY = "THB"
TAX_ID_SCHEME = "TH-DBD"

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


def ocid_prefix() -> str:
    return getattr(settings, "ITA_OCDS_PREFIX", DEFAULT_PREFIX)


def ocid(record) -> str:
    if record.egp_number:
        return f"{ocid_prefix()}-{record.egp_number}"
    return f"{ocid_prefix()}-{record.site_id}-{record.fiscal_year}-{record.pk}"


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


class _Parties:
    """The parties of one release, each once, with all its roles."""

    def __init__(self):
        self.parties = {}
        self.by_name = {}

    def add(self, name, tax_id="", role=None, party_id=None):
        tax_id = public_tax_id(tax_id)
        key = tax_id or " ".join(name.split()).lower()
        party = self.by_name.get(key)
        if party is None:
            if party_id is None:
                party_id = (
                    f"{TAX_ID_SCHEME}-{tax_id}"
                    if tax_id
                    else f"party-{len(self.parties) + 1}"
                )
            party = {"id": party_id, "name": name, "roles": []}
            if tax_id:
                party["identifier"] = {
                    "scheme": TAX_ID_SCHEME,
                    "id": tax_id,
                    "legalName": name,
                }
            self.parties[party_id] = party
            self.by_name[key] = party
            if tax_id:
                self.by_name.setdefault(" ".join(name.split()).lower(), party)
        if role and role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], "name": party["name"]}

    def find(self, name):
        return self.by_name.get(" ".join(name.split()).lower())

    def as_list(self):
        return list(self.parties.values())


def release(record, buyer_name: str, buyer_id: str) -> dict:
    release_ocid = ocid(record)
    parties = _Parties()
    buyer = parties.add(buyer_name, role="buyer", party_id=buyer_id)
    parties.add(buyer_name, role="procuringEntity", party_id=buyer_id)
    group = METHOD_GROUP.get(record.method)
    bids = []
    for index, bid in enumerate(record.sorted_bids, start=1):
        tenderer = parties.add(bid.bidder_name, bid.tax_id, role="tenderer")
        bids.append(
            {
                "id": f"{release_ocid}-bid-{index}",
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
        award_id = f"{release_ocid}-award-1"
        awards.append(
            {
                "id": award_id,
                "title": record.name,
                "status": "active",
                "value": _amount(record.agreed_price),
                "suppliers": [supplier],
                "relatedBids": [
                    bid["id"]
                    for bid in bids
                    if bid["tenderers"][0]["id"] == supplier["id"]
                ]
                or None,
            }
        )
        if record.status == ProcurementStatus.CONTRACTED:
            contracts.append(
                {
                    "id": f"{release_ocid}-contract-1",
                    "awardID": award_id,
                    "title": record.contract_label or record.name,
                    "status": "active",
                    "value": _amount(record.agreed_price),
                    "dateSigned": _date_time(record.contract_date),
                }
            )
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
            "id": record.egp_number or record.reference_number or str(record.pk),
            "title": record.name,
            "status": TENDER_STATUS.get(record.status),
            "procuringEntity": buyer,
            "value": _amount(
                record.reference_price
                if record.reference_price is not None
                else record.budget
            ),
            "procurementMethod": PROCUREMENT_METHOD.get(group),
            "procurementMethodDetails": METHOD_THAI.get(record.method),
            "procurementMethodRationale": None,
            "mainProcurementCategory": MAIN_CATEGORY.get(record.category),
            "tenderPeriod": {"startDate": _date_time(record.announcement_date)}
            if record.announcement_date
            else None,
            "numberOfTenderers": len(bids) or None,
        },
        "bids": {"details": bids},
        "awards": awards,
        "contracts": contracts,
    }
    if record.selection_reason and awards:
        data["awards"][0]["description"] = record.selection_reason
    return _prune(data)


def release_package(site, fiscal_year: int, uri: str = "", records=None) -> dict:
    if records is None:
        records = Procurement.objects.for_site(site).filter(fiscal_year=fiscal_year)
    records = records.prefetch_related("bids").order_by("pk")
    buyer_name = (
        site.site_name or getattr(settings, "WAGTAIL_SITE_NAME", "") or site.hostname
    )
    buyer_id = f"buyer-{site.hostname}"
    releases = [release(record, buyer_name, buyer_id) for record in records]
    published = max((record.updated_at for record in records), default=timezone.now())
    package = {
        "uri": uri or f"{site.root_url}/ocds/{fiscal_year}/",
        "version": OCDS_VERSION,
        "extensions": [BID_EXTENSION],
        "publishedDate": _date_time(published),
        "publisher": {"name": buyer_name, "uri": site.root_url},
        "license": getattr(settings, "ITA_OCDS_LICENSE", None),
        "publicationPolicy": getattr(settings, "ITA_OCDS_PUBLICATION_POLICY", None),
        "releases": releases,
    }
    return {key: value for key, value in package.items() if value not in (None, "")}


def dumps(package) -> str:
    return json.dumps(package, ensure_ascii=False, indent=2)


def ocds_response(site, fiscal_year: int, request=None) -> HttpResponse:
    if not Procurement.objects.for_site(site).filter(fiscal_year=fiscal_year).exists():
        # A release package must hold at least one release.
        raise Http404
    uri = request.build_absolute_uri() if request is not None else ""
    response = HttpResponse(
        dumps(release_package(site, fiscal_year, uri=uri)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'inline; filename="ocds-release-package-{fiscal_year}.json"'
    )
    return response
