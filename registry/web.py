"""Cross-cutting web concerns: locale, security headers, error pages, template helpers."""

from __future__ import annotations

import functools
import json
import re
import secrets
from datetime import UTC, date, datetime
from urllib.parse import quote, urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, format_datetime, get_locale, get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestURITooLarge
from werkzeug.routing import IntegerConverter
from werkzeug.routing import ValidationError as NoMatch

from registry.auth.permissions import can_create_document
from registry.auth.services import load_session_user
from registry.db import MAX_INTEGER, MIN_INTEGER, utcnow
from registry.errors import ServiceError
from registry.extensions import login_manager
from registry.labels import role_label, state_label, visibility_label

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# The draft editor (static/editor.js, Toast UI Editor) positions its tooltips, popups and table
# handles and hides the parts of the mode it is not in with style attributes; with `style-src 'self'`
# alone the browser refuses them and the editor shows tabs, tooltips and menus that should be hidden.
# Only style attributes are allowed, and only on the pages that load the editor: scripts and
# <style> elements stay refused, and the text on those pages is escaped like everywhere else.
EDITOR_CSP = CSP.replace("style-src 'self';", "style-src 'self'; style-src-attr 'unsafe-inline';")

ERROR_TITLES = {
    400: _l("Invalid request"),
    401: _l("Please log in"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    413: _l("The file is too large"),
    414: _l("The address is too long"),
    415: _l("Unsupported file type"),
    422: _l("Invalid input"),
    429: _l("Too many attempts"),
    500: _l("Internal error"),
}


class BoundedIntegerConverter(IntegerConverter):
    """Werkzeug's `int` converter, except that a number no database integer column holds does not
    match (so the route answers 404) instead of reaching a query that fails on it."""

    def to_python(self, value: str) -> int:
        # Judge the length first: int() refuses strings of more than 4300 digits with a ValueError.
        if len(value.lstrip("-").lstrip("0")) > len(str(MAX_INTEGER)):
            raise NoMatch()
        number = super().to_python(value)
        if not MIN_INTEGER <= number <= MAX_INTEGER:
            raise NoMatch()
        return number


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    # An API client speaks through its token's user; a browser through the session's.
    user = g.get("api_user") or current_user
    if getattr(user, "is_authenticated", False) and user.locale in languages:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def is_safe_next(target: str | None) -> bool:
    """Only a local path (no scheme, no host, no backslash tricks) may be a redirect target."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def wants_json() -> bool:
    """The API, and page scripts that ask for JSON (the draft editor's image upload), get JSON errors."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def json_error(status: int, code: str, message, fields: dict | None = None):
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = {k: [str(m) for m in v] if isinstance(v, list) else str(v) for k, v in fields.items()}
    return jsonify(body), status


def _error_headers(error: HTTPException) -> dict[str, str]:
    """The headers an HTTP error must carry whatever its body: `Allow` on a 405 (RFC 9110),
    `Retry-After` and the like when werkzeug or an extension set them."""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def _handle_http_error(error: HTTPException):
    status = error.code or 500
    headers = _error_headers(error)
    if wants_json():
        data = getattr(error, "data", None) or {}
        fields = (data.get("messages") or {}) if isinstance(data, dict) else {}
        flat = {}
        for location in fields.values():
            flat.update(location if isinstance(location, dict) else {})
        code = {422: "validation_failed", 429: "rate_limited", 413: "too_large", 414: "uri_too_long"}.get(
            status, (error.name or "error").lower().replace(" ", "_")
        )
        body, status = json_error(status, code, ERROR_TITLES.get(status, error.name), flat or None)
        return body, status, headers
    title = ERROR_TITLES.get(status, error.name)
    return render_template("error.html", status=status, title=title, description=_error_text(status)), status, headers


def _error_text(status: int) -> str:
    return {
        403: _("You do not have permission to see this page."),
        404: _("The page or document you were looking for does not exist or is not visible to you."),
        429: _("Too many attempts in a short time. Wait a moment and try again."),
        400: _("The request could not be understood. If you submitted a form, reload the page and try again."),
    }.get(status, _("Something went wrong."))


def _handle_service_error(error: ServiceError):
    if wants_json():
        return json_error(error.status, error.code, error.message, error.fields or None)
    if error.status == 404 and not current_user.is_authenticated:
        # Staff following a link before logging in: the same answer whether or not it exists.
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_template(
        "error.html", status=error.status, title=ERROR_TITLES.get(error.status), description=str(error.message)
    ), error.status


def _handle_csrf_error(error: CSRFError):
    message = _("The form had expired or was not sent from Lamppu. Reload the page and try again.")
    if wants_json():
        return json_error(400, "csrf_failed", message)
    return render_template("error.html", status=400, title=ERROR_TITLES[400], description=message), 400


NUL = "\x00"
# What no text field has a use for and XML (so no DOCX, ODT or XHTML copy) can hold: C0 controls
# other than tab, newline and carriage return, U+FFFE and U+FFFF, and lone surrogates.
FORBIDDEN_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _first_forbidden(value) -> str | None:
    """The first forbidden character in a string, or in any key or string inside parsed JSON (a loop,
    not recursion: the client chose the depth); None when there is none."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found = FORBIDDEN_TEXT_RE.search(item)
            if found:
                return found.group()
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


def _json_body():
    """The request's JSON body as data; None without one, or when it is malformed (the view's
    schema answers that). A body that is valid JSON but that Python cannot read is refused here."""
    data = request.get_data(cache=True) if request.is_json else b""
    if not data.strip():
        return None
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    except (ValueError, RecursionError):
        # Nested past the recursion limit, or an integer of more than 4300 digits.
        raise ServiceError(
            _l("The JSON body could not be read: it is nested too deeply or holds a number with too many digits.")
        ) from None


def _fields_with_forbidden(body) -> dict[str, str]:
    """The query, form (not file) and top-level JSON fields whose text holds a forbidden character,
    with the first such character of each."""
    pairs = [*request.args.items(multi=True), *request.form.items(multi=True)]
    if isinstance(body, dict):
        pairs += body.items()
    elif _first_forbidden(body):
        pairs.append(("json", body))
    found: dict[str, str] = {}
    path_char = _first_forbidden(request.path)
    if path_char:
        found["path"] = path_char
    for name, value in pairs:
        char = _first_forbidden(name) or _first_forbidden(value)
        if char:
            found.setdefault(FORBIDDEN_TEXT_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", name), char)
    return found


def _forbidden_message(char: str):
    if char == NUL:
        return _l("Contains a NUL character (character code 0).")
    return _l("Contains a control character (character code %(code)d) that text may not contain.", code=ord(char))


def _check_request_text() -> None:
    """Before any view runs, refuse a JSON body Python cannot read and text holding a NUL or another
    character that XML cannot hold: PostgreSQL cannot store NUL, a DOCX or PDF copy cannot carry the
    others, and no form or API field has a use for them. Files are not checked. A request that routing
    already refused (no such route, a method the route does not take) gets that answer instead."""
    if request.routing_exception is not None:
        return
    fields = _fields_with_forbidden(_json_body())
    if not fields:
        return
    if NUL in fields.values():
        message = _l(
            "The request contains a NUL character (character code 0), which text may not contain. "
            "Remove it and try again."
        )
    else:
        message = _l(
            "The request contains a control character that text may not contain (for example one "
            "copied from another program). Remove it and try again."
        )
    raise ServiceError(message, fields={name: _forbidden_message(char) for name, char in fields.items()})


# The longest request target (path and query string, as sent) the app reads: 414 beyond it. gunicorn
# reads request lines of any length for it (`lamppu serve` passes --limit-request-line 0), so that a
# client gets the JSON error instead of the server's HTML page; see docs/deployment.md for nginx.
MAX_REQUEST_TARGET = 8000


def _check_request_target() -> None:
    environ = request.environ
    target = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    length = len(target) if target else len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) + 1
    if length > MAX_REQUEST_TARGET:
        raise RequestURITooLarge()


def permission_required(allowed):
    """A page for signed-in users for whom `allowed(user)` holds; 403 for the others."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def editor_page(view):
    """Mark a view whose page loads the draft editor: its response allows the editor's style attributes."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = EDITOR_CSP
        return response

    return wrapped


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    # A page served from the read cache knows its user (or that there is none) without loading it.
    if g.get("page_served"):
        signed_in = g.get("page_user_id") is not None
    else:
        signed_in = getattr(current_user, "is_authenticated", False)
    if request.path.startswith("/api/") or signed_in:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@functools.lru_cache(maxsize=4096)
def _formatted_date(day: date, fmt: str, locale: str) -> str:
    """A day in a locale's format: a register page shows two dates a row, and Babel's formatting
    of each was a fifth of the page's time. `locale` is the request's, part of the key."""
    return format_date(day, fmt)


def _date_context() -> tuple[str, object]:
    """The request's locale (as a string) and time zone, looked up once a request: a register page
    formats two hundred dates, and Flask-Babel's lookups of both cost more than the cached formatting."""
    if not has_request_context():
        return str(get_locale()), get_timezone()
    found = getattr(request, "_lamppu_date_context", None)
    if found is None:
        found = request._lamppu_date_context = (str(get_locale()), get_timezone())
    return found


def document_path(code: str) -> str:
    """url_for("documents.permalink", code=code), with the rule built once a request and the code
    quoted as Werkzeug's path converter quotes it: a register page links a hundred documents."""
    base = getattr(request, "_lamppu_permalink_base", None)
    if base is None:
        base = request._lamppu_permalink_base = url_for("documents.permalink", code="x")[:-1]
    return base + quote(str(code), safe="!$&'()*+,/:;=@")


def _template_helpers() -> dict:
    def local_datetime(value, fmt="short"):
        return format_datetime(value, fmt) if value else "–"

    def local_date(value, fmt="medium"):
        if not value:
            return "–"
        locale, zone = _date_context()
        if isinstance(value, datetime):
            # What format_date would do to a datetime (Flask-Babel's to_user_timezone; a pytz zone's
            # fromutc, which astimezone calls, already gives the normalized time).
            value = (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).astimezone(zone).date()
        return _formatted_date(value, fmt, locale)

    return {
        "local_datetime": local_datetime,
        "local_date": local_date,
        "document_path": document_path,
        "current_locale": select_locale,
        "is_safe_next": is_safe_next,
        "state_label": state_label,
        "visibility_label": visibility_label,
        "can_create_document": can_create_document,
        "now_utc": utcnow,
    }


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(ServiceError, _handle_service_error)
    app.after_request(_security_headers)
    # Globals (not a context processor) so that imported macros see them too.
    app.jinja_env.globals.update(_template_helpers())
    app.jinja_env.filters["role_label"] = role_label

    app.register_error_handler(CSRFError, _handle_csrf_error)

    @app.before_request
    def _request_start():
        g.request_id = request.headers.get("X-Request-Id", "")[:64] or secrets.token_hex(8)
        # Flask reuses an app context that is already active (a CLI command, a test), and
        # with it `g`: never let a user loaded for an earlier request answer for this one.
        g.pop("_login_user", None)

    app.before_request(_check_request_target)
    app.before_request(_check_request_text)
