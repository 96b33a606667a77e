"""The workflow feature's blueprint, which its page modules (authoring, transitions) add routes to."""

from flask import Blueprint

bp = Blueprint("workflow", __name__)
