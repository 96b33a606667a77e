"""Lamppu, the quality-document registry (toimintaohjerekisteri)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from registry import config as config_module
from registry import read_cache, transaction

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """`templates` or `migrations`: beside the package in a checkout, inside it when installed."""
    beside = PACKAGE_DIR.parent / name
    return beside if beside.is_dir() else PACKAGE_DIR / "_resources" / name


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config -> extensions -> blueprints -> cli."""
    # The same order as every other setting: the environment, then test_config over it.
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("LAMPPU_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    _configure(app, test_config)
    _register_extensions(app)
    _register_logging(app)
    transaction.init_app(app)
    read_cache.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(config_module.DefaultConfig)
    instance = Path(app.instance_path)
    config_module.ensure_instance_config(instance)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config_module.environment_overrides())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'lamppu.db'}"
    app.config.setdefault("FILES_DIR", str(instance / "files"))
    app.config.setdefault("SEARCH_INDEX_DIR", str(instance / "search-index"))
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set; instance/config.py could not be created")
    app.config.update(
        API_SPEC_OPTIONS={"servers": [{"url": "/"}]},
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
    )


def _register_extensions(app: Flask) -> None:
    # late: every `import registry.x` runs this file first; the factory loads the features only when an app is built
    from registry import i18n, web
    from registry.auth import directory
    from registry.database import init_database
    from registry.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    init_database(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    babel.init_app(app, locale_selector=web.select_locale, timezone_selector=web.select_timezone)
    login_manager.init_app(app)
    web.init_app(app)
    directory.init_app(app)  # LDAP settings checked at start: a ConfigError names the wrong setting


def _register_blueprints(app: Flask) -> None:
    # late: every `import registry.x` runs this file first; the factory loads the features only when an app is built
    from registry.admin import disposition_views, setup_views  # noqa: F401  (their routes on the admin blueprint)
    from registry.admin import two_factor_views as two_factor_policy_views  # noqa: F401  (the same)
    from registry.admin.views import bp as admin_bp
    from registry.api import init_api
    from registry.audit.views import init_app as init_audit
    from registry.auth import two_factor_views  # noqa: F401  (its routes on the auth blueprint)
    from registry.auth.sso_views import init_app as init_sso
    from registry.auth.views import bp as auth_bp
    from registry.documents.views import bp as documents_bp
    from registry.documents.views import init_app as init_documents
    from registry.evaluation import init_app as init_evaluation
    from registry.evaluation.views import bp as evaluation_bp
    from registry.goals import init_app as init_goals
    from registry.goals.views import bp as goals_bp
    from registry.search import init_app as init_search
    from registry.web import BoundedIntegerConverter
    from registry.webhooks import init_app as init_webhooks
    from registry.webhooks.views import bp as webhooks_bp
    from registry.workflow import (  # noqa: F401  (routes on the blueprint)
        authoring_views,
        change_request_views,
        history_views,
        transition_views,
    )
    from registry.workflow.app import init_app as init_workflow
    from registry.workflow.blueprint import bp as workflow_bp

    # Before any rule is added: every <int:...> in a URL then fits a database integer column.
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.register_blueprint(auth_bp)
    init_sso(app)
    app.register_blueprint(documents_bp)
    init_documents(app)
    app.register_blueprint(workflow_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(goals_bp)
    app.register_blueprint(evaluation_bp)
    init_workflow(app)
    setup_views.init_app(app)
    init_goals(app)
    init_evaluation(app)
    init_audit(app)
    init_search(app)
    app.register_blueprint(webhooks_bp)
    init_webhooks(app)
    init_api(app)


def _register_logging(app: Flask) -> None:
    # late: every `import registry.x` runs this file first; the factory loads the features only when an app is built
    from registry import logging as request_logging
    from registry.server import trust_proxies

    request_logging.init_app(app)
    trust_proxies(app)


def _register_cli(app: Flask) -> None:
    # late: registry.cli imports create_app from this file (a circle at load time)
    from registry.cli import register_commands

    register_commands(app)
