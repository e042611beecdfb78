"""Serialising the imports that write into one site.

Two imports of the same file started at the same moment both check their
rows against an empty register, find every row new, and — for rows keyed
only by a contract number, which the database does not hold unique — would
both store them. Every write therefore takes the site's import lock first
(:class:`~ita_wagtail.models.procurement_import.ProcurementImportLock`) by
updating its row inside the write's transaction:

* on PostgreSQL the update waits for the row lock of any other import's
  transaction on the same site, so the second import waits;
* on SQLite the update takes the database's write lock, so the second
  import waits for it (up to the connection's timeout, then is refused and
  nothing is written).

The row's ``version`` counts the writes. An import reads it before
checking its rows; if taking the lock moves it by more than one, another
import wrote in between, and the rows are checked again under the lock.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ita_wagtail.models.procurement_import import ProcurementImportLock


def version(site) -> int:
    """The site's import version now (creating its lock row if need be)."""
    try:
        with transaction.atomic():
            lock, _created = ProcurementImportLock.objects.get_or_create(site=site)
    except IntegrityError:  # created at the same moment by another import
        lock = ProcurementImportLock.objects.get(site=site)
    return lock.version


def acquire(site) -> int:
    """Take the site's import lock (in a transaction); the new version."""
    ProcurementImportLock.objects.filter(site=site).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    return ProcurementImportLock.objects.values_list("version", flat=True).get(
        site=site
    )
