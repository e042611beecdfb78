"""System checks of the channel settings that decide whether rate limits work.

``manage.py check`` (and every ``runserver`` or ``migrate``) reports these;
``W101`` only under ``manage.py check --deploy``, since a per-process cache is
right for a single worker and is Django's default:

* ``ita_wagtail.E101``: ``ITA_TRUSTED_PROXIES`` holds something that is not
  an address or a network;
* ``ita_wagtail.E102``: ``ITA_CHANNELS_CACHE`` names no cache in ``CACHES``;
* ``ita_wagtail.W101``: the counters' cache lives in each process
  (``LocMemCache``): every worker counts on its own, so the limit is
  multiplied by the number of workers;
* ``ita_wagtail.W102``: the counters' cache keeps nothing (``DummyCache``)
  or cannot take a slot atomically (``FileBasedCache``);
* ``ita_wagtail.W103``: ``ITA_CLIENT_ADDRESS_HEADER`` names a header but no
  proxy is trusted, or it is not a ``request.META`` key: the header is never
  used and, behind a proxy, every citizen is counted as the proxy;
* ``ita_wagtail.W104``: a trusted network covers public addresses (such as
  ``0.0.0.0/0``): anyone there could write their own address header.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import conf

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)
USELESS_CACHES = (
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


def _rate_limits_on():
    return bool(
        conf.get("ITA_CHANNELS_RATE_LIMIT")
        or conf.get("ITA_CHANNELS_STATUS_RATE_LIMIT")
    )


def _counter_cache():
    """The alias and backend of the counters' cache, or an error."""
    alias = conf.get("ITA_CHANNELS_CACHE")
    caches = getattr(settings, "CACHES", {})
    if alias not in caches:
        return alias, None
    return alias, caches[alias].get("BACKEND", "")


@register(Tags.security, Tags.caches)
def check_rate_limit_cache(app_configs=None, **kwargs):
    if not _rate_limits_on():
        return []
    alias, backend = _counter_cache()
    if backend is None:
        return [
            Error(
                f"ITA_CHANNELS_CACHE is {alias!r}, which is not in CACHES.",
                hint="Name a cache of CACHES that every worker process shares.",
                id="ita_wagtail.E102",
            )
        ]
    if backend in USELESS_CACHES:
        return [
            Warning(
                f"The rate limits of the complaint and feedback forms are counted "
                f"in the cache {alias!r} ({backend}), which does not keep the "
                f"counters or cannot take a slot atomically: the limits do not "
                f"hold.",
                hint="Set ITA_CHANNELS_CACHE to a Redis, Memcached or database cache.",
                id="ita_wagtail.W102",
            )
        ]
    return []


# A per-process cache is right for runserver and a single worker, and Django's
# default: warn where production settings are checked (``check --deploy``).
@register(Tags.security, Tags.caches, deploy=True)
def check_rate_limit_cache_shared(app_configs=None, **kwargs):
    if not _rate_limits_on():
        return []
    alias, backend = _counter_cache()
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The rate limits of the complaint and feedback forms are counted "
                f"in the cache {alias!r} ({backend}), which each worker process "
                f"keeps on its own: the limit applies per worker, not per site.",
                hint="Set ITA_CHANNELS_CACHE to a cache shared by all workers "
                "(Redis or Memcached; the database cache also works).",
                id="ita_wagtail.W101",
            )
        ]
    return []


@register(Tags.security)
def check_client_address_header(app_configs=None, **kwargs):
    try:
        networks = conf.trusted_proxy_networks()
    except ValueError as error:
        return [
            Error(
                f"ITA_TRUSTED_PROXIES contains {error.args[0]!r}, which is not an "
                f"IP address or network.",
                hint='Use addresses or networks, e.g. ["127.0.0.1", "10.0.0.0/24"].',
                id="ita_wagtail.E101",
            )
        ]
    messages = []
    header = conf.get("ITA_CLIENT_ADDRESS_HEADER") or "REMOTE_ADDR"
    if header != "REMOTE_ADDR":
        if not header.startswith("HTTP_") or header != header.upper():
            messages.append(
                Warning(
                    f"ITA_CLIENT_ADDRESS_HEADER is {header!r}, which is not a "
                    f"request.META key: it is never found.",
                    hint="Write the header as Django names it, e.g. "
                    '"HTTP_X_FORWARDED_FOR" for X-Forwarded-For.',
                    id="ita_wagtail.W103",
                )
            )
        elif not networks:
            messages.append(
                Warning(
                    f"ITA_CLIENT_ADDRESS_HEADER is {header!r} but ITA_TRUSTED_PROXIES "
                    f"is empty: the header is ignored (a client could write any "
                    f"address in it) and, behind a proxy, every citizen is counted "
                    f"as the proxy's address.",
                    hint="List the addresses of your reverse proxies in "
                    "ITA_TRUSTED_PROXIES, or set ITA_CLIENT_ADDRESS_HEADER to "
                    '"REMOTE_ADDR" when no proxy is in front of Django.',
                    id="ita_wagtail.W103",
                )
            )
    for network in networks:
        if network.prefixlen < 8 or network.is_global:
            messages.append(
                Warning(
                    f"ITA_TRUSTED_PROXIES trusts {network}, which includes public "
                    f"addresses: a client there can write its own address header "
                    f"and escape the rate limits.",
                    hint="Trust only the addresses of your own reverse proxies.",
                    id="ita_wagtail.W104",
                )
            )
    return messages
