"""Validating OCDS output offline against the schema files in tests/fixtures/ocds.

The bids extension (v1.1.5, the version the export declares) is applied to
the release schema as OCDS extensions are: a JSON Merge Patch (RFC 7386).
``additional_fields`` lists what the (extended) schema does not define, as
libcoveocds reports it.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ocds"
RELEASE_URI = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@cache
def release_schema():
    return merge_patch(
        _load("release-schema-1.1.5.json"),
        _load("bid-extension-v1.1.5/release-schema.json"),
    )


@cache
def package_validator():
    registry = Registry().with_resource(
        RELEASE_URI, Resource(contents=release_schema(), specification=DRAFT4)
    )
    return Draft4Validator(
        _load("release-package-schema-1.1.5.json"),
        registry=registry,
        format_checker=Draft4Validator.FORMAT_CHECKER,
    )


@cache
def release_validator():
    return Draft4Validator(
        release_schema(), format_checker=Draft4Validator.FORMAT_CHECKER
    )


def package_errors(package):
    return sorted(
        (f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
        for error in package_validator().iter_errors(package)
    )


def release_errors(release):
    return sorted(
        (f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
        for error in release_validator().iter_errors(release)
    )


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _walk(schema, node, value, path, found):
    node = _resolve(schema, node)
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key not in properties:
                found.add(f"{path}/{key}")
            else:
                _walk(schema, properties[key], item, f"{path}/{key}", found)
    elif isinstance(value, list):
        items = node.get("items", {})
        for item in value:
            _walk(schema, items, item, path, found)


def additional_fields(package) -> set[str]:
    """Paths of fields the extended release schema does not define."""
    schema = release_schema()
    found = set()
    for release in package["releases"]:
        _walk(schema, schema, release, "/releases", found)
    return found
