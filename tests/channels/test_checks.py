"""System checks of the rate limits' cache and client-address settings."""

import pytest

from ita_wagtail.models.channels.checks import (
    check_client_address_header,
    check_rate_limit_cache,
    check_rate_limit_cache_shared,
)

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:6379",
}


def ids(messages):
    return [message.id for message in messages]


@pytest.mark.parametrize(
    "backend, expected",
    [
        (LOCMEM, []),
        (
            {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
            ["ita_wagtail.W102"],
        ),
        (
            {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": "/tmp/x",
            },
            ["ita_wagtail.W102"],
        ),
        (REDIS, []),
        (
            {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "cache",
            },
            [],
        ),
    ],
)
def test_the_counters_need_a_shared_atomic_cache(settings, backend, expected):
    settings.CACHES = {"default": backend}
    assert ids(check_rate_limit_cache()) == expected


def test_a_per_process_cache_is_reported_by_the_deployment_check(settings):
    settings.CACHES = {"default": LOCMEM}
    assert ids(check_rate_limit_cache_shared()) == ["ita_wagtail.W101"]
    settings.CACHES = {"default": REDIS}
    assert check_rate_limit_cache_shared() == []


def test_the_deployment_check_runs_only_with_deploy(settings):
    from django.core import checks

    settings.CACHES = {"default": LOCMEM}
    assert "ita_wagtail.W101" not in ids(checks.run_checks())
    assert "ita_wagtail.W101" in ids(checks.run_checks(include_deployment_checks=True))


def test_a_per_process_cache_is_fine_when_the_limits_are_off(settings):
    settings.CACHES = {"default": LOCMEM}
    settings.ITA_CHANNELS_RATE_LIMIT = 0
    settings.ITA_CHANNELS_STATUS_RATE_LIMIT = 0
    assert check_rate_limit_cache() == []
    assert check_rate_limit_cache_shared() == []


def test_an_unknown_cache_alias_is_an_error(settings):
    settings.CACHES = {"default": REDIS}
    settings.ITA_CHANNELS_CACHE = "ratelimits"
    assert ids(check_rate_limit_cache()) == ["ita_wagtail.E102"]


@pytest.mark.parametrize(
    "header, proxies, expected",
    [
        ("REMOTE_ADDR", [], []),
        ("HTTP_X_FORWARDED_FOR", [], ["ita_wagtail.W103"]),
        ("HTTP_X_FORWARDED_FOR", ["127.0.0.1"], []),
        ("HTTP_X_REAL_IP", ["10.0.0.0/8", "::1"], []),
        ("X-Forwarded-For", ["127.0.0.1"], ["ita_wagtail.W103"]),
        ("HTTP_X_FORWARDED_FOR", ["0.0.0.0/0"], ["ita_wagtail.W104"]),
        ("HTTP_X_FORWARDED_FOR", ["8.8.8.8"], ["ita_wagtail.W104"]),
        ("HTTP_X_FORWARDED_FOR", ["proxy.local"], ["ita_wagtail.E101"]),
    ],
)
def test_the_address_header_must_be_trustworthy(settings, header, proxies, expected):
    settings.ITA_CLIENT_ADDRESS_HEADER = header
    settings.ITA_TRUSTED_PROXIES = proxies
    assert ids(check_client_address_header()) == expected


def test_the_checks_are_registered():
    from django.core.checks import registry

    names = {check.__name__ for check in registry.registry.get_checks()}
    assert {"check_rate_limit_cache", "check_client_address_header"} <= names
