"""Which address a request is counted under, behind proxies or not."""

import logging

import pytest
from django.test import RequestFactory

from ita_wagtail.channels.ratelimit import client_address
from ita_wagtail.models.channels import Case

from .conftest import complaint_data

pytestmark = pytest.mark.django_db


def request(remote="203.0.113.7", **headers):
    return RequestFactory().post("/", REMOTE_ADDR=remote, **headers)


def test_by_default_the_connection_address_counts(settings):
    assert client_address(request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "203.0.113.7"


def test_a_header_is_ignored_unless_the_request_comes_from_a_trusted_proxy(settings):
    settings.ITA_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    # No proxy trusted: whatever the client writes in the header is ignored.
    assert client_address(request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "203.0.113.7"
    settings.ITA_TRUSTED_PROXIES = ["10.0.0.0/24"]
    # From an address that is not one of the proxies: ignored as well.
    assert client_address(request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "203.0.113.7"
    assert (
        client_address(request("10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "1.2.3.4"
    )


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        # The client wrote 6.6.6.6; the outer proxy appended the real peer.
        ("6.6.6.6, 198.51.100.9", "198.51.100.9"),
        # Two proxies: the right-most address no trusted proxy vouches for.
        ("6.6.6.6, 198.51.100.9, 10.0.0.4", "198.51.100.9"),
        ("junk, 198.51.100.9", "198.51.100.9"),
        ("198.51.100.9:51234", "198.51.100.9"),
        ("[2001:db8::9]:443", "2001:db8::9"),
        ("2001:db8::9", "2001:db8::9"),
        # Unusable entry where the proxy's should be: the proxy's own address,
        # never a bucket shared by every such request.
        ("198.51.100.9, junk", "10.0.0.5"),
        ("", "10.0.0.5"),
    ],
)
def test_the_right_most_untrusted_forwarded_address(settings, forwarded, expected):
    settings.ITA_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.ITA_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request("10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)) == (
        expected
    )


def test_a_missing_header_behind_a_trusted_proxy_is_logged(settings, caplog):
    settings.ITA_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.ITA_TRUSTED_PROXIES = ["127.0.0.1"]
    with caplog.at_level(logging.WARNING, logger="ita_wagtail.channels.ratelimit"):
        assert client_address(request("127.0.0.1")) == "127.0.0.1"
    assert "HTTP_X_REAL_IP" in caplog.text


def test_varying_the_header_without_a_proxy_does_not_pass_the_limit(
    client, channels, settings
):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    settings.ITA_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    url = channels.complaint.url
    responses = [
        client.post(url, complaint_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(1, 5)
    ]
    assert [r.status_code for r in responses] == [302, 429, 429, 429]
    assert Case.objects.count() == 1


def test_junk_or_missing_headers_do_not_block_everyone(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 2
    settings.ITA_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    url = channels.complaint.url
    for _attempt in range(3):
        client.post(
            url, complaint_data(), REMOTE_ADDR="198.51.100.1", HTTP_X_REAL_IP="x"
        )
    # Another citizen without the header is counted under their own address.
    other = client.post(url, complaint_data(), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 302
    junk = client.post(
        url, complaint_data(), REMOTE_ADDR="198.51.100.3", HTTP_X_REAL_IP="?"
    )
    assert junk.status_code == 302


def test_ipv6_clients_are_counted_by_their_64_network(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    url = channels.complaint.url
    first = client.post(url, complaint_data(), REMOTE_ADDR="2001:db8:1:2::10")
    same_line = client.post(url, complaint_data(), REMOTE_ADDR="2001:db8:1:2:abcd::99")
    other_line = client.post(url, complaint_data(), REMOTE_ADDR="2001:db8:1:3::10")
    assert [first.status_code, same_line.status_code, other_line.status_code] == [
        302,
        429,
        302,
    ]
