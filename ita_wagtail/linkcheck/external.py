"""External links, checked over HTTP with ``requests``.

``requests`` is what Wagtail itself uses (oEmbed, its update check), so it
is installed wherever this app is; its sessions pool connections per host
and its timeouts cover connecting and each read.

Each URL gets a ``HEAD``; a server that refuses it (405, 501) gets a
``GET`` whose body is not read. Redirects are followed one hop at a time so
that every hop waits its turn at its host, the final URL is reported and a
loop is recognised. Requests to one host are spaced by
``ITA_LINK_CHECK_HOST_DELAY`` seconds (1 by default), each waits at most
``ITA_LINK_CHECK_TIMEOUT`` seconds (10), and ``ITA_LINK_CHECK_ALLOWED_HOSTS``
(a list of host names) limits which hosts are contacted at all.
"""

from __future__ import annotations

import time
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from ita_wagtail import __version__
from ita_wagtail.models.linkcheck import LinkStatus

from .internal import Outcome

USER_AGENT = f"ita-wagtail-linkcheck/{__version__} (ITA evidence link check)"
REDIRECT_CODES = (301, 302, 303, 307, 308)
HEAD_REFUSED = (405, 501)
MAX_REDIRECTS = 10


class HostPacer:
    """Waits so that two requests to one host are ``delay`` seconds apart."""

    def __init__(self, delay, sleep=time.sleep, clock=time.monotonic):
        self.delay = delay
        self.sleep = sleep
        self.clock = clock
        self.last = {}

    def wait(self, host):
        previous = self.last.get(host)
        if previous is not None and self.delay > 0:
            remaining = previous + self.delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last[host] = self.clock()


class ExternalChecker:
    def __init__(
        self,
        timeout=None,
        host_delay=None,
        allowed_hosts=None,
        session=None,
        max_redirects=MAX_REDIRECTS,
        pacer=None,
    ):
        self.timeout = (
            timeout
            if timeout is not None
            else getattr(settings, "ITA_LINK_CHECK_TIMEOUT", 10)
        )
        delay = (
            host_delay
            if host_delay is not None
            else getattr(settings, "ITA_LINK_CHECK_HOST_DELAY", 1.0)
        )
        if allowed_hosts is None:
            allowed_hosts = getattr(settings, "ITA_LINK_CHECK_ALLOWED_HOSTS", None)
        self.allowed_hosts = (
            {host.lower() for host in allowed_hosts}
            if allowed_hosts is not None
            else None
        )
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.max_redirects = max_redirects
        self.pacer = pacer or HostPacer(delay)
        self._cache = {}
        #: Every URL actually requested, in order (for the tests and the log).
        self.requested = []

    def allows(self, host) -> bool:
        return self.allowed_hosts is None or (host or "").lower() in self.allowed_hosts

    def check(self, url) -> Outcome:
        if url not in self._cache:
            self._cache[url] = self._check(url)
        return self._cache[url]

    def _check(self, url) -> Outcome:
        seen = [url]
        current = url
        for _hop in range(self.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Outcome(
                    LinkStatus.ERROR,
                    final_url=current,
                    message=_("Not a web address that can be checked."),
                )
            if not self.allows(parts.hostname):
                return Outcome(
                    LinkStatus.ERROR,
                    final_url=current,
                    message=_("Not checked: the host %(host)s is not allowed.")
                    % {"host": parts.hostname},
                )
            try:
                code, location = self._request(current, parts.hostname)
            except requests.Timeout:
                return Outcome(
                    LinkStatus.TIMEOUT,
                    final_url=current,
                    message=_("No answer within %(seconds)s seconds.")
                    % {"seconds": f"{self.timeout:g}"},
                )
            except requests.RequestException as error:
                return Outcome(
                    LinkStatus.ERROR,
                    final_url=current,
                    message=_("Could not connect: %(error)s")
                    % {"error": type(error).__name__},
                )
            if code in REDIRECT_CODES and location:
                following = urljoin(current, location)
                if following in seen:
                    return Outcome(
                        LinkStatus.BROKEN,
                        code,
                        final_url=following,
                        message=_("The redirects go round in a loop."),
                    )
                seen.append(following)
                current = following
                continue
            return self._outcome(code, current, redirected=len(seen) > 1)
        return Outcome(
            LinkStatus.BROKEN,
            final_url=current,
            message=_("More than %(count)d redirects.") % {"count": self.max_redirects},
        )

    def _request(self, url, host):
        self.pacer.wait(host)
        self.requested.append(("HEAD", url))
        response = self.session.head(url, allow_redirects=False, timeout=self.timeout)
        response.close()
        if response.status_code in HEAD_REFUSED:
            self.pacer.wait(host)
            self.requested.append(("GET", url))
            response = self.session.get(
                url, allow_redirects=False, timeout=self.timeout, stream=True
            )
            response.close()
        return response.status_code, response.headers.get("Location")

    def _outcome(self, code, final_url, redirected):
        if 200 <= code < 300:
            if redirected:
                return Outcome(
                    LinkStatus.REDIRECTED,
                    code,
                    final_url=final_url,
                    message=_("Redirected to %(url)s") % {"url": final_url},
                )
            return Outcome(LinkStatus.OK, code)
        if code == 429:
            return Outcome(
                LinkStatus.ERROR,
                code,
                final_url=final_url if redirected else "",
                message=_("The server asked to wait (too many requests)."),
            )
        return Outcome(
            LinkStatus.BROKEN,
            code,
            final_url=final_url if redirected else "",
            message=_("The server answered %(code)d.") % {"code": code},
        )
