"""Unbound extension objects; create_app binds them."""
from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api as _SmorestApi
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from registry.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class Api(_SmorestApi):
    """flask-smorest without its app-wide error handler: registry.web answers errors (API.md format)."""

    def _register_error_handlers(self):
        return None


api = Api()
