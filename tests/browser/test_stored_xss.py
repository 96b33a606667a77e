"""Stored XSS: script payloads written into every user-supplied text field through the API and
the services stay text on every page that shows them, in a real headless Chromium."""

from __future__ import annotations

import io
import os
import re
import threading

import pytest

from registry.extensions import db
from tests.conftest import PASSWORD
from tests.filegen import pdf_bytes, png_bytes

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed at /usr/bin/chromium"),
]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[link](javascript:alert(1))",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">raw</a>',
)
PAYLOAD = " ".join(PAYLOADS)
# Markdown bodies also reference attachments, one with a quote that would end the attribute.
BODY = f'{PAYLOAD}\n\n![a](attachment:x"onerror="alert(1))\n\n![b](attachment:"><img src=x onerror=alert(1)>.png)\n'
# A double quote cannot travel in a multipart file name unescaped; a single quote can.
FILE_NAMES = ("'><img src=x onerror=alert(1)>.png", "<svg onload=alert(1)>.pdf")

# Elements a payload would have become had it been parsed as HTML rather than shown as text.
LIVE_ELEMENTS = """() => {
  const found = [];
  const where = el => { const box = el.closest('[class]'); return box && box !== el ? box.className + ' > ' : ''; };
  const short = el => where(el.parentElement || el) + el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on') && value.includes('alert')) found.push(short(el));
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
          && value.replace(/\\s/g, '').startsWith('javascript:')) found.push(short(el));
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if (el.textContent.includes('alert')) found.push(short(el));
  }
  for (const el of document.querySelectorAll('iframe, object, embed')) {
    if (el.outerHTML.includes('alert')) found.push(short(el));
  }
  return found;
}"""


