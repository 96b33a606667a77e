"""Configuration: the order of its sources, and a clear error for a setting that cannot be read."""

from __future__ import annotations

import sys

import pytest

from registry import config


@pytest.mark.parametrize(
    "name, raw", [("MAX_CONTENT_LENGTH", "abc"), ("TRUSTED_PROXIES", "yksi"), ("MAIL_PORT", "25.5")]
)
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


def test_sources_apply_in_order_defaults_file_environment_test_config(tmp_path, monkeypatch):
    from registry import create_app

    instance = tmp_path / "test-instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "SECRET_KEY = 'tiedostosta'\nZIP_MAX_ENTRIES = 10\nTRUSTED_PROXIES = 2\nORGANISATION_NAME = 'tiedosto'\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LAMPPU_INSTANCE_PATH", str(tmp_path / "env-instance"))
    monkeypatch.setenv("LAMPPU_TRUSTED_PROXIES", "1")
    monkeypatch.setenv("LAMPPU_ORGANISATION_NAME", "ympäristö")
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "ORGANISATION_NAME": "testi",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'lamppu.db'}",
        }
    )
    assert app.instance_path == str(instance.resolve())  # test_config over the environment
    assert app.config["HEALTH_MIN_FREE_BYTES"] == config.DefaultConfig.HEALTH_MIN_FREE_BYTES  # the default
    assert app.config["SECRET_KEY"] == "tiedostosta" and app.config["ZIP_MAX_ENTRIES"] == 10  # file over default
    assert app.config["TRUSTED_PROXIES"] == 1  # environment over file
    assert app.config["ORGANISATION_NAME"] == "testi"  # test_config over environment
    assert not (tmp_path / "env-instance").exists()


def test_the_environment_names_the_instance_folder_when_test_config_does_not(tmp_path, monkeypatch):
    from registry import create_app

    monkeypatch.setenv("LAMPPU_INSTANCE_PATH", str(tmp_path / "env-instance"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'lamppu.db'}"})
    assert app.instance_path == str((tmp_path / "env-instance").resolve())
    assert (tmp_path / "env-instance" / "config.py").exists()


def test_multi_server_settings_map_to_their_config_keys():
    found = config.environment_overrides(
        {
            "LAMPPU_FILES_PATH": "/srv/lamppu-files",
            "LAMPPU_FILES_S3_BUCKET": "lamppu",
            "LAMPPU_FILES_S3_ENDPOINT_URL": "https://s3.example.fi",
            "LAMPPU_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
            "LAMPPU_RATELIMIT_KEY_PREFIX": "kao",
        }
    )
    assert found == {
        "FILES_DIR": "/srv/lamppu-files",
        "FILES_S3_BUCKET": "lamppu",
        "FILES_S3_ENDPOINT_URL": "https://s3.example.fi",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "RATELIMIT_KEY_PREFIX": "kao",
    }
