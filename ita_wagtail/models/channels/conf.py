"""Django settings of the feedback and complaint channels, with their defaults.

Read at call time (not import time) so that ``override_settings`` and a
site's own settings module both apply. Per-site values the clerk's office
edits in the admin (target durations, retention) live in
:class:`~ita_wagtail.models.channels.settings.ChannelSettings`; the values
here are the defaults those settings start from, and the technical limits
only an integrator should change.
"""

from django.conf import settings

DEFAULTS = {
    # Days from receipt by which a complaint or suggestion must be answered.
    "ITA_COMPLAINT_TARGET_DAYS": 15,
    # Corruption and misconduct complaints usually need an inquiry first.
    "ITA_CORRUPTION_TARGET_DAYS": 30,
    # Days after a case is closed before its personal data is removed.
    "ITA_CASE_RETENTION_DAYS": 365,
    # Submissions (complaints and feedback, counted apart) per client address
    # within ITA_CHANNELS_RATE_WINDOW seconds.
    "ITA_CHANNELS_RATE_LIMIT": 5,
    "ITA_CHANNELS_RATE_WINDOW": 3600,
    # Tracking-code look-ups per client address within the same window.
    "ITA_CHANNELS_STATUS_RATE_LIMIT": 20,
    # The cache holding the rate-limit counters; in production a cache shared
    # by every worker process (Redis, Memcached, database), not LocMemCache.
    "ITA_CHANNELS_CACHE": "default",
    # request.META key holding the client's address. Behind a reverse proxy,
    # a header the proxy itself sets, such as "HTTP_X_FORWARDED_FOR" or
    # "HTTP_X_REAL_IP"; it is only believed for requests that come from one
    # of ITA_TRUSTED_PROXIES.
    "ITA_CLIENT_ADDRESS_HEADER": "REMOTE_ADDR",
    # Addresses or networks of the reverse proxies in front of the site
    # ("127.0.0.1", "10.0.0.0/24"). Empty: no proxy is trusted and the
    # address header is ignored.
    "ITA_TRUSTED_PROXIES": (),
    # Attachments: bytes per file and files per case.
    "ITA_CASE_ATTACHMENT_MAX_SIZE": 5 * 1024 * 1024,
    "ITA_CASE_ATTACHMENT_MAX_FILES": 3,
    # STORAGES alias for attachments. When the alias is not configured, files
    # go to a FileSystemStorage in ITA_CASE_PRIVATE_ROOT, which must not be
    # served by the web server.
    "ITA_CASE_STORAGE": "ita_private",
    "ITA_CASE_PRIVATE_ROOT": None,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def trusted_proxy_networks():
    """ITA_TRUSTED_PROXIES as ip_network objects; ValueError names a bad entry."""
    import ipaddress

    networks = []
    for entry in get("ITA_TRUSTED_PROXIES") or ():
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            raise ValueError(entry) from None
    return networks