@pytest.fixture
def live_server(app, tmp_path):
    """The same database served over HTTP by a second app instance, with CSRF on."""
    from werkzeug.serving import make_server

    from registry import create_app

    served = create_app(
        {
            "INSTANCE_PATH": app.instance_path,
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    with served.app_context():
        db.engine.dispose()


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(locale="fi-FI")
        page.set_default_timeout(15000)
        yield page
        browser.close()


def _ok(response, *statuses: int):
    assert response.status_code in (statuses or (200, 201)), response.get_data(as_text=True)[:500]
    return response.get_json()


def _write_payloads(client, make, headers_of) -> dict:
    """Every user-supplied text field of documents, workflow, goals and users, through the API."""
    from registry.auth.services import create_user

    make.doc_type("TO")
    owner = create_user(
        None,
        "owner@example.org",
        f"Owner {PAYLOADS[0]}",
        PASSWORD,
        ["reader", "author", "quality_owner", "auditor", "admin"],
    )
    approver = create_user(None, "approver@example.org", f"Approver {PAYLOADS[1]}", PASSWORD, ["reader", "approver"])
    create_user(None, "reader@example.org", PAYLOADS[2], PASSWORD, ["reader"])
    db.session.commit()
    as_owner, as_approver = headers_of(owner), headers_of(approver)

    plan = _ok(
        client.post(
            "/api/v1/plans",
            headers=as_owner,
            json={
                "code": "XSS",
                "name": PAYLOAD,
                "description": PAYLOAD,
                "organisation": PAYLOAD,
                "contact": PAYLOAD,
                "period": "2026",
            },
        )
    )
    goal = _ok(
        client.post(
            "/api/v1/goals",
            headers=as_owner,
            json={"plan": "XSS", "code": "T1", "title": PAYLOAD, "description": PAYLOAD},
        )
    )
    _ok(client.post("/api/v1/goals/XSS:T1/progress", headers=as_owner, json={"period": "kevät 2026", "text": PAYLOAD}))
    indicator = _ok(
        client.post(
            "/api/v1/indicators",
            headers=as_owner,
            json={"goal": "XSS:T1", "name": PAYLOAD, "unit": "kpl", "target": 10},
        )
    )
    _ok(
        client.post(
            f"/api/v1/indicators/{indicator['id']}/measurements",
            headers=as_owner,
            json={"period": "2026", "value": 5, "note": PAYLOAD},
        )
    )

    created = _ok(
        client.post(
            "/api/v1/documents",
            headers=as_owner,
            json={"type": "TO", "title": PAYLOAD, "body": BODY, "goals": ["XSS:T1"]},
        )
    )
    code = created["code"]
    base = f"/api/v1/documents/{code}/versions"
    _attach(client, as_owner, f"{base}/1")
    _edit(client, as_owner, f"{base}/1", change_summary=PAYLOAD)
    _move(client, as_owner, f"{base}/1", action="submit", approvers=["approver@example.org"], change_type="major")
    _move(client, as_approver, f"{base}/1", action="return", comment=PAYLOAD)
    _move(client, as_owner, f"{base}/1", action="submit", approvers=["approver@example.org"], change_type="major")
    _move(client, as_approver, f"{base}/1", action="approve", password=PASSWORD, meaning="content_owner")
    _move(client, as_owner, f"{base}/1", action="publish")
    _ok(client.post(base, headers=as_owner), 200, 201)
    _edit(client, as_owner, f"{base}/2", body=BODY + "\nToinen versio " + PAYLOAD, change_summary=PAYLOAD)

    withdrawn = _ok(
        client.post(
            "/api/v1/documents", headers=as_owner, json={"type": "TO", "title": "Poistuva " + PAYLOAD, "body": BODY}
        )
    )["code"]
    other = f"/api/v1/documents/{withdrawn}/versions/1"
    _move(
        client,
        as_owner,
        other,
        action="submit",
        approvers=["approver@example.org"],
        change_type="major",
        change_summary=PAYLOAD,
    )
    _move(client, as_approver, other, action="approve", password=PASSWORD, meaning="content_owner")
    _move(client, as_owner, other, action="publish")
    _move(client, as_owner, other, action="withdraw", comment=PAYLOAD)
    db.session.remove()  # the served app needs SQLite's write lock for the login event
    return {"code": code, "withdrawn": withdrawn, "plan": plan["id"], "goal": goal["id"]}


def _attach(client, headers, path):
    for name, data in zip(FILE_NAMES, (png_bytes(), pdf_bytes("x", "y")), strict=True):
        response = client.post(
            f"{path}/attachments",
            headers=headers,
            content_type="multipart/form-data",
            data={"file": (io.BytesIO(data), name)},
        )
        _ok(response, 200, 201)


def _edit(client, headers, path, **fields):
    revision = _ok(client.get(path, headers=headers))["revision"]
    _ok(client.patch(path, headers=headers, json={**fields, "revision": revision}))


def _move(client, headers, path, **body):
    _ok(client.post(f"{path}/transitions", headers=headers, json=body))


# The draft edit page runs the visual editor, which renders the body itself in the browser.
EDIT_PAGE = "/d/{code}/v/2/edit"


def _pages(ids: dict) -> list[str]:
    code, gone = ids["code"], ids["withdrawn"]
    return [
        "/",
        f"/d/{code}",
        f"/d/{code}/v/1",
        f"/d/{code}/v/2",
        f"/d/{code}/versions",
        f"/d/{code}/history",
        f"/d/{code}/compare?a=1&b=2",
        f"/d/{code}/v/1/print",
        f"/d/{code}/v/1/check",
        f"/d/{code}/v/1/acknowledgements",
        f"/d/{gone}",
        f"/d/{gone}/v/1",
        f"/d/{gone}/history",
        "/search?q=alert",
        "/search?q=script&scope=all",
        "/search?q=svg&scope=drafts",
        "/plans",
        f"/plans/{ids['plan']}",
        f"/goals/{ids['goal']}",
        f"/goals/{ids['goal']}/progress",
        f"/plans/{ids['plan']}/report",
        "/goals/coverage",
        "/inbox",
        "/approvals",
        "/reviews",
        "/to-read",
        "/audit/",
        "/admin/users",
        "/profile",
    ]


def test_payloads_in_every_text_field_stay_text(app, client, make, bearer, live_server, browser_page):
    ids = _write_payloads(client, make, bearer)
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköposti").fill("owner@example.org")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(f"{live_server}/")

    live, shown = [], []
    for path in [*_pages(ids), EDIT_PAGE.format(code=ids["code"])]:
        response = page.goto(f"{live_server}{path}")
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        live += [f"{path}: {element}" for element in page.evaluate(LIVE_ELEMENTS)]
        for selector in ("script:has-text('alert')", "img[onerror]", "svg[onload]", "a[href^='javascript:']"):
            if page.locator(selector).count():
                live.append(f"{path}: {selector}")
        if re.search(r"<script>alert|onerror=alert|onload=alert", page.locator("body").inner_text()):
            shown.append(path)
    page.wait_for_timeout(300)  # a late onerror would fire here

    assert not dialogs, dialogs
    assert not live, "\n".join(live)
    # The payloads were written and are visible as text (so the pages above did show them).
    assert len(shown) >= 10, shown
