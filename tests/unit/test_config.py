"""Configuration: the order of its sources, and a clear error for a setting that cannot be read."""
from __future__ import annotations

import sys

import pytest

from registry import config


@pytest.mark.parametrize("name, raw", [("MAX_CONTENT_LENGTH", "abc"), ("TRUSTED_PROXIES", "yksi"),
                                       ("MAIL_PORT", "25.5")])
def test_a_number_setting_that_is_not_a_number_names_the_variable(name, raw):
    with pytest.raises(config.ConfigError) as caught:
        config.environment_overrides({f"LAMPPU_{name}": raw})
    assert f"LAMPPU_{name}" in str(caught.value) and repr(raw) in str(caught.value)


def test_number_settings_still_read_numbers():
    found = config.environment_overrides({"LAMPPU_MAX_CONTENT_LENGTH": " 1048576 ", "LAMPPU_TRUSTED_PROXIES": "1"})
    assert found == {"MAX_CONTENT_LENGTH": 1048576, "TRUSTED_PROXIES": 1}


def test_the_lamppu_command_reports_a_bad_setting_without_a_traceback(tmp_path, monkeypatch, capsys):
    from registry.cli import main

    monkeypatch.setenv("LAMPPU_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("LAMPPU_MAX_CONTENT_LENGTH", "25MB")
    monkeypatch.setattr(sys, "argv", ["lamppu", "users", "create", "--help"])
    with pytest.raises(SystemExit) as caught:
        main()
    error = capsys.readouterr().err
    assert caught.value.code == 1
    assert "LAMPPU_MAX_CONTENT_LENGTH" in error and "'25MB'" in error and "Traceback" not in error
