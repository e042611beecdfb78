"""libcoveocds and ocdskit, offline, on the schema files in tests/fixtures/ocds.

libcoveocds reads the standard from a ZIP of its repository and each
extension from the URL the package declares. Here the standard's ZIP is
made in memory from the carried schema and codelists, and every HTTP request
is answered from the carried copies (the bids extension v1.1.5 and the
standard's codelists) or refused: no traffic leaves the machine.
"""

from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager
from unittest import mock

import requests
from requests.adapters import HTTPAdapter

from .ocds_schema import FIXTURES

BID_EXTENSION_BASE = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_bid_extension/v1.1.5/"
)
BID_EXTENSION_ZIP = (
    "https://github.com/open-contracting-extensions/ocds_bid_extension/"
    "archive/v1.1.5.zip"
)
CODELISTS_BASE = (
    "https://raw.githubusercontent.com/open-contracting/standard/1.1/schema/codelists/"
)


def _local_file(url: str):
    if url.startswith(BID_EXTENSION_BASE):
        return FIXTURES / "bid-extension-v1.1.5" / url[len(BID_EXTENSION_BASE) :]
    if url.startswith(CODELISTS_BASE):
        return FIXTURES / f"codelist-{url[len(CODELISTS_BASE) :]}"
    return None


def _zip_of(folder, top: str) -> bytes:
    """A directory as GitHub serves a tag's archive: one top folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{top}/", "")
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def _send(adapter, request, **kwargs):
    response = requests.Response()
    response.url = request.url
    response.request = request
    response.encoding = "utf-8"
    if request.url == BID_EXTENSION_ZIP:
        response.status_code = 200
        response._content = _zip_of(
            FIXTURES / "bid-extension-v1.1.5", "ocds_bid_extension-1.1.5"
        )
        return response
    path = _local_file(request.url)
    if path is None:
        raise requests.ConnectionError(f"offline test: no request to {request.url}")
    if path.is_file():
        response.status_code = 200
        response._content = path.read_bytes()
    else:
        response.status_code = 404
        response._content = b""
    return response


@contextmanager
def offline():
    # ocdsextensionregistry caches in a requests-cache session: use a plain one.
    plain = requests.Session()
    with (
        mock.patch.object(HTTPAdapter, "send", _send),
        mock.patch("ocdsextensionregistry.util.session", plain),
        mock.patch("ocdsextensionregistry.extension_version.session", plain),
    ):
        yield


def standard_zip() -> bytes:
    """The standard's repository as libcoveocds expects it, schema/ only."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1.1.5/", "")
        archive.write(
            FIXTURES / "release-schema-1.1.5.json",
            "standard-1.1.5/schema/release-schema.json",
        )
        archive.write(
            FIXTURES / "release-package-schema-1.1.5.json",
            "standard-1.1.5/schema/release-package-schema.json",
        )
        archive.write(
            FIXTURES / "versioned-release-validation-schema-1.1.5.json",
            "standard-1.1.5/schema/versioned-release-validation-schema.json",
        )
        for path in sorted(FIXTURES.glob("codelist-*.csv")):
            name = path.name.removeprefix("codelist-")
            archive.write(path, f"standard-1.1.5/schema/codelists/{name}")
    return buffer.getvalue()


def cove_report(package: dict, output_dir) -> dict:
    """libcoveocds' report; it writes the extended schema into ``output_dir``."""
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = standard_zip()
    with offline():
        return ocds_json_output(
            str(output_dir), json_data=package, lib_cove_ocds_config=config
        )
