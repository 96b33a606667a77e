"""Role maps of the identity providers: parsed at start, unknown roles refused with the setting named."""

from __future__ import annotations

import pytest

from registry.auth.external import Grant, granted, parse_role_map
from registry.config import ConfigError


def test_lists_and_objects_are_read():
    role_map = parse_role_map('{"a": ["approver"], "b": {"roles": ["author"], "units": ["AO"]}}', "LAMPPU_X")
    assert role_map == {
        "a": Grant(frozenset({"approver"})),
        "b": Grant(frozenset({"author"}), frozenset({"AO"})),
    }


def test_empty_setting_maps_nothing():
    assert parse_role_map("", "LAMPPU_X") == {} and parse_role_map(None, "LAMPPU_X") == {}


@pytest.mark.parametrize(
    "raw, problem",
    [
        ('{"a": ["approver", "root"]}', "unknown role.*root"),
        ("{not json", "not valid JSON"),
        ('["approver"]', "must be a JSON object"),
        ('{"a": "approver"}', "must map to a list"),
        ('{"a": {"roles": "author"}}', "must be lists"),
        ('{"a": {"groups": ["x"]}}', "must map to a list"),
    ],
)
def test_bad_maps_name_the_setting(raw, problem):
    with pytest.raises(ConfigError, match=f"LAMPPU_SAML_ROLE_MAP.*{problem}"):
        parse_role_map(raw, "LAMPPU_SAML_ROLE_MAP")


def test_granted_joins_every_matching_value_and_keeps_reader():
    role_map = parse_role_map('{"a": ["approver"], "b": {"roles": ["author"], "units": ["AO"]}}', "LAMPPU_X")
    assert granted(["a", "b", "unknown"], role_map) == Grant(
        frozenset({"reader", "approver", "author"}), frozenset({"AO"})
    )
    assert granted([], role_map) == Grant(frozenset({"reader"}))
