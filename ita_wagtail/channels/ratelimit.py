"""Submissions per client address, counted in Django's cache.

A sliding window: the cache keeps, per address and scope, the times of the
recent submissions; an address that has used up its allowance is told when
it may send again. Addresses are stored hashed with the site's secret key,
so the cache holds no readable IP addresses.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches

from ita_wagtail import thai
from ita_wagtail.models.channels import conf


def client_address(request):
    """The client's address as ITA_CLIENT_ADDRESS_HEADER tells it; "" if unusable."""
    value = request.META.get(conf.get("ITA_CLIENT_ADDRESS_HEADER"), "") or ""
    # X-Forwarded-For lists every hop; the last one is the one our own proxy
    # appended, the others are whatever the client chose to send.
    candidate = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


@dataclass
class RateLimit:
    scope: str
    limit: int
    window: int

    def _key(self, request):
        address = client_address(request) or "unknown"
        digest = hashlib.sha256(
            f"{settings.SECRET_KEY}:{self.scope}:{address}".encode()
        ).hexdigest()[:40]
        return f"ita-channels:{self.scope}:{digest}"

    def _cache(self):
        return caches[conf.get("ITA_CHANNELS_CACHE")]

    def _recent(self, request, now):
        stamps = self._cache().get(self._key(request)) or []
        return [stamp for stamp in stamps if stamp > now - self.window]

    def blocked(self, request):
        if not self.limit:  # 0 or None: no limit
            return False
        return len(self._recent(request, time.time())) >= self.limit

    def hit(self, request):
        if not self.limit:
            return
        now = time.time()
        stamps = [*self._recent(request, now), now][-self.limit :]
        self._cache().set(self._key(request), stamps, self.window)

    def retry_at(self, request):
        """When the oldest counted submission leaves the window (Bangkok time)."""
        stamps = self._recent(request, time.time())
        if not self.limit or len(stamps) < self.limit:
            return None
        return datetime.fromtimestamp(min(stamps) + self.window, tz=thai.BANGKOK)


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
