"""Submissions per client address, counted in Django's cache.

A sliding window made of slots: an address may use ``limit`` slots, each
held for ``window`` seconds from the moment it was taken. A slot is taken
with ``cache.add``, which only one request can win, so a burst of parallel
posts cannot all pass the check before any of them is counted: the slot is
reserved *before* the form is validated and the case saved, and given back
when the form turns out to be invalid (a typo does not use up the
allowance; a filled-in honeypot does). An address that has used all its
slots is told when it may send again.

Addresses are stored hashed with the site's secret key, so the cache holds no
readable IP addresses. Which address is the client's is decided by
:func:`client_address` (see ``docs/channels/integration.md``).
"""

import hashlib
import ipaddress
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches

from ita_wagtail import thai
from ita_wagtail.models.channels import conf

logger = logging.getLogger(__name__)


_WITH_PORT = re.compile(r"^\[(?P<v6>[0-9A-Fa-f:.]+)\](?::\d+)?$|^(?P<v4>[0-9.]+):\d+$")


def _parse(value):
    """An address from a header entry ("203.0.113.9", "[2001:db8::1]:443"), or None."""
    text = str(value or "").strip()
    if match := _WITH_PORT.match(text):
        text = match.group("v6") or match.group("v4")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's address, or "" when the request carries none that is usable.

    ``REMOTE_ADDR`` is the peer that connected to Django. The header named
    by ``ITA_CLIENT_ADDRESS_HEADER`` is believed only when that peer is one
    of ``ITA_TRUSTED_PROXIES``; it is read from the right (the entry the
    nearest proxy appended) and proxies in the list are skipped, so the
    address used is the right-most one no trusted proxy vouches for. Whatever
    a client wrote further left is never used. An entry that is not an
    address ends the walk: the last address a trusted hop gave is used, never
    a bucket shared by everyone whose header is missing or broken.
    """
    remote = _parse(request.META.get("REMOTE_ADDR"))
    header = conf.get("ITA_CLIENT_ADDRESS_HEADER") or "REMOTE_ADDR"
    if header == "REMOTE_ADDR":
        return str(remote) if remote else ""
    try:
        networks = conf.trusted_proxy_networks()
    except ValueError:  # reported by the system check ita_wagtail.E101
        networks = []
    if not _trusted(remote, networks):
        return str(remote) if remote else ""
    address = remote
    entries = str(request.META.get(header, "") or "").split(",")
    for entry in reversed(entries):
        candidate = _parse(entry)
        if candidate is None:
            logger.warning(
                "Client address header %s missing or not an address; "
                "counting the request under %s.",
                header,
                address,
            )
            break
        address = candidate
        if not _trusted(candidate, networks):
            break
    return str(address)


def counted_as(address):
    """What an address is counted under: IPv4 as is, IPv6 by its /64 network.

    One IPv6 subscriber line gets a whole /64 and may use any address in it;
    counting single addresses would let one person send from a new address
    each time.
    """
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass
class Reservation:
    """A slot taken for one submission; ``release()`` gives it back."""

    cache: object
    key: str

    def release(self):
        if self.key:
            self.cache.delete(self.key)


@dataclass
class RateLimit:
    scope: str
    limit: int
    window: int

    def _base_key(self, address):
        digest = hashlib.sha256(
            f"{settings.SECRET_KEY}:{self.scope}:{address}".encode()
        ).hexdigest()[:40]
        return f"ita-channels:{self.scope}:{digest}"

    def _slot_keys(self, request):
        address = client_address(request)
        if not address or not self.limit:
            # No limit configured, or no address to count by: counting every
            # such request in one bucket would let a few block everyone.
            return []
        base = self._base_key(counted_as(address))
        return [f"{base}:{slot}" for slot in range(self.limit)]

    def _cache(self):
        return caches[conf.get("ITA_CHANNELS_CACHE")]

    def _taken(self, cache, keys):
        """The slots in use and when each was taken (the cache drops them in time)."""
        return {
            key: stamp
            for key, stamp in cache.get_many(keys).items()
            if isinstance(stamp, int | float)
        }

    def reserve(self, request):
        """Take a slot for this request: a :class:`Reservation`, or None if all are taken.

        ``cache.add`` stores a key only when it is absent, and only one of
        several concurrent callers wins it.
        """
        cache = self._cache()
        keys = self._slot_keys(request)
        if not keys:
            return Reservation(cache, "")
        taken = cache.get_many(keys)
        for key in keys:
            if key not in taken and cache.add(key, time.time(), timeout=self.window):
                return Reservation(cache, key)
        return None

    def blocked(self, request):
        keys = self._slot_keys(request)
        if not keys:
            return False
        return len(self._taken(self._cache(), keys)) >= len(keys)

    def hit(self, request):
        """Count a request after the fact (prefer :meth:`reserve` before the work)."""
        self.reserve(request)

    def retry_at(self, request):
        """When the oldest counted submission leaves the window (Bangkok time)."""
        keys = self._slot_keys(request)
        if not keys:
            return None
        stamps = self._taken(self._cache(), keys)
        if len(stamps) < len(keys):
            return None
        return datetime.fromtimestamp(
            min(stamps.values()) + self.window, tz=thai.BANGKOK
        )


def submission_limit(scope):
    return RateLimit(
        scope=scope,
        limit=conf.get("ITA_CHANNELS_RATE_LIMIT"),
        window=conf.get("ITA_CHANNELS_RATE_WINDOW"),
    )


def lookup_limit():
    return RateLimit(
        scope="status",
        limit=conf.get("ITA_CHANNELS_STATUS_RATE_LIMIT"),
        window=conf.get("ITA_CHANNELS_RATE_WINDOW"),
    )
